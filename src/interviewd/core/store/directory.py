"""Queries on the organization's reference data: users, applications, job stages, candidates, jobs, offices.

Lists read Core rows (no ORM hydration) and carry the UUIDs of what they point at, so a page and the
objects it refers to load in a fixed number of queries whatever the page size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from interviewd.core.model import (
    Activity,
    ActivityInterviewer,
    Application,
    Candidate,
    HiringTeamMember,
    Job,
    Office,
    Stage,
    TeamMember,
    User,
)
from interviewd.core.queries import PageWindow
from interviewd.core.store.ids import among, equals
from interviewd.core.store.paging import page_by_id
from interviewd.core.types import uuid_text
from interviewd.core.views import ApplicationView, CandidateView, JobView, Page, UserRef, UserView

Window = tuple[datetime | None, datetime | None]
users_t = User.__table__
apps_t = Application.__table__
jobs_t = Job.__table__
stages_t = Stage.__table__
cands_t = Candidate.__table__
offices_t = Office.__table__
credited = users_t.alias("credited")


@dataclass(slots=True)
class Scope:
    """What every reference list may be narrowed by: ids, UUIDs, and creation and update windows."""

    ids: list[int] | None = None
    uuids: list[UUID] | None = None
    created: Window = (None, None)
    updated: Window = (None, None)


def _window(column: Any, after: datetime | None, before: datetime | None) -> list[Any]:
    out = []
    if after is not None:
        out.append(column >= after)
    if before is not None:
        out.append(column < before)
    return out


def _scoped(stmt: Select[Any], table: Any, org_id: int, scope: Scope) -> Select[Any]:
    stmt = stmt.where(table.c.organization_id == org_id, *_window(table.c.created_at, *scope.created),
                      *_window(table.c.updated_at, *scope.updated))
    if scope.ids is not None:
        stmt = stmt.where(among(table.c.id, scope.ids))
    if scope.uuids is not None:
        stmt = stmt.where(table.c.uuid.in_(scope.uuids))
    return stmt


def ids_by_uuid(session: Session, model: Any, org_id: int, uuids: Iterable[UUID]) -> dict[UUID, int]:
    """The ids of the organization's objects of ``model`` with these UUIDs (unknown ones are left out)."""
    wanted = list(set(uuids))
    if not wanted:
        return {}
    table = model.__table__
    rows = session.execute(select(table.c.uuid, table.c.id).where(table.c.organization_id == org_id,
                                                                   table.c.uuid.in_(wanted)))
    return {UUID(str(u)): i for u, i in rows}


# -- users ------------------------------------------------------------------------------------------

_USER_COLUMNS = (users_t.c.id, uuid_text(users_t.c.uuid), users_t.c.first_name, users_t.c.last_name,
                 users_t.c.email, users_t.c.employee_id, users_t.c.time_zone, users_t.c.working_hours,
                 users_t.c.active, users_t.c.site_admin, users_t.c.can_interview, users_t.c.permissions,
                 users_t.c.created_at, users_t.c.updated_at)


def users(session: Session, org_id: int, window: PageWindow, scope: Scope, *, email: str | None = None,
          employee_id: str | None = None) -> Page[UserView]:
    stmt = _scoped(select(*_USER_COLUMNS), users_t, org_id, scope)
    if email is not None:
        stmt = stmt.where(func.lower(users_t.c.email) == email.lower())
    if employee_id is not None:
        stmt = stmt.where(users_t.c.employee_id == employee_id)
    page = page_by_id(session, stmt, users_t.c.id, window)
    teams = team_ids_by_user(session, [row[0] for row in page.items])
    page.items = [UserView(*row[:7], row[7] or {}, *row[8:11], list(row[11] or []), row[12], row[13], [],
                           teams.get(row[0], [])) for row in page.items]
    return page


def team_ids_by_user(session: Session, user_ids: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    if not user_ids:
        return out
    for user_id, team_id in session.execute(select(TeamMember.user_id, TeamMember.team_id)
                                            .where(TeamMember.user_id.in_(user_ids)).order_by(TeamMember.team_id)):
        out[user_id].append(team_id)
    return out


# -- applications -----------------------------------------------------------------------------------

_APPLICATION_COLUMNS = (
    apps_t.c.id, uuid_text(apps_t.c.uuid), apps_t.c.candidate_id, apps_t.c.job_id, jobs_t.c.name, apps_t.c.status,
    apps_t.c.current_stage_id, stages_t.c.name, apps_t.c.source, apps_t.c.credited_to_user_id, apps_t.c.applied_at,
    apps_t.c.rejected_at, apps_t.c.hired_at, apps_t.c.last_activity_at, apps_t.c.created_at, apps_t.c.updated_at,
    uuid_text(cands_t.c.uuid), uuid_text(jobs_t.c.uuid), uuid_text(stages_t.c.uuid), uuid_text(credited.c.uuid),
)


def applications(session: Session, org_id: int, window: PageWindow, scope: Scope, *, job_id: int | None = None,
                 candidate_id: int | None = None, status: str | None = None,
                 last_activity_after: datetime | None = None) -> Page[ApplicationView]:
    stmt = _scoped(select(*_APPLICATION_COLUMNS).select_from(
        apps_t.join(jobs_t, jobs_t.c.id == apps_t.c.job_id).join(cands_t, cands_t.c.id == apps_t.c.candidate_id)
        .outerjoin(stages_t, stages_t.c.id == apps_t.c.current_stage_id)
        .outerjoin(credited, credited.c.id == apps_t.c.credited_to_user_id)), apps_t, org_id, scope)
    for column, value in ((apps_t.c.job_id, job_id), (apps_t.c.candidate_id, candidate_id)):
        if value is not None:
            stmt = stmt.where(equals(column, value))
    if status is not None:
        stmt = stmt.where(apps_t.c.status == status)
    if last_activity_after is not None:
        stmt = stmt.where(apps_t.c.last_activity_at >= last_activity_after)
    page = page_by_id(session, stmt, apps_t.c.id, window)
    page.items = [ApplicationView(*row) for row in page.items]
    return page


# -- job stages -------------------------------------------------------------------------------------


def stages(session: Session, org_id: int, window: PageWindow, scope: Scope, *,
           job_id: int | None = None) -> Page[Any]:
    """Rows of (id, uuid, job_id, name, priority, active, created_at, updated_at, job uuid)."""
    stmt = _scoped(select(stages_t.c.id, uuid_text(stages_t.c.uuid), stages_t.c.job_id, stages_t.c.name,
                          stages_t.c.priority, stages_t.c.active, stages_t.c.created_at, stages_t.c.updated_at,
                          uuid_text(jobs_t.c.uuid))
                   .select_from(stages_t.join(jobs_t, jobs_t.c.id == stages_t.c.job_id)), stages_t, org_id, scope)
    if job_id is not None:
        stmt = stmt.where(equals(stages_t.c.job_id, job_id))
    return page_by_id(session, stmt, stages_t.c.id, window)


def activities_of(session: Session, stage_ids: list[int]) -> tuple[list[Activity], dict[int, list[User]]]:
    """Plan steps of these stages and each step's default interviewers."""
    if not stage_ids:
        return [], {}
    acts = list(session.scalars(select(Activity).where(Activity.stage_id.in_(stage_ids))
                                .order_by(Activity.stage_id, Activity.position, Activity.id)))
    defaults: dict[int, list[User]] = defaultdict(list)
    if acts:
        rows = session.execute(select(ActivityInterviewer.activity_id, User)
                               .join(User, User.id == ActivityInterviewer.user_id)
                               .where(ActivityInterviewer.activity_id.in_([a.id for a in acts]))
                               .order_by(User.id))
        for activity_id, user in rows:
            defaults[activity_id].append(user)
    return acts, defaults


def stage_and_job(session: Session, org_id: int, uuid: UUID) -> tuple[int, int] | None:
    """The id of the organization's stage with this UUID and the id of its job."""
    row = session.execute(select(stages_t.c.id, stages_t.c.job_id).where(stages_t.c.organization_id == org_id,
                                                                         stages_t.c.uuid == uuid)).first()
    return (row[0], row[1]) if row else None


def first_activity(session: Session, stage_id: int) -> int | None:
    """The first interview step of a stage, in plan order."""
    return session.scalars(select(Activity.id).where(Activity.stage_id == stage_id)
                           .order_by(Activity.position, Activity.id).limit(1)).first()


def job_exists(session: Session, org_id: int, job_id: int) -> bool:
    stmt = select(Job.id).where(Job.organization_id == org_id, equals(Job.id, job_id))
    return session.execute(stmt).first() is not None


# -- candidates -------------------------------------------------------------------------------------


def candidates(session: Session, org_id: int, window: PageWindow, scope: Scope, *,
               email: str | None = None) -> Page[CandidateView]:
    stmt = _scoped(select(cands_t.c.id, uuid_text(cands_t.c.uuid), cands_t.c.first_name, cands_t.c.last_name,
                          cands_t.c.email, cands_t.c.phone, cands_t.c.created_at, cands_t.c.updated_at),
                   cands_t, org_id, scope)
    if email is not None:
        stmt = stmt.where(func.lower(cands_t.c.email) == email.lower())
    page = page_by_id(session, stmt, cands_t.c.id, window)
    views = [CandidateView(*row) for row in page.items]
    by_id = {v.id: v for v in views}
    if by_id:
        rows = session.execute(select(apps_t.c.candidate_id, apps_t.c.id, uuid_text(apps_t.c.uuid),
                                      apps_t.c.last_activity_at)
                               .where(apps_t.c.candidate_id.in_(list(by_id))).order_by(apps_t.c.id))
        for candidate_id, app_id, app_uuid, last_activity in rows:
            view = by_id[candidate_id]
            view.application_ids.append(app_id)
            view.application_uuids.append(app_uuid)
            if view.last_activity_at is None or last_activity > view.last_activity_at:
                view.last_activity_at = last_activity
    page.items = views
    return page


# -- jobs -------------------------------------------------------------------------------------------

_TEAM_ROLES = {"hiring_manager": "hiring_managers", "recruiter": "recruiters", "coordinator": "coordinators"}


def jobs(session: Session, org_id: int, window: PageWindow, scope: Scope, *,
         status: str | None = None) -> Page[JobView]:
    stmt = _scoped(select(jobs_t.c.id, uuid_text(jobs_t.c.uuid), jobs_t.c.name, jobs_t.c.status,
                          jobs_t.c.requisition_id, jobs_t.c.office_id, uuid_text(offices_t.c.uuid),
                          jobs_t.c.created_at, jobs_t.c.updated_at)
                   .select_from(jobs_t.outerjoin(offices_t, offices_t.c.id == jobs_t.c.office_id)), jobs_t, org_id,
                   scope)
    if status is not None:
        stmt = stmt.where(jobs_t.c.status == status)
    page = page_by_id(session, stmt, jobs_t.c.id, window)
    views = [JobView(*row) for row in page.items]
    by_id = {v.id: v for v in views}
    if by_id:
        team = HiringTeamMember.__table__
        rows = session.execute(
            select(team.c.job_id, team.c.role, users_t.c.id, uuid_text(users_t.c.uuid), users_t.c.first_name,
                   users_t.c.last_name, users_t.c.employee_id, users_t.c.email)
            .select_from(team.join(users_t, users_t.c.id == team.c.user_id))
            .where(team.c.job_id.in_(list(by_id)), team.c.role.in_(list(_TEAM_ROLES))).order_by(users_t.c.id))
        for job_id, role, *user in rows:
            getattr(by_id[job_id], _TEAM_ROLES[role]).append(UserRef(*user))
    page.items = views
    return page


# -- offices ----------------------------------------------------------------------------------------


def offices(session: Session, org_id: int, window: PageWindow, *, ids: list[int] | None = None) -> Page[Any]:
    stmt = select(Office).where(Office.organization_id == org_id)
    if ids is not None:
        stmt = stmt.where(among(Office.id, ids))
    return page_by_id(session, stmt, Office.id, window)


def office_children(session: Session, org_id: int) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for child, parent in session.execute(select(Office.id, Office.parent_id).where(
            Office.organization_id == org_id, Office.parent_id.is_not(None)).order_by(Office.id)):
        out[parent].append(child)
    return out
