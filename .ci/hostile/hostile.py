#!/usr/bin/env python3
"""securelink's own hostile suite: starts the built jar on the lab config (loopback only, free ports) and
attacks it the way issue 12 did, each attack bounded in count and time. Exit 0 when every expectation
held, 1 otherwise; prints one line per attack and the figures (legitimate success rate, handshake p99,
RSS and open fds of the daemon before and after).

  hostile.py JAR [--quick]     --quick: smaller counts (for a developer box); CI runs the full counts

Attacks: silent half-handshakes (70 from one source; 500 from 50 sources) while a legitimate client on
another source runs 100 handshake+echo rounds (goal: >= 99/100, p99 < 1 s); random bytes; a
connect/close storm; oversize TLS records; a client that never reads; a backend that resets mid-answer
(the TLS client must see a reset, not a clean end) and one that ends cleanly (close_notify then FIN);
bad reloads (refused, links keep serving); config fuzzing with a fixed seed (check-config never prints a
stack trace, never takes 10 s).
"""
import os
import random
import re
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time

QUICK = "--quick" in sys.argv
BUILT_JAR = os.path.abspath(sys.argv[1])
JAR = BUILT_JAR  # replaced in main() by a private copy, so a rebuild during the run cannot disturb it
failures = []
figures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_figures(pid):
    rss = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) // 1024
    fds = len(os.listdir("/proc/%d/fd" % pid))
    return rss, fds


def socket_fds(pid):
    """Open sockets of the daemon: connections that were never closed would show here (event-loop
    eventfd/epoll/timerfd descriptors appear as event loops start lazily and are not leaks)."""
    n = 0
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            if os.readlink("/proc/%d/fd/%s" % (pid, fd)).startswith("socket:"):
                n += 1
        except OSError:
            pass
    return n


def wait_port(port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.2)
    return False


class Appliance:
    """The lab config on free ports in a scratch folder, run from the jar; an echo backend beside it."""

    def __init__(self, work, state_dir="state", extra=""):
        self.work = work
        self.tls_port, self.plain_port, self.backend_port = free_port(), free_port(), free_port()
        cfg = open(os.path.join(os.path.dirname(__file__), "..", "..", "lab", "securelink.yaml")).read()
        cfg = cfg.replace("127.0.0.1:8443", "127.0.0.1:%d" % self.tls_port)
        cfg = cfg.replace("127.0.0.1:7000", "127.0.0.1:%d" % self.plain_port)
        cfg = cfg.replace("127.0.0.1:9000", "127.0.0.1:%d" % self.backend_port)
        cfg = cfg.replace("  state-dir: state\n", "  state-dir: %s\n" % state_dir) + extra
        self.state = os.path.join(work, state_dir)
        self.config = os.path.join(work, "securelink.yaml")
        with open(self.config, "w") as f:
            f.write(cfg)
        self.good_config = cfg
        self.log = open(os.path.join(work, "run.log"), "w")
        self.backend = subprocess.Popen(["java", "-jar", JAR, "echo", "--listen", "127.0.0.1:%d" % self.backend_port],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.proc = subprocess.Popen(["java", "-jar", JAR, "run", "--config", self.config],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        if not (wait_port(self.tls_port) and wait_port(self.backend_port)):
            raise SystemExit("the appliance or its echo backend did not start; see " + self.log.name)
        pki = os.path.join(self.state, "dev-pki")
        self.client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self.client.load_cert_chain(os.path.join(pki, "client.crt"), os.path.join(pki, "client.key"))
        self.client.load_verify_locations(os.path.join(pki, "ca.crt"))
        self.client.check_hostname = False

    def status(self):
        r = subprocess.run(["java", "-jar", JAR, "status", "--config", self.config], capture_output=True, text=True, timeout=60)
        return r.stdout + r.stderr

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        for p in (self.proc, self.backend):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(20)
                except subprocess.TimeoutExpired:
                    p.kill()
        self.log.close()


def client_hello():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(incoming, outgoing, server_hostname="localhost")
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


class SilentHandshakes(threading.Thread):
    """Opens `per_source` sockets per source address that send a ClientHello and then stay silent, spread
    over `open_over` seconds, and holds them; with `reopen` it reopens any the appliance closes."""

    def __init__(self, port, sources, per_source, open_over, reopen):
        super().__init__(daemon=True)
        self.port, self.sources, self.per_source, self.open_over = port, sources, per_source, open_over
        self.reopen = reopen
        self.hello = client_hello()
        self.socks = []
        self.stopped = threading.Event()
        self.opened = threading.Event()

    def open_one(self, src):
        s = socket.socket()
        s.setblocking(True)
        s.settimeout(2)
        try:
            s.bind((src, 0))
            s.connect(("127.0.0.1", self.port))
            s.sendall(self.hello)
        except OSError:
            pass
        s.setblocking(False)
        return (src, s)

    def run(self):
        total = len(self.sources) * self.per_source
        start = time.time()
        n = 0
        for _ in range(self.per_source):
            for src in self.sources:
                self.socks.append(self.open_one(src))
                n += 1
                due = start + self.open_over * n / total
                if due > time.time():
                    time.sleep(due - time.time())
        self.opened.set()
        while not self.stopped.is_set():
            for i, (src, s) in enumerate(self.socks):
                try:
                    if s.recv(65536) == b"":
                        raise ConnectionResetError()
                except (BlockingIOError, ssl.SSLWantReadError):
                    continue
                except OSError:
                    s.close()
                    if self.reopen and not self.stopped.is_set():
                        self.socks[i] = self.open_one(src)
            time.sleep(0.1)

    def stop(self):
        self.stopped.set()
        self.join(10)
        for _, s in self.socks:
            s.close()


def legit_rounds(app, rounds, source="127.0.0.3"):
    ok, times, errors = 0, [], []
    for i in range(rounds):
        t0 = time.time()
        hs = None
        try:
            raw = socket.socket()
            raw.settimeout(5)
            raw.bind((source, 0))
            raw.connect(("127.0.0.1", app.tls_port))
            with app.client.wrap_socket(raw) as s:
                hs = time.time() - t0
                line = b"round-%d\n" % i
                s.sendall(line)
                got = b""
                while not got.endswith(b"\n"):
                    d = s.recv(4096)
                    if not d:
                        break
                    got += d
                if got == line:
                    ok += 1
                elif len(errors) < 3:
                    errors.append("answer %r" % got)
        except OSError as e:
            if len(errors) < 3:
                errors.append(repr(e))
        times.append(hs if hs is not None else time.time() - t0)
    times.sort()
    p99 = times[max(0, int(round(len(times) * 0.99)) - 1)]
    return ok, p99, errors


def starvation(app, name, sources, per_source, open_over, reopen):
    attack = SilentHandshakes(app.tls_port, sources, per_source, open_over, reopen)
    attack.start()
    attack.opened.wait(60)
    rounds = 30 if QUICK else 100
    ok, p99, errors = legit_rounds(app, rounds)
    attack.stop()
    need = rounds - (rounds // 100)
    figures.append("%s: legitimate %d/%d handshake+echo, handshake p99 %d ms" % (name, ok, rounds, p99 * 1000))
    check(ok >= need and p99 < 1.0, "%s: legitimate client %d/%d (need %d), p99 %d ms (need < 1000) %s"
          % (name, ok, rounds, need, p99 * 1000, errors))


def random_bytes(app, count):
    rnd = random.Random(12)
    for _ in range(count):
        try:
            with socket.create_connection(("127.0.0.1", app.tls_port), timeout=5) as s:
                s.sendall(bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 4096))))
                s.settimeout(5)
                while s.recv(4096):
                    pass
        except OSError:
            pass
    check(app.alive() and legit_rounds(app, 3)[0] == 3, "random bytes on %d connections: still serving" % count)


def connect_close_storm(app, count):
    t0 = time.time()
    for i in range(count):
        try:
            s = socket.socket()
            if i % 2:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.connect(("127.0.0.1", app.tls_port if i % 3 else app.plain_port))
            s.close()
        except OSError:
            pass
    check(app.alive() and legit_rounds(app, 3)[0] == 3,
          "connect/close storm of %d (half reset) in %.1f s: still serving" % (count, time.time() - t0))


def oversize_records(app, count):
    for _ in range(count):
        try:
            with socket.create_connection(("127.0.0.1", app.tls_port), timeout=5) as s:
                s.sendall(b"\x16\x03\x03\xff\xff" + b"\x00" * 70000)
                s.settimeout(5)
                while s.recv(4096):
                    pass
        except OSError:
            pass
    check(app.alive() and legit_rounds(app, 3)[0] == 3, "oversize TLS records on %d connections: refused, still serving" % count)


def non_reading_client(app, megabytes):
    raw = socket.create_connection(("127.0.0.1", app.tls_port), timeout=5)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s = app.client.wrap_socket(raw)
    s.settimeout(0.5)
    sent = 0
    chunk = b"x" * 65536 + b"\n"
    try:
        while sent < megabytes * 1024 * 1024:
            s.sendall(chunk)
            sent += len(chunk)
    except (socket.timeout, OSError):
        pass
    rss, _ = proc_figures(app.proc.pid)
    ok = legit_rounds(app, 3)[0] == 3
    s.close()
    check(ok, "a client that never reads (stalled after %d KiB sent): others still served, daemon RSS %d MiB"
          % (sent // 1024, rss))


def close_semantics(app):
    """A backend that answers 19 bytes and resets: the TLS client must see a reset, not a clean end."""
    results = {}
    for mode in ("clean", "reset"):
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        port = srv.getsockname()[1]
        cfg = app.good_config.replace("127.0.0.1:%d" % app.backend_port, "127.0.0.1:%d" % port)

        def serve():
            c, _ = srv.accept()
            c.sendall(b"nineteen bytes, end")
            if mode == "reset":
                time.sleep(0.2)
                c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                c.close()
            else:
                c.shutdown(socket.SHUT_WR)
                c.settimeout(5)
                try:
                    while c.recv(4096):
                        pass
                except OSError:
                    pass
                c.close()

        with open(app.config, "w") as f:
            f.write(cfg)
        subprocess.run(["java", "-jar", JAR, "reload", "--config", app.config], capture_output=True, timeout=60)
        t = threading.Thread(target=serve, daemon=True)
        t.start()
        raw = socket.create_connection(("127.0.0.1", app.tls_port), timeout=10)
        s = app.client.wrap_socket(raw, suppress_ragged_eofs=False)
        got, end = 0, "?"
        try:
            while True:
                d = s.recv(4096)
                if not d:
                    end = "close_notify"
                    break
                got += len(d)
        except ssl.SSLEOFError:
            # The kernel tells a reset (socket CLOSE, 7) from a FIN (CLOSE_WAIT, 8); Python's ssl does not reliably.
            end = "reset" if s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0] == 7 else "fin-without-close_notify"
        except ConnectionResetError:
            end = "reset"
        except OSError as e:
            end = repr(e)
        s.close()
        srv.close()
        results[mode] = end
    with open(app.config, "w") as f:
        f.write(app.good_config)
    subprocess.run(["java", "-jar", JAR, "reload", "--config", app.config], capture_output=True, timeout=60)
    check(results.get("clean") == "close_notify", "backend ends cleanly: TLS client sees close_notify (%s)" % results.get("clean"))
    check(results.get("reset") == "reset", "backend resets: TLS client sees a reset, no close_notify (%s)" % results.get("reset"))


def bad_reloads(app):
    broken = ["links: [", "appliance: { id: Bad/Id }\n", app.good_config.replace("sources:", "sourcez:"),
              app.good_config.replace("max-connections: 200", "max-connections: 0")]
    refused = 0
    for b in broken:
        with open(app.config, "w") as f:
            f.write(b)
        r = subprocess.run(["java", "-jar", JAR, "reload", "--config", app.config], capture_output=True, text=True, timeout=60)
        if r.returncode != 0 and "\tat " not in r.stdout + r.stderr:
            refused += 1
    with open(app.config, "w") as f:
        f.write(app.good_config)
    check(refused == len(broken) and app.alive() and legit_rounds(app, 3)[0] == 3,
          "bad reloads: %d/%d refused without a stack trace, still serving" % (refused, len(broken)))


def full_disk(work):
    """The audit log on a full disk: a 2 MiB tmpfs holds the state folder; links keep serving, status says
    degraded, and once space returns the log resumes with an audit-gap record and verifies."""
    folder = os.path.join(work, "full-disk")
    mount = os.path.join(folder, "state")  # the lab's state-dir: dev PKI, control socket and audit log on the tmpfs
    os.makedirs(mount)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "securelink-hostile-fs", mount],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print("skip full disk: cannot mount a tmpfs here (%s)" % (r.stderr.strip() or r.stdout.strip()))
        return
    app = None
    try:
        app = Appliance(folder)
        deadline = time.time() + 60
        while "audit log: ok" not in app.status() and time.time() < deadline:
            time.sleep(0.5)  # the audit log opens after the listeners bind: fill the disk only once it is open
        filler = os.path.join(mount, "filler")
        try:
            with open(filler, "wb") as f:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
        except OSError:
            pass
        with open(app.config, "w") as f:
            f.write(app.good_config.replace("sources:", "sourcez:"))
        # Refused reloads are audit records; the first few may still fit in the slack of the log file's last
        # tmpfs page, so keep refusing (up to 40) until a write has actually failed.
        status = app.status()
        for batch in range(8):
            for _ in range(5):
                subprocess.run(["java", "-jar", JAR, "reload", "--config", app.config], capture_output=True, timeout=60)
            status = app.status()
            if "audit log: degraded" in status:
                break
        with open(app.config, "w") as f:
            f.write(app.good_config)
        deadline = time.time() + 20
        while "audit log: degraded" not in status and time.time() < deadline:
            time.sleep(0.5)
            status = app.status()
        check("audit log: degraded" in status, "full disk: status says the audit log is degraded")
        check(legit_rounds(app, 5)[0] == 5, "full disk: the links keep serving")
        os.remove(filler)
        t0 = time.time()
        while "audit log: ok" not in status and time.time() < t0 + 20:
            time.sleep(0.5)
            status = app.status()
        figures.append("full disk: audit log resumed %.1f s after space returned" % (time.time() - t0))
        check("audit log: ok" in status and time.time() - t0 <= 15, "full disk: writing resumes within the 10 s retry (+ the status command's own start-up)")
        app.stop()
        app = None
        log_file = os.path.join(mount, "audit", "audit.log")
        log = open(log_file).read() if os.path.exists(log_file) else ""
        check('"type":"audit-gap"' in log and "reload-refused=" in log, "full disk: a signed audit-gap record names what was lost")
        v = subprocess.run(["java", "-jar", JAR, "audit-log", "verify", os.path.join(mount, "audit")],
                           capture_output=True, text=True, timeout=60)
        check(v.returncode == 0, "full disk: audit-log verify says OK afterwards (%s)" % v.stdout.strip().splitlines()[-1:])
    except SystemExit as e:
        check(False, "full disk: %s" % e)
    finally:
        if app is not None:
            app.stop()
        subprocess.run(["umount", "-l", mount])


def mqtt_reply_topics(work):
    """A request whose response topic lies in another appliance's subtree gets no reply; the reply space works."""
    if shutil.which("mosquitto") is None and not os.path.exists("/usr/sbin/mosquitto"):
        print("skip MQTT reply topics: mosquitto is not installed")
        return
    port = free_port()
    folder = os.path.join(work, "mqtt")
    os.makedirs(folder)
    conf = os.path.join(folder, "mosquitto.conf")
    with open(conf, "w") as f:
        f.write("listener %d 127.0.0.1\nallow_anonymous true\n" % port)
    broker = subprocess.Popen([shutil.which("mosquitto") or "/usr/sbin/mosquitto", "-c", conf],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    app = None
    try:
        wait_port(port)
        app = Appliance(folder, extra='status:\n  mqtt: { brokers: ["tcp://127.0.0.1:%d"], heartbeat: 5s }\n' % port)
        base = "securelink/v1/lab/lab-appliance"
        sub = subprocess.run(["mosquitto_sub", "-p", str(port), "-t", base + "/state", "-C", "1", "-W", "20"],
                             capture_output=True, text=True)
        foreign = subprocess.Popen(["mosquitto_sub", "-p", str(port), "-t", "securelink/v1/lab/other-appliance/#", "-W", "5", "-v"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        time.sleep(0.5)
        subprocess.run(["mosquitto_rr", "-p", str(port), "-t", base + "/cmd/version", "-e",
                        "securelink/v1/lab/other-appliance/state", "-m", "{}", "-W", "3"], capture_output=True, text=True)
        into_other = foreign.communicate(timeout=20)[0]
        ok = subprocess.run(["mosquitto_rr", "-p", str(port), "-t", base + "/cmd/version", "-e",
                             "securelink/v1/_cli/hostile/reply", "-m", "{}", "-W", "10"], capture_output=True, text=True)
        check("online" in sub.stdout and "version" not in into_other and '"version"' in ok.stdout,
              "MQTT: a reply aimed at another appliance's subtree is not sent; the reply space is answered")
    except SystemExit as e:
        check(False, "MQTT reply topics: %s" % e)
    finally:
        if app is not None:
            app.stop()
        broker.terminate()
        broker.wait(10)


def fuzz_configs(work, count):
    base = open(os.path.join(os.path.dirname(__file__), "..", "..", "lab", "securelink.yaml")).read()
    rnd = random.Random(20261126)
    tokens = ["", "0", "-1", "999999999999", "unlimited", "any", "[", "]", "{", "}", ":", "'", '"', "\x00", "\t",
              "::", "/", "\\", "*", "&a", "*a", "!!binary", "~", "null", "1e309", "\u202e", "\n  x:", "%"]
    lines = base.splitlines()
    slowest, traces, hangs = 0.0, 0, 0
    folder = os.path.join(work, "fuzz")
    os.makedirs(folder, exist_ok=True)
    shutil.copytree(os.path.join(work, "state", "dev-pki"), os.path.join(folder, "state", "dev-pki"))
    for i in range(count):
        m = list(lines)
        for _ in range(rnd.randint(1, 3)):
            j = rnd.randrange(len(m))
            op = rnd.randrange(4)
            if op == 0:
                del m[j]
            elif op == 1:
                m[j] = m[j][: rnd.randrange(len(m[j]) + 1)] + rnd.choice(tokens) + m[j][rnd.randrange(len(m[j]) + 1):]
            elif op == 2:
                m.insert(j, m[rnd.randrange(len(m))])
            else:
                m[j] = re.sub(r"\d+", lambda _: rnd.choice(["0", "-5", "70000", "abc", "1.5"]), m[j])
        path = os.path.join(folder, "fuzz.yaml")
        with open(path, "w", encoding="utf-8", errors="replace") as f:
            f.write("\n".join(m) + "\n")
        # A mutation that takes over 10 s is tried once more: a load spike on a shared box passes the second
        # time, a real hang does not.
        for attempt in (1, 2):
            t0 = time.time()
            try:
                r = subprocess.run(["java", "-jar", JAR, "check-config", "--config", path], capture_output=True, text=True,
                                   timeout=10, errors="replace")
                out = r.stdout + r.stderr
                if "\tat " in out or "Exception in thread" in out:
                    traces += 1
                    if traces <= 2:
                        print("  stack trace for mutation %d:\n%s" % (i, out[:2000]))
                slowest = max(slowest, time.time() - t0)
                break
            except subprocess.TimeoutExpired:
                if attempt == 2:
                    hangs += 1
                    print("  mutation %d took over 10 s twice:\n%s" % (i, "\n".join(m)))
    figures.append("config fuzzing: %d mutations (seed 20261126), slowest check-config %.1f s" % (count, slowest))
    check(traces == 0 and hangs == 0, "config fuzzing: %d mutations, %d stack traces, %d over 10 s" % (count, traces, hangs))


def main():
    global JAR
    work = tempfile.mkdtemp(prefix="securelink-hostile-")
    jar_dir = os.path.join(work, "jar")
    os.makedirs(jar_dir)
    shutil.copy(BUILT_JAR, jar_dir)
    lib = os.path.join(os.path.dirname(BUILT_JAR), "lib")
    if os.path.isdir(lib):
        shutil.copytree(lib, os.path.join(jar_dir, "lib"))
    JAR = os.path.join(jar_dir, os.path.basename(BUILT_JAR))
    app = Appliance(work)
    try:
        legit_rounds(app, 5)  # warm up the JIT on both sides before the baseline
        if os.environ.get("HOSTILE_ONLY"):
            globals()["ONLY"] = os.environ["HOSTILE_ONLY"].split(",")
        rss0, fds0 = proc_figures(app.proc.pid)
        sock0 = socket_fds(app.proc.pid)
        figures.append("daemon before: RSS %d MiB, %d open fds (%d sockets)" % (rss0, fds0, sock0))
        ok, p99, _ = legit_rounds(app, 30 if QUICK else 100)
        figures.append("no attack: legitimate %d/%d, handshake p99 %d ms" % (ok, 30 if QUICK else 100, p99 * 1000))
        # As issue 12 measured them: 70 from one source, reopened when closed; 500 from 50 sources, opened
        # over ~5 s and held.
        starvation(app, "70 silent half-handshakes from one source, reopened", ["127.0.0.2"], 70, 0, True)
        starvation(app, "500 silent half-handshakes from 50 sources, opened over 5 s and held",
                   ["127.0.1.%d" % i for i in range(1, 51)], 10, 5, False)
        random_bytes(app, 50 if QUICK else 200)
        connect_close_storm(app, 500 if QUICK else 5000)
        oversize_records(app, 20 if QUICK else 100)
        non_reading_client(app, 16 if QUICK else 64)
        close_semantics(app)
        bad_reloads(app)
        time.sleep(1)
        check(app.alive(), "the daemon is still running after every attack")
        deadline = time.time() + 30
        sock1 = socket_fds(app.proc.pid)
        while sock1 > sock0 and time.time() < deadline:
            time.sleep(1)
            sock1 = socket_fds(app.proc.pid)
        rss1, fds1 = proc_figures(app.proc.pid)
        figures.append("daemon after: RSS %d MiB, %d open fds (%d sockets)" % (rss1, fds1, sock1))
        if sock1 > sock0:
            r = subprocess.run(["ss", "-tanp"], capture_output=True, text=True)
            print("\n".join(l for l in r.stdout.splitlines() if "pid=%d," % app.proc.pid in l))
        check(sock1 <= sock0, "no connection leak: %d sockets open before, %d after the attacks ended" % (sock0, sock1))
    finally:
        app.stop()
    full_disk(work)
    mqtt_reply_topics(work)
    fuzz_configs(work, 40 if QUICK else 200)
    shutil.rmtree(work, ignore_errors=True)
    print("figures:")
    for f in figures:
        print("  " + f)
    if failures:
        print("%d attack(s) not survived:" % len(failures))
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("hostile suite: every attack survived")


if __name__ == "__main__":
    main()
