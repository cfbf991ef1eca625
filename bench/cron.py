#!/usr/bin/env python3
"""Cron timing of mini-odoo: how late a 1 s job runs after its scheduled time, and how long a job triggered with
POST /cron/trigger/<name> takes to run (in threaded and prefork mode, SQLite store).

Starts mini-odoo (the native binary by default) with two bus.send jobs — `tick` every second and `daily` once a
day — lets `tick` run N times, then triggers `daily` N times. Lateness is ran_at - scheduled_at from each run's own
payload; trigger latency runs from just before the POST to the run's ran_at (one machine, one clock).

usage: bench/cron.py [-n RUNS] [-b BINARY] [--workers W]
"""
import argparse, json, os, socket, statistics, subprocess, sys, tempfile, time, urllib.request
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url, body=None, token=None):
    request = urllib.request.Request(url, data=json.dumps(body or {}).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def runs(port, channel, last):
    answer = post(f"http://127.0.0.1:{port}/websocket/peek_notifications",
                  {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"channels": [channel], "last": last}})
    return [n for n in answer["result"]["notifications"] if n["message"]["type"] == "cron.run"]


def stamp(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def summary(name, values):
    values = sorted(values)
    p90 = values[int(len(values) * 0.9) - 1] if len(values) >= 10 else values[-1]
    print(f"{name}: median {statistics.median(values):.1f} ms, p90 {p90:.1f} ms, max {values[-1]:.1f} ms (n={len(values)})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("-b", default=os.path.join(ROOT, "artifacts", "native", "mini-odoo"))
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as work:
        config = os.path.join(work, "cron.conf")
        with open(config, "w") as f:
            f.write("[options]\n[cron:tick]\ninterval = 1\naction = bus.send\nchannel = bench.tick\n"
                    "[cron:daily]\ninterval = 86400\naction = bus.send\nchannel = bench.daily\n")
        server = subprocess.Popen([args.b, "-c", config, "--http-interface", "127.0.0.1", "-p", str(port),
                                   "--gevent-port", str(free_port()), "--workers", str(args.workers),
                                   "--data-dir", os.path.join(work, "data"), "--log-level", "warn"])
        try:
            deadline = time.time() + 30
            while True:
                try:
                    runs(port, "bench.tick", 0)
                    break
                except OSError:
                    if time.time() > deadline:
                        sys.exit("server did not start")
                    time.sleep(0.1)
            ticks = []
            while len(ticks) < args.n:
                time.sleep(1)
                ticks = runs(port, "bench.tick", 0)
            summary("1 s job, ran_at - scheduled_at",
                    [(stamp(t["message"]["payload"]["ran_at"]) - stamp(t["message"]["payload"]["scheduled_at"])) * 1000 for t in ticks[1:]])
            last = max([n["id"] for n in runs(port, "bench.daily", 0)] + [0])
            latencies = []
            for _ in range(args.n):
                time.sleep(0.3)
                before = time.time()
                post(f"http://127.0.0.1:{port}/cron/trigger/daily", token="admin")
                while not (found := runs(port, "bench.daily", last)):
                    time.sleep(0.002)
                last = found[-1]["id"]
                latencies.append((stamp(found[-1]["message"]["payload"]["ran_at"]) - before) * 1000)
            summary("trigger -> run", latencies)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
