"""The availability engine, table-driven with a fixed clock, across DST changes, against a brute-force oracle."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewd.core.availability import (
    DAYS,
    Person,
    Schedule,
    epoch,
    find_slots,
    intersect,
    normalize,
    subtract,
    working_ranges,
)

UTC = timezone.utc
NINE_TO_FIVE = {d: [["09:00", "17:00"]] for d in DAYS[:5]}


def at(zone: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone))


def person(pid: int, zone: str, busy: list[tuple[datetime, datetime]] = (), **schedule: object) -> Person:
    weekly = schedule.get("weekly", NINE_TO_FIVE)
    return Person(pid, Schedule(zone, weekly, schedule.get("overrides", {})),  # type: ignore[arg-type]
                  [(epoch(a), epoch(b)) for a, b in busy])


class TestRangeAlgebra:
    @pytest.mark.parametrize(("ranges", "busy", "expected"), [
        ([(0, 10)], [(2, 4)], [(0, 2), (4, 10)]),
        ([(0, 10)], [(0, 10)], []),
        ([(0, 10)], [(-5, 1), (9, 20)], [(1, 9)]),
        ([(0, 4), (6, 10)], [(3, 7)], [(0, 3), (7, 10)]),
        ([(0, 10)], [], [(0, 10)]),
        ([(0, 10)], [(10, 12)], [(0, 10)]),
    ])
    def test_subtract(self, ranges: list, busy: list, expected: list) -> None:
        assert subtract(ranges, busy) == expected

    def test_intersect_and_normalize(self) -> None:
        assert intersect([(0, 5), (8, 12)], [(3, 9), (11, 20)]) == [(3, 5), (8, 9), (11, 12)]
        assert intersect([(0, 5)], []) == []
        assert normalize([(5, 8), (0, 2), (2, 3), (7, 9), (4, 4)]) == [(0, 3), (5, 9)]


class TestWorkingHours:
    def test_in_the_person_s_own_zone(self) -> None:
        sched = Schedule("Asia/Kolkata", NINE_TO_FIVE)
        got = working_ranges(sched, datetime(2025, 3, 3, tzinfo=UTC), datetime(2025, 3, 4, tzinfo=UTC))
        assert got == [(epoch(at("Asia/Kolkata", 2025, 3, 3, 9)), epoch(at("Asia/Kolkata", 2025, 3, 3, 17)))]

    @pytest.mark.parametrize(("zone", "day", "utc_start"), [
        ("America/New_York", (2025, 3, 7), 14), ("America/New_York", (2025, 3, 10), 13),  # spring forward 3/9
        ("Europe/Berlin", (2025, 3, 28), 8), ("Europe/Berlin", (2025, 3, 31), 7),          # 3/30
        ("Australia/Sydney", (2025, 4, 4), 22 - 24), ("Australia/Sydney", (2025, 4, 7), 23 - 24),
    ])
    def test_nine_o_clock_moves_in_utc_across_dst(self, zone: str, day: tuple, utc_start: int) -> None:
        local_day = datetime(*day, tzinfo=ZoneInfo(zone))
        got = working_ranges(Schedule(zone, NINE_TO_FIVE), local_day, local_day + timedelta(days=1))
        expected = datetime(*day, tzinfo=UTC) + timedelta(hours=utc_start)
        assert got[0][0] == epoch(expected)
        assert got[0][1] - got[0][0] == 8 * 3600

    def test_overrides_and_days_off(self) -> None:
        sched = Schedule("UTC", NINE_TO_FIVE, {"2025-03-04": [], "2025-03-05": [["12:00", "13:00"]],
                                               "2025-03-08": [["10:00", "11:00"]]})
        got = working_ranges(sched, datetime(2025, 3, 3, tzinfo=UTC), datetime(2025, 3, 10, tzinfo=UTC))
        starts = [datetime.fromtimestamp(a, UTC).strftime("%a %H") for a, _ in got]
        assert starts == ["Mon 09", "Wed 12", "Thu 09", "Fri 09", "Sat 10"]

    def test_overnight_end_at_midnight(self) -> None:
        sched = Schedule("UTC", {"mon": [["22:00", "24:00"]]})
        got = working_ranges(sched, datetime(2025, 3, 3, tzinfo=UTC), datetime(2025, 3, 5, tzinfo=UTC))
        assert got == [(epoch(datetime(2025, 3, 3, 22, tzinfo=UTC)), epoch(datetime(2025, 3, 4, tzinfo=UTC)))]


NOW = datetime(2025, 3, 2, 12, tzinfo=UTC)


class TestSlots:
    def test_panel_across_zones_is_the_overlap(self) -> None:
        people = [person(1, "Europe/Berlin"), person(2, "America/New_York")]
        slots = find_slots(people, start=datetime(2025, 3, 3, tzinfo=UTC), end=datetime(2025, 3, 4, tzinfo=UTC),
                           duration_minutes=60, now=NOW)
        # Berlin 9-17 is 08-16 UTC; New York 9-17 is 14-22 UTC: the panel can meet 14:00-16:00 UTC.
        assert [s.start.strftime("%H:%M") for s in slots] == ["14:00", "14:15", "14:30", "14:45", "15:00"]
        assert all(s.user_ids == (1, 2) for s in slots)

    def test_busy_time_and_notice(self) -> None:
        busy = [(datetime(2025, 3, 3, 10, tzinfo=UTC), datetime(2025, 3, 3, 11, 30, tzinfo=UTC))]
        people = [person(1, "UTC", busy)]
        now = datetime(2025, 3, 3, 8, 50, tzinfo=UTC)
        slots = find_slots(people, start=now, end=datetime(2025, 3, 3, 13, tzinfo=UTC), duration_minutes=45,
                           now=now, notice_minutes=20)
        assert [s.start.strftime("%H:%M") for s in slots] == ["09:15", "11:30", "11:45", "12:00", "12:15"]

    def test_one_on_one_lists_who_is_free(self) -> None:
        busy = [(datetime(2025, 3, 3, 9, tzinfo=UTC), datetime(2025, 3, 3, 10, tzinfo=UTC))]
        people = [person(1, "UTC", busy), person(2, "UTC")]
        slots = find_slots(people, start=datetime(2025, 3, 3, 9, tzinfo=UTC),
                           end=datetime(2025, 3, 3, 10, 30, tzinfo=UTC), duration_minutes=30, now=NOW,
                           mode="one_on_one")
        assert [(s.start.strftime("%H:%M"), s.user_ids) for s in slots] == [
            ("09:00", (2,)), ("09:15", (2,)), ("09:30", (2,)), ("09:45", (2,)), ("10:00", (1, 2))]

    def test_a_panel_member_who_never_works_means_no_slots(self) -> None:
        people = [person(1, "UTC"), person(2, "UTC", weekly={})]
        assert find_slots(people, start=datetime(2025, 3, 3, tzinfo=UTC), end=datetime(2025, 3, 8, tzinfo=UTC),
                          duration_minutes=30, now=NOW) == []

    def test_slots_skip_the_missing_hour(self) -> None:
        # New York 01:00-04:00 local on 2025-03-09 is only two real hours (02:00-03:00 does not exist).
        people = [person(1, "America/New_York", weekly={"sun": [["01:00", "04:00"]]})]
        slots = find_slots(people, start=datetime(2025, 3, 9, tzinfo=UTC), end=datetime(2025, 3, 10, tzinfo=UTC),
                           duration_minutes=60, now=NOW)
        assert slots[0].start == at("America/New_York", 2025, 3, 9, 1)
        assert slots[-1].end == at("America/New_York", 2025, 3, 9, 4)
        assert len(slots) == 5


def oracle(people: list[Person], start: datetime, end: datetime, minutes: int, now: datetime,
           mode: str) -> list[tuple[datetime, tuple[int, ...]]]:
    """Brute force: try every 15-minute start and check each minute's local working hours and busy time."""
    out = []
    t = max(start, now)
    t += timedelta(seconds=-epoch(t) % 900)
    while t + timedelta(minutes=minutes) <= end:
        free = tuple(p.id for p in people if _free_throughout(p, t, t + timedelta(minutes=minutes)))
        if (mode == "panel" and len(free) == len(people)) or (mode == "one_on_one" and free):
            out.append((t, free))
        t += timedelta(minutes=15)
    return out


def _free_throughout(p: Person, a: datetime, b: datetime) -> bool:
    zone = ZoneInfo(p.schedule.zone)
    m = a
    while m < b:
        local = m.astimezone(zone)
        hours = p.schedule.overrides.get(local.date().isoformat(), p.schedule.weekly.get(DAYS[local.weekday()], ()))
        hhmm = local.strftime("%H:%M")
        if not any(lo <= hhmm < hi for lo, hi in hours):
            return False
        if any(x <= epoch(m) < y for x, y in p.busy):
            return False
        m += timedelta(minutes=1)
    return True


busy_events = st.lists(st.tuples(st.integers(0, 7 * 96), st.integers(1, 12)), max_size=12)
zones = st.sampled_from(["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(zones, busy_events), min_size=1, max_size=3), st.sampled_from(["panel", "one_on_one"]),
       st.sampled_from([30, 45, 60]))
def test_matches_the_oracle_and_never_overlaps_busy_time(specs: list, mode: str, minutes: int) -> None:
    start = datetime(2025, 3, 7, tzinfo=UTC)  # a week spanning the US spring-forward
    people = []
    for n, (zone, events) in enumerate(specs):
        busy = [(start + timedelta(minutes=15 * q), start + timedelta(minutes=15 * (q + length)))
                for q, length in events]
        people.append(person(n + 1, zone, busy))
    end = start + timedelta(days=7)
    got = find_slots(people, start=start, end=end, duration_minutes=minutes, now=start, mode=mode)
    assert [(s.start, s.user_ids) for s in got] == oracle(people, start, end, minutes, start, mode)
    for slot in got:
        for pid in slot.user_ids:
            busy = next(p for p in people if p.id == pid).busy
            assert not any(a < epoch(slot.end) and epoch(slot.start) < b for a, b in busy)
