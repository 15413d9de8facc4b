#!/usr/bin/env bash
# securelink with OCSP checking on: the securelink adapter's link plus tls.revocation { ocsp: hard,
# ocsp-responder: http://127.0.0.1:PORT/ } asking a local `openssl ocsp` responder (the bench CA signs its
# answers, from an index.txt that lists the bench client as valid, nextUpdate one day ahead). The answer
# about the bench client is fetched on the first handshake and then served from securelink's cache, so
# this row prices a cached OCSP check (and the verification pool it runs on), not the responder round trip.
# OpenSSL 3.0's `openssl ocsp -port` takes a port only (it binds every address); it is asked on 127.0.0.1.
# The responder is not a child of the measured JVM: its CPU is not counted. Usage: start|stop|pid.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
dir=$BENCH_WORK/securelink-ocsp
responder_pid=$BENCH_WORK/run/securelink-ocsp-responder.pid
case ${1:-} in
  start)
    mkdir -p "$dir/ocsp"
    serial=$(openssl x509 -in "$PKI/client.crt" -noout -serial | sed 's/^serial=//')
    expiry=$(date -u -d "$(openssl x509 -in "$PKI/client.crt" -noout -enddate | sed 's/^notAfter=//')" +%y%m%d%H%M%SZ)
    printf 'V\t%s\t\t%s\tunknown\t/CN=bench-client\n' "$expiry" "$serial" > "$dir/ocsp/index.txt"
    port=$(free_port 18900)
    openssl ocsp -index "$dir/ocsp/index.txt" -port "$port" -rsigner "$PKI/ca.crt" -rkey "$PKI/ca.key" \
      -CA "$PKI/ca.crt" -ndays 1 -ignore_err > "$dir/ocsp/responder.log" 2>&1 &
    echo $! > "$responder_pid"
    # Listening, seen by `ss` (a probe connection would occupy the one-at-a-time responder); at most 30 s.
    listening() { [ -n "$(ss -Hltn "sport = :$port")" ]; }
    for ((i = 0; i < 600; i++)); do listening && break; kill -0 "$(cat "$responder_pid")" 2>/dev/null || break; sleep 0.05; done
    listening || { echo "securelink-ocsp: openssl ocsp did not start on port $port: $(cat "$dir/ocsp/responder.log")" >&2; exit 1; }
    SECURELINK_PEER_NAME=securelink-ocsp \
      SECURELINK_REVOCATION="revocation: { ocsp: hard, ocsp-responder: \"http://127.0.0.1:$port/\", ocsp-timeout: 5s }" \
      "$here/securelink.sh" start
    ;;
  stop)
    SECURELINK_PEER_NAME=securelink-ocsp "$here/securelink.sh" stop
    stop_pidfile "$responder_pid" 5
    ;;
  pid) SECURELINK_PEER_NAME=securelink-ocsp "$here/securelink.sh" pid ;;
  *) echo "usage: $0 start|stop|pid" >&2; exit 2 ;;
esac
