"""Reading a wall-clock time in a zone (rules.wall_clock_instant) and naming pipeline states (core/pipeline.py)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from interviewd.core import pipeline
from interviewd.core.rules import wall_clock_instant
from interviewd.errors import Invalid

UTC = timezone.utc


@pytest.mark.parametrize(("wall", "zone", "instant"), [
    ("2024-07-01T09:00", "America/New_York", "2024-07-01T13:00"),
    ("2024-01-01T09:00", "America/New_York", "2024-01-01T14:00"),
    ("2024-11-03T01:30", "America/New_York", "2024-11-03T05:30"),  # twice that night: the first (EDT)
    ("2024-11-03T00:59", "America/New_York", "2024-11-03T04:59"),
    ("2024-11-03T02:00", "America/New_York", "2024-11-03T07:00"),
    ("2024-10-27T02:59", "Europe/Berlin", "2024-10-27T00:59"),  # the first (CEST)
    ("2024-04-07T02:00", "Australia/Sydney", "2024-04-06T15:00"),  # the first (AEDT)
    ("2024-03-10T03:00", "America/New_York", "2024-03-10T07:00"),
    ("2024-05-01T09:00", "Asia/Kathmandu", "2024-05-01T03:15"),
    ("1970-01-01T00:00", "UTC", "1970-01-01T00:00"),
])
def test_wall_clock_times(wall: str, zone: str, instant: str) -> None:
    got = wall_clock_instant(datetime.fromisoformat(wall), zone, field="date")
    assert got == datetime.fromisoformat(instant).replace(tzinfo=UTC)


@pytest.mark.parametrize(("wall", "zone", "fragment"), [
    ("2024-03-10T02:00", "America/New_York", "jump forward by 1 hour there (UTC-05:00 to UTC-04:00)"),
    ("2024-03-10T02:59", "America/New_York", "such as 03:59"),
    ("2024-03-31T02:30", "Europe/Berlin", "UTC+01:00 to UTC+02:00"),
    ("2024-10-06T02:15", "Australia/Lord_Howe", "jump forward by 30 minutes"),
    ("2011-12-30T10:00", "Pacific/Apia", "jump forward by 24 hours"),  # Samoa skipped a whole day
    ("1969-12-31T23:59", "UTC", "between 1970 and 9000"),
    ("0001-01-01T00:00", "Asia/Tokyo", "between 1970 and 9000"),
    ("9999-12-31T23:59", "America/New_York", "between 1970 and 9000"),
])
def test_times_that_do_not_exist_or_are_out_of_range(wall: str, zone: str, fragment: str) -> None:
    with pytest.raises(Invalid) as caught:
        wall_clock_instant(datetime.fromisoformat(wall), zone, field="date")
    assert caught.value.field == "date" and fragment in caught.value.message


def test_unknown_zone() -> None:
    with pytest.raises(Invalid) as caught:
        wall_clock_instant(datetime(2024, 1, 1), "Mars/Olympus_Mons")
    assert caught.value.field == "timezone"


def test_pipeline_states_are_looked_up_by_name_or_number() -> None:
    assert pipeline.lookup("offer_extended") is pipeline.OFFER_EXTENDED
    assert pipeline.lookup(" Reference-Check ") is pipeline.REFERENCE_CHECK
    assert pipeline.lookup("6") is pipeline.HIRED
    assert pipeline.lookup("60") is None and pipeline.lookup("Interview Scheduled") is None
    assert [s.id for s in pipeline.STATES] == list(range(1, 9))
