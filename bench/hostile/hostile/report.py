"""One row per scenario, one table at the end; attack-side facts follow the table as numbered notes."""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field

from .legit import LegitResult


@dataclass
class Row:
    number: str
    scenario: str
    legit: LegitResult | None = None
    facts: list[str] = field(default_factory=list)  # attack-side: how and when the server ended attackers
    goal: str = ""  # the acceptance goal, if this scenario has one
    verdict: str = "-"  # PASS / FAIL against goal, "-" when the scenario only reports
    details: list[str] = field(default_factory=list)  # printed after the table (case-by-case results)


def fmt_ms(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:.0f}" if v >= 10 else f"{v:.1f}"


def fmt_s(v: float | None) -> str:
    return "-" if v is None else f"{v:.1f}"


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def nearest_rank(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, max(0, math.ceil(q / 100 * len(ranked)) - 1))]


def table(rows: list[Row]) -> str:
    header = ["#", "scenario", "legit served", "p50 ms", "p99 ms", "max ms", "goal", "verdict"]
    body = []
    for r in rows:
        lg = r.legit
        body.append([r.number, r.scenario,
                     f"{lg.served}/{lg.n}" if lg else "-",
                     fmt_ms(lg.percentile(50)) if lg else "-",
                     fmt_ms(lg.percentile(99)) if lg else "-",
                     fmt_ms(lg.max_ms) if lg else "-",
                     r.goal or "-", r.verdict])
    widths = [max(len(str(x[i])) for x in [header] + body) for i in range(len(header))]
    right = {2, 3, 4, 5}

    def line(cells):
        return "| " + " | ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                                 for i, (c, w) in enumerate(zip(cells, widths))) + " |"
    out = [line(header), "|" + "|".join(("-" * (w + 1) + ":") if i in right else "-" * (w + 2)
                                         for i, w in enumerate(widths)) + "|"]
    out += [line(b) for b in body]
    out.append("")
    out.append("p50/p99/max over all N legitimate requests, a failed one counting as slower than any: '-' when the")
    out.append("percentile falls on a failed request. Below: the legitimate requests that failed, then the attack side:")
    for r in rows:
        facts = list(r.facts)
        if r.legit and r.legit.failures:
            facts.insert(0, "legit requests not served: " + ", ".join(f"{k} x{v}" for k, v in sorted(r.legit.failures.items())))
        for i, fact in enumerate(facts):
            out.append(f"  {r.number if i == 0 else ' ' * len(r.number)}  {fact}")
    for r in rows:
        if r.details:
            out.append("")
            out += r.details
    return "\n".join(out)
