"""Availability as pure range algebra: working hours in each person's zone, minus busy time, combined, cut.

Data in, slots out; no database, no HTTP, no clock of its own (``now`` is a parameter). Ranges are
half-open ``(start, end)`` pairs of UTC epoch seconds, sorted and disjoint; integers keep the inner loops
cheap (a panel of five over two weeks is a few thousand comparisons).

    working ranges (per person, per local date, their IANA zone; overrides and days off win)
      - busy ranges (their interviews, their external calendar)
      = free ranges
    panel:      intersect everyone's free ranges   (an empty intersection means no slots, not "no limit")
    one_on_one: each slot lists who is free in it  (at least one person)
    slots:      cut ranges into ``duration`` on a 15-minute grid, from ``now + notice``
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
Range = tuple[int, int]
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
GRID = 15 * 60


@dataclass(frozen=True, slots=True)
class Schedule:
    """When someone works: weekly hours by weekday, and per-date overrides (an empty list is a day off)."""

    zone: str
    weekly: Mapping[str, Sequence[Sequence[str]]]
    overrides: Mapping[str, Sequence[Sequence[str]]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    schedule: Schedule
    busy: Sequence[Range] = ()


@dataclass(frozen=True, slots=True)
class Slot:
    start: datetime
    end: datetime
    user_ids: tuple[int, ...]


def epoch(value: datetime) -> int:
    return int(value.timestamp())


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def working_ranges(schedule: Schedule, start: datetime, end: datetime) -> list[Range]:
    """The person's working hours that fall in [start, end), as UTC ranges (DST handled by the zone)."""
    zone = ZoneInfo(schedule.zone)
    first = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date() + timedelta(days=1)
    lo, hi = epoch(start), epoch(end)
    out: list[Range] = []
    day = first
    while day <= last:
        hours = schedule.overrides.get(day.isoformat())
        if hours is None:
            hours = schedule.weekly.get(DAYS[day.weekday()], ())
        for begin, finish in hours:
            a = epoch(datetime.combine(day, _clock(begin), zone))
            b = _end_of(day, finish, zone)
            a, b = max(a, lo), min(b, hi)
            if a < b:
                out.append((a, b))
        day += timedelta(days=1)
    return normalize(out)


def _end_of(day: date, text: str, zone: ZoneInfo) -> int:
    if text == "24:00":
        return epoch(datetime.combine(day + timedelta(days=1), time(0), zone))
    return epoch(datetime.combine(day, _clock(text), zone))


def normalize(ranges: Iterable[Range]) -> list[Range]:
    """Sorted, with overlapping and touching ranges merged, empty ones dropped."""
    out: list[Range] = []
    for a, b in sorted(r for r in ranges if r[0] < r[1]):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def subtract(ranges: Sequence[Range], busy: Sequence[Range]) -> list[Range]:
    """``ranges`` minus ``busy`` (both normalized): one merge pass."""
    out: list[Range] = []
    j = 0
    for a, b in ranges:
        while j < len(busy) and busy[j][1] <= a:
            j += 1
        k, cursor = j, a
        while k < len(busy) and busy[k][0] < b:
            if busy[k][0] > cursor:
                out.append((cursor, busy[k][0]))
            cursor = max(cursor, busy[k][1])
            k += 1
        if cursor < b:
            out.append((cursor, b))
    return out


def intersect(left: Sequence[Range], right: Sequence[Range]) -> list[Range]:
    """Where both are free (both normalized)."""
    out: list[Range] = []
    i = j = 0
    while i < len(left) and j < len(right):
        a, b = max(left[i][0], right[j][0]), min(left[i][1], right[j][1])
        if a < b:
            out.append((a, b))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return out


def free_ranges(person: Person, start: datetime, end: datetime) -> list[Range]:
    return subtract(working_ranges(person.schedule, start, end), normalize(person.busy))


def cut(free: Sequence[Range], *, duration: int, earliest: int, step: int = GRID) -> list[int]:
    """Start times of every ``duration``-second slot inside ``free``, on the grid, not before ``earliest``."""
    out: list[int] = []
    for a, b in free:
        begin = max(a, earliest)
        begin += -begin % step
        while begin + duration <= b:
            out.append(begin)
            begin += step
    return out


def find_slots(people: Sequence[Person], *, start: datetime, end: datetime, duration_minutes: int, now: datetime,
               mode: str = "panel", notice_minutes: int = 0, step_minutes: int = 15) -> list[Slot]:
    """Slots in [start, end) where the panel is all free (``panel``) or someone is (``one_on_one``)."""
    if not people:
        return []
    duration, step = duration_minutes * 60, step_minutes * 60
    earliest = max(epoch(start), epoch(now) + notice_minutes * 60)
    frees = {p.id: free_ranges(p, start, end) for p in people}
    if mode == "panel":
        common = frees[people[0].id]
        for person in people[1:]:
            common = intersect(common, frees[person.id])
        ids = tuple(p.id for p in people)
        return [_slot(s, duration, ids) for s in cut(common, duration=duration, earliest=earliest, step=step)]
    who: dict[int, list[int]] = {}
    for person in people:
        for s in cut(frees[person.id], duration=duration, earliest=earliest, step=step):
            who.setdefault(s, []).append(person.id)
    return [_slot(s, duration, tuple(ids)) for s, ids in sorted(who.items())]


def _slot(begin: int, duration: int, ids: tuple[int, ...]) -> Slot:
    return Slot(datetime.fromtimestamp(begin, UTC), datetime.fromtimestamp(begin + duration, UTC), ids)
