#!/usr/bin/env bash
# The "direct" row: no TLS peer at all; the load goes in plaintext straight to the backend, whose
# process tree is then the measured "peer". Usage: direct.sh start|stop|pid   (env: BENCH_WORK)
set -euo pipefail
case ${1:-} in
  start|stop) : ;;
  pid) cat "$BENCH_WORK/run/backend.pid" ;;
  *) echo "usage: $0 start|stop|pid" >&2; exit 2 ;;
esac
