#!/usr/bin/env bash
# MQTT status: the tests against a real Mosquitto must have run, not been skipped for a missing broker
# (CI installs mosquitto from .ci/apt.d/mqtt.txt; the tests skip only where the binary is absent).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || { echo "mqtt: mosquitto is not installed" >&2; exit 1; }
shopt -s nullglob
reports=(appliance/target/surefire-reports/TEST-io.securelink.appliance.status.*.xml)
if [ "${#reports[@]}" -eq 0 ]; then
  echo "mqtt: no surefire reports for io.securelink.appliance.status (did mvn verify run?)" >&2
  exit 1
fi
ran=0
for r in "${reports[@]}"; do
  skipped=$(grep -o '<testsuite [^>]*' "$r" | grep -o 'skipped="[0-9]*"' | head -1 | tr -dc 0-9)
  tests=$(grep -o '<testsuite [^>]*' "$r" | grep -o 'tests="[0-9]*"' | head -1 | tr -dc 0-9)
  if [ "${skipped:-0}" != "0" ]; then
    echo "mqtt: $(basename "$r"): ${skipped} test(s) skipped" >&2
    grep -o '<skipped[^>]*' "$r" >&2 || true
    exit 1
  fi
  ran=$((ran + ${tests:-0}))
done
# BrokerKind.MOSQUITTO is the first enum constant, so its parameterised cases are the "[1]" ones.
mosquitto_cases=$(grep -ho 'testcase name="[^"]*\[1\]' "${reports[@]}" | wc -l)
echo "mqtt: ${ran} status tests ran, none skipped (${mosquitto_cases} parameterised cases against Mosquitto)"
[ "$mosquitto_cases" -gt 0 ] || { echo "mqtt: no test ran against Mosquitto" >&2; exit 1; }
