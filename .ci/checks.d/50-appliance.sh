#!/usr/bin/env bash
# The appliance: unit hardening score, sysctl syntax, AppArmor profile, nftables ruleset, then the
# Debian package end to end (lintian, install, installed CLI and unit, purge). Each part prints its time.
set -euo pipefail
cd "$(dirname "$0")/../.."
run() {
    local t
    t=$(date +%s%N)
    echo "== $*"
    "$@"
    echo "== $* took $(( ($(date +%s%N) - t) / 1000000 )) ms"
}
run bash hardening/check-unit.sh
run bash hardening/check-sysctl.sh
run bash hardening/check-apparmor.sh
run bash hardening/check-firewall.sh
run bash packaging/check-package.sh
