# Regenerates the Performance section (README-bench.md, to paste into README.md) from a results dir: python3 bench/lib/fill-readme.py bench/results/DATE
# (tables copied verbatim from the report the harness printed; run from the repo root).
import sys, re
res_dir = sys.argv[1]          # e.g. bench/results/2026-11-25
rep = open(res_dir + '/report.md').read()
jmh = open(res_dir + '/jmh.txt').read()
lines = rep.splitlines()
title = lines[0].lstrip('# ').strip()
def section(name):
    out, on = [], False
    for l in lines:
        if l.startswith('## '):
            on = l[3:].startswith(name)
            if on:
                continue
        if on:
            out.append(l)
    return '\n'.join(out).strip()
machine = '\n'.join(lines[2:4])
params = '\n'.join(l for l in lines[5:9])
tables = f"""### Results: {title.replace('securelink benchmark: ', 'run of ')}

{machine}

{params}

#### Throughput and latency (medians of the reps)

{section('Results')}

#### Peer CPU and memory cost

{section('Peer CPU cost')}

#### securelink against the targets of issue 7, and as a ratio of each peer

{section('securelink against')}

#### Physical limits of the core

{section('Physical limits')}"""
jt = jmh[jmh.index('Benchmark   '):].strip()
s = open('bench/lib/README-bench.template.md').read()
s = s.replace('@@TABLES@@', tables).replace('@@JMH@@', '```\n' + jt + '\n```').replace('@@RESULTS_DIR@@', res_dir)
open('README-bench.md', 'w').write(s)
