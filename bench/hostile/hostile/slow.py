"""Scenarios 1-4: slow clients holding the HTTP port of a prefork server.

  idle      connects and sends nothing (a browser's speculative preconnect, or slowloris' first move)
  drip      sends a request head one byte per second, never finishing it (slowloris)
  slowbody  sends a complete POST /jsonrpc head announcing a large body, then the body at ~1 KB/s (R.U.D.Y.)

Each attacker connection that the server ends is replaced at once (a real attacker keeps the pressure on), so the
number of attacking connections stays constant for the whole attack. For every attacking connection we record how
the server ended it — an HTTP status it answered (408, 413, 400...), a close without an answer ('close'), a reset
('reset') — and how long after connect(); connections the server never ended are 'open at end'."""
from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from dataclasses import dataclass, field

from .legit import legit_traffic
from .report import Row, fmt_s, median
from .server import Server

SLOW_BODY_LENGTH = 10_000_000  # announced Content-Length of a slow body (10 MB: under Kestrel's 30 MB default)


@dataclass
class AttackStats:
    """How the server ended attacking connections, by kind of attacker."""
    ended: dict[str, dict[str, list[float]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    opened: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    connect_failed: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    bytes_sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def record(self, kind: str, how: str, seconds: float) -> None:
        self.ended[kind][how].append(seconds)

    def describe(self, kind: str) -> str:
        parts = []
        for how, times in sorted(self.ended[kind].items(), key=lambda kv: -len(kv[1])):
            if how == "open at end":
                parts.append(f"{len(times)} still open at the end (held {fmt_s(min(times))}-{fmt_s(max(times))} s)")
            else:
                parts.append(f"{len(times)} ended by {how} after {fmt_s(min(times))}/{fmt_s(median(times))}/{fmt_s(max(times))} s (min/median/max)")
        if self.bytes_sent[kind]:
            parts.append(f"{self.bytes_sent[kind]:,} bytes sent in all")
        failed = ", ".join(f"{n} {how}" for how, n in self.connect_failed[kind].items())
        text = "; ".join([f"{kind}: {self.opened[kind]} connections opened"] + parts)
        if failed:
            text += f"; connect() failed: {failed}"
        return text


def drip_bytes():
    """An endless request head: a request line, then one header after another, never the blank line."""
    yield from b"GET /web/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    i = 0
    while True:
        yield from f"X-Drip-{i}: {'a' * 8}\r\n".encode()
        i += 1


def classify(first: bytes, how: str) -> str:
    if first.startswith(b"HTTP/"):
        parts = first.split(None, 2)
        return parts[1].decode(errors="replace") if len(parts) > 1 else "garbled answer"
    if first:
        return "garbage answer"
    return how


async def attacker(kind: str, port: int, stats: AttackStats, stop: asyncio.Event, body_rate: int = 1024) -> None:
    """One attacking connection slot: connect, attack until the server ends the connection, reconnect; until stop."""
    while not stop.is_set():
        try:
            async with asyncio.timeout(5):
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except (TimeoutError, OSError) as e:
            stats.connect_failed[kind]["timeout" if isinstance(e, TimeoutError) else type(e).__name__] += 1
            await asyncio.sleep(0.5)
            continue
        stats.opened[kind] += 1
        t0 = time.monotonic()

        async def read_until_end() -> tuple[bytes, str]:
            first = b""
            try:
                while True:
                    chunk = await reader.read(4096)
                    if not chunk:
                        return first, "close"
                    if len(first) < 64:
                        first += chunk
            except ConnectionResetError:
                return first, "reset"
            except OSError as e:
                return first, type(e).__name__

        async def send() -> None:
            try:
                if kind == "drip":
                    for b in drip_bytes():
                        writer.write(bytes([b]))
                        await writer.drain()
                        stats.bytes_sent[kind] += 1
                        await asyncio.sleep(1)
                elif kind == "slowbody":
                    writer.write(("POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                  f"Content-Length: {SLOW_BODY_LENGTH}\r\n\r\n").encode()
                                 + b'{"jsonrpc": "2.0", "method": "call", "params": {"padding": "')
                    await writer.drain()
                    sent = 0
                    while sent < SLOW_BODY_LENGTH - 1024:
                        await asyncio.sleep(1)
                        writer.write(b"a" * body_rate)
                        await writer.drain()
                        sent += body_rate
                        stats.bytes_sent[kind] += body_rate
                else:  # idle
                    await asyncio.Event().wait()
            except OSError:
                pass

        reading = asyncio.create_task(read_until_end())
        sending = asyncio.create_task(send())
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({reading, stopping}, return_when=asyncio.FIRST_COMPLETED)
        held = time.monotonic() - t0
        if reading.done():
            first, how = reading.result()
            stats.record(kind, classify(first, how), held)
        else:
            stats.record(kind, "open at end", held)
        for t in (reading, sending, stopping):
            t.cancel()
        writer.close()


async def attack_beside_legit(server: Server, mix: dict[str, int], legit_n: int, rate: float, timeout: float,
                              settle: float) -> tuple[object, AttackStats]:
    stats = AttackStats()
    stop = asyncio.Event()
    tasks = [asyncio.create_task(attacker(kind, server.port, stats, stop)) for kind, n in mix.items() for _ in range(n)]
    await asyncio.sleep(settle)  # every attacker connected and in place (or queued) before the first legit request
    legit = await legit_traffic(server.port, legit_n, rate, timeout)
    stop.set()
    await asyncio.wait(tasks, timeout=10)
    for t in tasks:
        t.cancel()
    return legit, stats


SCENARIOS = [
    ("1", "slowloris idle", lambda a: {"idle": a}),
    ("2", "slowloris dripping", lambda a: {"drip": a}),
    ("3", "slow bodies (2 x ~1 KB/s)", lambda a: {"slowbody": 2}),
    ("4", "idle + dripping + 2 slow bodies", lambda a: {"idle": a, "drip": a, "slowbody": 2}),
]


async def run(cfg, number: str, title: str, mix: dict[str, int]) -> Row:
    server = Server(cfg.binary, cfg.workdir, f"s{number}-slow", workers=2)
    server.start()
    try:
        legit, stats = await attack_beside_legit(server, mix, cfg.legit_n, cfg.rate, cfg.timeout, cfg.settle)
        alive = server.alive()
        status = server.status()
    finally:
        exit_status = server.stop()
    row = Row(number, f"{title} ({', '.join(f'{n} {k}' for k, n in mix.items())})", legit)
    row.facts = [stats.describe(kind) for kind in mix]
    if status is not None and "requests_queued_in_worker" in status:
        # A complete request that waited in a busy worker's queue while another worker may have been free.
        row.facts.append(f"requests served {status['total_requests']}, of which queued behind another in their worker: "
                         f"{status['requests_queued_in_worker']}")
    if not alive:
        row.facts.append(f"the master had exited during the attack (status {exit_status})")
    traces = server.stack_traces()
    if traces:
        row.facts.append(f"server log: {traces} stack-trace lines")
    if number == "4":
        row.goal = "50/50 served, p99<=100ms" if legit.n == 50 else f"{legit.n}/{legit.n} served, p99<=100ms"
        p99 = legit.percentile(99)
        row.verdict = "PASS" if legit.served == legit.n and p99 is not None and p99 <= 100 else "FAIL"
    return row
