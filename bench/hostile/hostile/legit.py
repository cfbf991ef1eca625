"""Legitimate traffic beside an attack: N requests, each on a fresh connection, sent open-loop at a fixed rate
(so a stalled server cannot slow the schedule down, and the phase lasts at most N / rate + timeout), each with its
own timeout. Latency counts from before connect() to the end of the response."""
from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass, field


@dataclass
class LegitResult:
    n: int
    served: int = 0
    latencies_ms: list[float] = field(default_factory=list)  # of served requests
    failures: dict[str, int] = field(default_factory=dict)  # timeout / reset / refused / status 503 ...

    def percentile(self, q: float) -> float | None:
        """Percentile over all N requests, a failed one counting as infinitely slow (None when it falls there)."""
        if self.n == 0:
            return None
        ranked = sorted(self.latencies_ms) + [float("inf")] * (self.n - len(self.latencies_ms))
        value = ranked[min(self.n - 1, max(0, math.ceil(q / 100 * self.n) - 1))]  # nearest rank
        return None if value == float("inf") else value

    @property
    def max_ms(self) -> float | None:
        return None if self.served < self.n or not self.latencies_ms else max(self.latencies_ms)

    def summary(self) -> str:
        def f(v):
            return "-" if v is None else f"{v:.0f}" if v >= 10 else f"{v:.1f}"
        text = f"served {self.served}/{self.n}, p50 {f(self.percentile(50))} ms, p99 {f(self.percentile(99))} ms, max {f(self.max_ms)} ms"
        if self.latencies_ms and self.served < self.n:
            text += f" (slowest served {max(self.latencies_ms):.0f} ms)"
        if self.failures:
            text += ", failed: " + ", ".join(f"{k} {v}" for k, v in sorted(self.failures.items()))
        return text


async def one_request(port: int, path: str, timeout: float, method: str = "GET", body: bytes = b"",
                      headers: dict[str, str] | None = None, local_addr: str | None = None) -> tuple[str, float, bytes]:
    """One request on a fresh connection. Returns (outcome, latency ms, body): outcome is 'ok' for 2xx, else
    'status NNN', 'connect timeout' (no connection within the timeout), 'timeout' (connected, no complete answer),
    'reset', 'refused', 'closed' (no answer) or the error's name."""
    start = time.monotonic()
    writer = None
    connected = False
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(
                "127.0.0.1", port, local_addr=(local_addr, 0) if local_addr else None)
            connected = True
            head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
            for k, v in (headers or {}).items():
                head += f"{k}: {v}\r\n"
            if body or method == "POST":
                head += f"Content-Length: {len(body)}\r\n"
            writer.write(head.encode() + b"\r\n" + body)
            await writer.drain()
            status_line = await reader.readline()
            if not status_line:
                return "closed", (time.monotonic() - start) * 1000, b""
            parts = status_line.split()
            status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            length = None
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            data = await (reader.readexactly(length) if length is not None else reader.read())
            elapsed = (time.monotonic() - start) * 1000
            return ("ok" if 200 <= status < 300 else f"status {status}"), elapsed, data
    except TimeoutError:  # never connected: the listen queue was full (SYNs dropped) for the whole timeout
        return ("timeout" if connected else "connect timeout"), (time.monotonic() - start) * 1000, b""
    except ConnectionResetError:
        return "reset", (time.monotonic() - start) * 1000, b""
    except ConnectionRefusedError:
        return "refused", (time.monotonic() - start) * 1000, b""
    except (asyncio.IncompleteReadError, BrokenPipeError):
        return "closed", (time.monotonic() - start) * 1000, b""
    except OSError as e:
        return type(e).__name__, (time.monotonic() - start) * 1000, b""
    finally:
        if writer is not None:
            writer.close()


async def legit_traffic(port: int, n: int, rate: float, timeout: float, path: str = "/web/health") -> LegitResult:
    """n GETs of path, one started every 1/rate s, each on a fresh connection with its own timeout."""
    result = LegitResult(n)

    async def one(i: int) -> None:
        await asyncio.sleep(i / rate)
        outcome, ms, _ = await one_request(port, path, timeout)
        if outcome == "ok":
            result.served += 1
            result.latencies_ms.append(ms)
        else:
            result.failures[outcome] = result.failures.get(outcome, 0) + 1

    await asyncio.gather(*(one(i) for i in range(n)))
    return result
