#!/usr/bin/env bash
# ab.sh ROUNDS REPS_PER label1 "jar1 flags1..." label2 "jar2 flags2..." ... ; interleaved rounds of bench/start-time.sh
cd /work/wt/s7-start
rounds=$1 per=$2; shift 2
out=${AB_OUT:-/tmp/s7-start-prof/ab-$(date +%H%M%S)}; mkdir -p $out
for ((r = 1; r <= rounds; r++)); do
  for ((k = 1; k <= $#; k += 2)); do
    label=${!k}; j=$((k + 1)); spec=${!j}
    read -r jar unit flags <<< "$spec"
    SECURELINK_UNIT=$unit SECURELINK_JAR=$jar bash bench/start-time.sh $per $flags > $out/$label-$r.txt 2>&1
    grep "^rep" $out/$label-$r.txt | sed -E 's/.*accepting ([0-9]+) ms \(CPU ([0-9]+) ms\), first mTLS request served ([0-9]+) ms \(CPU ([0-9]+) ms\)/\1 \3 \2 \4/' >> $out/$label.tsv
    paste -d' ' <(tail -n $per /work/wt/s7-start/bench/work/start/threads) >> $out/$label.threads
    grep -h "^jar" $out/$label-$r.txt | sed 's/.*load: \([0-9. ]*\);.*/\1/' >> $out/load.txt
  done
done
for ((k = 1; k <= $#; k += 2)); do
  label=${!k}
  python3 - $out/$label.tsv $out/$label.threads $label <<'PY'
import sys, statistics as s
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
th = [list(map(float, l.split())) for l in open(sys.argv[2])]
c = list(zip(*rows)); t = list(zip(*th))
print(f"{sys.argv[3]:>8} n={len(rows)} accepting med {s.median(c[0]):.0f} max {max(c[0]):.0f} CPU med {s.median(c[2]):.0f} | served med {s.median(c[1]):.0f} max {max(c[1]):.0f} CPU med {s.median(c[3]):.0f} | jit {s.median(t[0]):.0f} main {s.median(t[1]):.0f} other {s.median(t[2]):.0f}")
PY
done
echo "load (1/5/15 min) at each run: $(tr '\n' '|' < $out/load.txt)"; echo $out
