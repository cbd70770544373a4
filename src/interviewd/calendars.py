"""Busy time from people's own calendars: an ICS feed, or a CalDAV calendar-query over the search window.

An adapter (network I/O), kept out of the pure availability engine: it turns calendars into busy ranges
that the engine subtracts like interviews. Recurring events are expanded in the window; transparent
("free") and cancelled events do not count. A calendar that cannot be read is reported, not guessed at.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

import httpx
import recurring_ical_events
from icalendar import Calendar

from interviewd.core.views import CalendarSource

UTC = timezone.utc
QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""


Source = CalendarSource


@dataclass(slots=True)
class ExternalBusy:
    busy: dict[int, list[tuple[datetime, datetime]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _stamp(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.combine(value, time(0), UTC)  # all-day events: whole UTC days


def busy_from_ics(texts: list[str], start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """Opaque, non-cancelled events of these calendars that overlap [start, end), recurrences expanded."""
    out = []
    for text in texts:
        calendar = Calendar.from_ical(text)
        for event in recurring_ical_events.of(calendar).between(start, end):
            if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
                continue
            if str(event.get("STATUS", "")).upper() == "CANCELLED":
                continue
            a, b = _stamp(event.decoded("DTSTART")), event.get("DTEND")
            finish = _stamp(event.decoded("DTEND")) if b is not None else a
            if finish > a:
                out.append((a, finish))
    return out


async def _feed(client: httpx.AsyncClient, url: str) -> list[str]:
    response = await client.get(url.replace("webcal://", "https://", 1))
    response.raise_for_status()
    return [response.text]


async def _caldav(client: httpx.AsyncClient, source: Source, start: datetime, end: datetime) -> list[str]:
    fmt = "%Y%m%dT%H%M%SZ"
    auth = (source.username, source.password or "") if source.username else None
    response = await client.request("REPORT", source.caldav_url or "", auth=auth, headers={
        "Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
        content=QUERY.format(start=start.strftime(fmt), end=end.strftime(fmt)).encode())
    response.raise_for_status()
    import xml.etree.ElementTree as ElementTree

    tree = ElementTree.fromstring(response.content)
    return [node.text for node in tree.iter("{urn:ietf:params:xml:ns:caldav}calendar-data") if node.text]


async def external_busy(client: httpx.AsyncClient, sources: list[Source], start: datetime,
                        end: datetime) -> ExternalBusy:
    """Every source read at once; each failure becomes a warning naming the person and the reason."""
    result = ExternalBusy()

    async def one(source: Source) -> None:
        try:
            texts = (await _feed(client, source.feed_url) if source.feed_url else []) + (
                await _caldav(client, source, start, end) if source.caldav_url else [])
            result.busy.setdefault(source.user_id, []).extend(busy_from_ics(texts, start, end))
        except (httpx.HTTPError, ValueError) as exc:
            result.warnings.append(f"the calendar of user {source.user_id} could not be read ({exc}); "
                                   "their busy time there is not taken into account")

    await asyncio.gather(*(one(s) for s in sources))
    return result
