#!/usr/bin/env bash
# s7-idle: how much of the idle connections' Java heap shows up as new PSS: old-gen used vs resident, GC log.
set -euo pipefail
REPO=/work/wt/s7-idle; BENCH_DIR=$REPO/bench
. "$BENCH_DIR/lib/common.sh"
OUTD=$1; N=${2:-1000}; mkdir -p "$OUTD"
export BENCH_WORK=$BENCH_DIR/work PKI=$BENCH_DIR/work/pki
LC=$BENCH_WORK/loadclient
export SERVER_CERT=$PKI/server.crt SERVER_KEY=$PKI/server.key
export BACKEND_NAME=backend-s7gc SECURELINK_PEER_NAME=securelink-s7gc BACKEND_CONNECTIONS=$((N+2000))
export BACKEND_PORT=$(free_port 19380) PEER_PORT=$(free_port 19543)
export SECURELINK_EXTRA_OPTS="-Xlog:gc:file=$OUTD/gc.log ${EXTRA:-}"
cleanup() { stop_pidfile $BENCH_WORK/run/s7gc-lc.pid 5 || true; "$BENCH_DIR/peers/securelink.sh" stop || true; "$BENCH_DIR/peers/backend.sh" stop || true; }
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)"
"$BENCH_DIR/peers/backend.sh" start; wait_serving "$BACKEND_PORT" 20 plain >/dev/null
"$BENCH_DIR/peers/securelink.sh" start; wait_serving "$PEER_PORT" 60 tls >/dev/null
pid=$("$BENCH_DIR/peers/securelink.sh" pid)
CID=(-cert "$PKI/client.crt" -key "$PKI/client.key" -ca "$PKI/ca.crt")
taskset -c 1 "$LC" conn -p "$PEER_PORT" "${CID[@]}" -c 16 -d 5 > /dev/null
taskset -c 1 "$LC" keepalive -p "$PEER_PORT" "${CID[@]}" -c 32 -d 5 > /dev/null
oldgen() { awk '/^f5550000-/{f=1} f&&/^Rss:/{print $2; exit}' /proc/$pid/smaps; }
younggen() { awk '/^f0000000-/{f=1} f&&/^Rss:/{print $2; exit}' /proc/$pid/smaps; }
heapgen() { awk '/^[0-9a-f]+-.*\[heap\]/{f=1} f&&/^Rss:/{print $2; exit}' /proc/$pid/smaps; }
read -r r0 p0 <<< "$(settled_mem "$pid")"
echo "before: pss=$p0 oldgen_rss=$(oldgen) young_rss=$(younggen) cheap_rss=$(heapgen)" | tee "$OUTD/summary.txt"
jcmd $pid GC.heap_info > "$OUTD/heap-0.txt"
taskset -c 1 "$LC" idle -p "$PEER_PORT" "${CID[@]}" -S 127.0.0.2,127.0.0.3 -n "$N" -c 50 -d 900 > "$OUTD/lc.out" 2> "$OUTD/lc.err" &
echo $! > $BENCH_WORK/run/s7gc-lc.pid
until grep -q '^ready' "$OUTD/lc.err" 2>/dev/null; do sleep 0.2; done
sleep 2
read -r r1 p1 <<< "$(tree_mem_kib "$pid")"
echo "after: pss=$p1 oldgen_rss=$(oldgen) young_rss=$(younggen) cheap_rss=$(heapgen) pss_per_conn=$(( (p1-p0)*1000/N )) B" | tee -a "$OUTD/summary.txt"
jcmd $pid GC.heap_info > "$OUTD/heap-1.txt"
