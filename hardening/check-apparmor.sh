#!/usr/bin/env bash
# Syntax check of the AppArmor profile(s), without a kernel: apparmor_parser -Q (no load) -K (no cache).
set -euo pipefail
cd "$(dirname "$0")/.."
for profile in hardening/apparmor/*; do
    # The parser notes on stderr that this kernel has no AppArmor interface; only the exit code counts.
    if ! out=$(apparmor_parser -Q -K "$profile" 2>&1); then
        echo "$out" >&2
        echo "FAIL: $profile does not parse" >&2
        exit 1
    fi
    echo "OK: $profile parses"
done
