"""Apploi's inputs read strictly: the interview body (every field a string), the path id, the list query.

The wall-clock time in ``date`` is read in ``timezone``; the offset ``date`` must carry is ignored, as
Apploi documents. Every problem is collected and reported together, each naming its field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from interviewd.core import rules
from interviewd.core.queries import ApplicantFilter, PageWindow
from interviewd.core.services import InterviewerSpec, TeamMemberSpec
from interviewd.errors import Invalid, NotFound, Problems
from interviewd.faces._http.params import parse_instant, parse_int

MIN_MINUTES, MAX_MINUTES = 5, 1440
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
MAX_LOCATION = 500
_WALL = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?")
_OFFSET = re.compile(r"[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?")
_ID = re.compile(r"[0-9]{1,18}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_EXAMPLE = "2022-12-05T17:30:00Z"
_CHOICE = "send interviewerId, or interviewerTeamId together with interviewerEmail"
_JSON_KINDS = {bool: "a boolean", int: "a number", float: "a number", list: "an array", dict: "an object"}


@dataclass(slots=True)
class InterviewRequest:
    """What ``PUT /applicants/{id}/interviews`` asks for, ready for applicant_service.schedule_interview."""

    start: datetime
    end: datetime
    time_zone: str
    location: str
    interviewer: InterviewerSpec | TeamMemberSpec

    @property
    def team_id(self) -> int | None:
        return self.interviewer.team_id if isinstance(self.interviewer, TeamMemberSpec) else None

    def arguments(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "time_zone": self.time_zone, "location": self.location,
                "interviewer": self.interviewer}


def application_form_id(value: str) -> int:
    """The application id in the path; anything that cannot be one names no application form."""
    if not _ID.fullmatch(value):
        raise NotFound(f"Application form {value!r} not found; use an id from GET /applicants")
    return int(value)


def _string(body: dict[str, Any], name: str, problems: Problems, *, required: bool = False) -> str | None:
    """The string in ``name``; absent and null are the same (None)."""
    value = body.get(name)
    if value is None:
        if required:
            problems.add(name, f"{name} is required")
        return None
    if not isinstance(value, str):
        kind = _JSON_KINDS.get(type(value), type(value).__name__)
        problems.add(name, f"{name} must be a string (every field of this body is one); got {kind} {value!r:.40}")
        return None
    if "\x00" in value:
        problems.add(name, f"{name} must not contain NUL characters")
        return None
    return value


def _wall_clock(body: dict[str, Any], problems: Problems) -> datetime | None:
    text = _string(body, "date", problems, required=True)
    if text is None:
        return None
    head = _WALL.match(text.strip())
    rest = text.strip()[head.end():] if head else None
    if head is not None and rest == "":
        problems.add("date", f"date must carry a UTC offset or Z, such as {_EXAMPLE}; the offset is then "
                     f"ignored and the time read in `timezone`; got {text!r:.40}")
        return None
    try:
        if head is None or rest is None or not _OFFSET.fullmatch(rest):
            raise ValueError
        parsed = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        problems.add("date", f"date must be an ISO 8601 date-time with a UTC offset or Z, such as {_EXAMPLE}; "
                     f"got {text!r:.40}")
        return None
    return parsed.replace(tzinfo=None, microsecond=parsed.microsecond // 1000 * 1000)


def _zone(body: dict[str, Any], problems: Problems) -> str | None:
    name = _string(body, "timezone", problems, required=True)
    if name is None:
        return None
    try:
        return rules.zone(name, field="timezone").key
    except Invalid as exc:
        problems.add("timezone", exc.message)
        return None


def _duration(body: dict[str, Any], problems: Problems) -> int | None:
    text = _string(body, "duration", problems)
    if text is None:
        return 60 if body.get("duration") is None else None
    if not _ID.fullmatch(text):
        problems.add("duration", f"duration must be a whole number of minutes written as digits, such as \"60\"; "
                     f"got {text!r:.40}")
        return None
    if not MIN_MINUTES <= int(text) <= MAX_MINUTES:
        problems.add("duration", f"duration must be between {MIN_MINUTES} and {MAX_MINUTES} minutes; got {text}")
        return None
    return int(text)


def _location(body: dict[str, Any], problems: Problems) -> str | None:
    text = _string(body, "location", problems)
    if text is None:
        return "Virtual" if body.get("location") is None else None
    if len(text) > MAX_LOCATION:
        problems.add("location", f"location must be at most {MAX_LOCATION} characters; got {len(text)}")
        return None
    return text


def _id(body: dict[str, Any], name: str, problems: Problems) -> int | None:
    text = _string(body, name, problems)
    if text is not None and not _ID.fullmatch(text):
        problems.add(name, f"{name} must be an integer string, such as \"123456\"; got {text!r:.40}")
        return None
    return int(text) if text is not None else None


def _email(body: dict[str, Any], problems: Problems) -> str | None:
    text = _string(body, "interviewerEmail", problems)
    if text is not None and (len(text) > 320 or not _EMAIL.fullmatch(text.strip())):
        problems.add("interviewerEmail", f"interviewerEmail must be an e-mail address; got {text!r:.40}")
        return None
    return text.strip() if text is not None else None


def _interviewer(body: dict[str, Any], problems: Problems) -> InterviewerSpec | TeamMemberSpec | None:
    names = ("interviewerId", "interviewerTeamId", "interviewerEmail")
    given = [name for name in names if body.get(name) is not None]
    if not given:
        problems.add("interviewerId", f"an interviewer is required: {_CHOICE}")
        return None
    if "interviewerId" in given and len(given) > 1:
        problems.add("interviewerId", f"send either interviewerId, or interviewerTeamId with interviewerEmail, "
                     f"not both; got {', '.join(given)}")
        return None
    if given == ["interviewerId"]:
        user_id = _id(body, "interviewerId", problems)
        return InterviewerSpec(field="interviewerId", user_id=user_id) if user_id is not None else None
    for name, other in (("interviewerTeamId", "interviewerEmail"), ("interviewerEmail", "interviewerTeamId")):
        if name not in given:
            problems.add(name, f"{name} is required with {other}: {_CHOICE}")
    team_id, email = _id(body, "interviewerTeamId", problems), _email(body, problems)
    if team_id is None or email is None:
        return None
    return TeamMemberSpec(team_id, email, team_field="interviewerTeamId", email_field="interviewerEmail")


def interview_request(body: dict[str, Any]) -> InterviewRequest:
    """The interview asked for, or Invalid naming every field to fix."""
    problems = Problems()
    wall, time_zone = _wall_clock(body, problems), _zone(body, problems)
    minutes, location = _duration(body, problems), _location(body, problems)
    interviewer = _interviewer(body, problems)
    start = None
    if wall is not None and time_zone is not None:
        try:
            start = rules.wall_clock_instant(wall, time_zone, field="date")
        except Invalid as exc:
            problems.add("date", exc.message)
    problems.raise_if_any()
    assert start is not None and time_zone is not None and minutes is not None
    assert location is not None and interviewer is not None
    return InterviewRequest(start, start + timedelta(minutes=minutes), time_zone, location, interviewer)


def list_query(params: dict[str, str | None]) -> tuple[ApplicantFilter, PageWindow]:
    """Filters and page window of ``GET /applicants`` from its query parameters (all strings)."""
    for name, value in params.items():
        if value is not None and ("\x00" in value or len(value) > 200):
            raise Invalid(f"{name} must be at most 200 characters, without NUL characters", field=name)
    limit = parse_int(params["limit"], "limit", low=1, high=MAX_LIMIT)
    offset = parse_int(params["offset"], "offset", low=0, high=2**62)
    filters = ApplicantFilter(
        job_id=parse_int(params["job_id"], "job_id", low=1), team_id=parse_int(params["team_id"], "team_id", low=1),
        state=params["state"] or None, query=params["query"] or None,
        updated_after=parse_instant(params["updated_after"], "updated_after"),
        updated_before=parse_instant(params["updated_before"], "updated_before"))
    return filters, PageWindow(limit=limit or DEFAULT_LIMIT, offset=offset or 0, count=True)
