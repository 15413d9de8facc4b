#!/usr/bin/env bash
# Start time of the bundled lab config (two links: lab-out client mode -> mTLS -> lab-in server mode ->
# the bench backend) with the systemd unit's JVM flags: exec -> every listener accepting, and exec -> the
# first request served across the mTLS link. Prints each rep, the medians and the maxima, and where the CPU
# went by the first request (JIT compiler threads, main thread, the rest).
#   bench/start-time.sh [REPS] [extra JVM flags...]   e.g. bench/start-time.sh 7 -XX:CompileThresholdScaling=5
# The class data sharing archive: the unit's (/var/cache/securelink/securelink.jsa) exists only where the
# package is installed, so unless the flags name one (-XX:SharedArchiveFile=...), the script trains one for
# the jar as the package's securelink-cds does (CdsTraining), next to the jar as securelink.jsa, and again
# whenever the jar is newer than it: an archive of another build is silently ignored by the JVM, and
# start figures without a matching archive are not the unit's.
# SECURELINK_JAR=path/securelink.jar times another build (its lib/ beside it), e.g. a copy of the jar before a change;
# SECURELINK_UNIT=path/securelink.service takes the JVM flags from another unit file (that build's own, for a before/after);
# START_CPUS=0,1 runs securelink on both cores instead of CPU 0 alone (the unit itself is not pinned);
# START_LAUNCHER=jsvc starts it as the unit does (jsvc -cp JAR ... SecurelinkDaemon: no picocli, no java -jar
# manifest) instead of `java -jar JAR run`; CPU then counts jsvc's controller and its JVM child.
# Run bench/run.sh --smoke once first (it prepares bench/work). Pinned to CPU 0 like the harness's peers.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/lib/common.sh"
REPO=$(cd "$BENCH_DIR/.." && pwd)
JAR=$(readlink -f "${SECURELINK_JAR:-$REPO/appliance/target/securelink.jar}")
cpus=${START_CPUS:-0}
reps=${1:-5}; shift || true
export BENCH_WORK=$BENCH_DIR/work BACKEND_PORT
mkdir -p "$BENCH_WORK/run" "$BENCH_WORK/start"
BACKEND_PORT=$(free_port 18080)
trap 'stop_pidfile "$BENCH_WORK/run/backend.pid" 5 || true' EXIT
"$BENCH_DIR/peers/backend.sh" start
wait_serving "$BACKEND_PORT" 20 plain > /dev/null
# The unit's flags (systemd/securelink.service), read from the unit so the two cannot drift apart.
unit_flags=$(sed -n 's/^ *\(-XX:[^ ]*\|-Xm[sx][^ ]*\|-D[^ ]*\)/\1/p' "${SECURELINK_UNIT:-$REPO/systemd/securelink.service}" | tr -d '\\' | tr '\n' ' ')
dir=$BENCH_WORK/lab
mkdir -p "$dir"
p_in=$(free_port 17000); p_tls=$(free_port $((p_in + 1)))
sed -e "s/127.0.0.1:7000/127.0.0.1:$p_in/; s/127.0.0.1:8443/127.0.0.1:$p_tls/g; s/127.0.0.1:9000/127.0.0.1:$BACKEND_PORT/" \
  "$REPO/lab/securelink.yaml" > "$dir/securelink.yaml"
archive=()
case " $* " in
  *" -XX:SharedArchiveFile="*) ;;
  *)
    jsa=$(dirname "$JAR")/securelink.jsa
    # An archive records its class path as it was given: one trained with a relative path (or for another
    # jar) is silently ignored by a JVM started elsewhere (jsvc runs in /), so it is checked the way jsvc uses it.
    if [ ! -s "$jsa" ] || [ "$JAR" -nt "$jsa" ] \
      || ! (cd / && java -Xshare:on -XX:SharedArchiveFile="$jsa" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$JAR" -version > /dev/null 2>&1); then
      rm -rf "$BENCH_WORK/start/cds" "$jsa"
      # As packaging/src/deb/bin/securelink-cds trains it (its JVM flags, CdsTraining on a throw-away folder).
      java -XX:ArchiveClassesAtExit="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -cp "$JAR" io.securelink.appliance.cli.CdsTraining "$BENCH_WORK/start/cds" > "$BENCH_WORK/start/cds.log" 2>&1 \
        || { echo "CDS training failed (see $BENCH_WORK/start/cds.log)" >&2; exit 1; }
    fi
    archive=(-XX:SharedArchiveFile="$jsa")
    ;;
esac
# The command that starts securelink on $dir/securelink.yaml with the unit's flags and "$@", into cmd[].
launch() {
  if [ "${START_LAUNCHER:-java}" = jsvc ]; then
    local home
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    # shellcheck disable=SC2206
    cmd=(taskset -c "$cpus" /usr/bin/jsvc -nodetach -home "$home" -cp "$JAR" -pidfile "$BENCH_WORK/start/jsvc.pid"
      -outfile '&1' -errfile '&2' -procname securelink $unit_flags "${archive[@]}" "$@"
      io.securelink.appliance.daemon.SecurelinkDaemon --config "$dir/securelink.yaml")
  else
    # shellcheck disable=SC2206
    cmd=(taskset -c "$cpus" java $unit_flags "${archive[@]}" "$@" -jar "$JAR" run --config "$dir/securelink.yaml")
  fi
}
launch "$@"
echo "launcher: ${START_LAUNCHER:-java}"
echo "jar: $JAR; CPUs: $cpus; load: $(cut -d' ' -f1-3 /proc/loadavg); JVM flags: $unit_flags ${archive[*]} $*"
# One unmeasured start: generates the lab dev PKI.
python3 "$BENCH_DIR/lib/start_probe.py" --listen "$p_in,$p_tls" --request-port "$p_in" --log "$BENCH_WORK/start/prep.log" -- \
  "${cmd[@]}" > /dev/null
: > "$BENCH_WORK/start/times"
: > "$BENCH_WORK/start/threads"
for ((i = 1; i <= reps; i++)); do
  r=$(python3 "$BENCH_DIR/lib/start_probe.py" --listen "$p_in,$p_tls" --request-port "$p_in" --log "$BENCH_WORK/start/run-$i.log" \
    --threads "$BENCH_WORK/start/threads" -- "${cmd[@]}")
  read -r acc srv acc_cpu srv_cpu <<< "$r"
  echo "rep $i: all listeners accepting $acc ms (CPU $acc_cpu ms), first mTLS request served $srv ms (CPU $srv_cpu ms)"
  echo "$r" >> "$BENCH_WORK/start/times"
done
med() { sort -n -k"$1" "${2:-$BENCH_WORK/start/times}" | awk -v k="$1" '{a[NR]=$k} END {print a[int((NR+1)/2)]}'; }
max() { sort -n -k"$1" "$BENCH_WORK/start/times" | awk -v k="$1" 'END {print $k}'; }
echo "median of $reps: all listeners accepting $(med 1) ms (CPU $(med 3) ms), first mTLS request served $(med 2) ms (CPU $(med 4) ms)"
echo "max of $reps: all listeners accepting $(max 1) ms, first mTLS request served $(max 2) ms"
t=$BENCH_WORK/start/threads
echo "CPU by the first request, median of $reps: JIT compiler threads $(med 1 "$t") ms, main thread $(med 2 "$t") ms, other threads $(med 3 "$t") ms"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
