#!/usr/bin/env bash
# Idle connections at scale: one securelink server link (the bench adapter's, bench/peers/securelink.sh)
# holds N idle mutual-TLS connections (default 10,000); its memory per connection is reported at 1,000,
# 2,500, 5,000 and N, and must stay flat.
#
#   bench/idle-scale.sh [--conns N] [--reps R] [--out DIR]
#   bench/idle-scale.sh --smoke        100 and 200 connections, one rep (proves the script works)
#
# Per rep: start securelink (CPU 0) and the nginx backend (CPU 1); 5 s of new connections and 5 s of
# keep-alive as warm-up (first-use allocations are not billed to the idle connections); then for each step
# a load client (CPU 1) opens the connections that step adds (handshake + one GET each, 50 at a time) and
# holds them. After each step: the connections the link holds (`ss`, established on its port), and PSS
# and RSS of the securelink process from /proc once they settle. KiB per connection = (PSS with the
# connections open - PSS before any) / connections the link holds; "step" = the growth of that step / its connections
# (flat means the step figures stay level). The 1,000 figure is flattered by heap pages the warm-up
# already touched; the step figures are the cost of one more connection.
# The connections come from several loopback source addresses (127.0.0.2-127.0.0.9) so no source runs out
# of ephemeral ports. Each relayed connection holds two sockets in securelink (client and backend), so the
# process needs 2N + a few hundred file descriptors: when the hard limit (`ulimit -Hn`) is lower, N is
# lowered to fit and the report says so. Traffic stays on 127.0.0.0/8; processes are stopped by recorded PID.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
. "$BENCH_DIR/lib/common.sh"
N=10000 REPS=2 OUT="" STEPS="1000 2500 5000" WARM=5
while (($#)); do
  case $1 in
    --smoke) N=200 STEPS=100 REPS=1 WARM=1 ;;
    --conns) N=$2; shift ;;
    --reps) REPS=$2; shift ;;
    --out) OUT=$2; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
export BENCH_WORK=$BENCH_DIR/work PKI=$BENCH_DIR/work/pki
OUT=${OUT:-$BENCH_WORK/idle-scale}
mkdir -p "$BENCH_WORK/run" "$BENCH_WORK/www" "$BENCH_WORK/logs" "$OUT"
JAR=${SECURELINK_JAR:-$REPO/appliance/target/securelink.jar}
[ -s "$JAR" ] || (cd "$REPO" && mvn -B -q -DskipTests package)
LC=$BENCH_WORK/loadclient
if [ ! -x "$LC" ] || [ "$BENCH_DIR/loadclient/loadclient.c" -nt "$LC" ]; then
  gcc -O2 -Wall -o "$LC" "$BENCH_DIR/loadclient/loadclient.c" -lssl -lcrypto
fi
"$BENCH_DIR/lib/pki.sh" "$PKI"
export SERVER_CERT=$PKI/server.crt SERVER_KEY=$PKI/server.key
[ "$(stat -c %s "$BENCH_WORK/www/1k" 2>/dev/null || echo 0)" = 1024 ] || head -c 1024 /dev/urandom > "$BENCH_WORK/www/1k"
kv() { sed -n "s/^$1=//p" <<< "$2" | head -1; }
div() { awk -v n="$1" -v d="$2" -v p="${3:-1}" 'BEGIN { if (d + 0 == 0) print "nan"; else printf "%.*f", p, n / d }'; }

hard=$(ulimit -Hn)
note=""
if [ "$hard" != unlimited ] && (( 2 * N + 300 > hard )); then
  wanted=$N
  N=$(( (hard - 300) / 2 ))
  note="asked for $wanted connections; the hard limit of $hard file descriptors per process (ulimit -Hn, not raisable here) fits $N relayed connections (2 sockets each)"
  log "$note"
fi
ulimit -n "$hard"
steps=""; for k in $STEPS; do ((k < N)) && steps+="$k "; done; steps+="$N"
SOURCES=127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6,127.0.0.7,127.0.0.8,127.0.0.9

cleanup() {
  local f
  for f in "$BENCH_WORK"/run/idle-scale-lc-*.pid; do [ -e "$f" ] && stop_pidfile "$f" 5; done
  "$BENCH_DIR/peers/securelink.sh" stop || true
  "$BENCH_DIR/peers/backend.sh" stop || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cleanup

export BACKEND_NAME=backend-idle-scale SECURELINK_PEER_NAME=securelink-idle-scale
export BACKEND_PORT PEER_PORT BACKEND_CONNECTIONS=$((N + 2000))
BACKEND_PORT=$(free_port 18280)
"$BENCH_DIR/peers/backend.sh" start
wait_serving "$BACKEND_PORT" 20 plain >/dev/null || { log "backend did not come up"; exit 1; }
CLIENT_ID=(-cert "$PKI/client.crt" -key "$PKI/client.key" -ca "$PKI/ca.crt")

held() { ss -Htn state established "( sport = :$PEER_PORT )" | wc -l; }
# Opens $2 idle connections with pidfile tag $1; waits for "ready"; prints how many are ready.
open_idle() {
  local tag=$1 n=$2 f=$BENCH_WORK/logs/idle-scale-$1
  rm -f "$f.out" "$f.err"
  taskset -c 1 "$LC" idle -p "$PEER_PORT" "${CLIENT_ID[@]}" -S "$SOURCES" -n "$n" -c 50 -d 900 > "$f.out" 2> "$f.err" &
  echo $! > "$BENCH_WORK/run/idle-scale-lc-$tag.pid"
  local deadline=$(( $(now_ms) + 60000 + n * 20 ))
  until grep -q '^ready' "$f.err" 2>/dev/null || (( $(now_ms) > deadline )); do sleep 0.2; done
  kv ready "$(cat "$f.out")"
}

RAW=$OUT/raw.tsv
printf 'rep\tconns_asked\theld_by_link\tpss_kib_per_conn\trss_kib_per_conn\tpss_kib_per_conn_step\tpss_mib\trss_mib\tstep_open_s\n' > "$RAW"
for ((rep = 1; rep <= REPS; rep++)); do
  PEER_PORT=$(free_port 18443)
  "$BENCH_DIR/peers/securelink.sh" start
  wait_serving "$PEER_PORT" 60 tls >/dev/null || { log "securelink did not serve within 60 s"; exit 1; }
  pid=$("$BENCH_DIR/peers/securelink.sh" pid)
  taskset -c 1 "$LC" conn -p "$PEER_PORT" "${CLIENT_ID[@]}" -c 16 -d "$WARM" > /dev/null
  taskset -c 1 "$LC" keepalive -p "$PEER_PORT" "${CLIENT_ID[@]}" -c 32 -d "$WARM" > /dev/null
  read -r r0 p0 <<< "$(settled_mem "$pid")"
  log "rep $rep: before: PSS $((p0 / 1024)) MiB, RSS $((r0 / 1024)) MiB"
  total=0 prev_p=$p0 prev_k=0
  for k in $steps; do
    t0=$(now_ms)
    got=$(open_idle "$k" $((k - prev_k))); got=${got:-0}
    open_s=$(div "$(( $(now_ms) - t0 ))" 1000)
    read -r r p <<< "$(settled_mem "$pid")"
    # Divide by what the link holds (not what the client counted ready): a connection lost since counts nothing.
    h=$(held)
    step_n=$((h - total)) total=$h
    ((got == k - prev_k)) || log "rep $rep: the client opened $got of $((k - prev_k)) connections of this step"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$k" "$h" "$(div $((p - p0)) "$total" 2)" "$(div $((r - r0)) "$total" 2)" \
      "$(div $((p - prev_p)) "$step_n" 2)" "$(div "$p" 1024 0)" "$(div "$r" 1024 0)" "$open_s" >> "$RAW"
    log "rep $rep: $total conns (link holds $h): $(div $((p - p0)) "$total" 2) KiB PSS/conn, this step $(div $((p - prev_p)) "$step_n" 2) KiB/conn; PSS $((p / 1024)) MiB (step opened in ${open_s}s)"
    prev_p=$p prev_k=$k
  done
  for f in "$BENCH_WORK"/run/idle-scale-lc-*.pid; do stop_pidfile "$f" 5; done
  "$BENCH_DIR/peers/securelink.sh" stop
done
{
  echo "# Idle mTLS connections held by one securelink server link, $(date -u +%FT%H%MZ); $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  [ -n "$note" ] && echo "# NOTE: $note"
  echo "# JVM flags: ${SECURELINK_JAVA_OPTS:-$SECURELINK_DEFAULT_JAVA_OPTS}; KiB per connection = growth of the process's PSS (RSS) since before the first connection / connections; step = growth in that step / its connections"
  column -t -s $'\t' "$RAW"
} | tee "$OUT/summary.txt"
