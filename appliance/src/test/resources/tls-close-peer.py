#!/usr/bin/env python3
"""A TLS peer that reports how its connection ended, treating a missing close_notify as an error.

client HOST PORT CERT KEY CA VERSION [SEND]  connect, optionally send SEND and keep the write side open,
                                             read to the end
server PORT CERT KEY CA VERSION              accept one connection (port 0: print LISTEN <port> first),
                                             read to the end
Prints one line: CLEAN <bytes> (close_notify then EOF), RAGGED <bytes> (EOF without close_notify),
RESET <bytes> (TCP reset), or ERROR <what>.
"""
import socket
import ssl
import sys

VERSIONS = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}


def read_to_end(tls):
    got = 0
    try:
        while True:
            data = tls.recv(65536)
            if not data:
                return "CLEAN %d" % got
            got += len(data)
    except ssl.SSLEOFError:
        # Python's ssl does not say reliably whether a TCP FIN or a reset ended the stream; the kernel does:
        # after a reset the socket is CLOSE (7), after a FIN it is CLOSE_WAIT (8).
        return ("RESET %d" if tcp_state(tls) == 7 else "RAGGED %d") % got
    except ssl.SSLZeroReturnError:
        return "CLEAN %d" % got
    except (ConnectionResetError, BrokenPipeError):
        return "RESET %d" % got
    except ssl.SSLError as e:
        return "ERROR %s" % e
    except OSError as e:
        return "RESET %d" % got if e.errno == 104 else "ERROR %s" % e


def tcp_state(sock):
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0]


def context(side, cert, key, ca, version):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if side == "server" else ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ctx.maximum_version = VERSIONS[version]
    ctx.load_cert_chain(cert, key)
    ctx.load_verify_locations(ca)
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.check_hostname = False
    return ctx


def main():
    side = sys.argv[1]
    if side == "client":
        host, port, cert, key, ca, version = sys.argv[2:8]
        send = sys.argv[8] if len(sys.argv) > 8 else ""
        raw = socket.create_connection((host, int(port)), timeout=20)
        tls = context("client", cert, key, ca, version).wrap_socket(raw, suppress_ragged_eofs=False)
        if send:
            tls.sendall(send.encode())
        print(read_to_end(tls), flush=True)
    else:
        port, cert, key, ca, version = sys.argv[2:7]
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", int(port)))
        srv.listen(1)
        print("LISTEN %d" % srv.getsockname()[1], flush=True)
        srv.settimeout(30)
        conn, _ = srv.accept()
        conn.settimeout(20)
        tls = context("server", cert, key, ca, version).wrap_socket(conn, server_side=True, suppress_ragged_eofs=False)
        print(read_to_end(tls), flush=True)


if __name__ == "__main__":
    main()
