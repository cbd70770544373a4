"""Merge's common models: ScheduledInterview, RemoteUser, Application, JobInterviewStage, Candidate, Job.

Every object has ``id`` (UUID), ``remote_id`` (our integer id), Merge's ``created_at``/``modified_at``,
``remote_was_deleted``, ``field_mappings`` (null: none are configured) and ``remote_data`` (null unless
asked for: then the object as the Harvest face shows it, at its Harvest path).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from interviewd.core.services.catalog import Related
from interviewd.core.views import ApplicationView, CandidateView, InterviewView, JobView, StageView, UserView
from interviewd.faces._unified import objects
from interviewd.faces._unified.objects import Expander, iso
from interviewd.faces._unified.params import Expansions
from interviewd.faces.harvest import render as harvest

JOB_STATUSES = {"open": "OPEN", "closed": "CLOSED", "draft": "DRAFT", "archived": "ARCHIVED", "pending": "PENDING"}


@dataclass(slots=True)
class Ctx:
    """How to draw: which references to expand, whether to add remote data, which enums to leave as ours."""

    expand: Expansions = field(default_factory=dict)
    related: Related = field(default_factory=Related)
    remote_data: bool = False
    origins: frozenset[str] = frozenset()
    expander: Expander | None = None

    def link(self) -> Expander:
        """Expanded objects are drawn whole, with remote data if asked, but expand nothing themselves."""
        if self.expander is None:
            nested = Ctx(remote_data=self.remote_data)
            draw: dict[str, Callable[[Any], dict[str, Any]]] = {
                "users": lambda v: user(v, nested), "applications": lambda v: application(v, nested),
                "stages": lambda v: stage(v, nested), "candidates": lambda v: candidate(v, nested),
                "jobs": lambda v: job(v, nested)}
            self.expander = Expander(self.expand, self.related, draw)
        return self.expander


def _wrap(view: Any, ctx: Ctx, fields: dict[str, Any], path: str, raw: Callable[[], Any], *,
          deleted: bool = False) -> dict[str, Any]:
    return {"id": view.uuid, "remote_id": str(view.id), "created_at": iso(view.created_at),
            "modified_at": iso(view.updated_at), **fields, "remote_was_deleted": deleted, "field_mappings": None,
            "remote_data": [{"path": f"{path}/{view.id}", "data": raw()}] if ctx.remote_data else None}


def interview(v: InterviewView, ctx: Ctx) -> dict[str, Any]:
    """A ScheduledInterview; a cancelled or deleted one is ``remote_was_deleted`` with the status it last had."""
    fields = objects.interview_fields(v, ctx.link(), original_status="status" in ctx.origins)
    return _wrap(v, ctx, fields, "/scheduled_interviews", lambda: objects.raw_interview(v), deleted=v.removed)


def user(u: UserView, ctx: Ctx) -> dict[str, Any]:
    """A RemoteUser."""
    fields = objects.user_fields(u, original_role="access_role" in ctx.origins)
    return _wrap(u, ctx, fields, "/users", lambda: harvest.user(u))


def application(a: ApplicationView, ctx: Ctx) -> dict[str, Any]:
    """An Application."""
    return _wrap(a, ctx, objects.application_fields(a, ctx.link()), "/applications", lambda: harvest.application(a))


def stage(s: StageView, ctx: Ctx) -> dict[str, Any]:
    """A JobInterviewStage (``stage_order`` is the stage's place in the job's plan)."""
    return _wrap(s, ctx, objects.stage_fields(s, ctx.link()), "/job_stages", lambda: harvest.job_stage(s))


def candidate(c: CandidateView, ctx: Ctx) -> dict[str, Any]:
    """A Candidate, with its applications."""
    link = ctx.link()
    fields = {
        "first_name": c.first_name, "last_name": c.last_name, "company": None, "title": None,
        "remote_created_at": iso(c.created_at), "remote_updated_at": iso(c.updated_at),
        "last_interaction_at": iso(c.last_activity_at), "is_private": False, "can_email": c.email is not None,
        "locations": [], "phone_numbers": [{"value": c.phone, "phone_number_type": "OTHER"}] if c.phone else [],
        "email_addresses": [{"value": c.email, "email_address_type": "PERSONAL"}] if c.email else [],
        "urls": [], "tags": [],
        "applications": [link("applications", "applications", i, u)
                         for i, u in zip(c.application_ids, c.application_uuids, strict=True)],
        "attachments": [],
    }
    return _wrap(c, ctx, fields, "/candidates", lambda: harvest.candidate(c))


def job(j: JobView, ctx: Ctx) -> dict[str, Any]:
    """A Job, with its hiring managers and recruiters."""
    link = ctx.link()
    fields = {
        "name": j.name, "description": None, "code": j.requisition_id,
        "status": j.status if "status" in ctx.origins else JOB_STATUSES.get(j.status, j.status), "type": None,
        "job_postings": [], "job_posting_urls": [], "remote_created_at": iso(j.created_at),
        "remote_updated_at": iso(j.updated_at), "confidential": False, "departments": [],
        "offices": [j.office_uuid] if j.office_uuid else [],
        "hiring_managers": [link("hiring_managers", "users", u.id, u.uuid) for u in j.hiring_managers],
        "recruiters": [link("recruiters", "users", u.id, u.uuid) for u in j.recruiters],
    }
    return _wrap(j, ctx, fields, "/jobs", lambda: harvest.job(j))


def page(results: list[dict[str, Any]], nxt: str | None, previous: str | None) -> dict[str, Any]:
    """Merge's list envelope."""
    return {"next": nxt, "previous": previous, "results": results}
