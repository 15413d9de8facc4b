#!/usr/bin/env bash
# securelink benchmark harness: securelink side by side with stunnel, HAProxy and nginx (stream), and a
# plaintext "direct" row, on one box, in interleaved reps. See README.md, Performance.
#
#   bench/run.sh                 full run: 3 reps of direct, stunnel, haproxy, nginx-stream, securelink
#   bench/run.sh --smoke         CI: one tiny rep of direct + securelink and the feature variants (proves
#                                harness and adapters work)
#
# Options: --reps N  --warmup S  --conn-seconds S  --ka-seconds S  --conn-concurrency N  --ka-connections N
#          --idle N  --bulk-mib N  --bulk-count N  --speed-seconds S (0 skips openssl speed)
#          --peers "direct securelink ..."  --rsa (RSA-2048 server key for every peer)  --out DIR
#          --java-opts "..." (securelink JVM flags; default in bench/lib/common.sh)
#          --no-cds (no AppCDS archive for securelink; by default one is trained on the bundled lab config)
#          --features "securelink-pq ..." | --no-features: the securelink variants of the "feature price"
#          table (new connections only, after the same warm-up; default: securelink-pq-x25519 securelink-pq
#          securelink-crl securelink-ocsp, run in every rep after the peers when securelink is among them)
# Idempotent: installs missing Debian packages, keeps bench/work/ (PKI, files, builds) between runs.
# Every peer is pinned to CPU 0, the load client and the backend to CPU 1; all traffic stays on 127.0.0.1;
# every wait and load phase is bounded in time; processes are stopped by their recorded PID only.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
. "$BENCH_DIR/lib/common.sh"

REPS=3 WARMUP=30 CONN_SECS=10 KA_SECS=10 CONN_C=16 KA_C=32 IDLE_N=1000 IDLE_C=50 BULK_MIB=100 BULK_N=5
SPEED_SECS=1 PEERS="direct stunnel haproxy nginx-stream securelink" SMOKE=0 KEYTYPE=ecdsa OUT="" CDS=1
FEATURES="securelink-pq-x25519 securelink-pq securelink-crl securelink-ocsp"
while (($#)); do
  case $1 in
    --smoke) SMOKE=1 REPS=1 WARMUP=1 CONN_SECS=1 KA_SECS=1 CONN_C=4 KA_C=4 IDLE_N=20 IDLE_C=10 BULK_MIB=1 BULK_N=1
             SPEED_SECS=0 PEERS="direct securelink" ;;
    --reps) REPS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --conn-seconds) CONN_SECS=$2; shift ;;
    --ka-seconds) KA_SECS=$2; shift ;;
    --conn-concurrency) CONN_C=$2; shift ;;
    --ka-connections) KA_C=$2; shift ;;
    --idle) IDLE_N=$2; shift ;;
    --bulk-mib) BULK_MIB=$2; shift ;;
    --bulk-count) BULK_N=$2; shift ;;
    --speed-seconds) SPEED_SECS=$2; shift ;;
    --peers) PEERS=$2; shift ;;
    --features) FEATURES=$2; shift ;;
    --no-features) FEATURES="" ;;
    --rsa) KEYTYPE=rsa ;;
    --no-cds) CDS=0 ;;
    --out) OUT=$2; shift ;;
    --java-opts) export SECURELINK_JAVA_OPTS=$2; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

export BENCH_WORK=$BENCH_DIR/work
export PKI=$BENCH_WORK/pki
RUN_ID=$(date -u +%Y-%m-%dT%H%MZ)
if [ -z "$OUT" ]; then
  if ((SMOKE)); then OUT=$BENCH_WORK/smoke; else OUT=$BENCH_DIR/results/$(date -u +%F); fi
fi
mkdir -p "$BENCH_WORK/run" "$BENCH_WORK/www" "$BENCH_WORK/logs" "$OUT"

# ---- 1. what the harness needs from Debian ------------------------------------------------------------
need=(stunnel4 haproxy nginx libnginx-mod-stream curl openssl gcc libssl-dev)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ---- 2. load client, PKI, files, jar --------------------------------------------------------------------
LC=$BENCH_WORK/loadclient
if [ ! -x "$LC" ] || [ "$BENCH_DIR/loadclient/loadclient.c" -nt "$LC" ]; then
  gcc -O2 -Wall -o "$LC" "$BENCH_DIR/loadclient/loadclient.c" -lssl -lcrypto
fi
"$BENCH_DIR/lib/pki.sh" "$PKI"
if [ "$KEYTYPE" = rsa ]; then
  export SERVER_CERT=$PKI/server-rsa.crt SERVER_KEY=$PKI/server-rsa.key SERVER_PEM=$PKI/server-rsa.pem
else
  export SERVER_CERT=$PKI/server.crt SERVER_KEY=$PKI/server.key SERVER_PEM=$PKI/server.pem
fi
[ "$(stat -c %s "$BENCH_WORK/www/1k" 2>/dev/null || echo 0)" = 1024 ] || head -c 1024 /dev/urandom > "$BENCH_WORK/www/1k"
BULK_BYTES=$((BULK_MIB * 1024 * 1024))
[ "$(stat -c %s "$BENCH_WORK/www/bulk" 2>/dev/null || echo 0)" = "$BULK_BYTES" ] \
  || head -c "$BULK_BYTES" /dev/urandom > "$BENCH_WORK/www/bulk"
if [ ! -s "$REPO/appliance/target/securelink.jar" ]; then
  log "building appliance/target/securelink.jar"
  (cd "$REPO" && mvn -B -q -DskipTests package)
fi

# ---- 3. cleanup: everything this run started, by recorded PID ------------------------------------------
cleanup() {
  local f
  for f in "$BENCH_WORK"/run/*.pid; do
    [ -e "$f" ] && stop_pidfile "$f" 5
  done
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cleanup   # leftovers of an interrupted earlier run (recorded PIDs only)

export BACKEND_PORT PEER_PORT
BACKEND_PORT=$(free_port 18080)
"$BENCH_DIR/peers/backend.sh" start
wait_serving "$BACKEND_PORT" 20 plain >/dev/null || { log "backend did not come up"; exit 1; }
BACKEND_PID=$("$BENCH_DIR/peers/backend.sh" pid)

CLIENT_ID=(-cert "$PKI/client.crt" -key "$PKI/client.key" -ca "$PKI/ca.crt")
RAW=$OUT/raw.tsv
COLS="rep peer start_ms conn_per_s conn_errors conn_cpu_us ka_req_per_s ka_p50_us ka_p99_us ka_errors ka_cpu_us bulk_MB_per_s bulk_MB_per_cpu_s idle_ready idle_pss_kib idle_rss_kib peer_rss_kib conn_user_us conn_sys_us ka_user_us ka_sys_us"
echo "$COLS" | tr ' ' '\t' > "$RAW"
printf 'rep\tpeer\tgroup\n' > "$OUT/feature-groups.tsv"

kv() { sed -n "s/^$1=//p" <<< "$2" | head -1; }
calc() { awk "BEGIN { printf \"%.${2:-1}f\", $1 }"; }
# num / den with $3 decimals, or "nan" when den is 0 (nothing measured).
div() { awk -v n="$1" -v d="$2" -v p="${3:-1}" 'BEGIN { if (d + 0 == 0) print "nan"; else printf "%.*f", p, n / d }'; }

# Fails unless a good client gets through and both a missing and a rogue-CA client certificate are
# refused, and the session is TLS 1.3 / TLS_AES_128_GCM_SHA256 / X25519.
probe_mtls() {
  local port=$1 peer=$2 s
  probe_get "$port" tls client || { log "$peer: good client refused"; return 1; }
  if probe_get "$port" tls none 2>/dev/null; then log "$peer: client WITHOUT certificate got through"; return 1; fi
  if probe_get "$port" tls rogue-client 2>/dev/null; then log "$peer: ROGUE-CA client got through"; return 1; fi
  s=$(timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile "$PKI/ca.crt" -cert "$PKI/client.crt" \
        -key "$PKI/client.key" -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256 -groups X25519 -brief < /dev/null 2>&1 || true)
  grep -q 'Protocol version: TLSv1.3' <<< "$s" && grep -q 'Ciphersuite: TLS_AES_128_GCM_SHA256' <<< "$s" \
    && grep -q 'X25519' <<< "$s" || { log "$peer: unexpected TLS parameters: $s"; return 1; }
}

bulk() { # port kind count -> "bytes seconds"
  local port=$1 kind=$2 n=$3 i out bytes=0 secs=0
  local -a args=(-sS -f -o /dev/null -m 120 -w '%{size_download} %{time_total}\n')
  local url="http://127.0.0.1:$port/bulk"
  if [ "$kind" = tls ]; then
    url="https://127.0.0.1:$port/bulk"
    args+=(--cacert "$PKI/ca.crt" --cert "$PKI/client.crt" --key "$PKI/client.key" --tlsv1.3 --tls-max 1.3
           --tls13-ciphers TLS_AES_128_GCM_SHA256 --curves X25519)
  fi
  for ((i = 0; i < n; i++)); do
    out=$(taskset -c 1 curl "${args[@]}" "$url")
    bytes=$((bytes + ${out% *}))
    secs=$(calc "$secs + ${out#* }" 6)
  done
  echo "$bytes $secs"
}

measure() { # peer rep
  local peer=$1 rep=$2 kind=tls port pid t0 start_ms out c0 c1 m0 m1 m0p m1p
  if [ "$peer" = direct ]; then kind=plain; port=$BACKEND_PORT; else PEER_PORT=$(free_port 18443); port=$PEER_PORT; fi
  log "rep $rep: $peer"
  t0=$(now_ms)
  "$BENCH_DIR/peers/$peer.sh" start
  start_ms=$(wait_serving "$port" 60 "$kind" "$t0") || { log "$peer did not serve within 60 s"; return 1; }
  pid=$("$BENCH_DIR/peers/$peer.sh" pid)
  if [ "$kind" = tls ]; then probe_mtls "$port" "$peer"; fi
  local -a lc=(taskset -c 1 "$LC")
  local -a target=(-p "$port")
  if [ "$kind" = plain ]; then target+=(-plain); else target+=("${CLIENT_ID[@]}"); fi

  # Warm-up, the same for every peer (JIT for the JVM, caches and pools for all).
  local half
  half=$(calc "$WARMUP / 2" 2)
  "${lc[@]}" conn "${target[@]}" -c "$CONN_C" -d "$half" > /dev/null
  "${lc[@]}" keepalive "${target[@]}" -c "$KA_C" -d "$half" > /dev/null
  bulk "$port" "$kind" 1 > /dev/null

  # New connections: full handshake, one small request, close.
  local u0 s0 u1 s1
  read -r u0 s0 <<< "$(tree_cpu_split "$pid")"
  out=$("${lc[@]}" conn "${target[@]}" -c "$CONN_C" -d "$CONN_SECS")
  read -r u1 s1 <<< "$(tree_cpu_split "$pid")"
  local conn_rate conn_err conn_cpu conn_user conn_sys n
  n=$(kv completed_total "$out")
  conn_rate=$(kv rate "$out"); conn_err=$(kv errors "$out")
  conn_cpu=$(div "$(( (u1 + s1 - u0 - s0) * 1000000 / CLK_TCK ))" "$n")
  conn_user=$(div "$(( (u1 - u0) * 1000000 / CLK_TCK ))" "$n")
  conn_sys=$(div "$(( (s1 - s0) * 1000000 / CLK_TCK ))" "$n")

  # Keep-alive: sequential 1 KiB GETs on each of KA_C connections.
  read -r u0 s0 <<< "$(tree_cpu_split "$pid")"
  out=$("${lc[@]}" keepalive "${target[@]}" -c "$KA_C" -d "$KA_SECS")
  read -r u1 s1 <<< "$(tree_cpu_split "$pid")"
  local ka_rate ka_p50 ka_p99 ka_err ka_cpu ka_user ka_sys
  n=$(kv completed_total "$out")
  ka_rate=$(kv rate "$out"); ka_p50=$(kv p50_us "$out"); ka_p99=$(kv p99_us "$out"); ka_err=$(kv errors "$out")
  ka_cpu=$(div "$(( (u1 + s1 - u0 - s0) * 1000000 / CLK_TCK ))" "$n" 2)
  ka_user=$(div "$(( (u1 - u0) * 1000000 / CLK_TCK ))" "$n" 2)
  ka_sys=$(div "$(( (s1 - s0) * 1000000 / CLK_TCK ))" "$n" 2)

  # Bulk: BULK_N downloads of BULK_MIB MiB with curl (client certificate).
  c0=$(tree_cpu_ticks "$pid")
  out=$(bulk "$port" "$kind" "$BULK_N")
  c1=$(tree_cpu_ticks "$pid")
  local mb secs bulk_rate bulk_eff
  mb=$(calc "${out% *} / 1000000" 3); secs=${out#* }
  bulk_rate=$(div "$mb" "$secs")
  bulk_eff=$(div "$mb" "$(calc "($c1 - $c0) / $CLK_TCK" 3)")

  # Idle: IDLE_N mTLS connections (handshake + one GET each) held open; memory growth per connection.
  read -r m0 m0p <<< "$(tree_mem_kib "$pid")"
  local idle_out=$BENCH_WORK/logs/idle-$peer-$rep
  rm -f "$idle_out.out" "$idle_out.err"   # a stale "ready" must not end the wait below
  "${lc[@]}" idle "${target[@]}" -n "$IDLE_N" -c "$IDLE_C" -d 120 > "$idle_out.out" 2> "$idle_out.err" &
  echo $! > "$BENCH_WORK/run/idle-client.pid"
  local deadline=$(( $(now_ms) + 90000 ))
  until grep -q '^ready' "$idle_out.err" 2>/dev/null || (( $(now_ms) > deadline )); do sleep 0.1; done
  sleep 2   # let the peer settle (lazy allocations after the first request)
  read -r m1 m1p <<< "$(tree_mem_kib "$pid")"
  stop_pidfile "$BENCH_WORK/run/idle-client.pid" 5
  local ready idle_pss idle_rss
  ready=$(kv ready "$(cat "$idle_out.out")"); ready=${ready:-0}
  idle_rss=$(div "$((m1 - m0))" "$ready")
  idle_pss=$(div "$((m1p - m0p))" "$ready")

  "$BENCH_DIR/peers/$peer.sh" stop
  printf '%s\n' "$rep $peer $start_ms $conn_rate $conn_err $conn_cpu $ka_rate $ka_p50 $ka_p99 $ka_err $ka_cpu $bulk_rate $bulk_eff $ready $idle_pss $idle_rss $m1 $conn_user $conn_sys $ka_user $ka_sys" \
    | tr ' ' '\t' >> "$RAW"
  log "  $peer: start ${start_ms}ms conn ${conn_rate}/s ${conn_cpu}us-cpu; keepalive ${ka_rate}/s p50 ${ka_p50}us p99 ${ka_p99}us ${ka_cpu}us-cpu; bulk ${bulk_rate}MB/s ${bulk_eff}MB/cpu-s; idle ${idle_pss}KiB/conn (${ready} conns)"
}

# A securelink variant of the "feature price" table (post-quantum key exchange, a 1,000-entry CRL, cached
# OCSP): started like a peer, probed, warmed up with new connections for as long as the peers' whole
# warm-up, then only the new-connection phase is measured (the other columns stay empty). A variant whose
# adapter writes run/<peer>.front (securelink-pq*) is loaded through that plaintext port: a securelink
# front in client mode on CPU 1 makes the mTLS connections, as the load client cannot offer ML-KEM.
measure_feature() { # peer rep
  local peer=$1 rep=$2 port pid t0 start_ms out front u0 s0 u1 s1 n
  PEER_PORT=$(free_port 18443); port=$PEER_PORT
  log "rep $rep: $peer (feature variant)"
  t0=$(now_ms)
  "$BENCH_DIR/peers/$peer.sh" start
  start_ms=$(wait_serving "$port" 60 tls "$t0") || { log "$peer did not serve within 60 s"; return 1; }
  pid=$("$BENCH_DIR/peers/$peer.sh" pid)
  probe_mtls "$port" "$peer"
  local -a target=(-p "$port" "${CLIENT_ID[@]}")
  if [ -s "$BENCH_WORK/run/$peer.front" ]; then
    front=$(cat "$BENCH_WORK/run/$peer.front")
    wait_serving "$front" 60 plain > /dev/null || { log "$peer: front did not serve within 60 s"; return 1; }
    target=(-p "$front" -plain)
  fi
  taskset -c 1 "$LC" conn "${target[@]}" -c "$CONN_C" -d "$WARMUP" > /dev/null
  read -r u0 s0 <<< "$(tree_cpu_split "$pid")"
  out=$(taskset -c 1 "$LC" conn "${target[@]}" -c "$CONN_C" -d "$CONN_SECS")
  read -r u1 s1 <<< "$(tree_cpu_split "$pid")"
  local conn_rate conn_err conn_cpu conn_user conn_sys group
  n=$(kv completed_total "$out")
  conn_rate=$(kv rate "$out"); conn_err=$(kv errors "$out")
  conn_cpu=$(div "$(( (u1 + s1 - u0 - s0) * 1000000 / CLK_TCK ))" "$n")
  conn_user=$(div "$(( (u1 - u0) * 1000000 / CLK_TCK ))" "$n")
  conn_sys=$(div "$(( (s1 - s0) * 1000000 / CLK_TCK ))" "$n")
  # The key-exchange group the measured link negotiated, from its connection log (last line).
  group=$(grep -o 'X25519MLKEM768\|X25519\|P-256\|secp256r1' "$BENCH_WORK/$peer/securelink.log" 2>/dev/null | tail -1)
  "$BENCH_DIR/peers/$peer.sh" stop
  printf '%s\t%s\t%s\n' "$rep" "$peer" "${group:-?}" >> "$OUT/feature-groups.tsv"
  printf '%s\n' "$rep $peer $start_ms $conn_rate $conn_err $conn_cpu nan nan nan nan nan nan nan nan nan nan nan $conn_user $conn_sys nan nan" \
    | tr ' ' '\t' >> "$RAW"
  log "  $peer: conn ${conn_rate}/s ${conn_cpu}us-cpu (user $conn_user, kernel $conn_sys), errors $conn_err, group ${group:-?}"
}

# Start of the bundled lab config (ports moved into the bench's free range) until a request has crossed
# both of its links to the backend.
LAB_TSV=$OUT/startup.tsv
echo -e "rep\tlab_start_ms" > "$LAB_TSV"
lab_start() { # rep (0 = unmeasured preparation: generates the lab dev PKI and trains the AppCDS archive)
  local rep=$1 dir=$BENCH_WORK/lab p_in p_tls t0 ms cds=()
  if ((rep == 0 && CDS)) && [ ! "$JSA" -nt "$REPO/appliance/target/securelink.jar" ]; then
    rm -f "$JSA"
    cds=(-XX:ArchiveClassesAtExit="$JSA")
  elif [ -n "${SECURELINK_CDS_ARCHIVE:-}" ]; then
    cds=(-XX:SharedArchiveFile="$SECURELINK_CDS_ARCHIVE")
  fi
  mkdir -p "$dir"
  p_in=$(free_port 17000); p_tls=$(free_port $((p_in + 1)))
  sed -e "s/127.0.0.1:7000/127.0.0.1:$p_in/; s/127.0.0.1:8443/127.0.0.1:$p_tls/g; s/127.0.0.1:9000/127.0.0.1:$BACKEND_PORT/" \
    "$REPO/lab/securelink.yaml" > "$dir/securelink.yaml"
  t0=$(now_ms)
  # shellcheck disable=SC2086
  taskset -c 0 java ${SECURELINK_JAVA_OPTS:-$SECURELINK_DEFAULT_JAVA_OPTS} "${cds[@]}" \
    -jar "$REPO/appliance/target/securelink.jar" run --config "$dir/securelink.yaml" > "$dir/lab-$rep.log" 2>&1 &
  echo $! > "$BENCH_WORK/run/lab.pid"
  ms=$(wait_serving "$p_in" 60 plain "$t0") || { log "lab config did not serve within 60 s"; stop_pidfile "$BENCH_WORK/run/lab.pid"; return 1; }
  stop_pidfile "$BENCH_WORK/run/lab.pid" 15
  if ((rep > 0)); then printf '%s\t%s\n' "$rep" "$ms" >> "$LAB_TSV"; log "  lab config: serving after ${ms} ms"; fi
}

log "run $RUN_ID: reps=$REPS peers=[$PEERS] warmup=${WARMUP}s conn=${CONN_SECS}s x$CONN_C keepalive=${KA_SECS}s x$KA_C idle=$IDLE_N bulk=${BULK_N}x${BULK_MIB}MiB key=$KEYTYPE"
JSA=$BENCH_WORK/securelink.jsa
case " $PEERS " in *" securelink "*) lab_start 0 ;; *) FEATURES="" ;; esac
if ((CDS)) && [ -s "$JSA" ]; then export SECURELINK_CDS_ARCHIVE=$JSA; else unset SECURELINK_CDS_ARCHIVE; fi
for ((rep = 1; rep <= REPS; rep++)); do
  for peer in $PEERS; do
    measure "$peer" "$rep"
  done
  for peer in $FEATURES; do
    measure_feature "$peer" "$rep"
  done
  case " $PEERS " in *" securelink "*) lab_start "$rep" ;; esac
done
"$BENCH_DIR/peers/backend.sh" stop

# ---- 4. physical limits on the peer's core --------------------------------------------------------------
SPEED=$OUT/speed.tsv
echo -e "what\tvalue\tunit" > "$SPEED"
if ((SPEED_SECS > 0)); then
  log "openssl speed (${SPEED_SECS}s each, CPU 0)"
  sp() { taskset -c 0 openssl speed -seconds "$SPEED_SECS" "$@" 2>/dev/null; }
  aes=$(sp -evp aes-128-gcm | awk '/^AES-128-GCM/ {v=$NF} END {sub(/k$/,"",v); printf "%.0f", v/1000}')
  cha=$(sp -evp chacha20-poly1305 | awk 'tolower($1) ~ /^chacha20-poly1305/ {v=$NF} END {sub(/k$/,"",v); printf "%.0f", v/1000}')
  read -r sign verify <<< "$(sp ecdsap256 | awk '/ecdsa \(nistp256\)/ {print $(NF-1), $NF}')"
  x25519=$(sp ecdhx25519 | awk '/X25519/ {v=$NF} END {print v}')
  hs=$(calc "1000000 * (1 / $sign + 2 / $verify + 2 / $x25519)")
  printf 'aes-128-gcm (16 KiB blocks)\t%s\tMB/s\nchacha20-poly1305 (16 KiB blocks)\t%s\tMB/s\necdsa p-256 sign\t%s\t/s\necdsa p-256 verify\t%s\t/s\nx25519\t%s\t/s\nserver mTLS handshake crypto (1 sign + 2 verify + 2 x25519)\t%s\tus\n' \
    "$aes" "$cha" "$sign" "$verify" "$x25519" "$hs" >> "$SPEED"
fi

# ---- 5. report -----------------------------------------------------------------------------------------
{
  echo "run=$RUN_ID"
  echo "reps=$REPS"; echo "warmup_s=$WARMUP"; echo "conn_s=$CONN_SECS"; echo "conn_c=$CONN_C"; echo "ka_s=$KA_SECS"
  echo "ka_c=$KA_C"; echo "idle_n=$IDLE_N"; echo "bulk=${BULK_N}x${BULK_MIB}MiB"; echo "key=$KEYTYPE"; echo "smoke=$SMOKE"
  echo "java_opts=${SECURELINK_JAVA_OPTS:-$SECURELINK_DEFAULT_JAVA_OPTS}${SECURELINK_CDS_ARCHIVE:+ -XX:SharedArchiveFile=bench/work/securelink.jsa (AppCDS, trained on the lab config)}"
  echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo) ($(nproc) cores)"
  echo "mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel=$(uname -sr)"
  echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "openssl=$(openssl version)"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "stunnel=$(stunnel4 -version 2>&1 | awk '/^stunnel/ {print $2; exit}')"
  echo "haproxy=$(haproxy -v 2>&1 | awk 'NR==1 {print $3}')"
  echo "nginx=$(nginx -v 2>&1 | sed 's/.*nginx\///')"
  echo "securelink_tls=$(grep -ho 'TLS provider: .*' "$BENCH_WORK"/securelink/securelink.log 2>/dev/null | head -1)"
} > "$OUT/meta.txt"
"$BENCH_DIR/lib/report.sh" "$OUT" > "$OUT/report.md"
cat "$OUT/report.md"
