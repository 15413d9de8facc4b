#!/usr/bin/env bash
# Profiles securelink under one load of the harness with JFR: starts the securelink adapter with a flight
# recording, warms up, runs MODE (conn | keepalive | bulk) for SECONDS, then prints CPU per thread (from
# /proc) and the hottest frames (top of stack and inclusive) sampled during the load phase only (warm-up,
# start and handshakes of the warm-up are cut off by timestamp; only on-CPU samples are counted).
#   bench/profile-securelink.sh conn 20        (run bench/run.sh --smoke once first: it prepares bench/work)
#   ASYNC_PROFILER=/path/libasyncProfiler.so bench/profile-securelink.sh keepalive 20
#       samples with async-profiler instead of JFR (native frames of BoringSSL and the JDK included; the
#       library is in the tools.profiler:async-profiler jar on Maven Central, under linux-x64/)
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/lib/common.sh"
mode=${1:-conn} secs=${2:-20}
export BENCH_WORK=$BENCH_DIR/work PKI=$BENCH_DIR/work/pki
export SERVER_CERT=$PKI/server.crt SERVER_KEY=$PKI/server.key SERVER_PEM=$PKI/server.pem
out=$BENCH_WORK/profile/$mode-$(date -u +%H%M%S)
mkdir -p "$out" "$BENCH_WORK/run"
LC=$BENCH_WORK/loadclient
export BACKEND_PORT PEER_PORT
BACKEND_PORT=$(free_port 18080)
PEER_PORT=$(free_port 18443)
trap 'for f in "$BENCH_WORK"/run/*.pid; do [ -e "$f" ] && stop_pidfile "$f" 15; done' EXIT
"$BENCH_DIR/peers/backend.sh" start
wait_serving "$BACKEND_PORT" 20 plain > /dev/null
if [ -n "${ASYNC_PROFILER:-}" ]; then
  rec="-agentpath:$ASYNC_PROFILER=start,event=cpu,interval=1ms,jfr,file=$out/rec.jfr"
else
  rec="-XX:StartFlightRecording=filename=$out/rec.jfr,settings=profile,dumponexit=true"
fi
export SECURELINK_JAVA_OPTS="${SECURELINK_JAVA_OPTS:-$SECURELINK_DEFAULT_JAVA_OPTS} $rec"
"$BENCH_DIR/peers/securelink.sh" start
wait_serving "$PEER_PORT" 60 tls > /dev/null
pid=$("$BENCH_DIR/peers/securelink.sh" pid)
id=(-p "$PEER_PORT" -cert "$PKI/client.crt" -key "$PKI/client.key" -ca "$PKI/ca.crt")
taskset -c 1 "$LC" conn "${id[@]}" -c 16 -d "${WARM:-5}" > /dev/null
taskset -c 1 "$LC" keepalive "${id[@]}" -c 32 -d "${WARM:-5}" > /dev/null
threads() { for t in /proc/"$pid"/task/*; do read -r line < "$t/stat"; c=${line#*(}; c=${c%%)*}; r=${line##*) }; set -- $r; echo "$c ${12} ${13}"; done | awk '{u[$1]+=$2; s[$1]+=$3} END {for (k in u) print k, u[k], s[k]}' | sort; }
threads > "$out/threads.before"
load_from=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
# System calls and context switches of the process during the load (kernel tracepoints; no PMU needed):
# a per-request count a loaded machine does not inflate, unlike CPU time.
perf_pid=
if command -v perf > /dev/null; then
  perf stat -x, -e raw_syscalls:sys_enter,context-switches -p "$pid" -o "$out/perf-stat.csv" &
  perf_pid=$!
fi
case $mode in
  conn|keepalive) taskset -c 1 "$LC" "$mode" "${id[@]}" -c $([ "$mode" = conn ] && echo 16 || echo 32) -d "$secs" | tee "$out/load.txt" ;;
  bulk) end=$(( $(now_ms) + secs * 1000 ))
        while (( $(now_ms) < end )); do
          taskset -c 1 curl -sS -o /dev/null --cacert "$PKI/ca.crt" --cert "$PKI/client.crt" --key "$PKI/client.key" "https://127.0.0.1:$PEER_PORT/bulk"
        done ;;
esac
threads > "$out/threads.after"
load_to=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
if [ -n "$perf_pid" ]; then
  kill -INT "$perf_pid"; wait "$perf_pid" || true
  if [ "$mode" != bulk ]; then
    done_n=$(sed -n 's/^completed_total=//p' "$out/load.txt")
    echo "== per $( [ "$mode" = conn ] && echo connection || echo request ) during the load ($done_n completed)"
    awk -F, -v n="$done_n" '$3 ~ /sys_enter|context-switches/ && n > 0 { printf "%-28s %.2f\n", $3, $1 / n }' "$out/perf-stat.csv"
  fi
fi
echo "== CPU ticks per thread during the load (user sys)"
join "$out/threads.before" "$out/threads.after" | awk '{du=$4-$2; ds=$5-$3; if (du+ds>0) print $1, du, ds}' | sort -k2 -nr
stop_pidfile "$BENCH_WORK/run/securelink.pid" 15
jfr print --json --events jdk.ExecutionSample "$out/rec.jfr" > "$out/samples.json"
python3 - "$out/samples.json" "$load_from" "$load_to" <<'PY'
import json, sys, collections
from datetime import datetime
def at(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))
lo, hi = at(sys.argv[2]), at(sys.argv[3])
events = [e for e in json.load(open(sys.argv[1]))["recording"]["events"] if lo <= at(e["values"]["startTime"]) <= hi]
top, incl = collections.Counter(), collections.Counter()
for e in events:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
    if names:
        top[names[0]] += 1
    for n in set(names):
        incl[n] += 1
n = len(events)
print(f"== {n} on-CPU samples during the load; top of stack")
for k, v in top.most_common(25):
    print(f"{100*v/n:5.1f}% {k}")
print("== inclusive")
for k, v in incl.most_common(45):
    print(f"{100*v/n:5.1f}% {k}")
PY
echo "recording: $out/rec.jfr"
