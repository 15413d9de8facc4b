#!/usr/bin/env python3
"""Small network peers for the namespace tests (lab/netns/*.sh): no dependencies beyond Python's ssl.

  server --listen H:P --cert C --key K --ca CA --name N   mTLS line server: answers each line with "N LINE"
  echo --listen H:P                                      plaintext line echo (the backend behind a server link)
  probe --connect H:P --cert C --key K --ca CA --out F    every --interval: TCP connect, TLS handshake, one
                                                         line and its echo, within --timeout; one line per
                                                         attempt to F: "<start ms> <end ms> ok|fail <detail>"
  hold --connect H:P [--once]                            plaintext: send "hello", print "reply <answer>"; without
                                                         --once, then wait for the far side to close and print
                                                         "closed <epoch ms>"
"""
import argparse
import socket
import ssl
import threading
import time


def hostport(text):
    host, _, port = text.rpartition(":")
    return host.strip("[]"), int(port)


def serve(listen, handle):
    host, port = hostport(listen)
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    srv = socket.socket(fam, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen(128)
    print("listening", listen, flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


def lines(conn, answer):
    buf = b""
    try:
        while True:
            data = conn.recv(4096)
            if not data:
                break
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                conn.sendall(answer(line) + b"\n")
    except (OSError, ssl.SSLError):
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def cmd_server(a):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    ctx.load_verify_locations(a.ca)
    ctx.verify_mode = ssl.CERT_REQUIRED
    name = a.name.encode()

    def handle(conn):
        conn.settimeout(30)
        try:
            tls = ctx.wrap_socket(conn, server_side=True)
        except (OSError, ssl.SSLError):
            conn.close()
            return
        tls.settimeout(None)
        lines(tls, lambda l: name + b" " + l)

    serve(a.listen, handle)


def cmd_echo(a):
    serve(a.listen, lambda conn: lines(conn, lambda l: l))


def cmd_probe(a):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_cert_chain(a.cert, a.key)
    ctx.load_verify_locations(a.ca)
    ctx.check_hostname = False
    host, port = hostport(a.connect)
    out = open(a.out, "a", buffering=1)
    n = 0
    while True:
        start = time.monotonic()
        started_ms = int(time.time() * 1000)
        n += 1
        status, detail = "fail", ""
        try:
            with socket.create_connection((host, port), timeout=a.timeout) as s:
                s.settimeout(max(0.05, a.timeout - (time.monotonic() - start)))
                with ctx.wrap_socket(s) as t:
                    msg = b"ping %d\n" % n
                    t.sendall(msg)
                    got = b""
                    while not got.endswith(b"\n"):
                        chunk = t.recv(256)
                        if not chunk:
                            break
                        got += chunk
                    if got == msg:
                        status = "ok"
                    else:
                        detail = "bad-echo:%r" % got[:40]
        except (OSError, ssl.SSLError) as e:
            detail = type(e).__name__ + ":" + str(e).replace(" ", "_")[:60]
        out.write("%d %d %s %s\n" % (started_ms, int(time.time() * 1000), status, detail))
        left = a.interval - (time.monotonic() - start)
        if left > 0:
            time.sleep(left)


def cmd_hold(a):
    host, port = hostport(a.connect)
    s = socket.create_connection((host, port), timeout=10)
    s.sendall(b"hello\n")
    got = b""
    while not got.endswith(b"\n"):
        chunk = s.recv(256)
        if not chunk:
            break
        got += chunk
    print("reply", got.decode().strip(), flush=True)
    if a.once:
        return
    s.settimeout(None)
    try:
        while s.recv(256):
            pass
    except OSError:
        pass
    print("closed %d" % int(time.time() * 1000), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("server")
    s.add_argument("--listen", required=True)
    s.add_argument("--cert", required=True)
    s.add_argument("--key", required=True)
    s.add_argument("--ca", required=True)
    s.add_argument("--name", required=True)
    e = sub.add_parser("echo")
    e.add_argument("--listen", required=True)
    pr = sub.add_parser("probe")
    pr.add_argument("--connect", required=True)
    pr.add_argument("--cert", required=True)
    pr.add_argument("--key", required=True)
    pr.add_argument("--ca", required=True)
    pr.add_argument("--out", required=True)
    pr.add_argument("--interval", type=float, default=0.1)
    pr.add_argument("--timeout", type=float, default=0.5)
    h = sub.add_parser("hold")
    h.add_argument("--connect", required=True)
    h.add_argument("--once", action="store_true")
    a = p.parse_args()
    {"server": cmd_server, "echo": cmd_echo, "probe": cmd_probe, "hold": cmd_hold}[a.cmd](a)


if __name__ == "__main__":
    main()
