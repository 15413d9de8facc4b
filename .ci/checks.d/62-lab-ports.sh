#!/usr/bin/env bash
# The lab on other ports, from the built jar as the README starts it: SECURELINK_LAB_PORTS moves all three
# ports of lab/run.sh, a line crosses both TLS hops on them and the connection gets its accept and close log
# lines; started again on the same ports, the busy port is named with its link and the override (exit 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib/lab.sh
work=$(mktemp -d /tmp/securelink-lab-ports.XXXXXX)
cleanup() { lab_stop; rm -rf "$work"; }
trap cleanup EXIT
lab_free_ports
lab_start "$work"

exec 3<>"/dev/tcp/127.0.0.1/$p_in"
echo "hello on $SECURELINK_LAB_PORTS" >&3
read -r -t 10 reply <&3
exec 3>&-
[ "$reply" = "hello on $SECURELINK_LAB_PORTS" ] || { echo "relay on the moved ports: got '$reply'"; cat "$work/run.log"; exit 1; }
for _ in $(seq 1 50); do grep -q 'closed link=lab-in ' "$work/run.log" && break; sleep 0.2; done
grep -q "connection link=lab-in .* route=127.0.0.1:$p_backend (forward) " "$work/run.log" \
  || { echo "no accept line with the route"; cat "$work/run.log"; exit 1; }
grep -q 'closed link=lab-out .* by=client .* from-client=' "$work/run.log" \
  || { echo "no close line"; cat "$work/run.log"; exit 1; }

set +e
bash "$work/lab/run.sh" > "$work/busy.log" 2>&1
rc=$?
set -e
[ "$rc" = 1 ] || { echo "second lab on the same ports: expected exit 1, got $rc"; cat "$work/busy.log"; exit 1; }
grep -q "cannot listen on 127.0.0.1:$p_tls: the address is already in use" "$work/busy.log" \
  && grep -q "lab: port $p_tls of lab-in (mutual TLS) is in use by another process; move the lab with SECURELINK_LAB_PORTS" "$work/busy.log" \
  || { echo "the busy port was not named with its link and the override"; cat "$work/busy.log"; exit 1; }
echo "lab port checks passed ($SECURELINK_LAB_PORTS)"
