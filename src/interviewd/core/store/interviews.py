"""Queries on scheduled interviews. Reads use Core and load a page in two queries, whatever its size."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from sqlalchemy import Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from interviewd.core import lifecycle, rules
from interviewd.core.model import Application, Interviewer, OutboxMessage, ScheduledInterview, Stage, User
from interviewd.core.queries import InterviewFilter, PageWindow
from interviewd.core.store.ids import among, equals, holdable
from interviewd.core.store.paging import cut, keyed_page, ordered
from interviewd.core.types import uuid_text
from interviewd.core.views import Conflict, InterviewerView, InterviewView, Page, UserRef

si = ScheduledInterview.__table__
iv = Interviewer.__table__
ob = OutboxMessage.__table__
app = Application.__table__
users = User.__table__
organizer = users.alias("organizer")
stages = Stage.__table__
COUNT_TTL = 30.0
COUNT_FRESH = 2.0
_COUNTS: dict[tuple[Any, ...], tuple[float, tuple[Any, ...], int]] = {}

_COLUMNS = (
    si.c.id, uuid_text(si.c.uuid), si.c.organization_id, si.c.application_id, uuid_text(app.c.uuid),
    app.c.status, app.c.job_id,
    app.c.candidate_id, si.c.activity_id, si.c.stage_id, si.c.name, si.c.external_event_id, si.c.all_day,
    si.c.start_at, si.c.end_at, si.c.start_date, si.c.end_date, si.c.time_zone, si.c.location,
    si.c.location_kind, si.c.office_id, si.c.video_conferencing_url, si.c.conference_host_id, si.c.kind,
    si.c.source, si.c.feedback_complete, si.c.created_at, si.c.updated_at, si.c.cancelled_at,
    si.c.deleted_at, si.c.organizer_id, uuid_text(organizer.c.uuid), organizer.c.first_name, organizer.c.last_name,
    organizer.c.employee_id, organizer.c.email, uuid_text(stages.c.uuid), si.c.custom_fields,
)


_JOINS = (si.join(app, app.c.id == si.c.application_id)
          .outerjoin(organizer, organizer.c.id == si.c.organizer_id)
          .outerjoin(stages, stages.c.id == si.c.stage_id))


def _base(org_id: int) -> Select[Any]:
    return select(*_COLUMNS).select_from(_JOINS).where(si.c.organization_id == org_id)


def _where(stmt: Select[Any], f: InterviewFilter, now: datetime) -> Select[Any]:
    conditions = []
    if not f.include_deleted:
        conditions.append(si.c.deleted_at.is_(None))
    if not f.include_cancelled:
        conditions.append(si.c.cancelled_at.is_(None))
    for column, value in ((si.c.application_id, f.application_id), (app.c.job_id, f.job_id),
                          (si.c.stage_id, f.stage_id), (si.c.organizer_id, f.organizer_id)):
        if value is not None:
            conditions.append(equals(column, value))
    if f.external_event_id is not None:
        conditions.append(si.c.external_event_id == f.external_event_id)
    for column, after, before in ((si.c.created_at, f.created_after, f.created_before),
                                  (si.c.updated_at, f.updated_after, f.updated_before),
                                  (si.c.start_at, f.starts_after, f.starts_before),
                                  (si.c.end_at, f.ends_after, f.ends_before)):
        if after is not None:
            conditions.append(column >= after)
        if before is not None:
            conditions.append(column < before)
    if f.ids is not None:
        conditions.append(among(si.c.id, f.ids))
    if f.actionable:
        conditions.append(actionable_clause(now))
    return stmt.where(*conditions) if conditions else stmt


def actionable_clause(now: datetime) -> Any:
    """Created through Harvest, still scheduled or awaiting feedback, on an active application."""
    return and_(si.c.source == "harvest", app.c.status == "active", si.c.cancelled_at.is_(None),
                si.c.deleted_at.is_(None), or_(si.c.end_at > now, si.c.feedback_complete.is_(False)))


def list_page(session: Session, org_id: int, f: InterviewFilter, window: PageWindow,
              now: datetime) -> Page[InterviewView]:
    """One page of interviews with their interviewers: two queries, plus one to count when asked."""
    total = _count(session, org_id, f, now) if window.count else None
    keys = (si.c.updated_at, si.c.id) if window.order == "updated" else (si.c.id,)
    stmt, backward = ordered(_where(_base(org_id), f, now), keys, window)
    rows, has_more = cut(session.execute(stmt).all(), window, backward)
    items = _hydrate(session, rows, now)
    seek_keys = [(v.updated_at, v.id) if window.order == "updated" else (v.id,) for v in items]
    return keyed_page(items, seek_keys, has_more, backward, total)


def _count(session: Session, org_id: int, f: InterviewFilter, now: datetime) -> int:
    """How many interviews match, counted at most once every COUNT_FRESH seconds per list and filter.

    Counting a million rows takes most of a second, and every page of a list with a ``last`` link
    needs the total. A count younger than COUNT_FRESH seconds is used as it is, so a stream of writes
    cannot make every page recount (measured: one count after each write stalled a mixed load). Older
    than that, it is used while the organization's newest outbox id (one index seek; every change to an
    interview writes one) is unchanged, for at most COUNT_TTL seconds, which also bounds how stale a
    count filtered by the clock (``actionable``) gets.
    """
    key = (str(session.get_bind().url), org_id, tuple(getattr(f, name) for name in f.__slots__))
    hit = _COUNTS.get(key)
    clock = time.monotonic()
    if hit is not None and clock < hit[0] - COUNT_TTL + COUNT_FRESH:
        return hit[2]
    generation = (session.execute(select(func.max(ob.c.id)).where(ob.c.organization_id == org_id)).scalar(),)
    if hit is not None and clock < hit[0] and hit[1] == generation:
        return hit[2]
    total = session.execute(
        _where(select(func.count()).select_from(si.join(app, app.c.id == si.c.application_id))
               .where(si.c.organization_id == org_id), f, now)).scalar_one()
    if len(_COUNTS) > 10_000:
        _COUNTS.clear()
    _COUNTS[key] = (clock + COUNT_TTL, generation, total)
    return total


@lru_cache(maxsize=8)
def _by_key(column: str, include_deleted: bool, include_cancelled: bool) -> Select[Any]:
    """A retrieve statement built once: building a 40-column select costs more than running it."""
    f = InterviewFilter(include_deleted=include_deleted, include_cancelled=include_cancelled)
    base = _where(select(*_COLUMNS).select_from(_JOINS), f, datetime.min)
    return base.where(si.c.organization_id == bindparam("org"), si.c[column] == bindparam("key"))


def get(session: Session, org_id: int, interview_id: int, now: datetime, *,
        include_deleted: bool = False, include_cancelled: bool = False) -> InterviewView | None:
    """One interview of the organization, or None."""
    if not holdable(interview_id):
        return None
    rows = session.execute(_by_key("id", include_deleted, include_cancelled),
                           {"org": org_id, "key": interview_id}).all()
    items = _hydrate(session, rows, now)
    return items[0] if items else None


def get_by_uuid(session: Session, org_id: int, uuid: UUID, now: datetime, *, include_deleted: bool = False,
                include_cancelled: bool = False) -> InterviewView | None:
    """One interview of the organization by its UUID, or None."""
    rows = session.execute(_by_key("uuid", include_deleted, include_cancelled), {"org": org_id, "key": uuid}).all()
    items = _hydrate(session, rows, now)
    return items[0] if items else None


_INTERVIEWERS = (
    select(iv.c.interview_id, iv.c.email, iv.c.response_status, iv.c.scorecard_id, iv.c.user_id,
           uuid_text(users.c.uuid), users.c.first_name, users.c.last_name, users.c.employee_id, users.c.email)
    .select_from(iv.outerjoin(users, users.c.id == iv.c.user_id))
    .where(iv.c.interview_id.in_(bindparam("ids", expanding=True)))
    .order_by(iv.c.interview_id, iv.c.position, iv.c.id)
)


def _hydrate(session: Session, rows: Sequence[Any], now: datetime) -> list[InterviewView]:
    if not rows:
        return []
    by_id: dict[int, list[InterviewerView]] = {row[0]: [] for row in rows}
    for r in session.execute(_INTERVIEWERS, {"ids": list(by_id)}).all():
        user = UserRef(r[4], r[5], r[6], r[7], r[8], r[9]) if r[4] is not None else None
        by_id[r[0]].append(InterviewerView(user, r[1], r[2], r[3]))
    out = []
    for r in rows:
        org_user = UserRef(r[30], r[31], r[32], r[33], r[34], r[35]) if r[30] is not None else None
        status = lifecycle.status_of(end_at=r[14], feedback_complete=r[25], cancelled=r[28] is not None,
                                     now=now)
        out.append(InterviewView(
            id=r[0], uuid=r[1], organization_id=r[2], application_id=r[3], application_uuid=r[4],
            application_status=r[5], job_id=r[6], candidate_id=r[7], activity_id=r[8], stage_id=r[9],
            name=r[10], external_event_id=r[11], all_day=r[12], start_at=r[13], end_at=r[14],
            start_date=r[15], end_date=r[16], time_zone=r[17], location=r[18], location_kind=r[19],
            office_id=r[20], video_conferencing_url=r[21], conference_host_id=r[22], kind=r[23],
            source=r[24], status=status, created_at=r[26], updated_at=r[27], cancelled_at=r[28],
            deleted_at=r[29], organizer=org_user, interviewers=by_id[r[0]], stage_uuid=r[36],
            feedback_complete=r[25], custom_fields=r[37] or {},
        ))
    return out


def overlapping(start_at: datetime, end_at: datetime) -> list[Any]:
    """Interviews overlapping [start_at, end_at), bounded below so the (organization, start) index seeks.

    No interview lasts longer than rules.MAX_DURATION, so one that overlaps must start after
    ``start_at - MAX_DURATION``: without that bound a busy interviewer's whole history is read.
    """
    return [si.c.start_at >= start_at - rules.MAX_DURATION, si.c.start_at < end_at, si.c.end_at > start_at]


def find_conflicts(session: Session, org_id: int, *, user_ids: Sequence[int], emails: Sequence[str],
                   start_at: datetime, end_at: datetime, exclude_id: int | None = None) -> list[Conflict]:
    """Every booking of these interviewers (by user or e-mail) that overlaps [start_at, end_at)."""
    if not user_ids and not emails:
        return []
    who = []
    if user_ids:
        who.append(iv.c.user_id.in_(list(user_ids)))
    if emails:
        who.append(and_(iv.c.user_id.is_(None), func.lower(iv.c.email).in_([e.lower() for e in emails])))
    stmt = (
        select(iv.c.user_id, iv.c.email, si.c.id, si.c.start_at, si.c.end_at)
        .select_from(iv.join(si, si.c.id == iv.c.interview_id))
        .where(iv.c.organization_id == org_id, or_(*who), si.c.deleted_at.is_(None),
               si.c.cancelled_at.is_(None), si.c.organization_id == org_id, *overlapping(start_at, end_at))
        .order_by(si.c.start_at, si.c.id)
    )
    if exclude_id is not None:
        stmt = stmt.where(si.c.id != exclude_id)
    return [Conflict(r[0], r[1], r[2], r[3], r[4]) for r in session.execute(stmt)]


def lock_interviewers(session: Session, org_id: int, user_ids: Sequence[int]) -> None:
    """Serialize bookings that share an interviewer: row locks on PostgreSQL; SQLite writers are serial."""
    if user_ids and session.get_bind().dialect.name != "sqlite":
        session.execute(select(users.c.id).where(users.c.organization_id == org_id,
                                                 users.c.id.in_(sorted(set(user_ids))))
                        .order_by(users.c.id).with_for_update())


def external_event_taken(session: Session, org_id: int, external_event_id: str, exclude_id: int | None) -> bool:
    stmt = select(si.c.id).where(si.c.organization_id == org_id, si.c.external_event_id == external_event_id)
    if exclude_id is not None:
        stmt = stmt.where(si.c.id != exclude_id)
    return session.execute(stmt.limit(1)).first() is not None


def count_missing_scorecards(session: Session, interview_id: int) -> int:
    return session.execute(
        select(func.count()).select_from(iv).where(iv.c.interview_id == interview_id, iv.c.scorecard_id.is_(None))
    ).scalar_one()
