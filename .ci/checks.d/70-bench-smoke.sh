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
# The post-quantum handshake variant: both rows measured, each with the group it is about.
bench/pq-handshake.sh --smoke
awk -F'\t' 'NR > 1 { rows++; want = ($2 == "hybrid") ? "X25519MLKEM768" : "X25519"
                     if ($3 != want || $4 + 0 <= 0 || $6 + 0 <= 0) { print "pq bench smoke: bad row " $0; bad = 1 } }
            END { if (rows != 2) { print "pq bench smoke: expected 2 rows, got " rows; bad = 1 } exit bad }' bench/work/pq-handshake/raw.tsv
echo "pq bench smoke: ok"
