#!/usr/bin/env python3
"""Writes odoo-sample.log, a synthetic Odoo access log, and odoo-sample.expected.json, the figures put into it.

Deterministic (seeded, stdlib only): running it again gives the same bytes. 90 seconds of a small prefork
Odoo: 90 seconds of Poisson arrivals at 20 requests/s with a 15-second burst at 60 requests/s, routes with different SQL/Python
mixes, and the lines a sizing tool must skip: other loggers, a traceback, '- - -' lines, a werkzeug message that is
not a request, a long poll, plus one Odoo 17 line with a cursor mode, one coloured line and one line of Odoo 18's access logger.

    python3 samples/logs/generate.py            # writes both files beside this script
"""
import json
import os
import random
from datetime import datetime, timedelta
from decimal import Decimal

SEED = 16
START = datetime(2024, 5, 13, 9, 0, 0)
DURATION_S = 90  # short, so that a replay of it at 1x takes a minute and a half
BASE_RATE = 20.0  # requests/s
BURST = (40, 55, 60.0)  # from second, to second, requests/s
PIDS = [4242, 4243, 4244, 4245]
DB = "prod"

# route template, method, weight, (queries, mean SQL s, mean Python s): SQL and Python drawn from lognormals
ROUTES = [
    ("/web/dataset/call_kw/sale.order/web_read", "POST", 20, (37, 0.012, 0.025)),
    ("/web/dataset/call_kw/res.partner/web_search_read", "POST", 25, (12, 0.006, 0.010)),
    ("/web/dataset/call_kw/account.move/action_post", "POST", 4, (180, 0.060, 0.090)),
    ("/web/dataset/call_kw/stock.picking/button_validate", "POST", 3, (240, 0.080, 0.060)),
    ("/web/dataset/call_kw/product.product/name_search", "POST", 6, (6, 0.005, 0.008)),
    ("/report/download", "POST", 2, (90, 0.030, 0.250)),
    ("/web/action/load", "POST", 6, (8, 0.004, 0.010)),
    ("/web/image/res.partner/{id}/avatar_128", "GET", 25, (2, 0.001, 0.003)),
    ("/web/content/{id}-{hex}?download=true", "GET", 5, (4, 0.002, 0.006)),
    ("/mail/data", "POST", 8, (25, 0.008, 0.015)),
    ("/web/webclient/load_menus/{hex40}", "GET", 8, (15, 0.004, 0.012)),
]


def lognormal(rng, mean, sigma=0.6):
    # mean of a lognormal is exp(mu + sigma^2/2)
    import math
    mu = math.log(mean) - sigma * sigma / 2
    return rng.lognormvariate(mu, sigma)


def arrivals(rng):
    t = 0.0
    while True:
        rate = BURST[2] if BURST[0] <= t < BURST[1] else BASE_RATE
        t += rng.expovariate(rate)
        if t >= DURATION_S:
            return
        yield t


def fill(template, rng):
    return (template.replace("{id}", str(rng.randint(1, 99999)))
            .replace("{hex40}", "%040x" % rng.getrandbits(160))
            .replace("{hex}", "%07x" % rng.getrandbits(28)))


def stamp(at):
    return at.strftime("%Y-%m-%d %H:%M:%S,") + "%03d" % (at.microsecond // 1000)


def werkzeug_date(at):
    return at.strftime("%d/%b/%Y %H:%M:%S")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(SEED)
    weights = [r[2] for r in ROUTES]
    events = []  # (logged time, order, text)
    order = 0
    totals = {"python": Decimal(0), "sql": Decimal(0), "queries": 0, "requests": 0}
    skipped = {"other_logger": 0, "continuation": 0, "no_figures": 0, "not_a_request": 0, "long_polling": 0}
    special = {"cursor_mode": None, "coloured": None, "access_logger": None}
    logged_times = []

    def add(at, text):
        nonlocal order
        events.append((at, order, text))
        order += 1

    for n, start_s in enumerate(arrivals(rng)):
        template, method, _, (queries, sql_mean, py_mean) = rng.choices(ROUTES, weights)[0]
        sql = "%.3f" % lognormal(rng, sql_mean)
        python = "%.3f" % lognormal(rng, py_mean)
        q = max(1, int(rng.gauss(queries, queries / 4)))
        start = START + timedelta(seconds=start_s)
        logged = start + timedelta(seconds=float(sql) + float(python))
        logged = logged.replace(microsecond=logged.microsecond // 1000 * 1000)
        status = 200
        pid = rng.choice(PIDS)
        ip = "10.0.0.%d" % rng.randint(2, 60)
        logger = "werkzeug"
        perf = "%d %s %s" % (q, sql, python)
        level = "INFO"
        if n == 400:  # Odoo 17+ with read-only cursors: a fourth field
            perf += " ro"
            special["cursor_mode"] = stamp(logged)
        if n == 1200:  # Odoo 18+: the access line under its own logger
            logger = "odoo.service.http.access"
            special["access_logger"] = stamp(logged)
        if n == 800:  # a coloured log (tty or ODOO_PY_COLORS): level and slow figures wrapped in ANSI escapes
            level = "\x1b[1;32m\x1b[1;49mINFO\x1b[0m"
            perf = "%d \x1b[1;33m\x1b[1;49m%s\x1b[0m %s" % (q, sql, python)
            special["coloured"] = stamp(logged)
        if n == 1000:  # an error: the traceback comes before the request line
            status = 500
            add(logged - timedelta(milliseconds=1),
                "%s %d ERROR %s odoo.http: Exception during request handling." % (stamp(logged - timedelta(milliseconds=1)), pid, DB))
            trace = ["Traceback (most recent call last):",
                     '  File "/opt/odoo/odoo/http.py", line 2150, in __call__',
                     "    response = request._serve_db()",
                     '  File "/opt/odoo/addons/sale/models/sale_order.py", line 812, in action_confirm',
                     "    raise ValueError(\"Invalid quantity\")",
                     "ValueError: Invalid quantity"]
            for line in trace:
                add(logged - timedelta(milliseconds=1), line)
            skipped["other_logger"] += 1
            skipped["continuation"] += len(trace)
        line = '%s %d %s %s %s: %s - - [%s] "%s %s HTTP/1.1" %d - %s' % (
            stamp(logged), pid, level, DB, logger, ip, werkzeug_date(logged), method, fill(template, rng), status, perf)
        add(logged, line)
        totals["python"] += Decimal(python)
        totals["sql"] += Decimal(sql)
        totals["queries"] += q
        totals["requests"] += 1
        logged_times.append(logged)

    # Lines without figures: websocket upgrades answered outside a timed request.
    for i in range(30):
        at = START + timedelta(seconds=rng.uniform(0, DURATION_S))
        at = at.replace(microsecond=at.microsecond // 1000 * 1000)
        add(at, '%s %d INFO %s werkzeug: 10.0.0.%d - - [%s] "GET /websocket?version=17.0-1 HTTP/1.1" 101 - - - -' % (
            stamp(at), rng.choice(PIDS), DB, rng.randint(2, 60), werkzeug_date(at)))
        skipped["no_figures"] += 1
    # Other loggers: cron, module loading, the bus.
    for i in range(60):
        at = START + timedelta(seconds=rng.uniform(0, DURATION_S))
        at = at.replace(microsecond=at.microsecond // 1000 * 1000)
        logger, message = rng.choice([
            ("odoo.addons.base.models.ir_cron", "Job 'Mail: Email Queue Manager' (3) done in 0.042s"),
            ("odoo.modules.registry", "Registry changed, signaling through the database"),
            ("odoo.addons.bus.models.bus", "Bus.loop listen imbus on db postgres"),
        ])
        add(at, "%s %d INFO %s %s: %s " % (stamp(at), rng.choice(PIDS), DB, logger, message))
        skipped["other_logger"] += 1
    # A long poll served in-process (workers = 0): its 50 s are an idle wait, not work; a sizing leaves it out.
    at = START + timedelta(seconds=70)
    add(at, '%s 4242 INFO %s werkzeug: 10.0.0.12 - - [%s] "POST /longpolling/poll HTTP/1.1" 200 - 4 0.003 50.012' % (
        stamp(at), DB, werkzeug_date(at)))
    skipped["long_polling"] += 1
    # A werkzeug message that is not a request.
    at = START + timedelta(seconds=20)
    add(at, "%s 4242 INFO %s werkzeug: 10.0.0.9 - - [%s] code 400, message Bad request version ('\\x16\\x03\\x01')" % (
        stamp(at), DB, werkzeug_date(at)))
    skipped["not_a_request"] += 1

    events.sort(key=lambda e: (e[0], e[1]))
    header = ["%s 4240 INFO ? odoo: Odoo version 17.0-20240513" % stamp(START - timedelta(seconds=5)),
              "%s 4240 INFO ? odoo.service.server: HTTP service (werkzeug) running on 0.0.0.0:8069" % stamp(START - timedelta(seconds=4))]
    skipped["other_logger"] += len(header)
    lines = header + [e[2] for e in events]
    with open(os.path.join(here, "odoo-sample.log"), "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(lines) + "\n")

    first, last = min(logged_times), max(logged_times)
    span = (last - first).total_seconds()
    expected = {
        "generator": "samples/logs/generate.py",
        "seed": SEED,
        "lines": len(lines),
        "requests": totals["requests"],
        "total_python_seconds": str(totals["python"]),
        "total_sql_seconds": str(totals["sql"]),
        "total_queries": totals["queries"],
        "first_logged": stamp(first),
        "last_logged": stamp(last),
        "span_seconds": span,
        "mean_rate": totals["requests"] / span,
        "arrival_rates": {"base_per_s": BASE_RATE, "burst_per_s": BURST[2], "burst_from_s": BURST[0], "burst_to_s": BURST[1]},
        "skipped": skipped,
        "special_lines": special,
    }
    with open(os.path.join(here, "odoo-sample.expected.json"), "w", encoding="utf-8") as out:
        json.dump(expected, out, indent=2)
        out.write("\n")
    print("wrote %d lines, %d requests over %.1f s (mean %.3f/s), Python %s s, SQL %s s" % (
        len(lines), totals["requests"], span, expected["mean_rate"], totals["python"], totals["sql"]))


if __name__ == "__main__":
    main()
