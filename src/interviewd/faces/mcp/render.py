"""An interview as Kula's tools and webhooks show it (``get_interview``, ``interview.event.*`` data)."""

from __future__ import annotations

from typing import Any

from interviewd.core.services.provisioning import InterviewContext


def iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat().replace("+00:00", "Z")


def interview(ctx: InterviewContext) -> dict[str, Any]:
    """The interview with its people, times, place, conference link and provisioning state."""
    v = ctx.interview
    minutes = int((v.end_at - v.start_at).total_seconds() // 60)
    return {
        "id": v.id,
        "uuid": v.uuid,
        "name": v.name,
        "status": v.status,
        "kind": v.kind,
        "application_id": v.application_id,
        "job_id": v.job_id,
        "stage_id": v.stage_id,
        "stage_activity_id": v.activity_id,
        "start_time": iso(v.start_at),
        "end_time": iso(v.end_at),
        "all_day": v.all_day,
        "timezone": v.time_zone,
        "duration_minutes": minutes,
        "location": v.location_kind,
        "location_details": v.location,
        "office_id": v.office_id,
        "conference_url": v.video_conferencing_url,
        "provisioning_state": ctx.provisioning_state,
        "organizer": ({"id": v.organizer.id, "name": v.organizer.name, "email": v.organizer.email}
                      if v.organizer else None),
        "interviewers": [{"id": i.user.id if i.user else None, "name": i.user.name if i.user else i.email,
                          "email": i.email, "response_status": i.response_status,
                          "scorecard_id": i.scorecard_id} for i in v.interviewers],
        "candidate": ({"id": v.candidate_id, "name": ctx.candidate.name, "email": ctx.candidate.email}
                      if ctx.candidate else {"id": v.candidate_id, "name": None, "email": None}),
        "cancelled_at": iso(v.cancelled_at),
        "deleted_at": iso(v.deleted_at),
        "created_at": iso(v.created_at),
        "updated_at": iso(v.updated_at),
    }
