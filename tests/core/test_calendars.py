"""Busy time read from people's own calendars (ICS text), as the availability search uses it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from interviewd.calendars import busy_from_ics

UTC = timezone.utc

FEED = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:weekly@test
DTSTART;TZID=Europe/Berlin:20250303T100000
DTEND;TZID=Europe/Berlin:20250303T110000
RRULE:FREQ=WEEKLY;COUNT=4
SUMMARY:Standup
END:VEVENT
BEGIN:VEVENT
UID:free@test
DTSTART:20250304T120000Z
DTEND:20250304T130000Z
TRANSP:TRANSPARENT
SUMMARY:Focus (free)
END:VEVENT
BEGIN:VEVENT
UID:cancelled@test
DTSTART:20250305T120000Z
DTEND:20250305T130000Z
STATUS:CANCELLED
END:VEVENT
BEGIN:VEVENT
UID:allday@test
DTSTART;VALUE=DATE:20250306
DTEND;VALUE=DATE:20250307
SUMMARY:Offsite
END:VEVENT
END:VCALENDAR
"""


def test_recurrences_expand_and_free_or_cancelled_events_do_not_count() -> None:
    start = datetime(2025, 3, 1, tzinfo=UTC)
    busy = sorted(busy_from_ics([FEED], start, start + timedelta(days=14)))
    assert busy == [
        (datetime(2025, 3, 3, 9, tzinfo=UTC), datetime(2025, 3, 3, 10, tzinfo=UTC)),
        (datetime(2025, 3, 6, tzinfo=UTC), datetime(2025, 3, 7, tzinfo=UTC)),
        (datetime(2025, 3, 10, 9, tzinfo=UTC), datetime(2025, 3, 10, 10, tzinfo=UTC)),
    ]


def test_the_window_bounds_the_expansion() -> None:
    start = datetime(2025, 3, 17, tzinfo=UTC)
    assert busy_from_ics([FEED], start, start + timedelta(days=7)) == [
        (datetime(2025, 3, 17, 9, tzinfo=UTC), datetime(2025, 3, 17, 10, tzinfo=UTC))]
