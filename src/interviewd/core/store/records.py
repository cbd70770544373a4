"""Lookups of the reference entities (users, applications, plan steps), always within one organization."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from interviewd.core.model import Activity, ApiKey, Application, Base, HiringTeamMember, User
from interviewd.core.store.ids import among, equals, holdable

M = TypeVar("M", bound=Base)

MANAGING_ROLES = ("recruiter", "coordinator", "hiring_manager")


def get(session: Session, model: type[M], org_id: int, object_id: int) -> M | None:
    """The object of ``model`` with this id in this organization, or None."""
    obj = session.get(model, object_id) if holdable(object_id) else None
    if obj is None or getattr(obj, "organization_id", None) != org_id:
        return None
    return obj


def users_by_ids(session: Session, org_id: int, ids: Sequence[int]) -> dict[int, User]:
    if not ids:
        return {}
    rows = session.scalars(select(User).where(User.organization_id == org_id, among(User.id, ids)))
    return {u.id: u for u in rows}


def user_by_email(session: Session, org_id: int, email: str) -> User | None:
    return session.scalars(select(User).where(User.organization_id == org_id,
                                              func.lower(User.email) == email.lower())).first()


def user_by_employee_id(session: Session, org_id: int, employee_id: str) -> User | None:
    return session.scalars(select(User).where(User.organization_id == org_id,
                                              User.employee_id == employee_id)).first()


def activity_stage_job(session: Session, org_id: int, activity_id: int) -> tuple[Activity, int] | None:
    """The plan step and the job it belongs to."""
    from interviewd.core.model import Stage

    row = session.execute(
        select(Activity, Stage.job_id).join(Stage, Stage.id == Activity.stage_id)
        .where(Activity.organization_id == org_id, equals(Activity.id, activity_id))
    ).first()
    return (row[0], row[1]) if row else None


def manages_job(session: Session, user_id: int, job_id: int) -> bool:
    """Whether the user is on the job's hiring team in a role that manages its applications."""
    return session.execute(
        select(HiringTeamMember.user_id).where(HiringTeamMember.job_id == job_id,
                                               HiringTeamMember.user_id == user_id,
                                               HiringTeamMember.role.in_(MANAGING_ROLES)).limit(1)
    ).first() is not None


def can_manage_application(session: Session, user: User, application: Application) -> bool:
    """Site admins, users allowed to manage all applications, and the job's managing hiring team."""
    if not user.active:
        return False
    if user.site_admin or "manage_all_applications" in (user.permissions or []):
        return True
    return manages_job(session, user.id, application.job_id)


def api_key_by_hash(session: Session, key_hash: str) -> ApiKey | None:
    return session.scalars(select(ApiKey).where(ApiKey.key_hash == key_hash)).first()


def max_id(session: Session, model: type[M]) -> int:
    """The highest id of ``model`` across the store (0 when empty)."""
    return session.scalar(select(func.coalesce(func.max(model.id), 0))) or 0  # type: ignore[attr-defined]
