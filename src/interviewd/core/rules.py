"""Scheduling rules as small pure functions: times, zones, response statuses, interview kinds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from interviewd.errors import Invalid

UTC = timezone.utc
RESPONSE_STATUSES = ("needs_action", "declined", "tentative", "accepted")
LOCATION_KINDS = ("onsite", "phone", "zoom", "google_meet", "microsoft_teams", "hackerrank")
INTERVIEW_KINDS = ("one_on_one", "panel")
MAX_DURATION = timedelta(days=14)
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    """Every IANA zone name this machine knows."""
    return frozenset(available_timezones())


def zone(name: str, *, field: str = "timezone") -> ZoneInfo:
    """The IANA zone called ``name``, or Invalid naming the field."""
    if not isinstance(name, str) or name not in zone_names():
        raise Invalid(f"{field} must be an IANA time zone name such as 'America/New_York' or 'UTC'; "
                      f"got {name!r}", field=field)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - guarded by the set above
        raise Invalid(f"{field}: unknown time zone {name!r}", field=field) from exc


@dataclass(frozen=True, slots=True)
class Span:
    """When an interview happens: UTC instants, plus the dates of an all-day interview (end exclusive)."""

    start_at: datetime
    end_at: datetime
    start_date: date | None = None
    end_date: date | None = None

    @property
    def all_day(self) -> bool:
        return self.start_date is not None


def timed_span(start: datetime, end: datetime, *, start_field: str = "start", end_field: str = "end") -> Span:
    """A timed span; the end must come after the start and the length stay reasonable."""
    for value, name in ((start, start_field), (end, end_field)):
        if value.tzinfo is None:
            raise Invalid(f"{name} must carry a UTC offset", field=name)
        if not EARLIEST <= value < LATEST:
            raise Invalid(f"{name} must be between 1970 and 9000; got {value.isoformat()}", field=name)
    if end <= start:
        raise Invalid(f"{end_field} ({_iso(end)}) must be after {start_field} ({_iso(start)})", field=end_field)
    if end - start > MAX_DURATION:
        raise Invalid(f"an interview may last at most 14 days; {start_field} to {end_field} spans "
                      f"{end - start}", field=end_field)
    return Span(start.astimezone(UTC), end.astimezone(UTC))


def all_day_span(start: date, end: date, zone_name: str, *, end_field: str = "end") -> Span:
    """An all-day span from ``start`` to ``end`` (exclusive), read as local midnights in ``zone_name``."""
    if end <= start:
        raise Invalid(f"{end_field} date ({end}) must be after the start date ({start}); the end date is "
                      "exclusive, so a one-day interview on 2024-05-01 ends on 2024-05-02", field=end_field)
    if end - start > MAX_DURATION:
        raise Invalid("an all-day interview may last at most 14 days", field=end_field)
    tz = zone(zone_name)
    start_at = datetime.combine(start, time(0), tz).astimezone(UTC)
    end_at = datetime.combine(end, time(0), tz).astimezone(UTC)
    return Span(start_at, end_at, start, end)


def wall_clock_instant(wall: datetime, zone_name: str, *, field: str = "start") -> datetime:
    """The UTC instant at which clocks in ``zone_name`` show ``wall`` (a naive local date-time).

    A time skipped when clocks spring forward never happens: Invalid, naming the gap. A time that
    happens twice when clocks fall back is read as its first occurrence (the offset before the change),
    as calendars do (RFC 5545 section 3.3.5).
    """
    tz = zone(zone_name)
    local = wall.replace(tzinfo=tz, fold=0)
    instant = local.astimezone(UTC) if 1 < wall.year < 9999 else None  # guards datetime overflow
    if instant is None or not EARLIEST <= instant < LATEST:
        raise Invalid(f"{field} must be between 1970 and 9000; got {wall.isoformat()}", field=field)
    if instant.astimezone(tz).replace(tzinfo=None) != wall:
        after = wall.replace(tzinfo=tz, fold=1)
        jump = (after.utcoffset() or timedelta()) - (local.utcoffset() or timedelta())
        raise Invalid(f"{field}: {wall.isoformat(timespec='minutes')} does not exist in {zone_name}: clocks "
                      f"jump forward by {_span_text(jump)} there (UTC{_offset(local)} to UTC{_offset(after)}); "
                      f"choose a time outside the gap, such as {instant.astimezone(tz).strftime('%H:%M')} "
                      "for the same moment", field=field)
    return instant


def _span_text(delta: timedelta) -> str:
    minutes = abs(int(delta.total_seconds())) // 60
    if minutes % 60:
        return f"{minutes} minutes"
    return "1 hour" if minutes == 60 else f"{minutes // 60} hours"


def _offset(value: datetime) -> str:
    text = value.strftime("%z")
    return f"{text[:3]}:{text[3:5]}"


def response_status(value: object, *, field: str) -> str:
    """A valid interviewer response status."""
    if value not in RESPONSE_STATUSES:
        raise Invalid(f"{field} must be one of: {', '.join(RESPONSE_STATUSES)}; got {value!r}", field=field)
    return str(value)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals overlap when each starts before the other ends."""
    return a_start < b_end and b_start < a_end


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def make_span(start: datetime | date, end: datetime | date, zone_name: str, *, start_field: str = "start",
              end_field: str = "end") -> Span:
    """A timed span from two instants, or an all-day span from two dates read in ``zone_name``."""
    start_timed, end_timed = isinstance(start, datetime), isinstance(end, datetime)
    if start_timed and end_timed:
        return timed_span(start, end, start_field=start_field, end_field=end_field)  # type: ignore[arg-type]
    if not start_timed and not end_timed:
        return all_day_span(start, end, zone_name, end_field=end_field)
    raise Invalid(f"{start_field} and {end_field} must both be date-times (2024-05-01T13:00:00Z) or both be "
                  "dates (2024-05-01, an all-day interview)", field=end_field)
