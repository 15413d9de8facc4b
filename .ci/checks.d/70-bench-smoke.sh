#!/usr/bin/env bash
# The benchmark harness must not rot: one tiny smoke rep against the securelink adapter (and the
# plaintext direct row). Proves the load client builds, the PKI, backend, probes (good client in, no
# certificate and rogue CA refused) and every measurement phase run. No timing is asserted.
set -euo pipefail
cd "$(dirname "$0")/../.."
bench/run.sh --smoke
raw=bench/work/smoke/raw.tsv
# Every row measured something: connections, requests and idle connections on both peer rows; new
# connections on each feature variant (PQ, CRL, OCSP and the PQ control row).
awk -F'\t' 'NR > 1 && ($2 == "direct" || $2 == "securelink") { rows++; if ($4 + 0 <= 0 || $7 + 0 <= 0 || $14 + 0 <= 0) { print "bench smoke: nothing measured for " $2; bad = 1 } }
            NR > 1 && $2 ~ /^securelink-/ { features++; if ($4 + 0 <= 0) { print "bench smoke: feature variant " $2 " measured nothing: " $0; bad = 1 } }
            END { if (rows != 2) { print "bench smoke: expected 2 peer rows, got " rows; bad = 1 }
                  if (features != 4) { print "bench smoke: expected 4 feature rows, got " features; bad = 1 } exit bad }' "$raw"
# The PQ variant really negotiated the hybrid group, its control row X25519.
grep -qP '^1\tsecurelink-pq\tX25519MLKEM768$' bench/work/smoke/feature-groups.tsv \
  && grep -qP '^1\tsecurelink-pq-x25519\tX25519$' bench/work/smoke/feature-groups.tsv \
  || { echo "bench smoke: wrong key-exchange groups:"; cat bench/work/smoke/feature-groups.tsv; exit 1; }
grep -q '^## Price of the features' bench/work/smoke/report.md || { echo "bench smoke: no feature price table"; exit 1; }
echo "bench smoke: ok"
# The post-quantum handshake variant: both rows measured, each with the group it is about.
bench/pq-handshake.sh --smoke
awk -F'\t' 'NR > 1 { rows++; want = ($2 == "hybrid") ? "X25519MLKEM768" : "X25519"
                     if ($3 != want || $4 + 0 <= 0 || $6 + 0 <= 0) { print "pq bench smoke: bad row " $0; bad = 1 } }
            END { if (rows != 2) { print "pq bench smoke: expected 2 rows, got " rows; bad = 1 } exit bad }' bench/work/pq-handshake/raw.tsv
echo "pq bench smoke: ok"
# Scale scripts: idle connections held in steps (every one held by the link), and 20 links started and
# reloaded under keep-alive load with no failed request (many-links.sh exits 1 otherwise).
bench/idle-scale.sh --smoke
awk -F'\t' 'NR > 1 { rows++; if ($3 != $2) { print "idle-scale smoke: the link holds " $3 " of " $2; bad = 1 } }
            END { if (rows != 2) { print "idle-scale smoke: expected 2 rows, got " rows; bad = 1 } exit bad }' bench/work/idle-scale/raw.tsv
echo "idle-scale smoke: ok"
bench/many-links.sh --smoke
echo "many-links smoke: ok"
# Start time: one start each way the daemon starts (`java -jar … run`, and jsvc as the unit does), from an
# archive the script trains for the jar; the medians and the CPU by thread group come out.
for launcher in java jsvc; do
  out=$(START_LAUNCHER=$launcher bench/start-time.sh 1)
  { grep -q '^median of 1: all listeners accepting [0-9]* ms' <<< "$out" \
    && grep -q '^CPU by the first request, median of 1: JIT compiler threads [0-9]* ms, main thread [1-9][0-9]* ms' <<< "$out"; } \
    || { echo "start-time smoke ($launcher) failed:"; echo "$out"; exit 1; }
done
echo "start-time smoke: ok"
