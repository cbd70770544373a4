"""Queries on the organization's reference data: users, applications, job stages, offices."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from interviewd.core.model import (
    Activity,
    ActivityInterviewer,
    Application,
    Job,
    Office,
    Stage,
    TeamMember,
    User,
)
from interviewd.core.queries import PageWindow
from interviewd.core.store.ids import among, equals
from interviewd.core.store.paging import page_by_id
from interviewd.core.views import Page


def _window(column: Any, after: datetime | None, before: datetime | None) -> list[Any]:
    out = []
    if after is not None:
        out.append(column >= after)
    if before is not None:
        out.append(column < before)
    return out


def users(session: Session, org_id: int, window: PageWindow, *, email: str | None = None,
          employee_id: str | None = None, created: tuple[datetime | None, datetime | None] = (None, None),
          updated: tuple[datetime | None, datetime | None] = (None, None), ids: list[int] | None = None) -> Page[Any]:
    stmt = select(User).where(User.organization_id == org_id, *_window(User.created_at, *created),
                              *_window(User.updated_at, *updated))
    if email is not None:
        stmt = stmt.where(func.lower(User.email) == email.lower())
    if employee_id is not None:
        stmt = stmt.where(User.employee_id == employee_id)
    if ids is not None:
        stmt = stmt.where(among(User.id, ids))
    return page_by_id(session, stmt, User.id, window)


def team_ids_by_user(session: Session, user_ids: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for user_id, team_id in session.execute(select(TeamMember.user_id, TeamMember.team_id)
                                            .where(TeamMember.user_id.in_(user_ids)).order_by(TeamMember.team_id)):
        out[user_id].append(team_id)
    return out


def applications(session: Session, org_id: int, window: PageWindow, *, job_id: int | None = None,
                 status: str | None = None, created: tuple[datetime | None, datetime | None] = (None, None),
                 last_activity_after: datetime | None = None, ids: list[int] | None = None) -> Page[Any]:
    stmt = (select(Application, Job.name, Stage.name).join(Job, Job.id == Application.job_id)
            .outerjoin(Stage, Stage.id == Application.current_stage_id)
            .where(Application.organization_id == org_id, *_window(Application.created_at, *created)))
    if job_id is not None:
        stmt = stmt.where(equals(Application.job_id, job_id))
    if status is not None:
        stmt = stmt.where(Application.status == status)
    if last_activity_after is not None:
        stmt = stmt.where(Application.last_activity_at >= last_activity_after)
    if ids is not None:
        stmt = stmt.where(among(Application.id, ids))
    return page_by_id(session, stmt, Application.id, window)


def stages(session: Session, org_id: int, window: PageWindow, *, job_id: int | None = None,
           stage_id: int | None = None) -> Page[Any]:
    stmt = select(Stage).where(Stage.organization_id == org_id)
    if job_id is not None:
        stmt = stmt.where(equals(Stage.job_id, job_id))
    if stage_id is not None:
        stmt = stmt.where(equals(Stage.id, stage_id))
    return page_by_id(session, stmt, Stage.id, window)


def activities_of(session: Session, stage_ids: list[int]) -> tuple[list[Activity], dict[int, list[User]]]:
    """Plan steps of these stages and each step's default interviewers."""
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


def job_exists(session: Session, org_id: int, job_id: int) -> bool:
    stmt = select(Job.id).where(Job.organization_id == org_id, equals(Job.id, job_id))
    return session.execute(stmt).first() is not None


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
