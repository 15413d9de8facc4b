#!/usr/bin/env bash
# A half-close crosses both TLS hops of the lab without cutting what still flows back, from the built jar:
# clients send 16 MiB each to the lab's echo backend through lab-out (plaintext -> mTLS) and lab-in (mTLS ->
# plaintext), end their sending side (FIN), and must read back every byte, unchanged, then a clean end of
# stream. Several at once and repeatedly, with readers that pause now and then, so the appliance's legs
# often wait for room to write after their input has ended (the case Netty 4.2.18's epoll cut short).
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib/lab.sh
work=$(mktemp -d /tmp/securelink-half-close.XXXXXX)
cleanup() { lab_stop; rm -rf "$work"; }
trap cleanup EXIT
lab_free_ports
lab_start "$work"

python3 - "$p_in" <<'EOF'
import concurrent.futures, hashlib, os, socket, sys, threading, time

port = int(sys.argv[1])
SIZE = 16 << 20

def one(rep):
    payload = os.urandom(SIZE)
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    def send():
        s.sendall(payload)
        s.shutdown(socket.SHUT_WR)
    t = threading.Thread(target=send)
    t.start()
    got = bytearray()
    n = 0
    while True:
        b = s.recv(65536)
        if not b:
            break
        got += b
        n += 1
        if n % 64 == 0:
            time.sleep(0.002)  # a reader that falls behind now and then
    t.join()
    s.close()
    if len(got) != SIZE:
        return "rep %d: %d of %d bytes, then a clean end of stream" % (rep, len(got), SIZE)
    if hashlib.sha256(got).digest() != hashlib.sha256(payload).digest():
        return "rep %d: bytes changed" % rep
    return None

reps = 24
with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
    futures = [pool.submit(one, i) for i in range(reps)]
    errors = []
    for f in futures:
        try:
            r = f.result()
        except Exception as e:
            r = "%s: %s" % (type(e).__name__, e)
        if r:
            errors.append(r)
if errors:
    print("half-close echo: %d of %d failed:" % (len(errors), reps))
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("half-close echo: %d of %d x 16 MiB came back whole through both TLS hops" % (reps, reps))
EOF
