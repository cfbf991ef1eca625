#!/usr/bin/env python3
"""Respawn time and idle memory of mini-odoo's prefork workers (issue 5's goals: a SIGKILLed worker has a
replacement accepting within 60 ms; an idle HTTP worker holds at most 25 MB resident).

Starts `mini-odoo --workers 2` (the native binary by default), SIGKILLs an HTTP worker N times and reads, from the
log, when its replacement said "Worker WorkerHTTP (pid) alive" — logged once it accepts. The time runs from just
before kill(2) to that line (millisecond log timestamps).

usage: bench/respawn.py [-n KILLS] [-b BINARY]
"""
import argparse, os, re, signal, socket, statistics, subprocess, sys, tempfile, time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALIVE = re.compile(r"^(\S+ \S+) \d+ INFO \? odoo\.service\.server: Worker WorkerHTTP \((\d+)\) alive$")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_workers(master):
    pids = []
    # A child belongs to the thread that started it: read every thread's list.
    children = [c for task in os.listdir(f"/proc/{master}/task")
                for c in open(f"/proc/{master}/task/{task}/children").read().split()]
    for child in children:
        try:
            argv = open(f"/proc/{child}/cmdline", "rb").read().split(b"\0")
        except FileNotFoundError:
            continue
        if b"--role" in argv and argv[argv.index(b"--role") + 1] == b"http":
            pids.append(int(child))
    return pids


def rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def alive_lines(log):
    with open(log) as f:
        for line in f:
            m = ALIVE.match(line.strip())
            if m:
                stamp = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f").replace(tzinfo=timezone.utc).timestamp()  # log lines are UTC
                yield int(m.group(2)), stamp


def wait_for(condition, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.005)
    raise SystemExit("timed out")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=20, help="how many workers to kill (default 20)")
    parser.add_argument("-b", default=os.path.join(ROOT, "artifacts/native/mini-odoo"), help="the mini-odoo binary")
    args = parser.parse_args()
    work = tempfile.mkdtemp()
    log = os.path.join(work, "server.log")
    port = free_port()
    server = subprocess.Popen(
        [args.b, "--http-interface", "127.0.0.1", "-p", str(port), "--gevent-port", str(free_port()),
         "--workers", "2", "--max-cron-threads", "0", "-D", os.path.join(work, "data"), "--logfile", log],
        start_new_session=True)
    try:
        wait_for(lambda: len(dict(alive_lines(log))) >= 2 if os.path.exists(log) else False)
        time.sleep(2)  # idle: the figures of a worker that has served nothing yet
        idle = [rss_mb(pid) for pid in http_workers(server.pid)]
        times = []
        for _ in range(args.n):
            seen = dict(alive_lines(log))
            victim = http_workers(server.pid)[0]
            killed_at = time.time()
            os.kill(victim, signal.SIGKILL)
            new = wait_for(lambda: [(p, t) for p, t in alive_lines(log) if p not in seen])
            times.append((new[0][1] - killed_at) * 1000)
            time.sleep(0.3)
        times.sort()
        print(f"binary: {args.b}")
        print(f"idle HTTP worker resident memory: {', '.join(f'{m:.1f} MB' for m in idle)}")
        print(f"SIGKILL -> replacement accepting, {len(times)} kills: median {statistics.median(times):.0f} ms, "
              f"p90 {times[int(len(times) * 0.9) - 1]:.0f} ms, max {times[-1]:.0f} ms")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
