#!/usr/bin/env bash
# Plaintext HTTP backend every peer forwards to: nginx on 127.0.0.1:$BACKEND_PORT serving
# $BENCH_WORK/www/1k and /100m. Pinned to CPU ${BACKEND_CPU:-1} (with the load client, off the peer's core).
# Usage: backend.sh start|stop|pid   (env: BENCH_WORK, BACKEND_PORT; BACKEND_CONNECTIONS, default 8000, the
#        connections it may hold: bench/idle-scale.sh holds 10,000 idle ones through securelink)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
name=${BACKEND_NAME:-backend}   # BACKEND_NAME: a second backend beside a running harness
dir=$BENCH_WORK/$name
pidfile=$BENCH_WORK/run/$name.pid
case ${1:-} in
  start)
    mkdir -p "$dir/logs" "$dir/tmp" "$BENCH_WORK/run"
    cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
worker_rlimit_nofile $(( ${BACKEND_CONNECTIONS:-8000} * 2 > 16384 ? ${BACKEND_CONNECTIONS:-8000} * 3 / 2 + 256 : 16384 ));
events { worker_connections ${BACKEND_CONNECTIONS:-8000}; }
http {
  access_log off;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 100000000;
  keepalive_timeout 600s;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$BACKEND_PORT reuseport backlog=4096;
    root $BENCH_WORK/www;
    location / { }
  }
}
CONF
    taskset -c "${BACKEND_CPU:-1}" nginx -p "$dir" -c "$dir/nginx.conf" > "$dir/logs/stdout.log" 2>&1 &
    echo $! > "$pidfile"
    ;;
  stop) stop_pidfile "$pidfile" ;;
  pid) cat "$pidfile" ;;
  *) echo "usage: $0 start|stop|pid" >&2; exit 2 ;;
esac
