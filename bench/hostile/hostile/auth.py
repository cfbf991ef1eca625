"""Scenario 9: the admin bearer from outside, and password guessing.

  - `Authorization: Bearer admin` (the default admin_passwd) on POST /bus/send from 127.0.0.1 (local), then from a
    client bound to 127.0.0.2 (not the server's own address: the goal is 403 for a non-local client while the
    password is still the default);
  - a burst of wrong guesses `Bearer guess-N` from a client bound to 127.0.0.3, 16 at a time, each on a fresh
    connection, beside legitimate traffic from 127.0.0.1: how many 403, how many 429 (the goal: all but the first
    few 429), and where the first 429 came;
  - afterwards `Bearer admin` again from 127.0.0.1 (a guesser elsewhere must not lock the local admin out).

The server counts only 127.0.0.1 as local (`--local-networks 127.0.0.1/32,::1/128`; the default is all of
127.0.0.0/8): traffic stays on loopback, and 127.0.0.2/.3 stand for clients on the network."""
from __future__ import annotations

import asyncio
from collections import Counter

from .legit import legit_traffic, one_request
from .report import Row
from .server import Server

BODY = b'{"channel": "x", "type": "t", "payload": 1}'
FEW = 10  # "all but the first few": at most this many guesses answered otherwise than 429


async def send(port: int, token: str, source: str) -> str:
    outcome, _, _ = await one_request(port, "/bus/send", 10, "POST", BODY,
                                      {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                                      local_addr=source)
    return "200" if outcome == "ok" else outcome.replace("status ", "")


async def run(cfg) -> Row:
    server = Server(cfg.binary, cfg.workdir, "s9-auth", workers=2, extra=["--local-networks", "127.0.0.1/32,::1/128"])
    server.start()
    try:
        local_before = await send(server.port, "admin", "127.0.0.1")
        remote = await send(server.port, "admin", "127.0.0.2")
        order: list[str] = []
        sem = asyncio.Semaphore(16)

        async def guess(i: int) -> None:
            async with sem:
                order.append(await send(server.port, f"guess-{i}", "127.0.0.3"))

        legit_task = asyncio.create_task(legit_traffic(server.port, cfg.legit_n, cfg.rate, cfg.timeout))
        await asyncio.gather(*(guess(i) for i in range(cfg.auth_guesses)))
        legit = await legit_task
        local_after = await send(server.port, "admin", "127.0.0.1")
        remote_guess_after = await send(server.port, "admin", "127.0.0.3")
    finally:
        server.stop()
    counts = Counter(order)
    first_429 = next((i + 1 for i, s in enumerate(order) if s == "429"), None)
    not_429 = len(order) - counts.get("429", 0)
    row = Row("9", f"auth: Bearer admin from 127.0.0.2; {cfg.auth_guesses} wrong guesses from 127.0.0.3", legit)
    row.facts.append(f"Bearer admin: from 127.0.0.1 {local_before} before the burst, {local_after} after; "
                     f"from 127.0.0.2 {remote}; from 127.0.0.3 after its burst {remote_guess_after}")
    row.facts.append(f"{cfg.auth_guesses} wrong guesses (16 at a time): " + ", ".join(f"{k} x{v}" for k, v in counts.most_common())
                     + (f"; first 429 at guess {first_429}" if first_429 else "; no 429"))
    row.goal = f"127.0.0.2 gets 403; all but <={FEW} guesses 429"
    row.verdict = "PASS" if remote == "403" and not_429 <= FEW else "FAIL"
    return row
