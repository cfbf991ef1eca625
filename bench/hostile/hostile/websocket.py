"""A hand-written RFC 6455 client (masked frames built byte by byte, so that malformed ones can be built too), and
scenario 6: 10,000 subscribe messages on one websocket, then reconnecting websockets sending one message after
another for as long as the legitimate requests to the longpolling worker run."""
from __future__ import annotations

import asyncio
import base64
import json
import os
import struct
import time
from collections import Counter

from .legit import legit_traffic, one_request
from .report import Row, fmt_ms, fmt_s, median
from .server import Server

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


def frame(opcode: int, payload: bytes, *, mask: bool = True, fin: bool = True, rsv: int = 0,
          length: int | None = None) -> bytes:
    """One frame. length, when given, is the length announced in the header whatever the payload's size."""
    n = len(payload) if length is None else length
    head = bytes([(0x80 if fin else 0) | (rsv << 4) | opcode])
    m = 0x80 if mask else 0
    if n < 126:
        head += bytes([m | n])
    elif n < 1 << 16:
        head += bytes([m | 126]) + struct.pack("!H", n)
    else:
        head += bytes([m | 127]) + struct.pack("!Q", n)
    if not mask:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def subscribe(channels: list[str], last: int = 0) -> bytes:
    return frame(OP_TEXT, json.dumps({"event_name": "subscribe", "data": {"channels": channels, "last": last}}).encode())


async def handshake(port: int, *, key: str | None = None, version: str = "13", extra: str = "",
                    timeout: float = 5) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, int]:
    """Opens a websocket on /websocket; returns the streams and the handshake's status (101 when upgraded)."""
    async with asyncio.timeout(timeout):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        key = base64.b64encode(os.urandom(16)).decode() if key is None else key
        req = (f"GET /websocket HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Version: {version}\r\n" + (f"Sec-WebSocket-Key: {key}\r\n" if key else "") + extra + "\r\n")
        writer.write(req.encode())
        await writer.drain()
        status_line = await reader.readline()
        while (await reader.readline()) not in (b"\r\n", b""):
            pass
        parts = status_line.split()
        return reader, writer, int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


async def read_frame(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    b0, b1 = await reader.readexactly(2)
    n = b1 & 0x7F
    if n == 126:
        n = struct.unpack("!H", await reader.readexactly(2))[0]
    elif n == 127:
        n = struct.unpack("!Q", await reader.readexactly(8))[0]
    if b1 & 0x80:
        await reader.readexactly(4)  # a server must not mask; read past it all the same
    return b0 & 0x0F, await reader.readexactly(n)


async def until_close(reader: asyncio.StreamReader, timeout: float) -> tuple[str, int]:
    """Reads frames until the server's close frame or the end of the connection: ('1013 reason', frames read)."""
    frames = 0
    try:
        async with asyncio.timeout(timeout):
            while True:
                op, payload = await read_frame(reader)
                frames += 1
                if op == OP_CLOSE:
                    if len(payload) >= 2:
                        code = struct.unpack("!H", payload[:2])[0]
                        reason = payload[2:].decode(errors="replace")
                        return (f"close {code} {reason!r}" if reason else f"close {code}"), frames
                    return "close (no code)", frames
    except TimeoutError:
        return "no close within timeout", frames
    except asyncio.IncompleteReadError:
        return "TCP close without close frame", frames
    except ConnectionResetError:
        return "reset", frames


async def flood_one(port: int, count: int, first: int, paced: bool) -> dict:
    """One websocket: up to count subscribe messages, reading what comes back, until the server closes it.
    Not paced: written as fast as the socket takes them (the kernel buffers most of them before the server reads).
    Paced: each message drained and followed by a yield, so that 'written' approximates what the server read
    before its close frame arrived."""
    t0 = time.monotonic()
    reader, writer, status = await handshake(port)
    out = {"status": status, "written": 0, "ending": f"handshake {status}", "seconds": 0.0, "frames": 0}
    if status != 101:
        writer.close()
        return out
    closing = asyncio.create_task(until_close(reader, 30))
    try:
        for i in range(count):
            if closing.done():
                break
            writer.write(subscribe([f"flood.{first + i}"], 0))
            out["written"] += 1
            if paced:
                await writer.drain()
                await asyncio.sleep(0)
            elif i % 64 == 63:
                await writer.drain()
        await writer.drain()
    except (ConnectionResetError, BrokenPipeError):
        pass
    out["ending"], out["frames"] = await closing
    out["seconds"] = time.monotonic() - t0
    writer.close()
    return out


def rss_mb(pid: int) -> float | None:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1000
    except OSError:
        return None
    return None


async def unlimited(cfg) -> Row:
    """6b: the same 10,000 subscribes on one websocket with the rate limit off (websocket_rate_limit_burst = 0):
    how long the longpolling worker takes to go through them (a last subscribe to channel 'done', then a message
    published there: its arrival means every earlier subscribe was processed), its memory, legit latency meanwhile."""
    server = Server(cfg.binary, cfg.workdir, "s6b-websocket", workers=2, extra=["--websocket-rate-limit-burst", "0"])
    server.start()
    facts = []
    try:
        lp = server.worker_pids("WorkerLongPolling")[-1]
        rss_before = rss_mb(lp)
        reader, writer, status = await handshake(server.gport)
        t0 = time.monotonic()
        legit_task = asyncio.create_task(legit_traffic(server.gport, cfg.legit_n, cfg.rate, cfg.timeout, "/longpolling/health"))
        for i in range(cfg.ws_messages):
            writer.write(subscribe([f"flood.{i}"], 0))
            if i % 64 == 63:
                await writer.drain()
        writer.write(subscribe(["done"], 0))
        await writer.drain()
        written = time.monotonic() - t0
        outcome, _, _ = await one_request(server.port, "/bus/send", 10, "POST",
                                          b'{"channel": "done", "type": "hostile.done", "payload": 1}',
                                          {"Authorization": "Bearer admin", "Content-Type": "application/json"})
        got = None
        try:
            async with asyncio.timeout(60):
                while got is None:
                    op, payload = await read_frame(reader)
                    if op == OP_CLOSE:
                        got = f"closed {struct.unpack('!H', payload[:2])[0] if len(payload) >= 2 else ''} before"
                    elif b"hostile.done" in payload:
                        got = time.monotonic() - t0
        except (TimeoutError, asyncio.IncompleteReadError, ConnectionResetError) as e:
            got = f"{type(e).__name__} before"
        rss_after = rss_mb(lp)
        writer.close()
        legit = await legit_task
        facts.append(f"10,000 subscribes written in {written:.2f} s; " +
                     (f"all processed (the message on 'done' arrived) {got:.2f} s after the first"
                      if isinstance(got, float) else f"{got} the message on 'done' arrived (publish: {outcome})"))
        facts.append(f"longpolling worker resident memory {rss_before:.0f} -> {rss_after:.0f} MB" if rss_before and rss_after
                     else "longpolling worker memory unknown")
        if not server.alive():
            facts.append("the master exited")
    finally:
        server.stop()
    traces = server.stack_traces()
    if traces:
        facts.append(f"server log: {traces} stack-trace lines")
    return Row("6b", "websocket: 10,000 subscribes, rate limit off (legit: /longpolling/health)", legit, facts)


async def run(cfg) -> list[Row]:
    return [await limited(cfg), await unlimited(cfg)]


async def limited(cfg) -> Row:
    server = Server(cfg.binary, cfg.workdir, "s6-websocket", workers=2)
    server.start()
    try:
        first_ws = {}
        reconnects: list[dict] = []
        stop = asyncio.Event()

        async def flood() -> None:
            first_ws.update(await flood_one(server.gport, cfg.ws_messages, 0, paced=False))
            # Then reconnecting websockets for as long as the legitimate traffic runs (bounded in messages and time).
            sent, cap = 0, 20 * cfg.ws_messages
            deadline = time.monotonic() + (20 if cfg.quick else 60)
            while sent < cap and not stop.is_set() and time.monotonic() < deadline:
                try:
                    r = await flood_one(server.gport, cap - sent, sent, paced=True)
                except (OSError, TimeoutError) as e:
                    r = {"written": 0, "ending": type(e).__name__, "seconds": 0.0, "frames": 0, "status": 0}
                    await asyncio.sleep(0.1)
                reconnects.append(r)
                sent += r["written"]

        flooding = asyncio.create_task(flood())
        await asyncio.sleep(0.5)
        legit = await legit_traffic(server.gport, cfg.legit_n, cfg.rate, cfg.timeout, "/longpolling/health")
        stop.set()
        await asyncio.wait_for(flooding, 35)
        after_ok = Server.http_ok(server.gport, "/longpolling/health", 5)
        alive = server.alive()
    finally:
        status = server.stop()
    row = Row("6a", "websocket: 10,000 subscribe messages (legit: GET /longpolling/health on gevent_port)", legit)
    row.facts.append(f"one websocket, {first_ws.get('written', 0)} of {cfg.ws_messages} messages written at once: the server "
                     f"ended it with {first_ws.get('ending')} after {fmt_s(first_ws.get('seconds'))} s "
                     f"({first_ws.get('frames', 0)} frames received)")
    if reconnects:
        endings = Counter(r["ending"] for r in reconnects)
        sent = sum(r["written"] for r in reconnects)
        row.facts.append(f"then, while the legit traffic ran, {len(reconnects)} reconnecting websockets, one message at a time: {sent} messages "
                         f"(median {median([r['written'] for r in reconnects])} written per websocket before its close frame arrived, "
                         f"{fmt_ms(median([r['seconds'] * 1000 for r in reconnects]))} ms each); endings: "
                         + ", ".join(f"{k} x{v}" for k, v in endings.most_common(4)))
    row.facts.append(f"longpolling worker {'answers' if after_ok else 'does NOT answer'} /longpolling/health afterwards"
                     + ("" if alive else f"; the master exited (status {status})"))
    traces = server.stack_traces()
    if traces:
        row.facts.append(f"server log: {traces} stack-trace lines")
    return row
