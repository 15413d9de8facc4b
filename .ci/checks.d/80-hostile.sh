#!/usr/bin/env bash
# The hostile suite (issue 12) against the built jar on the lab config, loopback only: silent
# half-handshake floods (a legitimate client on another source must get >= 99/100, p99 < 1 s), random
# bytes, connect/close storms, oversize records, a client that never reads, backend resets and clean ends
# (close_notify vs reset seen by Python ssl), bad reloads, 200 fuzzed configs with a fixed seed. Bounded:
# a few minutes on a 2-core box. Prints the figures (success rate, p99, RSS and fds before/after).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 .ci/hostile/hostile.py appliance/target/securelink.jar
