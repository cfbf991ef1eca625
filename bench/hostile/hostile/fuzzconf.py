"""Scenario 8: fuzzed configuration files. Mutations of the repository's server.conf (random bytes, truncation,
duplicate keys, missing or renamed sections, weird and huge values, odd encodings, cron sections with nonsense), run
with `mini-odoo -c FILE --stop-after-init` (read and check the configuration, then stop), two at a time, each in its
own process group with a 15 s timeout. The goal: every run exits 0 (accepted) or 2 (refused, problems named),
never a signal, another status, a hang or a stack trace. Then a few accepted variants are started for real
(prefork) and stopped with SIGTERM: they must serve /web/health and exit 0."""
from __future__ import annotations

import asyncio
import os
import random
import signal
import time
from collections import Counter
from pathlib import Path

from .report import Row
from .server import STACK_LINE, Server, free_ports

ROOT = Path(__file__).resolve().parents[3]
KEYS = ["http_port", "http_interface", "http_enable", "gevent_port", "proxy_mode", "server_wide_modules", "admin_passwd",
        "gil", "longpolling_handover", "websocket_keep_alive_timeout", "websocket_rate_limit_burst",
        "websocket_rate_limit_delay", "bus_gc_retention_seconds", "db_host", "db_port", "db_user", "db_password",
        "db_name", "db_maxconn", "log_level", "log_handler", "workers", "max_cron_threads", "limit_memory_soft",
        "limit_memory_hard", "limit_memory_soft_gevent", "limit_memory_hard_gevent", "limit_time_cpu",
        "limit_time_real", "limit_time_real_cron", "limit_time_worker_cron", "limit_request", "addons_path",
        "interval", "action", "channel", "active", "path", "method", "timeout", "units", "ms"]
WEIRD = ["", "-1", "0", "-0", "1.5", "99999999999999999999999", "1e309", "nan", "inf", "True", "yes", "ja", "0x10",
         "８０６９", " 8069 ", "'8069'", '"8069"', "%(http_port)s", "%(", "$(reboot)", "\x00", "\t", "[]", "{}", "None",
         "False", "a" * 100_000, "é" * 5000, "1,2,3", ":", "=", "http.server:DEBUG,:WARNING", "::1", "256.1.1.1",
         "-9223372036854775809", "18446744073709551616", "0.0000001", "  ", "\\", "\ufeff1", "web,,,bench,zzz"]


def mutate(base: str, rng: random.Random) -> bytes:
    """One variant: one to three mutations of base, or (one time in ten) a whole-file oddity."""
    if rng.random() < 0.1:
        kind = rng.randrange(9)
        if kind == 0:
            return b""
        if kind == 1:
            return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4096)))
        if kind == 2:
            return base.encode("utf-16")
        if kind == 3:
            return b"\xef\xbb\xbf" + base.encode()
        if kind == 4:
            return base.replace("\n", "\r\n").encode()
        if kind == 5:
            return ("[options]\n" + "".join(f"{rng.choice(KEYS)} = {i}\n" for i in range(200_000))).encode()  # ~4 MB
        if kind == 6:
            return b"[options]\nadmin_passwd = " + b"x" * 10_000_000 + b"\n"
        if kind == 7:
            return b"[options]\n"
        return ("".join(f"[cron:j{i}]\ninterval = {rng.choice(WEIRD[:12])}\naction = bus.send\nchannel = c\n\n"
                        for i in range(500))).encode()
    text = base
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(12)
        if kind == 0:  # flip bytes
            data = bytearray(text.encode())
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            return bytes(data)
        if kind == 1:  # truncate
            text = text[: rng.randrange(len(text))]
        elif kind == 2:  # duplicate key, another value
            key = rng.choice(KEYS[:32])
            lines.insert(rng.randrange(len(lines) + 1), f"{key} = {rng.choice(WEIRD)}")
            lines.insert(rng.randrange(len(lines) + 1), f"{key} = 1")
        elif kind == 3:  # section header removed
            lines = [line for line in lines if line.strip() != "[options]"]
        elif kind == 4:  # section renamed
            lines = [rng.choice(["[Options]", "[options", "options]", "[[options]]", "[]", "[cron:]", "[cron:a b]"])
                     if line.strip() == "[options]" else line for line in lines]
        elif kind == 5:  # a line with no '='
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(["http_port", "garbage line", "=", "= value", "[", "]"]))
        elif kind == 6:  # weird value for a known key
            lines.append(f"{rng.choice(KEYS[:32])} = {rng.choice(WEIRD)}")
        elif kind == 7:  # key spelling
            lines.append(rng.choice(["HTTP_PORT = 1", "http port = 1", "http_port: 1", "http_port=1=2", " workers = 3",
                                     "workers = 2 ; comment", "workers = 2 # comment", "workers\t=\t2"]))
        elif kind == 8:  # continuation line
            lines.append("server_wide_modules = base,\n    web,\n    bench")
        elif kind == 9:  # a cron job with nonsense
            lines.append(f"[cron:{rng.choice(['x', 'a b', 'é', '../x', 'x' * 300, ''])}]\n"
                         f"interval = {rng.choice(WEIRD)}\naction = {rng.choice(['bus.send', 'http', 'bench.cpu', 'rm -rf', ''])}\n"
                         f"{rng.choice(KEYS[-8:])} = {rng.choice(WEIRD)}")
        elif kind == 10:  # random bytes inserted
            pos = rng.randrange(len(text) + 1)
            text = text[:pos] + "".join(chr(rng.choice([0, 1, 0x1b, 0x7f, 0xfffd, 0xd7ff, rng.randrange(32, 0x3000)]))
                                        for _ in range(rng.randint(1, 50))) + text[pos:]
            lines = text.split("\n")
        else:  # a huge value
            lines.append(f"{rng.choice(KEYS[:32])} = {'9' * rng.choice([100, 10_000, 1_000_000])}")
        text = "\n".join(lines)
    return text.encode("utf-8", "surrogatepass")


async def check(binary: str, path: Path, work: Path, index: int, timeout: float) -> tuple[str, str]:
    """(verdict, detail): 'exit 0' / 'exit 2' are fine; anything else is a problem."""
    port, gport = free_ports(2)
    data = work / f"fuzz-data-{index}"
    log = work / f"fuzz-{index}.log"
    proc = await asyncio.create_subprocess_exec(
        binary, "-c", str(path), "--stop-after-init", "--data-dir", str(data), "--logfile", str(log),
        "--http-interface", "127.0.0.1", "-p", str(port), "--gevent-port", str(gport),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        process_group=0, env={**os.environ, "HOME": str(work / "home")}, cwd=str(work))
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        await proc.wait()
        return "timeout", f"no exit within {timeout:.0f} s"
    text = out.decode(errors="replace") + (log.read_text(errors="replace") if log.exists() else "")
    traces = len(STACK_LINE.findall(text))
    code = proc.returncode
    verdict = f"signal {-code}" if code < 0 else f"exit {code}"
    if traces:
        verdict += " with stack trace"
    lines = text.splitlines()
    problems = [line.strip() for line in lines[lines.index("mini-odoo: invalid configuration:") + 1:]] \
        if "mini-odoo: invalid configuration:" in lines else \
        [line.split(" ? ", 1)[-1] for line in lines if " ERROR " in line or " CRITICAL " in line or "rror" in line]
    detail = problems[0] if problems else (lines[0] if lines else "")
    return verdict, detail.replace(path.name + ": ", "").replace(f" ({path.name})", "")[:160]


async def real_start(cfg, path: Path, index: int) -> str:
    server = Server(cfg.binary, cfg.workdir, f"fuzz-start-{index}", workers=2, extra=["-c", str(path)])
    try:
        server.start(timeout=20)
        ok = Server.http_ok(server.port, "/web/health", 5)
    except RuntimeError as e:
        ok = False
        server.stop()
        return f"did not start: {e}"
    code = server.stop()
    traces = server.stack_traces()
    return f"served {'yes' if ok else 'NO'}, stop: exit {code}" + (f", {traces} stack-trace lines" if traces else "")


async def run(cfg) -> Row:
    base = (ROOT / "server.conf").read_text()
    rng = random.Random(cfg.seed)
    work = cfg.workdir / "fuzz"
    work.mkdir(exist_ok=True)
    (work / "home").mkdir(exist_ok=True)
    files = []
    for i in range(cfg.fuzz_configs):
        path = work / f"variant-{i:03d}.conf"
        path.write_bytes(mutate(base, rng))
        files.append(path)
    files.append(work)  # a directory as the file
    files.append(work / "does-not-exist.conf")
    results: list[tuple[Path, str, str]] = []
    sem = asyncio.Semaphore(2)
    t0 = time.monotonic()

    async def one(i: int, path: Path) -> None:
        async with sem:
            verdict, detail = await check(cfg.binary, path, work, i, 15)
            results.append((path, verdict, detail))

    await asyncio.gather(*(one(i, p) for i, p in enumerate(files)))
    elapsed = time.monotonic() - t0
    counts = Counter(v for _, v, _ in results)
    bad = sorted((r for r in results if r[1] not in ("exit 0", "exit 2")), key=lambda r: r[0].name)
    accepted = sorted((p for p, v, _ in results if v == "exit 0" and p.is_file() and p.stat().st_size < 1_000_000),
                      key=lambda p: p.name)
    starts = []
    for i, path in enumerate(accepted[: 2 if cfg.quick else 5]):
        starts.append((path, await real_start(cfg, path, i)))
    row = Row("8", f"fuzzed configuration files ({len(files)}: {cfg.fuzz_configs} mutations of server.conf, "
                   "a directory, a missing file)")
    row.facts.append(f"--stop-after-init: " + ", ".join(f"{k} x{v}" for k, v in counts.most_common()) + f" ({elapsed:.0f} s)")
    for path, verdict, detail in bad[:5]:
        row.facts.append(f"   {path.name}: {verdict}: {detail}")
    failed_starts = [s for s in starts if not s[1].startswith("served yes, stop: exit 0") or "stack" in s[1]]
    row.facts.append(f"{len(starts)} accepted variants started for real (prefork 2) and stopped: "
                     f"{len(starts) - len(failed_starts)} served and exited 0"
                     + "".join(f"; {p.name}: {s}" for p, s in failed_starts[:3]))
    row.goal = "every run exits 0 or 2, no trace"
    row.verdict = "PASS" if not bad and not failed_starts else "FAIL"
    row.details = ["8. fuzzed configurations refused (exit 2), first lines of the reasons:"]
    reasons = Counter(d[:90] for _, v, d in results if v == "exit 2")
    row.details += [f"  {n:4d} x {reason}" for reason, n in reasons.most_common(12)]
    return row
