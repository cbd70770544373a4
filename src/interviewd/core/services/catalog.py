"""Reads and writes addressed by UUID, for the unified-API faces (Merge, Bindbee).

A page comes with the objects it points at (``load``: users, applications, stages, candidates, jobs),
each kind read in one batch, so a page costs a fixed number of queries whatever its size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from sqlalchemy.orm import Session

from interviewd.core.model import ScheduledInterview, User
from interviewd.core.queries import InterviewFilter, PageWindow
from interviewd.core.services.custom_fields import custom_field_service
from interviewd.core.services.directory import Window, directory_service
from interviewd.core.services.interviews import Booking, ConflictPolicy, InterviewerSpec, interview_service
from interviewd.core.store import directory as directory_repo
from interviewd.core.store import interviews as interview_repo
from interviewd.core.store import records
from interviewd.core.views import (
    ApplicationView,
    CandidateView,
    InterviewView,
    JobView,
    Page,
    StageView,
    UserView,
)
from interviewd.errors import FieldProblem, Invalid, NotFound, Problems

T = TypeVar("T")
KINDS = ("users", "applications", "stages", "candidates", "jobs")
NO_MATCH = 0  # an id no row has: an unknown UUID filters everything out


@dataclass(slots=True)
class Refs:
    """Filters by the UUIDs of related objects; an unknown UUID matches nothing."""

    application: UUID | None = None
    job: UUID | None = None
    stage: UUID | None = None
    organizer: UUID | None = None
    candidate: UUID | None = None


@dataclass(slots=True)
class Listing:
    """Filters of a reference list: ids, creation and update windows, an e-mail, related objects."""

    ids: list[int] | None = None
    created: Window = (None, None)
    updated: Window = (None, None)
    email: str | None = None
    refs: Refs = field(default_factory=Refs)


@dataclass(slots=True)
class Related:
    """Objects a page points at, by integer id."""

    users: dict[int, UserView] = field(default_factory=dict)
    applications: dict[int, ApplicationView] = field(default_factory=dict)
    stages: dict[int, StageView] = field(default_factory=dict)
    candidates: dict[int, CandidateView] = field(default_factory=dict)
    jobs: dict[int, JobView] = field(default_factory=dict)


@dataclass(slots=True)
class Bundle(Generic[T]):
    """A page and the related objects asked for."""

    page: Page[T]
    related: Related


@dataclass(slots=True)
class Proposal:
    """A new interview as a unified face describes it: people and records by UUID (the actor also by id)."""

    actor: UUID | int
    application: UUID
    start_at: datetime
    end_at: datetime
    interviewers: list[UUID] = field(default_factory=list)
    stage: UUID | None = None
    location: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)


def _refs_of(item: Any) -> dict[str, list[int]]:
    """The integer ids of what ``item`` points at, by kind."""
    if isinstance(item, InterviewView):
        people = [item.organizer.id] if item.organizer else []
        people += [i.user.id for i in item.interviewers if i.user]
        return {"users": people, "applications": [item.application_id],
                "stages": [item.stage_id] if item.stage_id else []}
    if isinstance(item, ApplicationView):
        return {"candidates": [item.candidate_id], "jobs": [item.job_id],
                "stages": [item.current_stage_id] if item.current_stage_id else [],
                "users": [item.credited_to_user_id] if item.credited_to_user_id else []}
    if isinstance(item, StageView):
        return {"jobs": [item.job_id]}
    if isinstance(item, CandidateView):
        return {"applications": list(item.application_ids)}
    if isinstance(item, JobView):
        return {"users": [u.id for u in (*item.hiring_managers, *item.recruiters, *item.coordinators)]}
    return {}


_FETCH: dict[str, Callable[..., Page[Any]]] = {
    "users": directory_service.list_users, "applications": directory_service.list_applications,
    "stages": directory_service.list_stages, "candidates": directory_service.list_candidates,
    "jobs": directory_service.list_jobs,
}

# Problems the interview service names in its own (Harvest) words, in the words of a Proposal.
_RENAMES = {"start": "start_at", "end": "end_at", "On-Behalf-Of": "actor", "application_id": "application",
            "interview_id": "stage"}


class CatalogService:
    """UUID-addressed reads with related objects loaded in batches, and bookings described by UUID."""

    def related(self, session: Session, *, org_id: int, items: Iterable[Any], load: frozenset[str]) -> Related:
        """The objects of the kinds in ``load`` that ``items`` point at: one batch per kind."""
        wanted: dict[str, set[int]] = {kind: set() for kind in load}
        for item in items:
            for kind, ids in _refs_of(item).items():
                if kind in wanted:
                    wanted[kind].update(ids)
        out = Related()
        for kind, ids in wanted.items():
            if ids:
                page = _FETCH[kind](session, org_id=org_id, window=PageWindow(limit=len(ids)), ids=sorted(ids))
                setattr(out, kind, {v.id: v for v in page.items})
        return out

    def interviews(self, session: Session, *, org_id: int, filters: InterviewFilter, refs: Refs,
                   window: PageWindow, now: datetime, load: frozenset[str] = frozenset()) -> Bundle[InterviewView]:
        """A page of interviews, filtered by ids and by the UUIDs of what they point at."""
        filters = self._resolve_interview_refs(session, org_id, filters, refs)
        page = interview_service.list(session, org_id=org_id, filters=filters, window=window, now=now)
        return Bundle(page, self.related(session, org_id=org_id, items=page.items, load=load))

    def interview(self, session: Session, *, org_id: int, uuid: UUID, now: datetime, include_removed: bool = False,
                  load: frozenset[str] = frozenset()) -> Bundle[InterviewView]:
        """One interview by UUID (cancelled and deleted ones only with ``include_removed``), or NotFound."""
        view = interview_repo.get_by_uuid(session, org_id, uuid, now, include_deleted=include_removed,
                                          include_cancelled=include_removed)
        if view is None:
            raise NotFound(f"Scheduled interview {uuid} does not exist")
        return self._one(session, org_id, view, load)

    def listing(self, session: Session, *, org_id: int, kind: str, listing: Listing, window: PageWindow,
                load: frozenset[str] = frozenset()) -> Bundle[Any]:
        """A page of users, applications, stages, candidates or jobs (``kind``)."""
        extra: dict[str, Any] = {}
        if listing.email is not None:
            extra["email"] = listing.email
        for name, ref_kind in (("job", "job"), ("candidate", "candidate")):
            uuid = getattr(listing.refs, name)
            if uuid is not None:
                extra[f"{name}_id"] = self._id(session, org_id, ref_kind, uuid)
        if "job_id" in extra and kind == "stages" and extra["job_id"] == NO_MATCH:
            return Bundle(Page(items=[], has_more=False, next_key=None), Related())
        page = _FETCH[kind](session, org_id=org_id, window=window, ids=listing.ids, created=listing.created,
                            updated=listing.updated, **extra)
        return Bundle(page, self.related(session, org_id=org_id, items=page.items, load=load))

    def one(self, session: Session, *, org_id: int, kind: str, uuid: UUID,
            load: frozenset[str] = frozenset()) -> Bundle[Any]:
        """One user, application, stage, candidate or job by UUID, or NotFound."""
        page = _FETCH[kind](session, org_id=org_id, window=PageWindow(limit=1), uuids=[uuid])
        if not page.items:
            raise NotFound(f"No {kind[:-1]} {uuid} in this organization")
        return self._one(session, org_id, page.items[0], load)

    def schedule(self, session: Session, *, org_id: int, proposal: Proposal, source: str, now: datetime,
                 policy: ConflictPolicy = ConflictPolicy.WARN) -> Booking:
        """Book an interview described by UUIDs; the actor becomes its organizer. Problems name Proposal fields."""
        problems = Problems()
        actor = self._actor(session, org_id, proposal.actor, problems)
        application = self._known(session, org_id, "application", proposal.application, "application", problems)
        activity = self._activity_of(session, org_id, proposal.stage, application, problems)
        users = directory_service.ids_of(session, org_id=org_id, kind="user", uuids=proposal.interviewers)
        specs = []
        for n, uuid in enumerate(proposal.interviewers):
            if uuid not in users:
                problems.add(f"interviewers[{n}]", f"interviewers[{n}]: no user {uuid} in this organization")
            specs.append(InterviewerSpec(field=f"interviewers[{n}]", user_id=users.get(uuid, NO_MATCH)))
        try:
            values = custom_field_service.validate(session, org_id=org_id, values=proposal.custom_fields)
        except Invalid as exc:
            problems.items.extend(exc.problems)
        problems.raise_if_any()
        assert actor is not None and application is not None
        try:
            booking = interview_service.schedule(
                session, org_id=org_id, actor_id=actor, application_id=application, activity_id=activity,
                start=proposal.start_at, end=proposal.end_at, interviewers=specs, external_event_id=None,
                source=source, now=now, policy=policy, location=proposal.location, allow_outside_emails=False)
        except Invalid as exc:
            raise _renamed(exc) from None
        if values:
            row = records.get(session, ScheduledInterview, org_id, booking.interview.id)
            assert row is not None
            custom_field_service.store(session, interview=row, values=values)
            booking.interview = replace(booking.interview, custom_fields=dict(row.custom_fields))
        return booking

    # -- helpers ---------------------------------------------------------------------------------

    def _one(self, session: Session, org_id: int, item: Any, load: frozenset[str]) -> Bundle[Any]:
        page = Page(items=[item], has_more=False, next_key=None)
        return Bundle(page, self.related(session, org_id=org_id, items=[item], load=load))

    def _id(self, session: Session, org_id: int, kind: str, uuid: UUID) -> int:
        return directory_service.ids_of(session, org_id=org_id, kind=kind, uuids=[uuid]).get(uuid, NO_MATCH)

    def _resolve_interview_refs(self, session: Session, org_id: int, filters: InterviewFilter,
                                refs: Refs) -> InterviewFilter:
        for attr, kind, target in (("application", "application", "application_id"), ("job", "job", "job_id"),
                                   ("stage", "stage", "stage_id"), ("organizer", "user", "organizer_id")):
            uuid = getattr(refs, attr)
            if uuid is not None:
                setattr(filters, target, self._id(session, org_id, kind, uuid))
        return filters

    def _known(self, session: Session, org_id: int, kind: str, uuid: UUID, where: str,
               problems: Problems) -> int | None:
        found = self._id(session, org_id, kind, uuid)
        if found == NO_MATCH:
            problems.add(where, f"{where}: no {kind} {uuid} in this organization")
            return None
        return found

    def _actor(self, session: Session, org_id: int, actor: UUID | int, problems: Problems) -> int | None:
        if isinstance(actor, UUID):
            return self._known(session, org_id, "user", actor, "actor", problems)
        if records.get(session, User, org_id, actor) is None:
            problems.add("actor", f"actor: no user with id {actor} in this organization")
            return None
        return actor

    def _activity_of(self, session: Session, org_id: int, stage_uuid: UUID | None, application_id: int | None,
                     problems: Problems) -> int | None:
        """The first interview step of the stage, which must belong to the application's job."""
        if stage_uuid is None or application_id is None:
            return None
        found = directory_repo.stage_and_job(session, org_id, stage_uuid)
        application = directory_service.get_application(session, org_id=org_id, application_id=application_id)
        if found is None or found[1] != application.job_id:
            problems.add("stage", f"stage: {stage_uuid} is not a stage of the job of application "
                         f"{application.uuid}")
            return None
        activity = directory_repo.first_activity(session, found[0])
        if activity is None:
            problems.add("stage", f"stage: {stage_uuid} has no interview step to schedule")
        return activity


def _renamed(exc: Invalid) -> Invalid:
    """The interview service's problems named as Proposal fields (``interviewers[0].user_id``: ``interviewers[0]``)."""
    problems = []
    for p in exc.problems:
        name = _RENAMES.get(p.field, p.field)
        if name.startswith("interviewers[") and "." in name:
            name = name.split(".", 1)[0]
        problems.append(FieldProblem(name, p.message))
    first = problems[0] if problems else FieldProblem(_RENAMES.get(exc.field or "", exc.field or ""), exc.message)
    return Invalid(first.message, field=first.field or None, problems=problems)


catalog_service = CatalogService()
