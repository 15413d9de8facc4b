#!/usr/bin/env bash
# Handshake cost of post-quantum key exchange: new-connection CPU per handshake on BOTH ends of a
# securelink-to-securelink link, with the hybrid group (default tls.groups: X25519MLKEM768 first) and
# without it (tls.groups: [X25519, P-256]), in interleaved reps.
#
#   bench/pq-handshake.sh [--reps N] [--warmup S] [--seconds S] [--concurrency N] [--out DIR]
#   bench/pq-handshake.sh --smoke     CI: one 1-second rep of each variant (run bench/run.sh --smoke first:
#                                     it installs nginx, which this script's backend needs)
#
# Two appliances, each its own JVM pinned to CPU 0 (the run.sh launcher flags, connection log lines off):
# "client" (a client-mode link, plaintext in, mutual TLS out) and "server" (a server-mode link, mutual TLS
# in, plaintext out to the nginx backend). The load client (CPU 1) opens C plaintext connections at a
# time into the client link for D seconds: one GET each, so every connection is one new TLS connection
# (1.3, mutual, ECDSA P-256) between the appliances. CPU = utime+stime of each JVM over the measured
# phase / connections completed. The group the server picks is checked with `pin --connect`. Traffic stays on
# 127.0.0.1; processes are stopped by recorded PID; every phase is bounded in time.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
. "$BENCH_DIR/lib/common.sh"
REPS=3 WARMUP=15 SECS=10 CONC=8 OUT=""
while (($#)); do
  case $1 in
    --smoke) REPS=1 WARMUP=1 SECS=1 CONC=2 ;;
    --reps) REPS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --seconds) SECS=$2; shift ;;
    --concurrency) CONC=$2; shift ;;
    --out) OUT=$2; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
export BENCH_WORK=$BENCH_DIR/work PKI=$BENCH_DIR/work/pki
OUT=${OUT:-$BENCH_WORK/pq-handshake}
W=$BENCH_WORK/pq
mkdir -p "$W" "$BENCH_WORK/run" "$BENCH_WORK/www" "$OUT"
JAR=${SECURELINK_JAR:-$REPO/appliance/target/securelink.jar}
[ -s "$JAR" ] || (cd "$REPO" && mvn -B -q -DskipTests package)
LC=$BENCH_WORK/loadclient
if [ ! -x "$LC" ] || [ "$BENCH_DIR/loadclient/loadclient.c" -nt "$LC" ]; then
  gcc -O2 -Wall -o "$LC" "$BENCH_DIR/loadclient/loadclient.c" -lssl -lcrypto
fi
"$BENCH_DIR/lib/pki.sh" "$PKI"
[ "$(stat -c %s "$BENCH_WORK/www/1k" 2>/dev/null || echo 0)" = 1024 ] || head -c 1024 /dev/urandom > "$BENCH_WORK/www/1k"
kv() { sed -n "s/^$1=//p" <<< "$2" | head -1; }
div() { awk -v n="$1" -v d="$2" -v p="${3:-1}" 'BEGIN { if (d + 0 == 0) print "nan"; else printf "%.*f", p, n / d }'; }
pin_of() { java -jar "$JAR" pin "$1" | awk 'NR==1 {print $1}'; }
CLIENT_PIN=$(pin_of "$PKI/client.crt")
SERVER_PIN=$(pin_of "$PKI/server.crt")

cleanup() {
  stop_pidfile "$BENCH_WORK/run/pq-client.pid" 15
  stop_pidfile "$BENCH_WORK/run/pq-server.pid" 15
  "$BENCH_DIR/peers/backend.sh" stop || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cleanup

export BACKEND_PORT
BACKEND_PORT=$(free_port 18180)
"$BENCH_DIR/peers/backend.sh" start
wait_serving "$BACKEND_PORT" 20 plain >/dev/null || { log "backend did not come up"; exit 1; }
SERVER_PORT=$(free_port 18543)
CLIENT_PORT=$(free_port 18700)

# $1 side (server|client), $2 groups line ("" for the default)
start_side() {
  local side=$1 groups=$2 dir=$W/$1
  mkdir -p "$dir/state"
  if [ "$side" = server ]; then
    cat > "$dir/securelink.yaml" <<CONF
appliance: { id: pq-server, site: bench, state-dir: state }
links:
  pq-in:
    mode: server
    listen: 127.0.0.1:$SERVER_PORT
    forward: 127.0.0.1:$BACKEND_PORT
    tls: { certificate: $PKI/server.crt, key: $PKI/server.key, trust: $PKI/ca.crt, pins: ["$CLIENT_PIN"], versions: [TLSv1.3] $groups }
    timeouts: { handshake: 10s, connect: 3s, idle: 600s, drain: 1s }
    policy: { sources: ["127.0.0.0/8"], max-connections: 20000, max-connections-per-source: 20000, max-handshakes-in-flight: 4096 }
CONF
  else
    cat > "$dir/securelink.yaml" <<CONF
appliance: { id: pq-client, site: bench, state-dir: state }
links:
  pq-out:
    mode: client
    listen: 127.0.0.1:$CLIENT_PORT
    connect: ["127.0.0.1:$SERVER_PORT"]
    tls: { certificate: $PKI/client.crt, key: $PKI/client.key, trust: $PKI/ca.crt, pins: ["$SERVER_PIN"], versions: [TLSv1.3] $groups }
    timeouts: { handshake: 10s, connect: 3s, idle: 600s, drain: 1s }
    policy: { sources: ["127.0.0.0/8"], max-connections: 20000, max-connections-per-source: 20000, max-handshakes-in-flight: 4096 }
CONF
  fi
  # shellcheck disable=SC2086
  taskset -c 0 java $SECURELINK_DEFAULT_JAVA_OPTS -Dsecurelink.log.connections=WARN -jar "$JAR" run --config "$dir/securelink.yaml" \
    > "$dir/run.log" 2>&1 &
  echo $! > "$BENCH_WORK/run/pq-$side.pid"
}

# The group the server link picks from securelink's default offer (pin --connect offers X25519MLKEM768 first).
group_check() {
  java -jar "$JAR" pin --connect "127.0.0.1:$SERVER_PORT" 2>/dev/null | awk '/^key-exchange/ {print $2}'
}

RAW=$OUT/raw.tsv
printf 'rep\tvariant\tserver_group\tconn_per_s\terrors\tserver_cpu_us_per_conn\tclient_cpu_us_per_conn\n' > "$RAW"
for ((rep = 1; rep <= REPS; rep++)); do
  for variant in hybrid classical; do
    if [ "$variant" = hybrid ]; then groups=""; else groups=", groups: [X25519, P-256]"; fi
    start_side server "$groups"
    start_side client "$groups"
    wait_serving "$CLIENT_PORT" 60 plain >/dev/null || { log "$variant: link did not serve within 60 s"; exit 1; }
    spid=$(cat "$BENCH_WORK/run/pq-server.pid"); cpid=$(cat "$BENCH_WORK/run/pq-client.pid")
    group=$(group_check)
    taskset -c 1 "$LC" conn -p "$CLIENT_PORT" -plain -c "$CONC" -d "$WARMUP" > /dev/null
    read -r su0 ss0 <<< "$(tree_cpu_split "$spid")"; read -r cu0 cs0 <<< "$(tree_cpu_split "$cpid")"
    out=$(taskset -c 1 "$LC" conn -p "$CLIENT_PORT" -plain -c "$CONC" -d "$SECS")
    read -r su1 ss1 <<< "$(tree_cpu_split "$spid")"; read -r cu1 cs1 <<< "$(tree_cpu_split "$cpid")"
    n=$(kv completed_total "$out")
    scpu=$(div "$(( (su1 + ss1 - su0 - ss0) * 1000000 / CLK_TCK ))" "$n" 0)
    ccpu=$(div "$(( (cu1 + cs1 - cu0 - cs0) * 1000000 / CLK_TCK ))" "$n" 0)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$variant" "$group" "$(kv rate "$out")" "$(kv errors "$out")" "$scpu" "$ccpu" >> "$RAW"
    log "rep $rep $variant (server picks $group): $(kv rate "$out") conn/s, server ${scpu} us, client ${ccpu} us CPU per connection"
    stop_pidfile "$BENCH_WORK/run/pq-client.pid" 15
    stop_pidfile "$BENCH_WORK/run/pq-server.pid" 15
  done
done
{
  echo "# Post-quantum handshake cost, $(date -u +%FT%H%MZ), $(nproc) cores, $REPS reps, ${SECS}s at concurrency $CONC (after ${WARMUP}s warm-up)"
  echo "# medians of the reps; CPU = utime+stime per new connection (one TLS 1.3 mutual handshake, ECDSA P-256, plus relaying one GET)"
  printf 'variant\tgroup\tconn_per_s\tserver_cpu_us\tclient_cpu_us\n'
  for variant in hybrid classical; do
    med() { awk -F'\t' -v v="$variant" -v c="$1" 'NR > 1 && $2 == v { print $c }' "$RAW" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
    g=$(awk -F'\t' -v v="$variant" 'NR > 1 && $2 == v { print $3; exit }' "$RAW")
    printf '%s\t%s\t%s\t%s\t%s\n' "$variant" "$g" "$(med 4)" "$(med 6)" "$(med 7)"
  done
} | tee "$OUT/summary.tsv"
