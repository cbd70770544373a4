"""B6: the availability engine in process, timed and checked against a brute-force oracle.

Two weeks that contain DST changes (Europe on 2027-03-28, Sydney on 2027-04-04), people in zones on both
sides of them, weekday working hours (one person with a split day), and random busy events on a 5-minute
grid. The oracle knows nothing of ranges: it marks every minute of the window free or not, one zone
conversion per minute, and tries every 15-minute start; the engine's answer must be identical.
"""

from __future__ import annotations

import importlib.util
import random
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

START = datetime(2027, 3, 22, tzinfo=UTC)
END = START + timedelta(days=14)
NOW = START - timedelta(days=1)
# The first five overlap for a few hours a day (New York's mornings are Europe's afternoons, one hour less
# after Europe's change); the 20-person group also has someone in Sydney.
ZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "Africa/Johannesburg", "Europe/Lisbon",
         "Australia/Sydney")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
MINUTE, GRID, DURATION = 60, 900, 60


def _hours(n: int) -> dict[str, list[list[str]]]:
    day = [["08:00", "12:00"], ["12:30", "18:00"]] if n % 5 == 3 else [["08:00", "18:00"]]
    return {name: day for name in WEEKDAYS}


def people(engine: Any, count: int, events: int, seed: int = 6) -> list[Any]:
    """``count`` people of the engine's ``Person`` type, each with ``events`` busy ranges in the window."""
    rng = random.Random(seed)
    lo, hi = int(START.timestamp()), int(END.timestamp())
    out = []
    for n in range(count):
        busy = []
        for _ in range(events):
            a = lo + 300 * rng.randrange((hi - lo) // 300)
            busy.append((a, a + 300 * rng.randint(3, 18)))
        schedule = engine.Schedule(zone=ZONES[n % (5 if count <= 5 else len(ZONES))], weekly=_hours(n))
        out.append(engine.Person(id=n + 1, schedule=schedule, busy=tuple(busy)))
    return out


def _free_minutes(person: Any) -> list[bool]:
    """Per minute of the window: inside the person's local working hours and not busy."""
    zone, lo = ZoneInfo(person.schedule.zone), int(START.timestamp())
    total = (int(END.timestamp()) - lo) // MINUTE
    free = []
    for m in range(total):
        local = datetime.fromtimestamp(lo + m * MINUTE, zone)
        day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[local.weekday()]
        clock = local.strftime("%H:%M")
        free.append(any(a <= clock < b for a, b in person.schedule.weekly.get(day, ())))
    for a, b in person.busy:
        for m in range(max(0, (a - lo) // MINUTE), min(total, -(-(b - lo) // MINUTE))):
            free[m] = False
    return free


def oracle(group: Sequence[Any], mode: str) -> list[tuple[int, tuple[int, ...]]]:
    """Every grid start from which ``DURATION`` minutes are free for all (panel) or for someone (one_on_one)."""
    lo, hi = int(START.timestamp()), int(END.timestamp())
    frees = [(p.id, _free_minutes(p)) for p in group]
    first = max(lo, int(NOW.timestamp()))
    first += -first % GRID
    out = []
    for start in range(first, hi - DURATION * MINUTE + 1, GRID):
        m = (start - lo) // MINUTE
        ids = tuple(pid for pid, free in frees if all(free[m:m + DURATION]))
        if (mode == "panel" and len(ids) == len(frees)) or (mode == "one_on_one" and ids):
            out.append((start, ids))
    return out


def _engine_answer(engine: Any, group: Sequence[Any], mode: str) -> list[tuple[int, tuple[int, ...]]]:
    slots = engine.find_slots(group, start=START, end=END, duration_minutes=DURATION, now=NOW, mode=mode)
    return [(int(s.start.timestamp()), tuple(s.user_ids)) for s in slots]


def _timed(call: Callable[[], object], repeat: int) -> float:
    """Median milliseconds of ``repeat`` calls (after one untimed call)."""
    call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def measure(quick: bool) -> dict[str, Any]:
    """Median times of both sizes and whether the engine equals the oracle (panel and one-on-one)."""
    from interviewd.core import availability as engine

    small, large = people(engine, 5, 40), people(engine, 20, 200, seed=7)
    repeat = 30 if quick else 300
    result: dict[str, Any] = {
        "small_ms": _timed(lambda: _engine_answer(engine, small, "panel"), repeat),
        "large_ms": _timed(lambda: _engine_answer(engine, large, "panel"), max(5, repeat // 10)),
        "small_one_on_one_ms": _timed(lambda: _engine_answer(engine, small, "one_on_one"), repeat),
    }
    mismatches = {}
    for label, group in (("5x40", small), ("20x200", large)):
        for mode in ("panel", "one_on_one"):
            got, want = _engine_answer(engine, group, mode), oracle(group, mode)
            result[f"slots_{label}_{mode}"] = len(want)
            if got != want:
                mismatches[f"{label} {mode}"] = {"engine_only": sorted(set(got) - set(want))[:5],
                                                 "oracle_only": sorted(set(want) - set(got))[:5]}
    result["mismatches"] = mismatches
    return result


def b6(quick: bool) -> dict[str, Any]:
    """B6's numbers, or ``{"unavailable": why}`` when the engine is missing or its API moved on."""
    if importlib.util.find_spec("interviewd.core.availability") is None:
        return {"unavailable": "not measurable yet (feature not built)"}
    try:
        return measure(quick)
    except (AttributeError, TypeError, ValueError) as exc:
        return {"unavailable": f"benchmarks/availability.py is out of date with the engine: {exc!r}"}
