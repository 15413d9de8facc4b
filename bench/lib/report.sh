#!/usr/bin/env bash
# Prints the Markdown report of one harness run from the files run.sh wrote into $1: raw.tsv (one row
# per peer and rep), startup.tsv, speed.tsv, meta.txt. Every figure is a median over the reps.
set -euo pipefail
out=$1
meta() { sed -n "s/^$1=//p" "$out/meta.txt" | head -1; }

# medians.tsv: peer, then the median of every numeric column of raw.tsv (nan where nothing was measured).
awk -F'\t' '
  NR == 1 { for (i = 1; i <= NF; i++) name[i] = $i; nf = NF; next }
  {
    p = $2
    if (!(p in seen)) { seen[p] = 1; order[++np] = p }
    for (i = 3; i <= NF; i++) if ($i != "nan" && $i != "") { k = p SUBSEP i; n[k]++; v[k, n[k]] = $i + 0 }
  }
  function median(k,   m, a, i, j, t) {
    m = n[k]; if (m == 0) return "nan"
    for (i = 1; i <= m; i++) a[i] = v[k, i]
    for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
  }
  END {
    printf "peer"; for (i = 3; i <= nf; i++) printf "\t%s", name[i]; printf "\tn\n"
    for (q = 1; q <= np; q++) {
      p = order[q]; printf "%s", p
      for (i = 3; i <= nf; i++) printf "\t%s", median(p SUBSEP i)
      printf "\t%d\n", n[p SUBSEP 3]
    }
  }' "$out/raw.tsv" > "$out/medians.tsv"

col() { # peer column -> median
  awk -F'\t' -v p="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } $1 == p { print $k }' "$out/medians.tsv"
}
fmt() { # value decimals
  awk -v v="$1" -v d="${2:-0}" 'BEGIN { if (v == "nan" || v == "") print "–"; else printf "%\047.*f", d, v }'
}
peers=$(awk -F'\t' 'NR > 1 { print $1 }' "$out/medians.tsv")

echo "# securelink benchmark: $(meta run)"
echo
echo "Machine: $(meta cpu), $(meta mem), $(meta kernel), $(meta os). $(meta openssl); $(meta java);"
echo "stunnel $(meta stunnel), HAProxy $(meta haproxy), nginx $(meta nginx); securelink $(meta securelink_tls)."
echo
echo "Medians of $(meta reps) interleaved reps. Load: new connections $(meta conn_s) s at concurrency $(meta conn_c);"
echo "keep-alive $(meta ka_s) s on $(meta ka_c) connections; idle $(meta idle_n) connections; bulk $(meta bulk); warm-up"
echo "$(meta warmup_s) s per peer start. Server key: $(meta key). securelink JVM flags: \`$(meta java_opts)\`."
if [ "$(meta smoke)" = 1 ]; then
  echo
  echo "**Smoke run** (CI): proves the harness and the securelink adapter work; its figures mean nothing."
fi
echo
echo "## Results"
echo
echo "| peer | start→serving ms | new mTLS conn/s | keep-alive req/s | p50 µs | p99 µs | bulk MB/s | idle conns held |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for p in $peers; do
  echo "| $p | $(fmt "$(col "$p" start_ms)") | $(fmt "$(col "$p" conn_per_s)") | $(fmt "$(col "$p" ka_req_per_s)") | $(fmt "$(col "$p" ka_p50_us)" 1) | $(fmt "$(col "$p" ka_p99_us)" 1) | $(fmt "$(col "$p" bulk_MB_per_s)") | $(fmt "$(col "$p" idle_ready)") |"
done
echo
echo "## Peer CPU cost (the peer's own process tree, from /proc; lower is better except MB per CPU-second)"
echo
echo "| peer | CPU µs per new mTLS conn | CPU µs per keep-alive req | MB per CPU-second (bulk) | KiB per idle conn (PSS) | KiB per idle conn (RSS) | peer RSS at idle, MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for p in $peers; do
  echo "| $p | $(fmt "$(col "$p" conn_cpu_us)") | $(fmt "$(col "$p" ka_cpu_us)" 1) | $(fmt "$(col "$p" bulk_MB_per_cpu_s)") | $(fmt "$(col "$p" idle_pss_kib)" 1) | $(fmt "$(col "$p" idle_rss_kib)" 1) | $(fmt "$(awk -v v="$(col "$p" peer_rss_kib)" 'BEGIN { print v / 1024 }')" 0) |"
done
echo
echo
echo "Where the peer's CPU goes (user space vs kernel, µs; the kernel side includes the loopback TCP path of every send):"
echo
echo "| peer | new conn: user | new conn: kernel | keep-alive req: user | keep-alive req: kernel |"
echo "|---|---:|---:|---:|---:|"
for p in $peers; do
  echo "| $p | $(fmt "$(col "$p" conn_user_us)") | $(fmt "$(col "$p" conn_sys_us)") | $(fmt "$(col "$p" ka_user_us)" 1) | $(fmt "$(col "$p" ka_sys_us)" 1) |"
done
echo
echo "\"direct\" is plaintext straight to the backend (no TLS); its \"peer\" is the backend nginx itself."

if grep -q '^securelink' "$out/medians.tsv"; then
  echo
  echo "## securelink against the targets (issue 7) and the other peers"
  echo
  lab=$(awk -F'\t' 'NR > 1 { v[++n] = $2 } END { if (!n) { print "nan"; exit } for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t } print (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }' "$out/startup.tsv")
  verdict() { # value target direction(le|ge)
    awk -v v="$1" -v t="$2" -v d="$3" 'BEGIN { if (v == "nan" || v == "") print "–"; else if ((d == "le" && v <= t) || (d == "ge" && v >= t)) print "met"; else print "**missed**" }'
  }
  ratio() { # securelink peer column -> securelink/peer
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || a == "" || b == "" || b == 0) print "–"; else printf "%.2f×", a / b }'
  }
  others=$(for p in $peers; do case $p in securelink|direct) ;; *) printf '%s ' "$p" ;; esac; done)
  printf '| measure | target | securelink |'
  for p in $others; do printf ' vs %s |' "$p"; done
  echo " verdict |"
  printf '|---|---:|---:|'
  for p in $others; do printf -- '---:|'; done
  echo "---|"
  row() { # label column target dir decimals
    local v; v=$(col securelink "$2")
    printf '| %s | %s | %s |' "$1" "$3" "$(fmt "$v" "$5")"
    for p in $others; do printf ' %s |' "$(ratio "$v" "$(col "$p" "$2")")"; done
    echo " $(verdict "$v" "${3//[^0-9.]/}" "$4") |"
  }
  row "CPU µs per new mTLS connection" conn_cpu_us "≤ 1000" le 0
  row "CPU µs per keep-alive request" ka_cpu_us "≤ 18" le 1
  row "MB per CPU-second (bulk)" bulk_MB_per_cpu_s "≥ 700" ge 0
  row "KiB per idle TLS connection (PSS)" idle_pss_kib "≤ 24" le 1
  printf '| start → all listeners serving, bundled lab config (ms) | ≤ 1500 | %s |' "$(fmt "$lab")"
  for p in $others; do printf ' |'; done
  echo " $(verdict "$lab" 1500 le) |"
  echo
  echo "Ratios are securelink ÷ peer on the same column (below 1× is better for CPU and memory, above 1× for MB per CPU-second)."
  echo "Bundled lab config start: median of $(($(wc -l < "$out/startup.tsv") - 1)) starts, from launch until a request has crossed both of its links."
fi

features=$(for p in $peers; do case $p in securelink-pq*|securelink-crl|securelink-ocsp) printf '%s ' "$p" ;; esac; done)
if [ -n "$features" ] && grep -q '^securelink	' "$out/medians.tsv"; then
  plain=$(col securelink conn_cpu_us)
  x=$(col securelink-pq-x25519 conn_cpu_us)
  echo
  echo "## Price of the features: CPU per new mTLS connection (medians of the reps, one run)"
  echo
  echo "| variant | negotiated group | CPU µs per new mTLS conn | user | kernel | new conn/s | ratio to plain |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  group_of() { awk -F'\t' -v p="$1" 'NR > 1 && $2 == p { g = $3 } END { print (g == "" ? "–" : g) }' "$out/feature-groups.tsv" 2>/dev/null || echo –; }
  frow() { # label peer
    local v; v=$(col "$2" conn_cpu_us)
    echo "| $1 | $(group_of "$2") | $(fmt "$v") | $(fmt "$(col "$2" conn_user_us)") | $(fmt "$(col "$2" conn_sys_us)") | $(fmt "$(col "$2" conn_per_s)") | $(awk -v a="$v" -v b="$plain" 'BEGIN { if (a == "nan" || a == "" || b == "nan" || b == "" || b == 0) print "–"; else printf "%.2f×", a / b }') |"
  }
  echo "| plain (securelink row above, the load client offers X25519) | X25519 | $(fmt "$plain") | $(fmt "$(col securelink conn_user_us)") | $(fmt "$(col securelink conn_sys_us)") | $(fmt "$(col securelink conn_per_s)") | 1.00× |"
  for p in $features; do
    case $p in
      securelink-pq-x25519) frow "via a securelink front offering X25519 only (control for +PQ)" "$p" ;;
      securelink-pq) frow "+PQ: via a securelink front offering X25519MLKEM768" "$p" ;;
      securelink-crl) frow "+CRL: 1,000-entry CRL of the bench CA checked" "$p" ;;
      securelink-ocsp) frow "+OCSP (cached): \`ocsp: hard\`, local \`openssl ocsp\` responder" "$p" ;;
    esac
  done
  if [ -n "$x" ] && grep -q '^securelink-pq	' "$out/medians.tsv"; then
    echo
    echo "X25519MLKEM768 against X25519 through the same front: $(awk -v a="$(col securelink-pq conn_cpu_us)" -v b="$x" 'BEGIN { if (a == "nan" || b == "nan" || b == 0) print "–"; else printf "%.2f×", a / b }') (the PQ price alone)."
  fi
  echo
  echo "Variants are measured like the securelink row (same adapter, link, JVM flags and warm-up length, new"
  echo "connections only) and interleaved with it in every rep. +PQ: Debian 12's OpenSSL 3.0 cannot offer ML-KEM, so"
  echo "a second securelink in client mode on CPU 1 (not counted) makes the connections; the control row prices that"
  echo "front. Per-rep values: raw.tsv; negotiated group per rep (from the measured link's connection log): feature-groups.tsv."
fi

if [ "$(wc -l < "$out/speed.tsv")" -gt 1 ]; then
  echo
  echo "## Physical limits (\`openssl speed\`, one core: CPU 0)"
  echo
  echo "| primitive | value |"
  echo "|---|---:|"
  awk -F'\t' 'NR > 1 { printf "| %s | %\047.0f %s |\n", $1, $2, $3 }' "$out/speed.tsv"
fi

cat <<EOF

## Method

- One box, two cores, shared: every peer is pinned to CPU 0 (\`taskset -c 0\`), the load client, curl and
  the plaintext backend (nginx serving 1 KiB and $(meta bulk | sed 's/.*x//') files) to CPU 1. Everything on 127.0.0.1.
  Reps are interleaved (direct, stunnel, haproxy, nginx-stream, securelink, then again) so drift hits every row alike.
- Every peer terminates TLS 1.3 with TLS_AES_128_GCM_SHA256 and X25519, requires a client certificate
  and verifies it against the bench CA; securelink additionally checks the client's SPKI pin. At each
  start a probe proves it: a good client gets through; no certificate and a rogue-CA certificate are refused.
- Each peer runs one worker (stunnel: its default thread per connection; HAProxy \`nbthread 1\`; nginx
  \`worker_processes 1\`; securelink one I/O thread, as it sizes itself to the one CPU it may use).
- Per peer start: warm-up ($(meta warmup_s) s of new connections and keep-alive, plus one bulk download), identical for every peer.
- New connections: \`bench/loadclient\` (C, OpenSSL, epoll) keeps $(meta conn_c) full handshakes in flight
  (no session resumption), one \`GET /1k\`, close. Keep-alive: $(meta ka_c) connections doing sequential
  \`GET /1k\`; p50/p99 are exact over every request's latency. Idle: $(meta idle_n) connections, each with a
  handshake and one GET, held open; KiB per connection = (PSS or RSS of the peer's tree with them open −
  before) ÷ connections. Bulk: curl with the client certificate, $(meta bulk), MB = 10^6 bytes.
- Peer CPU: utime+stime of the peer's process tree from /proc (clock ticks), sampled right before and after
  each phase, divided by the connections, requests or MB of that phase.
- The machine is shared with other work (builds of other helpers), so absolute figures are noisy; the
  interleaving and the medians damp it, the peer-CPU columns are the comparable ones.
- Raw per-rep values: raw.tsv; medians: medians.tsv; lab start times: startup.tsv; limits: speed.tsv.
EOF
