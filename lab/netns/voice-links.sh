#!/bin/bash
# Voice-grade links, end to end in network namespaces this script makes (issue 13, part 2):
#   1. DSCP CS5 is on the wire on both legs of a client link (plaintext leg to the client, TLS leg to the
#      gateway), IPv4 and IPv6: nft counters in the client's and the gateway's namespaces count packets
#      from the appliance marked `dscp cs5` and those not marked; the second count must stay 0.
#   2. A gateway that vanishes without FIN or RST (nft drops everything in its namespace) is detected within
#      the keep-alive budget (keepalive 10s/3s/3, user-timeout 20s: <= 20 s), both legs are closed with one
#      peer-lost event, and the next connection fails over to the second gateway.
#
#   client (198.18.1.10, 2001:2::10) --plaintext--> appliance (198.18.1.1, 2001:2::1) --mTLS--> gw1 (.21 / ::21)
#                                                                                         \--> gw2 (.22 / ::22)
# Needs root (network namespaces), nft, python3, openssl, java 17 and the built jar
# (appliance/target/securelink.jar). Prints SKIP and exits 0 where namespaces cannot be made.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
PREFIX=${PREFIX:-i13v-}
. "$here/lib.sh"
jar=${SECURELINK_JAR:-$root/appliance/target/securelink.jar}
budget_ms=${VOICE_BUDGET_MS:-20000}

why=$(ns_can_run)
if [ -n "$why" ]; then echo "SKIP voice-links: $why"; exit 0; fi
for tool in nft python3 openssl java; do
    command -v $tool >/dev/null || { echo "FAIL: $tool is not installed"; exit 1; }
done
[ -f "$jar" ] || { echo "FAIL: $jar not built (mvn -B -DskipTests package)"; exit 1; }

work=$(mktemp -d "/tmp/${PREFIX}work.XXXXXX")
trap 'ns_cleanup; rm -rf "$work"' EXIT
BR=${PREFIX}br APP=${PREFIX}app CL=${PREFIX}cl GW1=${PREFIX}gw1 GW2=${PREFIX}gw2

ns_bridge $BR
for ns in $APP $CL $GW1 $GW2; do ns_make $ns; done
ns_attach $APP $BR eth0 198.18.1.1/24 2001:2::1/64
ns_attach $CL  $BR eth0 198.18.1.10/24 2001:2::10/64
ns_attach $GW1 $BR eth0 198.18.1.21/24 2001:2::21/64
ns_attach $GW2 $BR eth0 198.18.1.22/24 2001:2::22/64

bash "$here/pki.sh" "$work/pki" 198.18.1.21 198.18.1.22 2001:2::21 2001:2::22
for gw in 1 2; do
    ns=${PREFIX}gw$gw
    bg_in $ns "$work/gw$gw-v4.log" python3 "$here/tlsnet.py" server --listen 198.18.1.2$gw:5061 --name gw$gw \
        --cert "$work/pki/server.crt" --key "$work/pki/server.key" --ca "$work/pki/ca.crt"
    bg_in $ns "$work/gw$gw-v6.log" python3 "$here/tlsnet.py" server --listen "[2001:2::2$gw]:5061" --name gw$gw \
        --cert "$work/pki/server.crt" --key "$work/pki/server.key" --ca "$work/pki/ca.crt"
done

mkdir -p "$work/app"
cat >"$work/app/securelink.yaml" <<YAML
appliance: { id: voice-test, site: netns, state-dir: state }
links:
  trunk4:
    mode: client
    listen: 198.18.1.1:5060
    connect: ["198.18.1.21:5061", "198.18.1.22:5061"]
    tls: { certificate: $work/pki/client.crt, key: $work/pki/client.key, trust: $work/pki/ca.crt,
           pin-certificates: [$work/pki/server.crt] }
    tcp:
      keepalive: { idle: 10s, interval: 3s, count: 3 }
      user-timeout: 20s
      dscp: CS5
    timeouts: { idle: off, connect: 2s }
    policy: { sources: ["198.18.1.0/24"] }
  trunk6:
    mode: client
    listen: "[2001:2::1]:5060"
    connect: ["[2001:2::21]:5061", "[2001:2::22]:5061"]
    tls: { certificate: $work/pki/client.crt, key: $work/pki/client.key, trust: $work/pki/ca.crt,
           pin-certificates: [$work/pki/server.crt] }
    tcp:
      keepalive: { idle: 10s, interval: 3s, count: 3 }
      user-timeout: 20s
      dscp: CS5
    timeouts: { idle: off, connect: 2s }
    policy: { sources: ["2001:2::/64"] }
YAML
# Counters: packets from the appliance, marked CS5 or not, seen arriving in the client and gateway namespaces.
for ns in $CL $GW1; do
    ip netns exec $ns nft -f - <<NFT
table inet ${PREFIX}dscp {
    chain in {
        type filter hook input priority 0; policy accept;
        ip saddr 198.18.1.1 ip dscp cs5 counter name v4cs5
        ip saddr 198.18.1.1 ip dscp != cs5 counter name v4other
        ip6 saddr 2001:2::1 ip6 dscp cs5 counter name v6cs5
        ip6 saddr 2001:2::1 ip6 dscp != cs5 meta l4proto tcp counter name v6other
    }
    counter v4cs5 {}
    counter v4other {}
    counter v6cs5 {}
    counter v6other {}
}
NFT
done
counter() { ip netns exec "$1" nft list counter inet ${PREFIX}dscp "$2" | awk '/packets/ {print $2}'; }

bg_in $APP "$work/app.log" java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" run --config "$work/app/securelink.yaml"
# Ready when it says so (a probe connection would open an upstream of its own and spoil the counts below).
wait_for 60 "the appliance to start" grep -q "securelink running" "$work/app.log" || { cat "$work/app.log"; exit 1; }

fail=0
# 1. DSCP on both legs, both address families.
r4=$(ip netns exec $CL python3 "$here/tlsnet.py" hold --once --connect 198.18.1.1:5060)
r6=$(ip netns exec $CL python3 "$here/tlsnet.py" hold --once --connect "[2001:2::1]:5060")
echo "IPv4 exchange: $r4; IPv6 exchange: $r6"
[ "$r4" = "reply gw1 hello" ] && [ "$r6" = "reply gw1 hello" ] || { echo "FAIL: exchanges did not reach gw1"; fail=1; }
for ns in $CL $GW1; do
    leg=$([ $ns = $CL ] && echo "plaintext leg (at the client)" || echo "TLS leg (at the gateway)")
    for fam in v4 v6; do
        marked=$(counter $ns ${fam}cs5); other=$(counter $ns ${fam}other)
        echo "DSCP $leg $fam: $marked packets CS5, $other not"
        if [ "$marked" -lt 3 ] || [ "$other" -ne 0 ]; then echo "FAIL: $leg $fam not marked CS5"; fail=1; fi
    done
done

# 2. gw1 vanishes: no FIN, no RST, nothing.
coproc HOLD { ip netns exec $CL python3 "$here/tlsnet.py" hold --connect 198.18.1.1:5060; }
read -r -t 10 reply <&"${HOLD[0]}"
echo "held connection: $reply"
[ "$reply" = "reply gw1 hello" ] || { echo "FAIL: held connection did not reach gw1"; fail=1; }
ip netns exec $GW1 nft -f - <<NFT
table inet ${PREFIX}vanish {
    chain in { type filter hook input priority -10; policy drop; }
    chain out { type filter hook output priority -10; policy drop; }
}
NFT
t0=$(now_ms)
if read -r -t 40 closed <&"${HOLD[0]}"; then
    t1=${closed#closed }
    detect=$(( t1 - t0 ))
    echo "peer vanished: both legs closed ${detect} ms after the gateway went silent (budget ${budget_ms} ms)"
    [ "$detect" -le "$budget_ms" ] || { echo "FAIL: detection took longer than ${budget_ms} ms"; fail=1; }
else
    echo "FAIL: the client's leg was not closed within 40 s"; fail=1
fi
wait_for 5 "a peer-lost event" grep -q "peer-lost link=trunk4" "$work/app.log" || fail=1
grep "peer-lost" "$work/app.log" | head -2
lost=$(grep -c "peer-lost link=trunk4" "$work/app.log" || true)
[ "$lost" = 1 ] || { echo "FAIL: expected one peer-lost event, saw $lost"; fail=1; }
start=$(now_ms)
r=$(ip netns exec $CL python3 "$here/tlsnet.py" hold --once --connect 198.18.1.1:5060)
echo "next connection: $r after $(( $(now_ms) - start )) ms"
[ "$r" = "reply gw2 hello" ] || { echo "FAIL: next connection did not fail over to gw2"; fail=1; }

if [ $fail = 0 ]; then echo "PASS voice-links"; else echo "--- appliance log"; tail -40 "$work/app.log"; echo "FAIL voice-links"; fi
exit $fail
