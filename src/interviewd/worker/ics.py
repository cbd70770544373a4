"""Calendar invites as RFC 5545/5546 iCalendar, built with the icalendar library.

REQUEST on create and on every change (same UID, SEQUENCE rising with each change), CANCEL when the
interview is cancelled or deleted; VTIMEZONE for the interview's zone so clients that do not know
IANA names (Outlook) still place it right; DATE values for all-day interviews.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from interviewd.core.services.provisioning import InterviewContext, Person

PARTSTAT = {"needs_action": "NEEDS-ACTION", "accepted": "ACCEPTED", "declined": "DECLINED",
            "tentative": "TENTATIVE"}


def uid(ctx: InterviewContext) -> str:
    return f"{ctx.interview.uuid}@interviewd"


def method_for(ctx: InterviewContext) -> str:
    gone = ctx.interview.deleted_at is not None or ctx.interview.cancelled_at is not None
    return "CANCEL" if gone else "REQUEST"


def _address(person: Person, *, role: str | None = None, partstat: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.name)
    if role:
        address.params["ROLE"] = vText(role)
        address.params["CUTYPE"] = vText("INDIVIDUAL")
    if partstat:
        address.params["PARTSTAT"] = vText(partstat)
        address.params["RSVP"] = vText("TRUE" if partstat == "NEEDS-ACTION" else "FALSE")
    return address


def _times(ctx: InterviewContext) -> tuple[date | datetime, date | datetime]:
    v = ctx.interview
    if v.all_day and v.start_date and v.end_date:
        return v.start_date, v.end_date
    zone = ZoneInfo(v.time_zone)
    return v.start_at.astimezone(zone), v.end_at.astimezone(zone)


def build(ctx: InterviewContext, *, now: datetime, itip: bool = True) -> str:
    """The whole VCALENDAR for this interview as it stands.

    With ``itip`` (e-mail) it carries METHOD:REQUEST or METHOD:CANCEL; a CalDAV resource must not
    carry METHOD (RFC 4791 §4.1), so CalDAV copies leave it out.
    """
    method = method_for(ctx)
    v = ctx.interview
    cal = Calendar()
    cal.add("prodid", "-//interviewd//interviewd//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if itip:
        cal.add("method", method)
    event = Event()
    event.add("uid", uid(ctx))
    event.add("sequence", ctx.sequence)
    event.add("dtstamp", now)
    start, end = _times(ctx)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", f"{v.name}" + (f" with {ctx.candidate.name}" if ctx.candidate else ""))
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    where = v.location or v.video_conferencing_url
    if where:
        event.add("location", where)
    if v.video_conferencing_url:
        event.add("url", v.video_conferencing_url)
        event.add("description", f"Join: {v.video_conferencing_url}")
    if ctx.organizer:
        event.add("organizer", _address(ctx.organizer))
    for person, interviewer in zip(ctx.interviewers, v.interviewers, strict=True):
        event.add("attendee", _address(person, role="REQ-PARTICIPANT",
                                       partstat=PARTSTAT.get(interviewer.response_status, "NEEDS-ACTION")))
    if ctx.candidate:
        event.add("attendee", _address(ctx.candidate, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION"))
    cal.add_component(event)
    if not v.all_day:
        first = v.start_at.date() - timedelta(days=1)
        cal.add_missing_timezones(first_date=first, last_date=v.end_at.date() + timedelta(days=400))
    return cal.to_ical().decode()
