"""Objects exactly as Harvest shows them: ms timestamps with Z, nulls never omitted, reduced user objects."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from interviewd.core.views import (
    ApplicationView,
    CandidateView,
    InterviewView,
    JobView,
    OfficeView,
    StageView,
    UserRef,
    UserView,
)


def ts(value: datetime | None) -> str | None:
    """2016-02-10T14:31:51.019Z (the instant is UTC already)."""
    if value is None:
        return None
    text = value.isoformat()  # C-fast; the seconds fraction is left out when it is zero
    return text[:23] + "Z" if value.microsecond else text[:19] + ".000Z"


def reduced_user(user: UserRef | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.id, "first_name": user.first_name, "last_name": user.last_name, "name": user.name,
            "employee_id": user.employee_id}


def interview(v: InterviewView) -> dict[str, Any]:
    """A scheduled interview object (seed 000)."""
    if v.all_day:
        start: dict[str, Any] = {"date": v.start_date.isoformat() if v.start_date else None}
        end: dict[str, Any] = {"date": v.end_date.isoformat() if v.end_date else None}
    else:
        start, end = {"date_time": ts(v.start_at)}, {"date_time": ts(v.end_at)}
    return {
        "id": v.id,
        "application_id": v.application_id,
        "external_event_id": v.external_event_id,
        "start": start,
        "end": end,
        "location": v.location,
        "video_conferencing_url": v.video_conferencing_url,
        "status": v.status,
        "created_at": ts(v.created_at),
        "updated_at": ts(v.updated_at),
        "interview": {"id": v.activity_id, "name": v.name},
        "organizer": reduced_user(v.organizer),
        "interviewers": [
            {"id": i.user.id if i.user else None,
             "employee_id": i.user.employee_id if i.user else None,
             "name": i.user.name if i.user else i.email,
             "email": i.email,
             "response_status": i.response_status,
             "scorecard_id": i.scorecard_id}
            for i in v.interviewers
        ],
    }


def user(u: UserView) -> dict[str, Any]:
    """A user object (Harvest ``GET /v1/users``)."""
    return {
        "id": u.id, "name": u.name, "first_name": u.first_name, "last_name": u.last_name,
        "primary_email_address": u.email, "updated_at": ts(u.updated_at), "created_at": ts(u.created_at),
        "disabled": not u.active, "site_admin": u.site_admin, "emails": [u.email], "employee_id": u.employee_id,
        "linked_candidate_ids": [], "offices": [], "departments": [], "custom_fields": {},
        "keyed_custom_fields": {},
    }


def application(a: ApplicationView) -> dict[str, Any]:
    """An application object (Harvest ``GET /v1/applications``), with the fields interviewd tracks."""
    return {
        "id": a.id, "candidate_id": a.candidate_id, "prospect": False, "applied_at": ts(a.applied_at),
        "rejected_at": ts(a.rejected_at), "last_activity_at": ts(a.last_activity_at), "location": None,
        "source": {"id": None, "public_name": a.source} if a.source else None,
        "credited_to": {"id": a.credited_to_user_id} if a.credited_to_user_id else None,
        "rejection_reason": None, "rejection_details": None,
        "jobs": [{"id": a.job_id, "name": a.job_name}], "job_post_id": None, "status": a.status,
        "current_stage": ({"id": a.current_stage_id, "name": a.current_stage_name}
                          if a.current_stage_id is not None else None),
        "answers": [], "prospective_department": None, "prospective_office": None, "prospect_detail": None,
        "custom_fields": {}, "keyed_custom_fields": {}, "attachments": [],
    }


def job_stage(s: StageView) -> dict[str, Any]:
    """A job stage with its interviews (the ``interview_id`` values for POST)."""
    return {
        "id": s.id, "name": s.name, "created_at": ts(s.created_at), "updated_at": ts(s.updated_at),
        "active": s.active, "job_id": s.job_id, "priority": s.priority,
        "interviews": [
            {"id": a.id, "name": a.name, "schedulable": a.schedulable, "estimated_minutes": a.duration_minutes,
             "default_interviewer_users": [reduced_user(u) for u in a.default_interviewers],
             "interview_kit": {"id": a.id, "content": a.kit_content,
                               "questions": [{"id": n + 1, "question": q} for n, q in enumerate(a.kit_questions)]}}
            for a in s.activities
        ],
    }


def office(o: OfficeView) -> dict[str, Any]:
    """An office object (Harvest ``GET /v1/offices``)."""
    return {
        "id": o.id, "name": o.name, "location": {"name": o.location}, "primary_contact_user_id":
        o.primary_contact_user_id, "parent_id": o.parent_id, "parent_office_external_id": None,
        "child_ids": o.child_ids, "child_office_external_ids": [], "external_id": o.external_id,
    }


def candidate(c: CandidateView) -> dict[str, Any]:
    """A candidate object as Harvest shows it (``GET /v1/candidates``), with the fields interviewd tracks."""
    return {
        "id": c.id, "first_name": c.first_name, "last_name": c.last_name, "company": None, "title": None,
        "created_at": ts(c.created_at), "updated_at": ts(c.updated_at), "last_activity": ts(c.last_activity_at),
        "is_private": False, "photo_url": None, "attachments": [], "application_ids": c.application_ids,
        "phone_numbers": [{"value": c.phone, "type": "other"}] if c.phone else [], "addresses": [],
        "email_addresses": [{"value": c.email, "type": "personal"}] if c.email else [], "website_addresses": [],
        "social_media_addresses": [], "recruiter": None, "coordinator": None, "can_email": c.email is not None,
        "tags": [], "custom_fields": {}, "keyed_custom_fields": {},
    }


def job(j: JobView) -> dict[str, Any]:
    """A job object as Harvest shows it (``GET /v1/jobs``), with the fields interviewd tracks."""
    return {
        "id": j.id, "name": j.name, "requisition_id": j.requisition_id, "notes": None, "confidential": False,
        "status": j.status, "created_at": ts(j.created_at), "opened_at": ts(j.created_at), "closed_at": None,
        "updated_at": ts(j.updated_at), "is_template": False, "copied_from_id": None, "departments": [],
        "offices": [{"id": j.office_id}] if j.office_id else [], "custom_fields": {}, "keyed_custom_fields": {},
        "hiring_team": {"hiring_managers": [reduced_user(u) for u in j.hiring_managers],
                        "recruiters": [reduced_user(u) for u in j.recruiters],
                        "coordinators": [reduced_user(u) for u in j.coordinators], "sourcers": []},
        "openings": [],
    }
