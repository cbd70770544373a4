"""Reads of the organization's reference data for the faces: users, applications, job stages, offices."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from interviewd.core.model import Activity, Application, Office, Stage, User
from interviewd.core.queries import PageWindow
from interviewd.core.store import directory as repo
from interviewd.core.views import (
    ActivityView,
    ApplicationView,
    OfficeView,
    Page,
    StageView,
    UserRef,
    UserView,
)
from interviewd.errors import NotFound

Window = tuple[datetime | None, datetime | None]


def user_ref(user: User) -> UserRef:
    return UserRef(user.id, str(user.uuid), user.first_name, user.last_name, user.employee_id, user.email)


def _user_view(user: User, team_ids: list[int]) -> UserView:
    return UserView(user.id, str(user.uuid), user.first_name, user.last_name, user.email, user.employee_id,
                    user.time_zone, user.working_hours or {}, user.active, user.site_admin, user.can_interview,
                    list(user.permissions or []), user.created_at, user.updated_at, [], team_ids)


def _application_view(app: Application, job_name: str, stage_name: str | None) -> ApplicationView:
    return ApplicationView(app.id, str(app.uuid), app.candidate_id, app.job_id, job_name, app.status,
                           app.current_stage_id, stage_name, app.source, app.credited_to_user_id, app.applied_at,
                           app.rejected_at, app.hired_at, app.last_activity_at, app.created_at, app.updated_at)


def _activity_view(act: Activity, defaults: list[User]) -> ActivityView:
    return ActivityView(act.id, str(act.uuid), act.stage_id, act.name, act.schedulable, act.duration_minutes, act.kind,
                        act.location_kind, act.location, act.office_id, act.scorecard_template_id,
                        act.kit_content, list(act.kit_questions or []), [user_ref(u) for u in defaults])


def _single(page: Page[Any], what: str, object_id: int) -> Any:
    if not page.items:
        raise NotFound(f"{what} {object_id} does not exist")
    return page.items[0]


class DirectoryService:
    """Read-only views of users, applications, job stages and offices."""

    def list_users(self, session: Session, *, org_id: int, window: PageWindow, email: str | None = None,
                   employee_id: str | None = None, created: Window = (None, None),
                   updated: Window = (None, None), ids: list[int] | None = None) -> Page[UserView]:
        """A page of users."""
        page = repo.users(session, org_id, window, email=email, employee_id=employee_id, created=created,
                          updated=updated, ids=ids)
        teams = repo.team_ids_by_user(session, [row[0].id for row in page.items])
        page.items = [_user_view(row[0], teams.get(row[0].id, [])) for row in page.items]
        return page

    def get_user(self, session: Session, *, org_id: int, user_id: int) -> UserView:
        """One user, or NotFound."""
        return _single(self.list_users(session, org_id=org_id, window=PageWindow(limit=1), ids=[user_id]),
                       "User", user_id)

    def list_applications(self, session: Session, *, org_id: int, window: PageWindow, job_id: int | None = None,
                          status: str | None = None, created: Window = (None, None),
                          last_activity_after: datetime | None = None,
                          ids: list[int] | None = None) -> Page[ApplicationView]:
        """A page of applications."""
        page = repo.applications(session, org_id, window, job_id=job_id, status=status, created=created,
                                 last_activity_after=last_activity_after, ids=ids)
        page.items = [_application_view(*row) for row in page.items]
        return page

    def get_application(self, session: Session, *, org_id: int, application_id: int) -> ApplicationView:
        """One application, or NotFound."""
        page = self.list_applications(session, org_id=org_id, window=PageWindow(limit=1), ids=[application_id])
        return _single(page, "Application", application_id)

    def list_stages(self, session: Session, *, org_id: int, window: PageWindow, job_id: int | None = None,
                    stage_id: int | None = None) -> Page[StageView]:
        """A page of job stages with their interview steps."""
        if job_id is not None and not repo.job_exists(session, org_id, job_id):
            raise NotFound(f"Job {job_id} does not exist")
        page = repo.stages(session, org_id, window, job_id=job_id, stage_id=stage_id)
        stages: list[Stage] = [row[0] for row in page.items]
        acts, defaults = repo.activities_of(session, [s.id for s in stages])
        by_stage: dict[int, list[ActivityView]] = {s.id: [] for s in stages}
        for act in acts:
            by_stage[act.stage_id].append(_activity_view(act, defaults.get(act.id, [])))
        page.items = [StageView(s.id, str(s.uuid), s.job_id, s.name, s.priority, s.active, s.created_at, s.updated_at,
                                by_stage[s.id]) for s in stages]
        return page

    def get_stage(self, session: Session, *, org_id: int, stage_id: int) -> StageView:
        """One job stage, or NotFound."""
        return _single(self.list_stages(session, org_id=org_id, window=PageWindow(limit=1), stage_id=stage_id),
                       "Job stage", stage_id)

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


directory_service = DirectoryService()
