#!/usr/bin/env bash
# stunnel4 as an mTLS terminator: TLS 1.3 only, TLS_AES_128_GCM_SHA256, X25519, client certificate
# required and verified against the bench CA; plaintext to the backend. Pinned to CPU ${PEER_CPU:-0}.
# Usage: stunnel.sh start|stop|pid   (env: BENCH_WORK, PKI, PEER_PORT, BACKEND_PORT, SERVER_CERT, SERVER_KEY)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
name=stunnel
dir=$BENCH_WORK/$name
pidfile=$BENCH_WORK/run/$name.pid
case ${1:-} in
  start)
    mkdir -p "$dir" "$BENCH_WORK/run"
    cat > "$dir/stunnel.conf" <<CONF
foreground = yes
pid =
debug = 3
output = $dir/stunnel.log
socket = l:TCP_NODELAY=1
socket = r:TCP_NODELAY=1

[bench]
accept = 127.0.0.1:$PEER_PORT
connect = 127.0.0.1:$BACKEND_PORT
cert = $SERVER_CERT
key = $SERVER_KEY
CAfile = $PKI/ca.crt
verifyChain = yes
requireCert = yes
sslVersionMin = TLSv1.3
sslVersionMax = TLSv1.3
ciphersuites = TLS_AES_128_GCM_SHA256
curves = X25519
CONF
    ulimit -n "$(ulimit -Hn)"
    taskset -c "${PEER_CPU:-0}" stunnel4 "$dir/stunnel.conf" > "$dir/stdout.log" 2>&1 &
    echo $! > "$pidfile"
    ;;
  stop) stop_pidfile "$pidfile" ;;
  pid) cat "$pidfile" ;;
  *) echo "usage: $0 start|stop|pid" >&2; exit 2 ;;
esac
