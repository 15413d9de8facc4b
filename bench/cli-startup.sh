#!/bin/bash
# Measures the CLI's start-up: `securelink version`, `check-config --config lab/securelink.yaml`,
# `status` (against a running lab appliance) and `pin FILE`, against bare `java -version`, interleaved,
# in one run on this machine (and check-config of a lab whose dev PKI exists, which reads all its TLS material). Prints a markdown table of medians: wall time (ms) and CPU time (user+sys, ms;
# less sensitive to other load on the box), each with its ratio to java -version's.
#
#   bench/cli-startup.sh [REPS] [-- LAUNCHER...]
#
# LAUNCHER is how securelink is started. Default: as the packaged launcher (packaging/src/deb/bin/securelink)
# starts it, on appliance/target: C1 only (compiling at a quarter of the rate), serial GC, the JDK's selector provider named,
# java.base's certificate class exported for check-config (as for every command that reads a config), and the command
# line's class data sharing archive appliance/target/securelink-cli.jsa, made first (one `CdsTraining --cli`
# run) when missing or older than the jar; the lab appliance `status` asks runs as the unit starts it, from
# the daemon's archive appliance/target/securelink.jsa (one CdsTraining run, the same way).
# SECURELINK_LAUNCHER="java -jar appliance/target/securelink.jar" measures the bare jar instead.
# Needs the jar built (mvn -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-7}
shift || true
[ "${1:-}" = "--" ] && shift
# Absolute: a class data sharing archive records its class path as given, and bench/start-time.sh uses the same
# archive from jsvc, which runs in /.
jar=$PWD/appliance/target/securelink.jar
jsa=appliance/target/securelink.jsa
clijsa=appliance/target/securelink-cli.jsa
flags=(-Xlog:cds=off -Xlog:cds+dynamic=off -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
# CdsTraining [--cli] into ARCHIVE when it is missing or older than the jar.
train() {
  local archive=$1; shift
  if [ ! -s "$archive" ] || [ "$jar" -nt "$archive" ]; then
    local dir
    dir=$(mktemp -d /tmp/securelink-cdstrain.XXXXXX)
    java -XX:ArchiveClassesAtExit="$archive" "${flags[@]}" -cp "$jar" io.securelink.appliance.cli.CdsTraining "$@" "$dir" >/dev/null
    rm -rf "$dir"
  fi
}
train "$jsa"
daemon=(java -XX:SharedArchiveFile="$jsa" "${flags[@]}" -jar "$jar")
if [ $# -gt 0 ]; then
  launcher=("$@")
elif [ -n "${SECURELINK_LAUNCHER:-}" ]; then
  read -r -a launcher <<<"$SECURELINK_LAUNCHER"
else
  train "$clijsa" --cli
  launcher=(java -XX:SharedArchiveFile="$clijsa" "${flags[@]}" -XX:CompileThresholdScaling=4 -Djava.nio.channels.spi.SelectorProvider=sun.nio.ch.EPollSelectorProvider -jar "$jar")
  # As the packaged launcher starts the commands that read a config (check-config, audit, policy, firewall).
  config_launcher=(java -XX:SharedArchiveFile="$clijsa" "${flags[@]}" -XX:CompileThresholdScaling=4 -Djava.nio.channels.spi.SelectorProvider=sun.nio.ch.EPollSelectorProvider --add-exports=java.base/sun.security.x509=ALL-UNNAMED -jar "$jar")
fi
[ -n "${config_launcher+x}" ] || config_launcher=("${launcher[@]}")
java=${JAVA:-java}
work=$(mktemp -d /tmp/securelink-clistart.XXXXXX)
trap 'kill "${pid:-}" 2>/dev/null; wait "${pid:-}" 2>/dev/null; rm -rf "$work"' EXIT
# A lab copy on free ports so the measured appliance never collides with a running lab.
cp lab/securelink.yaml "$work/lab.yaml"
ports=$(python3 -c 'import socket
s=[socket.socket() for _ in range(3)]
[x.bind(("127.0.0.1",0)) for x in s]
print(" ".join(str(x.getsockname()[1]) for x in s))')
read -r p1 p2 p3 <<<"$ports"
sed -i -e "s/127.0.0.1:7000/127.0.0.1:$p1/" -e "s/127.0.0.1:8443/127.0.0.1:$p2/g" -e "s/127.0.0.1:9000/127.0.0.1:$p3/" "$work/lab.yaml"
: >"$work/run.log"   # before the daemon's own redirection, so the wait below never reads a missing file
"${daemon[@]}" run --config "$work/lab.yaml" >"$work/run.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do grep -q 'securelink running' "$work/run.log" && break; sleep 0.1; done
grep -q 'securelink running' "$work/run.log" || { cat "$work/run.log"; exit 1; }
# check-config on the repository's lab config, as the issue asks; on a copy so nothing is written into lab/.
mkdir -p "$work/check" && cp lab/securelink.yaml "$work/check/securelink.yaml"
declare -A cmds=(
  [java -version]="$java -version"
  [securelink version]="${launcher[*]} version"
  [check-config --config lab/securelink.yaml]="${config_launcher[*]} check-config --config $work/check/securelink.yaml"
  [status]="${launcher[*]} status --config $work/lab.yaml"
  [pin FILE]="${launcher[*]} pin $work/state/dev-pki/server.crt"
  [check-config, dev PKI in place]="${config_launcher[*]} check-config --config $work/lab.yaml"
)
# The last row is not one of the issue's four: check-config of the running lab's config, whose dev PKI
# exists, reads and checks all the TLS material (the fresh lab's row checks the dev PKI's files by name).
order=("java -version" "securelink version" "check-config --config lab/securelink.yaml" "status" "pin FILE" "check-config, dev PKI in place")
declare -A samples cpu
TIMEFORMAT='%3R %3U %3S'
for r in $(seq 1 "$reps"); do
  for name in "${order[@]}"; do
    # shellcheck disable=SC2086
    t=$( { time ${cmds[$name]} >/dev/null 2>&1; } 2>&1 ) || { echo "failed: ${cmds[$name]}" >&2; ${cmds[$name]} || true; exit 1; }
    read -r real user sys <<<"$t"
    samples[$name]+="$(awk -v a="$real" 'BEGIN{printf "%d", a*1000}') "
    cpu[$name]+="$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%d", (u+s)*1000}') "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
base=$(echo "${samples[java -version]}" | median)
cbase=$(echo "${cpu[java -version]}" | median)
echo "| command | wall ms (median of $reps) | × java -version | CPU ms (user+sys) | × java -version | wall samples |"
echo "|---|---:|---:|---:|---:|---|"
for name in "${order[@]}"; do
  m=$(echo "${samples[$name]}" | median)
  c=$(echo "${cpu[$name]}" | median)
  echo "| \`$name\` | $m | $(awk -v a="$m" -v b="$base" 'BEGIN{printf "%.1f", a/b}') | $c | $(awk -v a="$c" -v b="$cbase" 'BEGIN{printf "%.1f", a/b}') | ${samples[$name]}|"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
