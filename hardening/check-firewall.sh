#!/usr/bin/env bash
# The firewall generator against the real nft:
#  1. `securelink firewall` writes the ruleset for a config with links of every shape;
#  2. `unshare -Urn nft -c -f` (the kernel's parser, in a throw-away user+network namespace) accepts it;
#  3. in a throw-away namespace with two peer namespaces on veth pairs (198.18.0.0/15, the benchmarking
#     range, inside namespaces made here), the ruleset is loaded and a TCP listener on the link's port is
#     reachable from the peer inside the link's policy.sources and not from the peer outside them.
# Uses appliance/target/securelink.jar (built by mvn verify). Nothing on the host is changed.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$(readlink -f appliance/target/securelink.jar)
[ -f "$jar" ] || { echo "FAIL: $jar missing; run mvn -B package first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=47001

# Throw-away key material for the config to load (loading never generates the dev PKI; only `run` does).
pki="$work/pki"
mkdir -p "$pki"
for name in ca server client; do
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=fw-check-$name" \
      -keyout "$pki/$name.key" -out "$pki/$name.crt" 2>/dev/null
  chmod 600 "$pki/$name.key"
done

cat > "$work/securelink.yaml" <<YAML
appliance: { id: fw-check, site: ci, state-dir: state }
links:
  site-in:
    mode: server
    listen: 0.0.0.0:$port
    forward: 127.0.0.1:9
    tls: { certificate: pki/server.crt, key: pki/server.key, trust: pki/ca.crt }
    policy:
      sources: ["198.18.0.0/30", "2001:db8:100::/48"]
      deny-sources: ["198.18.0.3/32"]
  v6-only:
    mode: server
    listen: "[::]:47002"
    forward: 127.0.0.1:9
    tls: { certificate: pki/server.crt, key: pki/server.key, trust: pki/ca.crt }
    policy: { sources: ["2001:db8:200::/48"] }
  uplink:
    mode: client
    listen: 127.0.0.1:47003
    connect: ["127.0.0.1:$port"]
    tls: { certificate: pki/client.crt, key: pki/client.key, trust: pki/ca.crt, peers: ["dns:localhost"] }
    policy: { sources: ["127.0.0.0/8"] }
  closed:
    mode: server
    listen: 0.0.0.0:47004
    forward: 127.0.0.1:9
    tls: { certificate: pki/server.crt, key: pki/server.key, trust: pki/ca.crt }
    policy: { sources: [] }
YAML

java -jar "$jar" firewall --config "$work/securelink.yaml" --ssh-from 192.0.2.0/24 --ssh-from 2001:db8:ffff::/48 \
    --out "$work/securelink.nft"
unshare -Urn nft -c -f "$work/securelink.nft" || { cat -n "$work/securelink.nft"; echo "FAIL: nft -c rejected the ruleset" >&2; exit 1; }
echo "OK: nft -c accepts the generated ruleset ($(grep -c 'accept\|drop' "$work/securelink.nft") rules)"

# 3. Load it in a namespace and prove the port is open only to the link's sources.
cat > "$work/netns.sh" <<'NS'
set -euo pipefail
work=$1 jar=$2 port=$3
mkdir -p /run/netns
mount -t tmpfs tmpfs /run/netns
ip link set lo up
for p in a b; do ip netns add "peer-$p"; done
ip link add va type veth peer name va-p netns peer-a
ip link add vb type veth peer name vb-p netns peer-b
ip addr add 198.18.0.1/30 dev va && ip link set va up
ip addr add 198.18.1.1/30 dev vb && ip link set vb up
ip -n peer-a addr add 198.18.0.2/30 dev va-p && ip -n peer-a link set va-p up
ip -n peer-b addr add 198.18.1.2/30 dev vb-p && ip -n peer-b link set vb-p up
java -jar "$jar" echo --listen "0.0.0.0:$port" >"$work/echo.log" 2>&1 &
echo_pid=$!
trap 'kill $echo_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.1
done
probe() { # NETNS ADDRESS: prints the echoed line, or nothing when the connection is dropped
    ip netns exec "$1" timeout 3 bash -c "exec 3<>/dev/tcp/$2/$port && echo through >&3 && head -n 1 <&3" 2>/dev/null || true
}
# Without the ruleset both peers get through: what follows is the firewall's doing, not routing's.
before=$(probe peer-b 198.18.1.1)
[ "$before" = through ] || { echo "FAIL: the peer outside the sources cannot connect even without the firewall" >&2; exit 1; }
nft -f "$work/securelink.nft"
nft list table inet securelink >/dev/null
a=$(probe peer-a 198.18.0.1)
b=$(probe peer-b 198.18.1.1)
echo "before loading: from 198.18.1.2 '${before}'; after: from 198.18.0.2 (in policy.sources): '${a}'; from 198.18.1.2 (not in sources): '${b}'"
[ "$a" = through ] || { echo "FAIL: a source in policy.sources could not connect" >&2; cat "$work/echo.log" >&2; exit 1; }
[ -z "$b" ] || { echo "FAIL: a source outside policy.sources got through" >&2; exit 1; }
drops=$(nft list chain inet securelink input | grep -c 'counter packets [1-9]' || true)
echo "OK: port $port is open to its link's sources only ($drops rule counters moved)"
NS
if unshare -Urnm true 2>/dev/null; then
    unshare -Urnm bash "$work/netns.sh" "$work" "$jar" "$port"
else
    echo "SKIP: unshare -Urnm is not allowed here; the load-and-probe part did not run"
fi
