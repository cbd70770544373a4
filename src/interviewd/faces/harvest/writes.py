"""Harvest write bodies (POST/PATCH scheduled interviews) read into core arguments, every problem named."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from interviewd.core import rules
from interviewd.core.services import Changes, InterviewerSpec
from interviewd.errors import Invalid, Problems
from interviewd.faces._http.params import parse_instant

_MISSING = object()
_DIGITS = re.compile(r"[0-9]{1,18}")


def on_behalf_of(value: str | None) -> int:
    """The user id in the On-Behalf-Of header, required on writes."""
    if value is None or not value.strip():
        raise Invalid("On-Behalf-Of header is required: the id of the user making this request, who becomes "
                      "the organizer", field="On-Behalf-Of")
    if not _DIGITS.fullmatch(value.strip()):
        raise Invalid(f"On-Behalf-Of must be a user id (an integer); got {value!r}", field="On-Behalf-Of")
    return int(value)


def _int(body: dict[str, Any], name: str, problems: Problems, *, required: bool) -> int | None:
    value = body.get(name, _MISSING)
    if value is _MISSING or value is None:
        if required:
            problems.add(name, f"{name} is required (an integer)")
        return None
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(name, f"{name} must be an integer; got {value!r}")
        return None
    return value


def _str(body: dict[str, Any], name: str, problems: Problems, *, required: bool, limit: int) -> str | None:
    value = body.get(name, _MISSING)
    if value is _MISSING or value is None:
        if required:
            problems.add(name, f"{name} is required (a string)")
        return None
    if not isinstance(value, str):
        problems.add(name, f"{name} must be a string; got {type(value).__name__}")
        return None
    if required and not value.strip():
        problems.add(name, f"{name} must not be blank")
    if len(value) > limit:
        problems.add(name, f"{name} must be at most {limit} characters; got {len(value)}")
    return value


def _moment(body: dict[str, Any], name: str, problems: Problems, *, required: bool) -> datetime | date | None:
    value = body.get(name, _MISSING)
    if value is _MISSING or value is None:
        if required:
            problems.add(name, f"{name} is required: an ISO-8601 date-time such as 2018-12-12T13:15:00Z")
        return None
    if not isinstance(value, str):
        problems.add(name, f"{name} must be an ISO-8601 string such as 2018-12-12T13:15:00Z; got {value!r}")
        return None
    try:
        if len(value.strip()) == 10:
            return date.fromisoformat(value.strip())
        if not value.strip():  # parse_instant reads a blank query value as absent; a blank body value is wrong
            raise ValueError
        return parse_instant(value, name)
    except (Invalid, ValueError):
        problems.add(name, f"{name} must be an ISO-8601 date-time such as 2018-12-12T13:15:00Z (or a date "
                     f"2018-12-12 for an all-day interview); got {value!r}")
        return None


def _interviewers(body: dict[str, Any], problems: Problems, *, required: bool) -> list[InterviewerSpec] | None:
    value = body.get("interviewers", _MISSING)
    if value is _MISSING or value is None:
        if required:
            problems.add("interviewers", "interviewers is required: an array of {user_id | email | employee_id, "
                         "response_status}")
        return None
    if not isinstance(value, list):
        problems.add("interviewers", "interviewers must be an array of objects")
        return None
    specs = []
    for n, item in enumerate(value):
        where = f"interviewers[{n}]"
        if not isinstance(item, dict):
            problems.add(where, f"{where} must be an object with user_id, email or employee_id and response_status")
            continue
        spec = _interviewer(item, where, problems)
        if spec is not None:
            specs.append(spec)
    return specs


def _interviewer(item: dict[str, Any], where: str, problems: Problems) -> InterviewerSpec | None:
    if "response_status" not in item:
        problems.add(f"{where}.response_status", f"{where}.response_status is required: one of "
                     f"{', '.join(rules.RESPONSE_STATUSES)}")
        return None
    try:
        status = rules.response_status(item["response_status"], field=f"{where}.response_status")
    except Invalid as exc:
        problems.add(exc.field or where, exc.message)
        return None
    user_id, email, employee_id = item.get("user_id"), item.get("email"), item.get("employee_id")
    if user_id is not None:
        if isinstance(user_id, bool) or not isinstance(user_id, int):
            problems.add(f"{where}.user_id", f"{where}.user_id must be an integer; got {user_id!r}")
            return None
        return InterviewerSpec(field=where, response_status=status, user_id=user_id)
    if email is not None:
        if not isinstance(email, str) or "@" not in email or len(email) > 320:
            problems.add(f"{where}.email", f"{where}.email must be an e-mail address; got {email!r}")
            return None
        return InterviewerSpec(field=where, response_status=status, email=email.strip())
    if employee_id is not None:
        if not isinstance(employee_id, (str, int)) or isinstance(employee_id, bool):
            problems.add(f"{where}.employee_id", f"{where}.employee_id must be a string")
            return None
        return InterviewerSpec(field=where, response_status=status, employee_id=str(employee_id))
    problems.add(where, f"{where} must name a user by user_id, email or employee_id")
    return None


def create_arguments(body: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments for interview_service.schedule from a POST body."""
    problems = Problems()
    args = {
        "application_id": _int(body, "application_id", problems, required=True),
        "activity_id": _int(body, "interview_id", problems, required=True),
        "interviewers": _interviewers(body, problems, required=True),
        "start": _moment(body, "start", problems, required=True),
        "end": _moment(body, "end", problems, required=True),
        "external_event_id": _str(body, "external_event_id", problems, required=True, limit=255),
        "location": _str(body, "location", problems, required=False, limit=500),
        "video_conferencing_url": _str(body, "video_conferencing_url", problems, required=False, limit=2000),
    }
    problems.raise_if_any()
    return args


def changes(body: dict[str, Any]) -> Changes:
    """A partial update from a PATCH body; explicit nulls clear location and video URL."""
    problems = Problems()
    result = Changes(
        start=_moment(body, "start", problems, required=False),
        end=_moment(body, "end", problems, required=False),
        interviewers=_interviewers(body, problems, required=False),
        external_event_id=_str(body, "external_event_id", problems, required=False, limit=255),
        location=_str(body, "location", problems, required=False, limit=500),
        video_conferencing_url=_str(body, "video_conferencing_url", problems, required=False, limit=2000),
        clear={name for name in ("location", "video_conferencing_url") if name in body and body[name] is None},
    )
    if "external_event_id" in body and body["external_event_id"] is None:
        problems.add("external_event_id", "external_event_id cannot be removed; give a new string")
    problems.raise_if_any()
    return result
