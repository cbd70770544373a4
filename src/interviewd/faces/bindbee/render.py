"""Bindbee's ATS models: AtsScheduledInterview, and the AtsRemoteUser, AtsApplication and AtsJobInterviewStage
an expansion puts in place of an id. ``custom_fields`` is always there (null unless asked for)."""

from __future__ import annotations

from typing import Any

from interviewd.core.services.catalog import Related
from interviewd.core.views import ApplicationView, InterviewView, StageView, UserView
from interviewd.faces._unified import objects
from interviewd.faces._unified.objects import Expander, iso
from interviewd.faces._unified.params import Expansions

_HEAD = ("id", "remote_id", "modified_at", "custom_fields")
USER_FIELDS = (*_HEAD, "first_name", "last_name", "email", "disabled", "remote_created_at", "access_role")
APPLICATION_FIELDS = (*_HEAD, "candidate", "job", "applied_at", "rejected_at", "source", "credited_to",
                      "current_stage", "reject_reason")
STAGE_FIELDS = (*_HEAD, "name", "job", "stage_order")
# Expandable relations and the fields one may pick of each (expand=organizer[first_name,last_name]).
EXPANDABLE = {"application": APPLICATION_FIELDS, "job_interview_stage": STAGE_FIELDS, "organizer": USER_FIELDS,
              "interviewers": USER_FIELDS}
KINDS = {"application": "applications", "job_interview_stage": "stages", "organizer": "users",
         "interviewers": "users"}
_IDS_ONLY = Expander({}, Related(), {})


def _head(view: Any, custom_fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"id": view.uuid, "remote_id": str(view.id), "modified_at": iso(view.updated_at),
            "custom_fields": custom_fields}


def user(u: UserView) -> dict[str, Any]:
    return {**_head(u), **objects.user_fields(u)}


def application(a: ApplicationView) -> dict[str, Any]:
    fields = objects.application_fields(a, _IDS_ONLY)
    return {**_head(a), **{name: fields[name] for name in APPLICATION_FIELDS[len(_HEAD):]}}


def stage(s: StageView) -> dict[str, Any]:
    return {**_head(s), **objects.stage_fields(s, _IDS_ONLY)}


def expander(expand: Expansions, related: Related) -> Expander:
    return Expander(expand, related, {"users": user, "applications": application, "stages": stage})


def interview(v: InterviewView, link: Expander, *, custom_fields: bool, raw_data: bool) -> dict[str, Any]:
    """An AtsScheduledInterview; ``raw_data`` is the interview as the Harvest face shows it."""
    out = {**_head(v, dict(v.custom_fields) if custom_fields else None), **objects.interview_fields(v, link)}
    if raw_data:
        out["raw_data"] = objects.raw_interview(v)
    return out
