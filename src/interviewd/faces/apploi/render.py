"""Objects as the Apploi face shows them: UTC instants with milliseconds and Z, interview times in their zone."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from interviewd.core.queries import PageWindow
from interviewd.core.views import ApplicantView, InterviewView, Page, UserRef

UTC = timezone.utc


def utc(value: datetime | None) -> str | None:
    """2024-05-01T13:00:00.000Z"""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def local(value: datetime, zone_name: str) -> str:
    """2022-12-05T17:30:00-05:00: the wall-clock time in the interview's zone, with that zone's offset."""
    spec = "milliseconds" if value.microsecond else "seconds"
    return value.astimezone(ZoneInfo(zone_name)).isoformat(timespec=spec)


def applicant(a: ApplicantView) -> dict[str, Any]:
    """One item of ``GET /applicants``: ``id`` is the application form id, ``applicant_id`` the person's."""
    return {
        "id": a.id,
        "applicant_id": a.candidate_id,
        "person": {"id": a.candidate_id, "first_name": a.first_name, "last_name": a.last_name, "email": a.email,
                   "mobile_phone_number": a.phone, "home_phone_number": None},
        "job_id": a.job_id,
        "job": {"id": a.job_id, "name": a.job_name, "team_id": a.team_id, "archived": a.job_status == "closed"},
        "team_id": a.team_id,
        "applicant_state_id": a.state_id,
        "applicant_state": a.state,
        "applied_at": utc(a.applied_at),
        "updated_at": utc(a.updated_at),
    }


def applicants(page: Page[ApplicantView], window: PageWindow) -> dict[str, Any]:
    """The ``GET /applicants`` body: items under ``data`` and explicit paging fields."""
    return {"data": [applicant(a) for a in page.items], "total": page.total, "limit": window.limit,
            "offset": window.offset, "has_more": page.has_more}


def _person(user: UserRef | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.id, "first_name": user.first_name, "last_name": user.last_name, "email": user.email}


def interview(v: InterviewView, team_id: int | None) -> dict[str, Any]:
    """The scheduled interview, echoing the request's fields (as strings) with what they resolved to."""
    booked = v.interviewers[0] if v.interviewers else None
    user = booked.user if booked else None
    return {
        "id": v.id,
        "application_form_id": v.application_id,
        "applicant_id": v.candidate_id,
        "job_id": v.job_id,
        "date": local(v.start_at, v.time_zone),
        "end_date": local(v.end_at, v.time_zone),
        "duration": str(int((v.end_at - v.start_at).total_seconds()) // 60),
        "timezone": v.time_zone,
        "location": v.location,
        "interviewerId": str(user.id) if user else None,
        "interviewerEmail": booked.email if booked else None,
        "interviewerTeamId": str(team_id) if team_id is not None else None,
        "interviewer": _person(user),
        "organizer": _person(v.organizer),
        "status": v.status,
        "created_at": utc(v.created_at),
        "updated_at": utc(v.updated_at),
    }
