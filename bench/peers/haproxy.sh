#!/usr/bin/env bash
# HAProxy in TCP mode as an mTLS terminator (one thread): TLS 1.3 only, TLS_AES_128_GCM_SHA256, X25519,
# client certificate required and verified against the bench CA. Pinned to CPU ${PEER_CPU:-0}.
# Usage: haproxy.sh start|stop|pid   (env: BENCH_WORK, PKI, PEER_PORT, BACKEND_PORT, SERVER_PEM)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
name=haproxy
dir=$BENCH_WORK/$name
pidfile=$BENCH_WORK/run/$name.pid
case ${1:-} in
  start)
    mkdir -p "$dir" "$BENCH_WORK/run"
    cat > "$dir/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 8000
  tune.ssl.default-dh-param 2048

defaults
  mode tcp
  timeout connect 5s
  timeout client 600s
  timeout server 600s

frontend bench
  bind 127.0.0.1:$PEER_PORT ssl crt $SERVER_PEM ca-file $PKI/ca.crt verify required ssl-min-ver TLSv1.3 ssl-max-ver TLSv1.3 ciphersuites TLS_AES_128_GCM_SHA256 curves X25519
  default_backend backend

backend backend
  server s1 127.0.0.1:$BACKEND_PORT
CONF
    ulimit -n "$(ulimit -Hn)"
    taskset -c "${PEER_CPU:-0}" haproxy -db -f "$dir/haproxy.cfg" > "$dir/stdout.log" 2>&1 &
    echo $! > "$pidfile"
    ;;
  stop) stop_pidfile "$pidfile" ;;
  pid) cat "$pidfile" ;;
  *) echo "usage: $0 start|stop|pid" >&2; exit 2 ;;
esac
