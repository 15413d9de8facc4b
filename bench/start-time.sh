#!/usr/bin/env bash
# Start time of the bundled lab config (two links: lab-out client mode -> mTLS -> lab-in server mode ->
# the bench backend) with the systemd unit's JVM flags: exec -> every listener accepting, and exec -> the
# first request served across the mTLS link. Prints each rep and the medians.
#   bench/start-time.sh [REPS] [extra JVM flags...]   e.g. bench/start-time.sh 5 -XX:SharedArchiveFile=bench/work/securelink.jsa
# SECURELINK_JAR=path/securelink.jar times another build (its lib/ beside it), e.g. a copy of the jar before a change;
# START_CPUS=0,1 runs securelink on both cores instead of CPU 0 alone (the unit itself is not pinned).
# Run bench/run.sh --smoke once first (it prepares bench/work). Pinned to CPU 0 like the harness's peers.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/lib/common.sh"
REPO=$(cd "$BENCH_DIR/.." && pwd)
JAR=${SECURELINK_JAR:-$REPO/appliance/target/securelink.jar}
cpus=${START_CPUS:-0}
reps=${1:-5}; shift || true
export BENCH_WORK=$BENCH_DIR/work BACKEND_PORT
mkdir -p "$BENCH_WORK/run" "$BENCH_WORK/start"
BACKEND_PORT=$(free_port 18080)
trap 'stop_pidfile "$BENCH_WORK/run/backend.pid" 5 || true' EXIT
"$BENCH_DIR/peers/backend.sh" start
wait_serving "$BACKEND_PORT" 20 plain > /dev/null
# The unit's flags (systemd/securelink.service), read from the unit so the two cannot drift apart.
unit_flags=$(sed -n 's/^ *\(-XX:[^ ]*\|-Xm[sx][^ ]*\|-D[^ ]*\)/\1/p' "$REPO/systemd/securelink.service" | tr -d '\\' | tr '\n' ' ')
dir=$BENCH_WORK/lab
mkdir -p "$dir"
p_in=$(free_port 17000); p_tls=$(free_port $((p_in + 1)))
sed -e "s/127.0.0.1:7000/127.0.0.1:$p_in/; s/127.0.0.1:8443/127.0.0.1:$p_tls/g; s/127.0.0.1:9000/127.0.0.1:$BACKEND_PORT/" \
  "$REPO/lab/securelink.yaml" > "$dir/securelink.yaml"
echo "jar: $JAR; CPUs: $cpus; load: $(cut -d' ' -f1-3 /proc/loadavg); JVM flags: $unit_flags $*"
# One unmeasured start: generates the lab dev PKI.
python3 "$BENCH_DIR/lib/start_probe.py" --listen "$p_in,$p_tls" --request-port "$p_in" --log "$BENCH_WORK/start/prep.log" -- \
  taskset -c "$cpus" java $unit_flags "$@" -jar "$JAR" run --config "$dir/securelink.yaml" > /dev/null
: > "$BENCH_WORK/start/times"
for ((i = 1; i <= reps; i++)); do
  r=$(python3 "$BENCH_DIR/lib/start_probe.py" --listen "$p_in,$p_tls" --request-port "$p_in" --log "$BENCH_WORK/start/run-$i.log" -- \
    taskset -c "$cpus" java $unit_flags "$@" -jar "$JAR" run --config "$dir/securelink.yaml")
  read -r acc srv acc_cpu srv_cpu <<< "$r"
  echo "rep $i: all listeners accepting $acc ms (CPU $acc_cpu ms), first mTLS request served $srv ms (CPU $srv_cpu ms)"
  echo "$r" >> "$BENCH_WORK/start/times"
done
med() { sort -n -k"$1" "$BENCH_WORK/start/times" | awk -v k="$1" '{a[NR]=$k} END {print a[int((NR+1)/2)]}'; }
echo "median of $reps: all listeners accepting $(med 1) ms (CPU $(med 3) ms), first mTLS request served $(med 2) ms (CPU $(med 4) ms)"
