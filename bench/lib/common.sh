#!/usr/bin/env bash
# Shared helpers of the benchmark harness: process trees from /proc, CPU and memory of a tree, bounded
# waits, stopping by recorded PID. Sourced by run.sh and the peer adapters.

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# All descendants of $1 (including $1), from /proc only (no procps needed).
tree_pids() {
  local root=$1 f line rest pid ppid p
  local -A kids=()
  for f in /proc/[0-9]*/stat; do
    { read -r line < "$f"; } 2>/dev/null || continue
    pid=${line%% *}
    rest=${line##*) }
    set -- $rest
    ppid=$2
    kids[$ppid]+=" $pid"
  done
  local -a queue=("$root") out=()
  while ((${#queue[@]})); do
    p=${queue[0]}
    queue=("${queue[@]:1}")
    [ -d "/proc/$p" ] || continue
    out+=("$p")
    # shellcheck disable=SC2206
    queue+=(${kids[$p]:-})
  done
  echo "${out[@]}"
}

# utime+stime (clock ticks) summed over the process tree of $1.
tree_cpu_ticks() {
  local total=0 p line rest
  for p in $(tree_pids "$1"); do
    { read -r line < "/proc/$p/stat"; } 2>/dev/null || continue
    rest=${line##*) }
    set -- $rest
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}

# "user sys" clock ticks summed over the process tree of $1.
tree_cpu_split() {
  local u=0 s=0 p line rest
  for p in $(tree_pids "$1"); do
    { read -r line < "/proc/$p/stat"; } 2>/dev/null || continue
    rest=${line##*) }
    set -- $rest
    u=$((u + ${12}))
    s=$((s + ${13}))
  done
  echo "$u $s"
}

# "RSS_KiB PSS_KiB" summed over the process tree of $1.
tree_mem_kib() {
  local rss=0 pss=0 p k v _
  for p in $(tree_pids "$1"); do
    while read -r k v _; do
      case $k in
        Rss:) rss=$((rss + v)) ;;
        Pss:) pss=$((pss + v)) ;;
      esac
    done < <(cat "/proc/$p/smaps_rollup" 2>/dev/null)
  done
  echo "$rss $pss"
}

# tree_mem_kib of $1 once its PSS stops moving (two samples 1 s apart within 1 %, at most 20 s).
settled_mem() {
  local pid=$1 a b i
  read -r _ a <<< "$(tree_mem_kib "$pid")"
  for ((i = 0; i < 20; i++)); do
    sleep 1
    read -r _ b <<< "$(tree_mem_kib "$pid")"
    (( (b - a) * 100 <= a && (a - b) * 100 <= a )) && break
    a=$b
  done
  tree_mem_kib "$pid"
}

CLK_TCK=$(getconf CLK_TCK)

# A TCP port on 127.0.0.1 that nothing listens on (checked with bash's /dev/tcp), from $1 upwards.
free_port() {
  local p=$1
  while (echo > "/dev/tcp/127.0.0.1/$p") 2>/dev/null; do
    p=$((p + 1))
  done
  echo "$p"
}

# Stops the process whose PID is recorded in file $1: SIGTERM, then SIGKILL after ${2:-10} s.
stop_pidfile() {
  local file=$1 grace=${2:-10} pid i
  [ -s "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 20; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid did not stop in ${grace}s; SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  rm -f "$file"
}

now_ms() { date +%s%3N; }

# Polls `curl` through an mTLS peer (or plaintext with $3=plain) until a 200 arrives; at most $2 s.
# Prints the milliseconds it took from $4 (an epoch-ms start time) or from the call.
wait_serving() {
  local port=$1 limit=$2 kind=${3:-tls} start=${4:-$(now_ms)} deadline
  deadline=$(( $(now_ms) + limit * 1000 ))
  while (( $(now_ms) < deadline )); do
    if probe_get "$port" "$kind" client >/dev/null 2>&1; then
      echo $(( $(now_ms) - start ))
      return 0
    fi
    sleep 0.02
  done
  return 1
}

# One GET /1k through port $1; $2 tls|plain; $3 which client identity: client | rogue-client | none.
probe_get() {
  local port=$1 kind=$2 who=$3
  if [ "$kind" = plain ]; then
    curl -sS -f -o /dev/null -m 5 "http://127.0.0.1:$port/1k"
    return
  fi
  local -a id=()
  case $who in
    client) id=(--cert "$PKI/client.crt" --key "$PKI/client.key") ;;
    rogue-client) id=(--cert "$PKI/rogue-client.crt" --key "$PKI/rogue-client.key") ;;
  esac
  curl -sS -f -o /dev/null -m 5 --cacert "$PKI/ca.crt" "${id[@]}" --tlsv1.3 --tls-max 1.3 \
    --tls13-ciphers TLS_AES_128_GCM_SHA256 --curves X25519 "https://127.0.0.1:$port/1k"
}

# JVM flags the harness runs securelink with unless SECURELINK_JAVA_OPTS says otherwise: the launcher
# defaults recommended for the appliance (chosen by measurement, see README-bench.md), the same as the
# systemd unit's. C1 only: C2 cut CPU per keep-alive request and per bulk megabyte once warm, but spent 6-8 s
# of CPU compiling in the first minute, which tripled the CPU per new connection in this harness's window
# (bench/results/2026-11-26-s4-hot/). Netty's buffer pool out of the low-memory mode a heap of 512 MiB or
# less switches on (buffers above 16.5 KiB, such as a bulk transfer's 64 KiB reads, were then allocated,
# zeroed and freed one by one).
SECURELINK_DEFAULT_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=4 -Xms64m -Xmx256m -Dio.netty.leakDetection.level=disabled -Dio.netty.allocator.lowMemory=false"
# The flags and handshake buffer before 2026-11-26 (s4-hot), for a before/after row on the same build:
#   SECURELINK_ALT_OPTS="$SECURELINK_OLD_JAVA_OPTS" bench/run.sh --peers "securelink securelink-alt"
SECURELINK_OLD_JAVA_OPTS="-Dio.netty.allocator.lowMemory=true -Dio.netty.handler.ssl.openssl.bioNonApplicationBufferSize=2048"
