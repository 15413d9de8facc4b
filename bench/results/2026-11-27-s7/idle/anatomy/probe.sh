#!/usr/bin/env bash
# s7-idle diagnostic: heap histogram / NMT / smaps before and after N idle conns on the bench securelink peer.
# usage: probe.sh OUTDIR [N] ; env SECURELINK_JAR, EXTRA (extra JVM opts)
set -euo pipefail
REPO=/work/wt/s7-idle; BENCH_DIR=$REPO/bench
. "$BENCH_DIR/lib/common.sh"
OUTD=$1; N=${2:-1000}; mkdir -p "$OUTD"
export BENCH_WORK=$BENCH_DIR/work PKI=$BENCH_DIR/work/pki
mkdir -p "$BENCH_WORK/run" "$BENCH_WORK/www" "$BENCH_WORK/logs"
LC=$BENCH_WORK/loadclient
[ -x "$LC" ] || gcc -O2 -Wall -o "$LC" "$BENCH_DIR/loadclient/loadclient.c" -lssl -lcrypto
"$BENCH_DIR/lib/pki.sh" "$PKI" >/dev/null
export SERVER_CERT=$PKI/server.crt SERVER_KEY=$PKI/server.key
[ "$(stat -c %s "$BENCH_WORK/www/1k" 2>/dev/null || echo 0)" = 1024 ] || head -c 1024 /dev/urandom > "$BENCH_WORK/www/1k"
export BACKEND_NAME=backend-s7probe SECURELINK_PEER_NAME=securelink-s7probe BACKEND_CONNECTIONS=$((N+2000))
export BACKEND_PORT=$(free_port 19280) PEER_PORT=$(free_port 19443)
export SECURELINK_EXTRA_OPTS="-XX:NativeMemoryTracking=summary ${EXTRA:-}"
cleanup() { stop_pidfile $BENCH_WORK/run/s7probe-lc.pid 5 || true; "$BENCH_DIR/peers/securelink.sh" stop || true; "$BENCH_DIR/peers/backend.sh" stop || true; }
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)"
"$BENCH_DIR/peers/backend.sh" start
wait_serving "$BACKEND_PORT" 20 plain >/dev/null
"$BENCH_DIR/peers/securelink.sh" start
wait_serving "$PEER_PORT" 60 tls >/dev/null
pid=$("$BENCH_DIR/peers/securelink.sh" pid)
CID=(-cert "$PKI/client.crt" -key "$PKI/client.key" -ca "$PKI/ca.crt")
taskset -c 1 "$LC" conn -p "$PEER_PORT" "${CID[@]}" -c 16 -d 5 > /dev/null
taskset -c 1 "$LC" keepalive -p "$PEER_PORT" "${CID[@]}" -c 32 -d 5 > /dev/null
snap() { # tag
  jcmd $pid GC.class_histogram > "$OUTD/histo-$1.txt"
  cat /proc/$pid/smaps > "$OUTD/smaps-$1.txt"
  cat /proc/$pid/smaps_rollup > "$OUTD/rollup-$1.txt"
}
read -r r0 p0 <<< "$(settled_mem "$pid")"
jcmd $pid VM.native_memory baseline >/dev/null
snap 0
read -r r0b p0b <<< "$(tree_mem_kib "$pid")"
taskset -c 1 "$LC" idle -p "$PEER_PORT" "${CID[@]}" -S 127.0.0.2,127.0.0.3 -n "$N" -c 50 -d 900 > "$OUTD/lc.out" 2> "$OUTD/lc.err" &
echo $! > $BENCH_WORK/run/s7probe-lc.pid
until grep -q '^ready' "$OUTD/lc.err" 2>/dev/null; do sleep 0.2; done
read -r r1 p1 <<< "$(settled_mem "$pid")"
snap 1
read -r r1b p1b <<< "$(tree_mem_kib "$pid")"
jcmd $pid VM.native_memory summary.diff > "$OUTD/nmt-diff.txt"
held=$(ss -Htn state established "( sport = :$PEER_PORT )" | wc -l)
echo "held=$held pss_per_conn_before_histo=$(( (p1-p0) )) KiB total / $N ; after-histo pss delta $((p1b-p0b))" | tee "$OUTD/summary.txt"
awk -v n=$N 'BEGIN{}' /dev/null
