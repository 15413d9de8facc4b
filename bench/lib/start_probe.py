#!/usr/bin/env python3
"""Times one start of securelink: exec -> every listen port accepting, and exec -> first request through
the plaintext port of a client-mode link served end to end (which needs the mTLS handshake to the
server-mode link and the backend's answer). Polls every 5 ms; prints one line: accepting_ms served_ms accepting_cpu_ms served_cpu_ms.
--threads FILE appends one line per start to FILE: the CPU ms of the JIT compiler threads, of the main
thread and of the rest, when the first request was served (where the CPU went).
Usage: start_probe.py --listen P1,P2 --request-port P [--threads FILE] --deadline S -- java ARGS..."""
import argparse, os, socket, subprocess, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("--listen", required=True)
ap.add_argument("--request-port", type=int, required=True)
ap.add_argument("--deadline", type=float, default=60)
ap.add_argument("--log", default="/dev/null")
ap.add_argument("--threads")
ap.add_argument("cmd", nargs=argparse.REMAINDER)
a = ap.parse_args()
cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
ports = [int(p) for p in a.listen.split(",")]

def accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False

def family(pid):
    """The process and its live descendants (jsvc runs the JVM in a child of its controller)."""
    parents = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    parents[int(d)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                pass
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(c for c, pp in parents.items() if pp == p)
    return found

def cpu_ms(pid):
    """User + system CPU so far of the process, its threads and its live descendants."""
    total = 0.0
    for p in family(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return total

def thread_cpu_ms(pid):
    """CPU ms per thread group of the process: JIT compiler threads, main, everything else."""
    groups = {"jit": 0.0, "main": 0.0, "other": 0.0}
    for p in family(pid):
        try:
            tids = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{p}/task/{tid}/stat") as f:
                    head, rest = f.read().rsplit(")", 1)
            except OSError:
                continue
            name, fields = head.split("(", 1)[1], rest.split()
            ms = (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
            # The JVM's main thread keeps the process's name (java, or jsvc's -procname); the launcher's
            # waiting thread and jsvc's controller, named alike, spend next to nothing.
            key = "jit" if "Compiler" in name else "main" if name in ("java", "jsvc", "securelink") else "other"
            groups[key] += ms
    return groups

def served(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=3) as s:
            s.sendall(b"GET /1k HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            s.settimeout(3)
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False

with open(a.log, "w") as log:
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    end = t0 + a.deadline
    try:
        pending, accepting_ms, served_ms = set(ports), None, None
        while time.monotonic() < end and proc.poll() is None:
            pending = {p for p in pending if not accepts(p)}
            if not pending:
                accepting_ms = (time.monotonic() - t0) * 1000
                accepting_cpu = cpu_ms(proc.pid)
                break
            time.sleep(0.005)
        while accepting_ms is not None and time.monotonic() < end and proc.poll() is None:
            if served(a.request_port):
                served_ms = (time.monotonic() - t0) * 1000
                served_cpu = cpu_ms(proc.pid)
                if a.threads:
                    g = thread_cpu_ms(proc.pid)
                    with open(a.threads, "a") as t:
                        t.write(f"{g['jit']:.0f} {g['main']:.0f} {g['other']:.0f}\n")
                break
            time.sleep(0.005)
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    if served_ms is None:
        sys.exit(f"securelink did not serve within {a.deadline} s (see {a.log})")
    print(f"{accepting_ms:.0f} {served_ms:.0f} {accepting_cpu:.0f} {served_cpu:.0f}")
