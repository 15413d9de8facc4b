#!/usr/bin/env bash
# Checks the systemd unit's hardening: `systemd-analyze security --offline=yes` must report an exposure of
# at most 1.4 (MAX_EXPOSURE overrides). `systemd-analyze verify` needs the binaries the unit names
# (/usr/bin/jsvc, /usr/share/securelink/bin/java-home) and its man page, so it runs on the installed
# unit in packaging/check-package.sh, not here.
# Usage: hardening/check-unit.sh [UNIT_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
unit=${1:-systemd/securelink.service}
max=${MAX_EXPOSURE:-1.4}

start=$(date +%s%N)
out=$(systemd-analyze security --offline=yes --no-pager "$unit" 2>&1) || {
    echo "$out"
    echo "FAIL: systemd-analyze security could not analyse $unit" >&2
    exit 1
}
score=$(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' | tail -n 1)
if [ -z "$score" ]; then
    echo "$out"
    echo "FAIL: no exposure score in the output of systemd-analyze security" >&2
    exit 1
fi
printf '%s\n' "$out" | grep -E '^✗' || true
took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
if awk -v s="$score" -v m="$max" 'BEGIN { exit !(s + 0 <= m + 0) }'; then
    echo "OK: $unit exposure $score <= $max (${took_ms} ms)"
else
    echo "FAIL: $unit exposure $score > $max" >&2
    exit 1
fi
