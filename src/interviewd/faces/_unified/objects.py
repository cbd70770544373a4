"""The fields Merge and Bindbee give the same objects alike; each face adds its own around them.

Ids are UUIDs and ``remote_id`` is our integer id as a string. A reference is a UUID string, or the
whole object when the client expanded it (``Expander``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from interviewd.core.services.catalog import Related
from interviewd.core.views import ApplicationView, InterviewView, StageView, UserView
from interviewd.faces._unified.params import Expansions
from interviewd.faces.harvest import render as harvest

STATUSES = {"scheduled": "SCHEDULED", "awaiting_feedback": "AWAITING_FEEDBACK", "complete": "COMPLETE"}
ACCESS_ROLES = {"site_admin": "SUPER_ADMIN", "admin": "ADMIN", "team_member": "TEAM_MEMBER",
                "interviewer": "INTERVIEWER", "limited": "LIMITED_TEAM_MEMBER"}
Link = Callable[[str, str, "int | None", "str | None"], Any]


def iso(value: datetime | None) -> str | None:
    """2021-10-15T00:00:00Z, with milliseconds when there are any (the instant is UTC already)."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:23] + "Z" if value.microsecond else text[:19] + "Z"


@dataclass(slots=True)
class Expander:
    """Draws a reference: its UUID, or, when its field is expanded, the related object (only picked fields)."""

    expand: Expansions
    related: Related
    draw: dict[str, Callable[[Any], dict[str, Any]]]

    def __call__(self, field: str, kind: str, object_id: int | None, uuid: str | None) -> Any:
        if object_id is None:
            return None
        if field not in self.expand:
            return uuid
        view = getattr(self.related, kind).get(object_id)
        if view is None:
            return uuid
        drawn = self.draw[kind](view)
        picks = self.expand[field]
        return {name: drawn[name] for name in picks} if picks else drawn


def interview_status(v: InterviewView, *, original: bool) -> str:
    """The status it shows (a removed interview keeps the one it had): upper case, or ours with ``original``."""
    status = v.last_live_status
    return status if original else STATUSES.get(status, status)


def interview_fields(v: InterviewView, link: Link, *, original_status: bool = False) -> dict[str, Any]:
    """From ``application`` to ``status``: the body both dialects share."""
    organizer = v.organizer
    return {
        "application": link("application", "applications", v.application_id, v.application_uuid),
        "job_interview_stage": link("job_interview_stage", "stages", v.stage_id, v.stage_uuid),
        "organizer": link("organizer", "users", organizer.id if organizer else None,
                          organizer.uuid if organizer else None),
        # An interviewer who is no user of the organization (an outside e-mail address) has no RemoteUser.
        "interviewers": [link("interviewers", "users", i.user.id, i.user.uuid) for i in v.interviewers if i.user],
        "location": v.location,
        "start_at": iso(v.start_at),
        "end_at": iso(v.end_at),
        "remote_created_at": iso(v.created_at),
        "remote_updated_at": iso(v.updated_at),
        "status": interview_status(v, original=original_status),
    }


def raw_interview(v: InterviewView) -> dict[str, Any]:
    """The interview exactly as the Harvest face renders it (a removed one with the status it last showed)."""
    return harvest.interview(replace(v, status=v.last_live_status) if v.removed else v)


def role_origin(u: UserView) -> str:
    """Our own word for what a user may do."""
    if u.site_admin:
        return "site_admin"
    if "manage_all_applications" in u.permissions:
        return "admin"
    if u.permissions:
        return "team_member"
    return "interviewer" if u.can_interview else "limited"


def user_fields(u: UserView, *, original_role: bool = False) -> dict[str, Any]:
    origin = role_origin(u)
    return {"first_name": u.first_name, "last_name": u.last_name, "email": u.email, "disabled": not u.active,
            "remote_created_at": iso(u.created_at), "access_role": origin if original_role else ACCESS_ROLES[origin]}


def application_fields(a: ApplicationView, link: Link) -> dict[str, Any]:
    return {
        "candidate": link("candidate", "candidates", a.candidate_id, a.candidate_uuid),
        "job": link("job", "jobs", a.job_id, a.job_uuid),
        "applied_at": iso(a.applied_at),
        "rejected_at": iso(a.rejected_at),
        "offers": [],
        "source": a.source,
        "credited_to": link("credited_to", "users", a.credited_to_user_id, a.credited_to_uuid),
        "screening_question_answers": [],
        "current_stage": link("current_stage", "stages", a.current_stage_id, a.current_stage_uuid),
        "reject_reason": None,
    }


def stage_fields(s: StageView, link: Link) -> dict[str, Any]:
    return {"name": s.name, "job": link("job", "jobs", s.job_id, s.job_uuid), "stage_order": s.priority}
