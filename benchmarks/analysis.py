"""From per-round wrk results to the report's rows: medians, ratios, targets, met or not.

A ratio is computed within each round (a measurement and the reference measured right before it, or two
measurements of the same round) and the median of those per-round ratios is reported, so that slow
drifts of the shared machine cancel out.

Non-2xx responses and broken connections make a row **invalid** (a bug in the server or the harness).
Timeouts (no answer within wrk's ``--timeout``) and runs in which no request completed are the server
being slow, not wrong: they are noted on the row and the figure stands.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from benchmarks.config import TARGETS, TITLES
from benchmarks.wrk import WrkResult

Round = dict[str, WrkResult]


@dataclass
class Row:
    """One line of the results table."""

    id: str
    scenario: str
    measured: str
    value: float | None
    value_text: str
    target: str
    met: bool | None
    note: str = ""
    problems: str = ""

    @property
    def verdict(self) -> str:
        """``met``, ``NOT met``, ``n/a``, or ``invalid`` when responses were not 2xx/3xx or sockets broke."""
        if self.problems:
            return "invalid"
        return {True: "met", False: "NOT met", None: "n/a"}[self.met]

    def add_note(self, text: str) -> None:
        """Append ``text`` to the notes."""
        self.note = "; ".join(x for x in (self.note, text) if x)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON values (with the verdict)."""
        return {**asdict(self), "verdict": self.verdict}


def median(values: Iterable[float]) -> float | None:
    """The median, or None for no values."""
    items = list(values)
    return statistics.median(items) if items else None


def rate(value: float) -> str:
    """Requests per second with the precision its size deserves."""
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def share(value: float) -> str:
    """A ratio as a percentage that stays readable when it is tiny."""
    p = value * 100
    return f"{p:.1f} %" if p >= 1 else f"{p:.2f} %" if p >= 0.01 else f"{p:.4f} %"


def per_round(rounds: list[Round], top: str, bottom: str) -> list[float]:
    """``rps(top) / rps(bottom)`` in every round that measured both."""
    return [r[top].rps / r[bottom].rps for r in rounds if top in r and bottom in r and r[bottom].rps > 0]


def _stat(rounds: list[Round], name: str, attr: str) -> float | None:
    return median(getattr(r[name], attr) for r in rounds if name in r)


def trouble(results: Iterable[WrkResult]) -> tuple[str, str]:
    """(what invalidates the row, what is only worth a note) over ``results``."""
    results = list(results)
    non_2xx = sum(r.non_2xx for r in results)
    broken = sum(n for r in results for kind, n in r.socket_errors.items() if kind != "timeout")
    timeouts = sum(r.socket_errors.get("timeout", 0) for r in results)
    empty = sum(r.requests == 0 for r in results)
    bad = [f"{non_2xx} non-2xx responses"] * bool(non_2xx) + [f"{broken} socket errors"] * bool(broken)
    slow = [f"{timeouts} requests timed out"] * bool(timeouts) + [f"{empty} run(s) completed no request"] * bool(empty)
    return ", ".join(bad), ", ".join(slow)


def _checked(row: Row, rounds: list[Round], names: Iterable[str]) -> Row:
    names = list(names)
    row.problems, slow = trouble(r[n] for r in rounds for n in names if n in r)
    row.add_note(slow)
    return row


def describe(rounds: list[Round], name: str) -> str:
    """``1,234 req/s, p50 5.1 ms, p99 20.3 ms`` (medians across rounds)."""
    rps, p50, p99 = (_stat(rounds, name, a) for a in ("rps", "p50_ms", "p99_ms"))
    if rps is None or p50 is None or p99 is None:
        return "not measured"
    return f"{rate(rps)} req/s, p50 {p50:,.1f} ms, p99 {p99:,.1f} ms"


def ratio_row(rounds: list[Round], sid: str) -> Row:
    """A scenario's requests/s as a share of the reference measured just before it."""
    ref, title = f"ref@{sid}", TITLES[sid]
    value = median(per_round(rounds, sid, ref))
    target = TARGETS[sid]
    row = Row(sid, title, f"{describe(rounds, sid)} (reference {rate(_stat(rounds, ref, 'rps') or 0)} req/s)",
              value, "—" if value is None else f"{share(value)} of ref", target.describe(), target.met(value))
    if target.stretch is not None and value is not None:
        row.add_note(f"stretch {target.stretch * 100:g} % {'met' if value >= target.stretch else 'not met'}")
    return _checked(row, rounds, (sid, ref))


def cost_row(rounds: list[Round], sid: str, title: str, cheap: str, costly: str, target: str) -> Row:
    """``costly`` relative to ``cheap``: rps(cheap) / rps(costly) (> 1 means slower)."""
    value = median(per_round(rounds, cheap, costly))
    p50 = median(r[costly].p50_ms / r[cheap].p50_ms for r in rounds if cheap in r and costly in r and r[cheap].p50_ms)
    row = Row(sid, title, f"{describe(rounds, costly)} vs {describe(rounds, cheap)}", value,
              "—" if value is None else f"{value:.2f}× cost", TARGETS[target].describe(), TARGETS[target].met(value),
              f"p50 ratio {p50:.2f}×" if p50 is not None else "")
    return _checked(row, rounds, (cheap, costly))


def speedup_row(rounds: list[Round]) -> Row:
    """B8: the B1 list on two server processes against one, and the reference app's own speed-up."""
    value = median(per_round(rounds, "B8", "B1"))
    ref = median(per_round(rounds, "ref@B8", "ref@B1"))
    row = Row("B8", TITLES["B8"],
              f"2 workers: {describe(rounds, 'B8')}; 1 worker: {describe(rounds, 'B1')}", value,
              "—" if value is None else f"{value:.2f}× speed-up", TARGETS["B8"].describe(), TARGETS["B8"].met(value),
              f"reference app, 2 vs 1 worker: {ref:.2f}×" if ref is not None else "")
    return _checked(row, rounds, ("B8", "ref@B8"))


def evaluate(rounds: list[Round], far_page: int, writers: int) -> list[Row]:
    """Rows for every wrk scenario the rounds measured."""
    measured = {name for r in rounds for name in r}
    rows = [ratio_row(rounds, sid) for sid in ("B1", "B3", "B5", "B7", "B7-mcp") if sid in measured]
    if "B2" in measured:
        rows.append(cost_row(rounds, "B2", TITLES["B2"], "B1", "B2", "B2"))
    for face in ("harvest", "merge", "bindbee"):
        if f"B4:{face}:far" in measured:
            rows.append(cost_row(rounds, f"B4-{face}", f"{face}: page {far_page:,} (next links) vs page 1",
                                 f"B4:{face}:page1", f"B4:{face}:far", "B4"))
    if "B8" in measured:
        rows.append(speedup_row(rounds))
    if "B9:pg:B1" in measured:
        concurrent = f"B5c{writers}"
        for sid, sqlite, label in (("B1", "B1", "B1 list"), ("B5", "B5", "B5 create"),
                                   (concurrent, f"B9:sqlite:{concurrent}", f"B5 create, {writers} writers")):
            rows.append(cost_row(rounds, f"B9-{sid}", f"PostgreSQL vs SQLite, {label}", sqlite, f"B9:pg:{sid}",
                                 "B9"))
    return rows


def mixed_rows(mixed: dict[str, Any], timeout_s: float) -> list[Row]:
    """B10: resident memory growth, and p99/p50 of the mixed load.

    Requests that time out have no latency in wrk's histogram; when they are more than 1 % of all, the
    true p99 is at least the timeout, and the tail ratio is reported as that lower bound.
    """
    result = WrkResult(**mixed["result"])
    bad, slow = trouble([result])
    growth, window = mixed["rss_growth"], mixed["rss_window_s"]
    rss = (f"RSS {mixed['rss_first_kib'] / 1024:,.0f} MiB (first {window:g} s) → "
           f"{mixed['rss_last_kib'] / 1024:,.0f} MiB (last {window:g} s)") if growth is not None else "no samples"
    memory = Row("B10-rss", "mixed load: resident memory growth", rss, growth,
                 "—" if growth is None else f"{growth * 100:+.1f} %", TARGETS["B10-rss"].describe(),
                 TARGETS["B10-rss"].met(growth), f"{rate(result.rps)} req/s overall", bad)
    timeouts = result.socket_errors.get("timeout", 0)
    p99, bound = result.p99_ms, ""
    if timeouts > 0.01 * (result.requests + timeouts):
        p99, bound = max(p99, timeout_s * 1000), "≥ "
    tail = p99 / result.p50_ms if result.p50_ms else None
    latency = Row("B10-tail", "mixed load: p99 / p50 at 16 connections",
                  f"p50 {result.p50_ms:,.1f} ms, p99 {bound}{p99:,.1f} ms", tail,
                  "—" if tail is None else f"{bound}{tail:.1f}×", TARGETS["B10-tail"].describe(),
                  TARGETS["B10-tail"].met(tail), "", bad)
    for row in (memory, latency):
        row.add_note(slow)
    return [memory, latency]


def availability_row(raw: dict[str, Any]) -> Row:
    """B6 from the numbers of ``benchmarks/availability.py`` (or why they are missing)."""
    title = "availability engine: 5 × 2 weeks × 40 events, DST zones (in process)"
    if "unavailable" in raw:
        return absent_row("B6", title, "B6", raw["unavailable"])
    small, large, wrong = raw["small_ms"], raw["large_ms"], raw["mismatches"]
    measured = (f"panel of 5: {small:.2f} ms ({raw['slots_5x40_panel']} slots); 20 × 200 events: {large:.2f} ms; "
                f"one-on-one of 5: {raw['small_one_on_one_ms']:.2f} ms")
    oracle = "equal to the oracle (panel and one-on-one, both sizes)" if not wrong else f"DIFFERS from oracle: {wrong}"
    return Row("B6", title, measured, small, f"{small:.2f} ms", TARGETS["B6"].describe(),
               small < 2 and large < 20 and not wrong, f"{oracle}; absolute times (no reference)")


def absent_row(sid: str, title: str, target: str, why: str) -> Row:
    """A scenario that could not be measured in this run, and why."""
    return Row(sid, title, why, None, "—", TARGETS[target].describe(), None)
