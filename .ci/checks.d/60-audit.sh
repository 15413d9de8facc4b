#!/usr/bin/env bash
# Security audit and audit log, from the built jar: the lab config audits with its dev-pki finding (exit 1),
# a run of the lab appliance stopped by SIGTERM leaves an audit log that verifies (exit 0), and the same
# log with one byte changed is refused (exit 1) with the record named.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=appliance/target/securelink.jar
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cp lab/securelink.yaml "$work/"

set +e
java -jar "$jar" audit --config "$work/securelink.yaml" --format json > "$work/audit.json"
rc=$?
set -e
[ "$rc" = 1 ] || { echo "audit of the lab config: expected exit 1 (dev-pki is HIGH), got $rc"; exit 1; }
grep -q '"id" : "appliance.dev-pki"' "$work/audit.json" || { echo "audit JSON lacks appliance.dev-pki"; cat "$work/audit.json"; exit 1; }

java -jar "$jar" run --config "$work/securelink.yaml" > "$work/run.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  grep -q '"type":"started"' "$work/state/audit/audit.log" 2>/dev/null && break
  sleep 0.2
done
grep -q '"type":"started"' "$work/state/audit/audit.log" || { echo "no started record"; cat "$work/run.log"; exit 1; }
kill -TERM "$pid"
wait "$pid" || true
pid=""
java -jar "$jar" audit-log verify "$work/state/audit" --cert "$work/state/audit/audit-signing.crt"
sed -i '2s/started/stArted/' "$work/state/audit/audit.log"
set +e
out=$(java -jar "$jar" audit-log verify "$work/state/audit" --cert "$work/state/audit/audit-signing.crt")
rc=$?
set -e
echo "$out"
[ "$rc" = 1 ] || { echo "edited audit log: expected exit 1, got $rc"; exit 1; }
echo "$out" | grep -q 'TAMPERED: edited at audit.log:2' || { echo "the edited record was not named"; exit 1; }
echo "audit checks passed"
