#!/usr/bin/env bash
# The keepalived active/standby pair in network namespaces (issue 13): restore times for a network cut, a
# SIGKILLed securelink and an unreachable upstream (5 reps each, <= 3 s), then 2 minutes of a healthy pair
# with zero role changes (HA_STABLE_SECONDS=600 for the 10-minute run). Skips with a message only where
# namespaces cannot be made.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec bash lab/netns/ha-pair.sh
