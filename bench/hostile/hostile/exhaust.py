"""Scenario 5: descriptor exhaustion. The server starts under a low open-files limit (soft = hard, inherited by
every process); the attack opens connections to one port, more than that limit, in batches, probing after each
batch whether the port still answers; holds them while legitimate requests go to the HTTP port; then closes them
all at once and measures how long until the port serves again.

  5a longpolling port: each attacking connection sends a long-poll (held up to 50 s by the server), the
     longpolling worker needs one descriptor per connection; recovery = the first answered POST /longpolling/poll
     (a message was published on its channel beforehand, so a poll answers at once).
  5b HTTP port: idle connections; a prefork HTTP worker takes one at a time, so they fill the listen queue rather
     than descriptors; recovery = the first answered GET /web/health."""
from __future__ import annotations

import asyncio
import json
import re
import time

from .legit import LegitResult, legit_traffic, one_request
from .report import Row
from .server import Server

POLL = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1,
                   "params": {"channels": ["x"], "last": 0}}).encode()
ATTACK_POLL = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1,
                          "params": {"channels": ["attack"], "last": 0}}).encode()


async def probe(port: int, poll: bool, timeout: float) -> tuple[bool, str]:
    if poll:
        outcome, _, body = await one_request(port, "/longpolling/poll", timeout, "POST", POLL,
                                             {"Content-Type": "application/json"})
        return outcome == "ok" and b'"result"' in body, outcome
    outcome, _, _ = await one_request(port, "/longpolling/health" if poll is None else "/web/health", timeout)
    return outcome == "ok", outcome


async def open_attacker(port: int, longpoll: bool, timeout: float):
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            if longpoll:
                writer.write(f"POST /longpolling/poll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                             f"Content-Length: {len(ATTACK_POLL)}\r\n\r\n".encode() + ATTACK_POLL)
                await writer.drain()
            return writer, "connected"
    except TimeoutError:
        return None, "connect timeout"
    except OSError as e:
        return None, type(e).__name__


async def recovery(port: int, poll: bool, budget: float) -> tuple[float | None, int]:
    """From now: a probe every 100 ms (each with a 10 s timeout) until one is answered; seconds to that answer."""
    t0 = time.monotonic()
    answered = asyncio.Event()
    first: list[float] = []
    tasks = []

    async def one() -> None:
        ok, _ = await probe(port, poll, 10)
        if ok and not answered.is_set():
            first.append(time.monotonic() - t0)
            answered.set()

    while not answered.is_set() and time.monotonic() - t0 < budget:
        tasks.append(asyncio.create_task(one()))
        try:
            await asyncio.wait_for(answered.wait(), 0.1)
        except TimeoutError:
            pass
    if not answered.is_set():
        await asyncio.wait(tasks, timeout=10)
    for t in tasks:
        t.cancel()
    return (first[0] if first else None), len(tasks)


async def exhaust(cfg, letter: str) -> Row:
    gevent = letter == "a"
    server = Server(cfg.binary, cfg.workdir, f"s5{letter}-exhaust", workers=2, nofile=cfg.nofile)
    server.start()
    facts = []
    legit: LegitResult | None = None
    verdict, goal = "-", ""
    try:
        target = server.gport if gevent else server.port
        use_poll = False
        if gevent:  # a message on channel x, so that a poll on x answers at once
            outcome, _, _ = await one_request(server.port, "/bus/send", 10, "POST",
                                              b'{"channel": "x", "type": "t", "payload": 1}',
                                              {"Authorization": "Bearer admin", "Content-Type": "application/json"})
            use_poll = outcome == "ok"
            ok, _ = await probe(target, True, 5) if use_poll else (False, "")
            use_poll = use_poll and ok
            if not use_poll:
                facts.append(f"(a poll did not answer at once before the attack — publish {outcome} — so "
                              "GET /longpolling/health is the probe)")
        probe_kind = True if use_poll else (None if gevent else False)
        lp_before = len(server.worker_pids("WorkerLongPolling"))
        lines_before = len(server.log_lines())

        total = cfg.nofile + 300
        writers, results = [], {}
        stopped_at = None
        batch = 50
        t_attack = time.monotonic()
        for start in range(0, total, batch):
            if results.get("connect timeout", 0) >= batch:
                break  # the listen queue is full: more attackers only wait for their connect() to time out
            got = await asyncio.gather(*(open_attacker(target, gevent, 1.5 if cfg.quick else 3) for _ in range(min(batch, total - start))))
            for w, how in got:
                results[how] = results.get(how, 0) + 1
                if w is not None:
                    writers.append(w)
            if stopped_at is None:
                ok, how = await probe(target, probe_kind, 1.5)
                if not ok:
                    stopped_at = (start + batch, how)
        opened_in = time.monotonic() - t_attack
        tried = sum(results.values())
        facts.append(f"{tried} attacking connections in {opened_in:.1f} s ({', '.join(f'{v} {k}' for k, v in results.items())}), "
                     f"server open-files limit {cfg.nofile}; " +
                     (f"the port stopped answering probes after {stopped_at[0]} ({stopped_at[1]})" if stopped_at
                      else "the port still answered a probe after every batch"))

        # Held while legitimate traffic goes to the HTTP port.
        legit = await legit_traffic(server.port, cfg.legit_n, cfg.rate, cfg.timeout)
        during_ok, during_how = await probe(target, probe_kind, 2)
        facts.append(f"at the end of the hold the attacked port {'answered' if during_ok else f'did not answer ({during_how})'}")

        for w in writers:
            w.close()
        t_end = time.monotonic()
        budget = 6 if cfg.quick else 30
        seconds, probes = await recovery(target, probe_kind, budget)
        what = "a poll" if probe_kind is True else ("/longpolling/health" if gevent else "/web/health")
        facts.append(f"attack ended (all {len(writers)} closed): {what} answered again after "
                     + (f"{seconds:.2f} s" if seconds is not None else f"more than {budget} s (not at all; {probes} probes)"))
        if gevent:
            goal = "serving again within 2 s"
            verdict = "PASS" if seconds is not None and seconds <= 2 else "FAIL"
        alive = server.alive()
        text_after = server.log_lines()[lines_before:]
        lp_after = len(server.worker_pids("WorkerLongPolling"))
        emfile = sum(1 for line in text_after if re.search(r"Too many open files|EMFILE", line))
        fatal = [line.split(": ", 1)[-1] for line in text_after if " CRITICAL " in line]
        facts.append(f"server log during the attack: {len(text_after)} lines, {emfile} naming 'Too many open files', "
                     f"{server.stack_traces(chr(10).join(text_after))} stack-trace lines; longpolling worker "
                     + ("kept" if lp_after == lp_before else f"respawned {lp_after - lp_before} time(s)")
                     + ("" if alive else "; the master exited"))
        if fatal:
            facts.append(f"   CRITICAL: {fatal[0][:160]}" + (f" (and {len(fatal) - 1} more)" if len(fatal) > 1 else ""))
        deaths = [line.split(": ", 1)[-1] for line in text_after if re.search(r"exited \(|died|timeout after", line)]
        if deaths:
            facts.append("   " + "; ".join(deaths[:3]))
    finally:
        server.stop()
    row = Row(f"5{letter}", f"descriptors of the {'longpolling' if gevent else 'HTTP'} port exhausted "
                            f"(nofile {cfg.nofile}; legit on HTTP port during the hold)", legit, facts, goal, verdict)
    return row


async def run(cfg) -> list[Row]:
    return [await exhaust(cfg, "a"), await exhaust(cfg, "b")]
