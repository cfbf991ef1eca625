"""Scenario 7: malformed HTTP, JSON-RPC and websocket input, one case at a time, beside legitimate traffic.
For each case: what the server answered (an HTTP status, a websocket close code, a close or a reset without an
answer, or nothing within the timeout) and when, and what it wrote to its log for it — lines, and stack-trace
lines (a client's mistake must never print a stack trace)."""
from __future__ import annotations

import asyncio
import json
import struct
import time
from collections import Counter
from dataclasses import dataclass

from .legit import legit_traffic
from .report import Row, fmt_ms, median
from .server import STACK_LINE, Server
from .websocket import (OP_BINARY, OP_CLOSE, OP_CONT, OP_PING, OP_TEXT, frame, handshake, subscribe, until_close)

CRLF = b"\r\n"


def req(head: str, body: bytes = b"") -> bytes:
    return head.replace("\n", "\r\n").encode() + body


def post(path: str, body: bytes, ctype: str = "application/json", extra: str = "") -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
            f"Connection: close\r\n{extra}\r\n").encode() + body


def rpc(params) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}).encode()


@dataclass
class Case:
    name: str
    port: str  # "http" or "gevent"
    data: bytes = b""  # raw bytes for an HTTP case; for a websocket case, the frame(s) sent after the handshake
    ws: bool = False  # handshake first, then data, then read the close frame
    half_close: bool = False  # shut the write side after sending (the client is gone)
    raw_handshake: bool = False  # data is a whole (bad) handshake request


G = "GET /web/health?case HTTP/1.1\nHost: 127.0.0.1\n"
CASES: list[Case] = [
    # request line
    Case("garbage request line", "http", b"HELLO WORLD\r\n\r\n"),
    Case("binary garbage (512 bytes)", "http", bytes(range(256)) * 2),
    Case("TLS ClientHello on plain HTTP", "http", bytes.fromhex("16030100a5010000a10303") + bytes(160)),
    Case("bad method characters", "http", req("G(T /web/health?case HTTP/1.1\nHost: x\n\n")),
    Case("HTTP/9.9", "http", req("GET /web/health?case HTTP/9.9\nHost: x\n\n")),
    Case("HTTP/0.9 (no version)", "http", req("GET /web/health?case\n\n")),
    Case("100 KB URI", "http", req(f"GET /web/health?{'a' * 100_000} HTTP/1.1\nHost: x\n\n")),
    Case("absolute-form URI to another host", "http", req("GET http://example.com/web/health?case HTTP/1.1\nHost: example.com\n\n")),
    Case("CONNECT method", "http", req("CONNECT 127.0.0.1:22 HTTP/1.1\nHost: 127.0.0.1:22\n\n")),
    Case("path traversal", "http", req("GET /../../../../etc/passwd HTTP/1.1\nHost: x\n\n")),
    # headers
    Case("header without colon", "http", req(G + "BadHeader\n\n")),
    Case("obs-fold continuation line", "http", req(G + "X-A: a\n  folded\n\n")),
    Case("100 KB header value", "http", req(G + f"X-Big: {'b' * 100_000}\n\n")),
    Case("2,000 headers", "http", req(G + "".join(f"X-H{i}: v\n" for i in range(2000)) + "\n")),
    Case("NUL in a header value", "http", req(G + "X-Nul: a\0b\n\n")),
    Case("bare LF line endings", "http", b"GET /web/health?case HTTP/1.1\nHost: x\n\n"),
    Case("no Host header (HTTP/1.1)", "http", req("GET /web/health?case HTTP/1.1\n\n")),
    Case("two Host headers", "http", req(G + "Host: other\n\n")),
    Case("non-ASCII header name", "http", G.replace("\n", "\r\n").encode() + "X-Ünï: v\r\n\r\n".encode()),
    # framing of the body
    Case("two different Content-Length", "http", req("POST /jsonrpc HTTP/1.1\nHost: x\nContent-Length: 5\nContent-Length: 50\n\n", b"{}{}{")),
    Case("Content-Length + chunked (smuggling)", "http", req("POST /jsonrpc HTTP/1.1\nHost: x\nContent-Length: 4\nTransfer-Encoding: chunked\n\n", b"0\r\n\r\nGET /web/health?smuggled HTTP/1.1\r\nHost: x\r\n\r\n")),
    Case("negative Content-Length", "http", req("POST /jsonrpc HTTP/1.1\nHost: x\nContent-Length: -1\n\n", b"{}")),
    Case("non-numeric Content-Length", "http", req("POST /jsonrpc HTTP/1.1\nHost: x\nContent-Length: abc\n\n", b"{}")),
    Case("unknown Transfer-Encoding", "http", req("POST /jsonrpc HTTP/1.1\nHost: x\nTransfer-Encoding: bogus\n\n", b"{}")),
    Case("bad chunk size (zz)", "http", req("POST /jsonrpc HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n\n", b"zz\r\n{}\r\n0\r\n\r\n")),
    Case("chunk size overflow (20 hex digits)", "http", req("POST /jsonrpc HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n\n", b"ffffffffffffffffffff\r\n{}\r\n")),
    Case("chunk without CRLF after data", "http", req("POST /jsonrpc HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n\n", b"2\r\n{}XX0\r\n\r\n")),
    Case("chunked body never terminated", "http", req("POST /jsonrpc HTTP/1.1\nHost: x\nContent-Type: application/json\nTransfer-Encoding: chunked\n\n", b"2\r\n{}\r\n")),
    Case("100 MB Content-Length (1 KB sent)", "http", req("POST /jsonrpc HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 100000000\n\n", b"{" + b" " * 1023)),
    Case("body shorter than Content-Length, then EOF", "http", req("POST /jsonrpc HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 1000\n\n", b'{"jsonrpc": "2.0"'), half_close=True),
    Case("Expect: 100-continue, 100 MB", "http", req("POST /jsonrpc HTTP/1.1\nHost: x\nContent-Type: application/json\nExpect: 100-continue\nContent-Length: 100000000\n\n")),
    Case("request head then EOF mid-header", "http", b"GET /web/health?case HTTP/1.1\r\nHost: x\r\nX-Half: ", half_close=True),
    # JSON-RPC bodies
    Case("JSON-RPC: empty body", "http", post("/jsonrpc", b"")),
    Case("JSON-RPC: not JSON", "http", post("/jsonrpc", b"{{{not json")),
    Case("JSON-RPC: an array", "http", post("/jsonrpc", b"[]")),
    Case("JSON-RPC: a string", "http", post("/jsonrpc", b'"x"')),
    Case("JSON-RPC: params a number", "http", post("/jsonrpc", b'{"jsonrpc": "2.0", "method": "call", "params": 5}')),
    Case("JSON-RPC: unknown service/method", "http", post("/jsonrpc", rpc({"service": "db", "method": "drop", "args": ["x"]}))),
    Case("JSON-RPC: 100,000 nested arrays", "http", post("/jsonrpc", b"[" * 100_000 + b"]" * 100_000)),
    Case("JSON-RPC: invalid UTF-8", "http", post("/jsonrpc", b'{"jsonrpc": "2.0", "method": "\xff\xfe", "params": {}}')),
    Case("JSON-RPC: number 1e999999", "http", post("/jsonrpc", b'{"jsonrpc": "2.0", "method": "call", "id": 1e999999, "params": {}}')),
    Case("JSON-RPC: 900 KB string", "http", post("/jsonrpc", rpc({"service": "common", "method": "version", "args": ["a" * 900_000]}))),
    Case("JSON-RPC: text/plain body", "http", post("/jsonrpc", rpc({"service": "common", "method": "version", "args": []}), "text/plain")),
    Case("JSON-RPC: id an object", "http", post("/jsonrpc", b'{"jsonrpc": "2.0", "method": "call", "id": {"a": [1]}, "params": {"service": "common", "method": "version", "args": []}}')),
    Case("poll: channels of numbers (HTTP port)", "http", post("/longpolling/poll", rpc({"channels": [1, 2], "last": 0}))),
    Case("poll: channels a string", "gevent", post("/longpolling/poll", rpc({"channels": "x", "last": 0}))),
    Case("poll: last a string", "gevent", post("/longpolling/poll", rpc({"channels": ["x"], "last": "zzz"}))),
    Case("poll: 100,000 channels", "gevent", post("/longpolling/poll", rpc({"channels": [f"c{i}" for i in range(100_000)], "last": 0}))),
    Case("bus/send: garbage body, no auth", "http", post("/bus/send", b"\x00\x01garbage")),
    Case("chat/post: 5 KB body", "http", post("/web/chat/post", json.dumps({"author": "a", "text": "t" * 5000}).encode())),
    Case("chat/post: invalid JSON", "http", post("/web/chat/post", b"{author")),
    # websocket handshakes and frames (gevent port)
    Case("ws handshake without Sec-WebSocket-Key", "gevent", ws=True, raw_handshake=True, data=b"nokey"),
    Case("ws handshake version 8", "gevent", ws=True, raw_handshake=True, data=b"v8"),
    Case("ws unmasked frame", "gevent", frame(OP_TEXT, b'{"event_name": "subscribe", "data": {"channels": [], "last": 0}}', mask=False), ws=True),
    Case("ws bad opcode 0x3", "gevent", frame(0x3, b"x"), ws=True),
    Case("ws reserved bits set", "gevent", frame(OP_TEXT, b"{}", rsv=0b111), ws=True),
    Case("ws length 2^63-1 announced", "gevent", frame(OP_TEXT, b"", length=(1 << 63) - 1), ws=True),
    Case("ws 2 MiB announced, 64 KB sent", "gevent", frame(OP_TEXT, b"a" * 65536, length=2 << 20)[: 14 + 65536], ws=True),
    Case("ws continuation without a start", "gevent", frame(OP_CONT, b"x"), ws=True),
    Case("ws fragmented ping", "gevent", frame(OP_PING, b"x", fin=False), ws=True),
    Case("ws 200-byte ping (control > 125)", "gevent", frame(OP_PING, b"p" * 200), ws=True),
    Case("ws invalid UTF-8 text", "gevent", frame(OP_TEXT, b"\xff\xfe\xfd"), ws=True),
    Case("ws binary frame", "gevent", frame(OP_BINARY, b'{"event_name": "subscribe"}'), ws=True),
    Case("ws close code 999", "gevent", frame(OP_CLOSE, struct.pack("!H", 999) + b"bad"), ws=True),
    Case("ws text not JSON", "gevent", frame(OP_TEXT, b"{{{"), ws=True),
    Case("ws subscribe, channels of numbers", "gevent", frame(OP_TEXT, b'{"event_name": "subscribe", "data": {"channels": [1, 2], "last": 0}}'), ws=True),
    Case("ws unknown event", "gevent", frame(OP_TEXT, b'{"event_name": "drop_database", "data": {}}'), ws=True),
    Case("ws 1 MiB + 1 subscribe", "gevent", subscribe(["c" * ((1 << 20) - 60)]), ws=True),
]


async def http_case(port: int, case: Case, timeout: float) -> str:
    t0 = time.monotonic()
    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
        writer.write(case.data)
        await writer.drain()
        if case.half_close:
            writer.write_eof()
        first = b""
        t_first = None
        try:
            async with asyncio.timeout(timeout):
                while True:
                    chunk = await reader.read(65536)
                    if not chunk:
                        how = "close"
                        break
                    if t_first is None:
                        t_first = time.monotonic() - t0
                    if len(first) < 200:
                        first += chunk
        except TimeoutError:
            how = f"still open after {timeout:.0f} s"
        except ConnectionResetError:
            how = "reset"
        t_end = time.monotonic() - t0
        if first.startswith(b"HTTP/"):
            statuses = [line.split()[1].decode() for line in first.split(CRLF) if line.startswith(b"HTTP/") and len(line.split()) > 1]
            what = " ".join(statuses)
            return f"{what} in {fmt_ms(t_first * 1000)} ms, then {how}" + (f" at {t_end:.1f} s" if how != "close" or t_end > 1 else "")
        if first:
            return f"non-HTTP answer {first[:20]!r}, then {how}"
        return f"no answer: {how} after {t_end:.2f} s"
    except (OSError, TimeoutError) as e:
        return f"{type(e).__name__} after {time.monotonic() - t0:.2f} s"
    finally:
        if writer is not None:
            writer.close()


async def ws_case(port: int, case: Case, timeout: float) -> str:
    t0 = time.monotonic()
    writer = None
    try:
        if case.raw_handshake:
            if case.data == b"nokey":
                reader, writer, status = await handshake(port, key="", timeout=timeout)
            else:
                reader, writer, status = await handshake(port, version="8", timeout=timeout)
            return f"handshake answered {status} in {fmt_ms((time.monotonic() - t0) * 1000)} ms"
        reader, writer, status = await handshake(port, timeout=timeout)
        if status != 101:
            return f"handshake answered {status}"
        t0 = time.monotonic()
        writer.write(case.data)
        await writer.drain()
        ending, frames = await until_close(reader, timeout)
        return f"{ending} in {fmt_ms((time.monotonic() - t0) * 1000)} ms" + (f" ({frames - 1} frames before)" if frames > 1 else "")
    except (OSError, TimeoutError) as e:
        return f"{type(e).__name__} after {time.monotonic() - t0:.2f} s"
    finally:
        if writer is not None:
            writer.close()


def is_legit(line: str) -> bool:
    return '"GET /web/health HTTP/1.1"' in line or '"GET /longpolling/health HTTP/1.1"' in line


async def run(cfg) -> Row:
    server = Server(cfg.binary, cfg.workdir, "s7-malformed", workers=2)
    server.start()
    timeout = 3 if cfg.quick else 15
    outcomes: list[tuple[Case, str, int, int, list[str]]] = []
    try:
        legit_task = asyncio.create_task(legit_traffic(server.port, cfg.legit_n, cfg.rate, cfg.timeout))
        for case in CASES:
            before = len(server.log_lines())
            port = server.port if case.port == "http" else server.gport
            result = await (ws_case(port, case, timeout) if case.ws else http_case(port, case, timeout))
            await asyncio.sleep(0.15 if cfg.quick else 0.3)  # let the server's log line land
            new = [line for line in server.log_lines()[before:] if not is_legit(line)]
            traces = len(STACK_LINE.findall("\n".join(new)))
            outcomes.append((case, result, len(new), traces, new))
        legit = await legit_task
        alive = server.alive()
        respawns = len(server.worker_pids("WorkerHTTP")) - 2 + len(server.worker_pids("WorkerLongPolling")) - 1
    finally:
        server.stop()
    total_traces = sum(o[3] for o in outcomes)
    counts = Counter(o[2] for o in outcomes)
    row = Row("7", f"malformed HTTP / JSON-RPC / websocket ({len(CASES)} cases)", legit)
    kinds = Counter(o[1].split(" in ")[0].split(",")[0].split(" after ")[0] for o in outcomes)
    row.facts.append("answers: " + ", ".join(f"{k} x{v}" for k, v in kinds.most_common()))
    row.facts.append(f"server log: {total_traces} stack-trace lines; log lines per case: "
                     + ", ".join(f"{n} line{'s' if n != 1 else ''} x{c}" for n, c in sorted(counts.items()))
                     + f" (median {median([o[2] for o in outcomes])})")
    if respawns or not alive:
        row.facts.append(f"workers respawned: {respawns}" + ("" if alive else "; the master exited"))
    row.goal = "no stack trace, no worker lost"
    row.verdict = "PASS" if total_traces == 0 and respawns == 0 and alive else "FAIL"
    width = max(len(o[0].name) for o in outcomes)
    row.details = [f"7. malformed input, case by case (answer; log lines; stack-trace lines), timeout {timeout} s:"]
    for case, result, lines, traces, new in outcomes:
        row.details.append(f"  {case.name:<{width}}  {case.port:<6}  {result}; {lines} log line{'s' if lines != 1 else ''}"
                           + (f", {traces} STACK-TRACE lines" if traces else ""))
        for line in new[:2]:
            if not STACK_LINE.match(line):
                row.details.append(f"  {'':<{width}}          log: {line.split(' ? ', 1)[-1][:150]}")
    return row
