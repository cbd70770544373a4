"""Queries behind the agents' tools: organizers, conference hosts, templates, and busy time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from interviewd.core.model import (
    ConferenceHost,
    EmailTemplate,
    HiringTeamMember,
    Interviewer,
    ScheduledInterview,
    ScorecardTemplate,
    User,
)
from interviewd.core.store.interviews import overlapping
from interviewd.core.store.records import MANAGING_ROLES


def _matching(stmt: Select, query: str | None, *columns: object) -> Select:  # type: ignore[type-arg]
    if not query:
        return stmt
    like = f"%{query.lower()}%"
    return stmt.where(or_(*(func.lower(c).like(like) for c in columns)))  # type: ignore[attr-defined]


def valid_organizers(session: Session, org_id: int, job_id: int, query: str | None, limit: int,
                     offset: int) -> tuple[list[User], int]:
    """Active users who may manage the job's applications: admins, all-application managers, its hiring team."""
    managers = select(HiringTeamMember.user_id).where(HiringTeamMember.job_id == job_id,
                                                      HiringTeamMember.role.in_(MANAGING_ROLES))
    candidates = session.scalars(_matching(
        select(User).where(User.organization_id == org_id, User.active.is_(True)),
        query, User.first_name, User.last_name, User.email).order_by(User.id)).all()
    managing = set(session.scalars(managers))
    allowed = [u for u in candidates
               if u.site_admin or "manage_all_applications" in (u.permissions or []) or u.id in managing]
    return allowed[offset: offset + limit], len(allowed)


def _page(session: Session, stmt: Select, limit: int, offset: int) -> tuple[list, int]:  # type: ignore[type-arg]
    total = session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
    return list(session.scalars(stmt.limit(limit).offset(offset))), total


def conference_hosts(session: Session, org_id: int, provider: str | None, query: str | None, limit: int,
                     offset: int) -> tuple[list[ConferenceHost], int]:
    stmt = select(ConferenceHost).where(ConferenceHost.organization_id == org_id)
    if provider:
        stmt = stmt.where(ConferenceHost.provider == provider)
    return _page(session, _matching(stmt, query, ConferenceHost.name, ConferenceHost.email)
                 .order_by(ConferenceHost.id), limit, offset)


def email_templates(session: Session, org_id: int, channel: str | None, categories: Sequence[str] | None,
                    query: str | None, limit: int, offset: int) -> tuple[list[EmailTemplate], int]:
    stmt = select(EmailTemplate).where(EmailTemplate.organization_id == org_id)
    if channel:
        stmt = stmt.where(EmailTemplate.channel == channel)
    if categories:
        stmt = stmt.where(EmailTemplate.category.in_(list(categories)))
    return _page(session, _matching(stmt, query, EmailTemplate.name, EmailTemplate.subject)
                 .order_by(EmailTemplate.id), limit, offset)


def scorecard_templates(session: Session, org_id: int, query: str | None, limit: int,
                        offset: int) -> tuple[list[ScorecardTemplate], int]:
    stmt = select(ScorecardTemplate).where(ScorecardTemplate.organization_id == org_id)
    return _page(session, _matching(stmt, query, ScorecardTemplate.name).order_by(ScorecardTemplate.id), limit,
                 offset)


def busy_ranges(session: Session, org_id: int, user_ids: Sequence[int], start: datetime,
                end: datetime) -> dict[int, list[tuple[datetime, datetime]]]:
    """Each user's booked interviews overlapping [start, end), from every face, cancelled and deleted left out."""
    out: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    if not user_ids:
        return out
    rows = session.execute(
        select(Interviewer.user_id, Interviewer.start_at, Interviewer.end_at)
        .join(ScheduledInterview, ScheduledInterview.id == Interviewer.interview_id)
        .where(Interviewer.organization_id == org_id, Interviewer.user_id.in_(list(user_ids)),
               ScheduledInterview.deleted_at.is_(None), ScheduledInterview.cancelled_at.is_(None),
               ScheduledInterview.organization_id == org_id, *overlapping(start, end, Interviewer.__table__)))
    for user_id, a, b in rows:
        out[user_id].append((a, b))
    return out
