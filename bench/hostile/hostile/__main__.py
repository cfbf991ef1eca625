"""The hostile-client suite (issue 13): every attack beside legitimate traffic, one table at the end.
Run through bench/hostile/run.sh; `python3 -m hostile --help` lists the options."""
from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from . import auth, exhaust, fuzzconf, malformed, slow, websocket
from .report import Row, table
from .server import raise_own_nofile

ALL = ["1", "2", "3", "4", "5", "6", "7", "8", "9"]


@dataclass
class Config:
    binary: str
    workdir: Path
    quick: bool
    attackers: int  # per kind of slow attacker (idle, drip)
    legit_n: int
    rate: float  # legitimate requests started per second
    timeout: float  # per legitimate request
    settle: float  # seconds between the attack's start and the first legitimate request
    ws_messages: int
    auth_guesses: int
    fuzz_configs: int
    nofile: int  # open-files limit of the server in scenario 5
    seed: int


def main() -> int:
    p = argparse.ArgumentParser(prog="bench/hostile/run.sh", description=__doc__)
    p.add_argument("-b", "--binary", required=True)
    p.add_argument("--quick", action="store_true", help="every scenario smaller (under 2 minutes in all)")
    p.add_argument("-o", "--output", help="also write the summary table to this file")
    p.add_argument("-s", "--scenarios", default=",".join(ALL), help="comma list of scenario numbers (default: all)")
    p.add_argument("-k", "--keep", action="store_true", help="keep the work directory (server logs) at the end")
    p.add_argument("--seed", type=int, default=13, help="seed of the configuration fuzzer")
    a = p.parse_args()

    work = Path(tempfile.mkdtemp(prefix="mini-odoo-hostile-"))
    q = a.quick
    cfg = Config(binary=os.path.abspath(a.binary), workdir=work, quick=q,
                 attackers=50 if q else 200, legit_n=20 if q else 50, rate=20 if q else 5,
                 timeout=4 if q else 30, settle=1.5 if q else 4,
                 ws_messages=10_000, auth_guesses=300 if q else 1000, fuzz_configs=40 if q else 200,
                 nofile=256 if q else 1024, seed=a.seed)
    own = raise_own_nofile()
    wanted = [s.strip() for s in a.scenarios.split(",") if s.strip()]
    head = (f"# mini-odoo hostile-client suite, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%dT%H:%M:%SZ}, "
            f"{'quick' if q else 'full'} mode\n# binary {cfg.binary} ({_version(cfg.binary)}), {os.cpu_count()} cores, "
            f"load {' '.join(open('/proc/loadavg').read().split()[:3])}, {platform.python_implementation()} "
            f"{platform.python_version()}, client open-files limit {own}\n"
            f"# legitimate traffic: {cfg.legit_n} x GET /web/health (fresh connection each, {cfg.rate:g}/s open-loop, "
            f"{cfg.timeout:g} s timeout each), starting {cfg.settle:g} s after the attack")
    print(head, flush=True)

    rows: list[Row] = []
    t_start = time.monotonic()

    def attempt(number: str, title: str, coro_factory) -> None:
        if number not in wanted:
            return
        t0 = time.monotonic()
        print(f"\n## {number}. {title}", flush=True)
        try:
            result = asyncio.run(coro_factory())
        except Exception as e:  # a scenario that breaks still leaves a row
            traceback.print_exc()
            result = Row(number, title, facts=[f"the scenario itself failed: {type(e).__name__}: {e}"], verdict="ERROR")
        for row in result if isinstance(result, list) else [result]:
            rows.append(row)
            if row.legit:
                print(f"   legit: {row.legit.summary()}")
            for fact in row.facts:
                print(f"   {fact}")
            if row.verdict != "-":
                print(f"   goal {row.goal}: {row.verdict}")
        print(f"   ({time.monotonic() - t0:.0f} s, load {' '.join(open('/proc/loadavg').read().split()[:3])})", flush=True)

    for number, title, mix in slow.SCENARIOS:
        attempt(number, title, lambda mix=mix, number=number, title=title: slow.run(cfg, number, title, mix(cfg.attackers)))
    attempt("5", "descriptor exhaustion", lambda: exhaust.run(cfg))
    attempt("6", "websocket subscribe flood", lambda: websocket.run(cfg))
    attempt("7", "malformed HTTP / JSON-RPC / websocket", lambda: malformed.run(cfg))
    attempt("8", "fuzzed configuration files", lambda: fuzzconf.run(cfg))
    attempt("9", "authentication guesses", lambda: auth.run(cfg))

    summary = table(rows)
    text = f"{head}\n\n{summary}\n\n# {time.monotonic() - t_start:.0f} s in all"
    print(f"\n{summary}\n\n# {time.monotonic() - t_start:.0f} s in all")
    if a.output:
        Path(a.output).parent.mkdir(parents=True, exist_ok=True)
        Path(a.output).write_text(text + "\n")
    if a.keep:
        print(f"# server logs kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _version(binary: str) -> str:
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
        return out.splitlines()[0] if out else "version unknown"
    except (OSError, subprocess.TimeoutExpired):
        return "version unknown"


if __name__ == "__main__":
    sys.exit(main())
