#!/usr/bin/env bash
# The benchmark harness must not rot: one tiny smoke rep against the securelink adapter (and the
# plaintext direct row). Proves the load client builds, the PKI, backend, probes (good client in, no
# certificate and rogue CA refused) and every measurement phase run. No timing is asserted.
set -euo pipefail
cd "$(dirname "$0")/../.."
bench/run.sh --smoke
raw=bench/work/smoke/raw.tsv
# Every row measured something: connections, requests and idle connections on both rows.
awk -F'\t' 'NR > 1 { rows++; if ($4 + 0 <= 0 || $7 + 0 <= 0 || $14 + 0 <= 0) { print "bench smoke: nothing measured for " $2; bad = 1 } }
            END { if (rows != 2) { print "bench smoke: expected 2 rows, got " rows; bad = 1 } exit bad }' "$raw"
echo "bench smoke: ok"
