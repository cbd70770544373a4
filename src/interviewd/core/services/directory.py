"""Reads of the organization's reference data for the faces: users, applications, job stages, candidates, jobs,
offices. Every object can be found by its integer id or by its UUID."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session

from interviewd.core.model import Activity, Application, Candidate, Job, Office, Stage, User
from interviewd.core.queries import PageWindow
from interviewd.core.store import directory as repo
from interviewd.core.store.directory import Scope
from interviewd.core.views import (
    ActivityView,
    ApplicationView,
    CandidateView,
    JobView,
    OfficeView,
    Page,
    StageView,
    UserRef,
    UserView,
)
from interviewd.errors import NotFound

Window = tuple[datetime | None, datetime | None]
KINDS: dict[str, Any] = {"user": User, "application": Application, "stage": Stage, "candidate": Candidate,
                         "job": Job}


def user_ref(user: User) -> UserRef:
    return UserRef(user.id, str(user.uuid), user.first_name, user.last_name, user.employee_id, user.email)


def _activity_view(act: Activity, defaults: list[User]) -> ActivityView:
    return ActivityView(act.id, str(act.uuid), act.stage_id, act.name, act.schedulable, act.duration_minutes, act.kind,
                        act.location_kind, act.location, act.office_id, act.scorecard_template_id,
                        act.kit_content, list(act.kit_questions or []), [user_ref(u) for u in defaults])


def _single(page: Page[Any], what: str, object_id: int | UUID) -> Any:
    if not page.items:
        raise NotFound(f"{what} {object_id} does not exist")
    return page.items[0]


def _scope(ids: list[int] | None, uuids: list[UUID] | None, created: Window, updated: Window) -> Scope:
    return Scope(ids=ids, uuids=uuids, created=created, updated=updated)


class DirectoryService:
    """Read-only views of users, applications, job stages, candidates, jobs and offices."""

    def list_users(self, session: Session, *, org_id: int, window: PageWindow, email: str | None = None,
                   employee_id: str | None = None, created: Window = (None, None),
                   updated: Window = (None, None), ids: list[int] | None = None,
                   uuids: list[UUID] | None = None) -> Page[UserView]:
        """A page of users."""
        return repo.users(session, org_id, window, _scope(ids, uuids, created, updated), email=email,
                          employee_id=employee_id)

    def get_user(self, session: Session, *, org_id: int, user_id: int | None = None,
                 uuid: UUID | None = None) -> UserView:
        """One user by id or UUID, or NotFound."""
        page = self.list_users(session, org_id=org_id, window=PageWindow(limit=1), **_one(user_id, uuid))
        return _single(page, "User", user_id or uuid)  # type: ignore[arg-type]

    def list_applications(self, session: Session, *, org_id: int, window: PageWindow, job_id: int | None = None,
                          status: str | None = None, created: Window = (None, None),
                          last_activity_after: datetime | None = None, ids: list[int] | None = None,
                          uuids: list[UUID] | None = None, updated: Window = (None, None),
                          candidate_id: int | None = None) -> Page[ApplicationView]:
        """A page of applications."""
        return repo.applications(session, org_id, window, _scope(ids, uuids, created, updated), job_id=job_id,
                                 candidate_id=candidate_id, status=status, last_activity_after=last_activity_after)

    def get_application(self, session: Session, *, org_id: int, application_id: int | None = None,
                        uuid: UUID | None = None) -> ApplicationView:
        """One application by id or UUID, or NotFound."""
        page = self.list_applications(session, org_id=org_id, window=PageWindow(limit=1),
                                      **_one(application_id, uuid))
        return _single(page, "Application", application_id or uuid)  # type: ignore[arg-type]

    def list_stages(self, session: Session, *, org_id: int, window: PageWindow, job_id: int | None = None,
                    stage_id: int | None = None, ids: list[int] | None = None, uuids: list[UUID] | None = None,
                    created: Window = (None, None), updated: Window = (None, None)) -> Page[StageView]:
        """A page of job stages with their interview steps."""
        if job_id is not None and not repo.job_exists(session, org_id, job_id):
            raise NotFound(f"Job {job_id} does not exist")
        if stage_id is not None:
            ids = [stage_id]
        page = repo.stages(session, org_id, window, _scope(ids, uuids, created, updated), job_id=job_id)
        acts, defaults = repo.activities_of(session, [row[0] for row in page.items])
        by_stage: dict[int, list[ActivityView]] = {row[0]: [] for row in page.items}
        for act in acts:
            by_stage[act.stage_id].append(_activity_view(act, defaults.get(act.id, [])))
        page.items = [StageView(*row[:8], by_stage[row[0]], row[8]) for row in page.items]
        return page

    def get_stage(self, session: Session, *, org_id: int, stage_id: int | None = None,
                  uuid: UUID | None = None) -> StageView:
        """One job stage by id or UUID, or NotFound."""
        page = self.list_stages(session, org_id=org_id, window=PageWindow(limit=1), **_one(stage_id, uuid))
        return _single(page, "Job stage", stage_id or uuid)  # type: ignore[arg-type]

    def list_candidates(self, session: Session, *, org_id: int, window: PageWindow, email: str | None = None,
                        ids: list[int] | None = None, uuids: list[UUID] | None = None,
                        created: Window = (None, None), updated: Window = (None, None)) -> Page[CandidateView]:
        """A page of candidates, each with its applications."""
        return repo.candidates(session, org_id, window, _scope(ids, uuids, created, updated), email=email)

    def get_candidate(self, session: Session, *, org_id: int, candidate_id: int | None = None,
                      uuid: UUID | None = None) -> CandidateView:
        """One candidate by id or UUID, or NotFound."""
        page = self.list_candidates(session, org_id=org_id, window=PageWindow(limit=1), **_one(candidate_id, uuid))
        return _single(page, "Candidate", candidate_id or uuid)  # type: ignore[arg-type]

    def list_jobs(self, session: Session, *, org_id: int, window: PageWindow, status: str | None = None,
                  ids: list[int] | None = None, uuids: list[UUID] | None = None, created: Window = (None, None),
                  updated: Window = (None, None)) -> Page[JobView]:
        """A page of jobs, each with its hiring team."""
        return repo.jobs(session, org_id, window, _scope(ids, uuids, created, updated), status=status)

    def get_job(self, session: Session, *, org_id: int, job_id: int | None = None,
                uuid: UUID | None = None) -> JobView:
        """One job by id or UUID, or NotFound."""
        page = self.list_jobs(session, org_id=org_id, window=PageWindow(limit=1), **_one(job_id, uuid))
        return _single(page, "Job", job_id or uuid)  # type: ignore[arg-type]

    def ids_of(self, session: Session, *, org_id: int, kind: str, uuids: list[UUID]) -> dict[UUID, int]:
        """The ids of the organization's objects of ``kind`` (user, application, stage, candidate, job) by UUID."""
        return repo.ids_by_uuid(session, KINDS[kind], org_id, uuids)

    def list_offices(self, session: Session, *, org_id: int, window: PageWindow,
                     ids: list[int] | None = None) -> Page[OfficeView]:
        """A page of offices."""
        page = repo.offices(session, org_id, window, ids=ids)
        children = repo.office_children(session, org_id)
        offices: list[Office] = [row[0] for row in page.items]
        page.items = [OfficeView(o.id, str(o.uuid), o.name, o.location, o.time_zone, o.external_id, o.parent_id,
                                 o.primary_contact_user_id, children.get(o.id, [])) for o in offices]
        return page

    def get_office(self, session: Session, *, org_id: int, office_id: int) -> OfficeView:
        """One office, or NotFound."""
        return _single(self.list_offices(session, org_id=org_id, window=PageWindow(limit=1), ids=[office_id]),
                       "Office", office_id)


def _one(object_id: int | None, uuid: UUID | None) -> dict[str, Any]:
    """The list arguments that select one object by id or by UUID."""
    if uuid is not None:
        return {"uuids": [uuid]}
    return {"ids": [object_id if object_id is not None else 0]}


directory_service = DirectoryService()
