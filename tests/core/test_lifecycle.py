"""Lifecycle and scheduling rules, tested directly with fixed instants."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from interviewd.core import lifecycle, rules
from interviewd.errors import Invalid

UTC = timezone.utc
END = datetime(2025, 3, 9, 15, 0, tzinfo=UTC)


class TestStatus:
    @pytest.mark.parametrize(("now", "feedback", "cancelled", "expected"), [
        (END - timedelta(minutes=1), False, False, "scheduled"),
        (END - timedelta(minutes=1), True, False, "scheduled"),
        (END, False, False, "awaiting_feedback"),
        (END + timedelta(days=3), False, False, "awaiting_feedback"),
        (END, True, False, "complete"),
        (END - timedelta(days=1), False, True, "cancelled"),
        (END + timedelta(days=1), True, True, "cancelled"),
    ])
    def test_status_at(self, now: datetime, feedback: bool, cancelled: bool, expected: str) -> None:
        assert lifecycle.status_of(end_at=END, feedback_complete=feedback, cancelled=cancelled, now=now) == expected

    def test_feedback_complete_needs_every_scorecard(self) -> None:
        assert lifecycle.feedback_complete([True, True])
        assert not lifecycle.feedback_complete([True, False])
        assert lifecycle.feedback_complete([])


class TestSpans:
    def test_timed_span_normalizes_to_utc(self) -> None:
        berlin = timezone(timedelta(hours=1))
        span = rules.make_span(datetime(2025, 1, 1, 10, tzinfo=berlin), datetime(2025, 1, 1, 11, tzinfo=berlin), "UTC")
        assert span.start_at == datetime(2025, 1, 1, 9, tzinfo=UTC) and not span.all_day

    def test_end_must_follow_start(self) -> None:
        with pytest.raises(Invalid) as exc:
            rules.make_span(END, END, "UTC")
        assert exc.value.field == "end"

    def test_mixed_date_and_datetime(self) -> None:
        with pytest.raises(Invalid, match="both be"):
            rules.make_span(date(2025, 1, 1), END, "UTC")

    @pytest.mark.parametrize(("zone", "day", "hours"), [
        ("America/New_York", date(2025, 3, 9), 23),   # spring forward
        ("America/New_York", date(2025, 11, 2), 25),  # fall back
        ("Europe/Berlin", date(2025, 3, 30), 23),
        ("Europe/Berlin", date(2025, 10, 26), 25),
        ("Australia/Sydney", date(2025, 4, 6), 25),   # southern hemisphere falls back in April
        ("Asia/Kolkata", date(2025, 3, 9), 24),       # no DST
    ])
    def test_all_day_span_follows_the_zone_across_dst(self, zone: str, day: date, hours: int) -> None:
        span = rules.make_span(day, day + timedelta(days=1), zone)
        assert span.all_day and span.start_date == day
        assert span.end_at - span.start_at == timedelta(hours=hours)

    def test_all_day_midnight_is_local(self) -> None:
        span = rules.make_span(date(2025, 7, 1), date(2025, 7, 2), "America/Los_Angeles")
        assert span.start_at == datetime(2025, 7, 1, 7, tzinfo=UTC)

    def test_unknown_zone(self) -> None:
        with pytest.raises(Invalid, match="IANA"):
            rules.make_span(date(2025, 7, 1), date(2025, 7, 2), "Mars/Olympus")

    def test_too_long(self) -> None:
        with pytest.raises(Invalid, match="14 days"):
            rules.make_span(END, END + timedelta(days=15), "UTC")

    def test_overlap_is_half_open(self) -> None:
        a, b, c = END, END + timedelta(hours=1), END + timedelta(hours=2)
        assert rules.overlaps(a, b, a, c)
        assert not rules.overlaps(a, b, b, c)
