#!/usr/bin/env bash
# nginx stream module as an mTLS terminator (one worker): TLS 1.3 only, TLS_AES_128_GCM_SHA256, X25519,
# client certificate required and verified against the bench CA. Pinned to CPU ${PEER_CPU:-0}.
# Usage: nginx-stream.sh start|stop|pid   (env: BENCH_WORK, PKI, PEER_PORT, BACKEND_PORT, SERVER_CERT, SERVER_KEY)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
name=nginx-stream
dir=$BENCH_WORK/$name
pidfile=$BENCH_WORK/run/$name.pid
case ${1:-} in
  start)
    mkdir -p "$dir/logs" "$BENCH_WORK/run"
    module=/usr/lib/nginx/modules/ngx_stream_module.so
    cat > "$dir/nginx.conf" <<CONF
load_module $module;
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log crit;
worker_rlimit_nofile 16384;
events { worker_connections 8000; }
stream {
  server {
    listen 127.0.0.1:$PEER_PORT ssl backlog=4096;
    ssl_certificate $SERVER_CERT;
    ssl_certificate_key $SERVER_KEY;
    ssl_protocols TLSv1.3;
    ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256;
    ssl_ecdh_curve X25519;
    ssl_client_certificate $PKI/ca.crt;
    ssl_verify_client on;
    proxy_pass 127.0.0.1:$BACKEND_PORT;
    proxy_timeout 600s;
  }
}
CONF
    taskset -c "${PEER_CPU:-0}" nginx -p "$dir" -c "$dir/nginx.conf" > "$dir/logs/stdout.log" 2>&1 &
    echo $! > "$pidfile"
    ;;
  stop) stop_pidfile "$pidfile" ;;
  pid) cat "$pidfile" ;;
  *) echo "usage: $0 start|stop|pid" >&2; exit 2 ;;
esac
