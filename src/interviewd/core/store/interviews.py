"""Queries on scheduled interviews. Reads run on the driver (store/driver.py): a page is three queries at most."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from interviewd.core import lifecycle, rules
from interviewd.core.model import Application, Interviewer, OutboxMessage, ScheduledInterview, Stage, User
from interviewd.core.queries import InterviewFilter, PageWindow
from interviewd.core.store.driver import Prepared, Values, values_for
from interviewd.core.store.ids import holdable
from interviewd.core.store.paging import cut, keyed_page, ordered, window_params, window_shape
from interviewd.core.store.totals import totals
from interviewd.core.views import Conflict, InterviewerView, InterviewView, Page, UserRef

si = ScheduledInterview.__table__
iv = Interviewer.__table__
ob = OutboxMessage.__table__
app = Application.__table__
users = User.__table__
stages = Stage.__table__

_COLUMNS = (
    si.c.id, si.c.uuid, si.c.organization_id, si.c.application_id, app.c.uuid, app.c.status, app.c.job_id,
    app.c.candidate_id, si.c.activity_id, si.c.stage_id, si.c.name, si.c.external_event_id, si.c.all_day,
    si.c.start_at, si.c.end_at, si.c.start_date, si.c.end_date, si.c.time_zone, si.c.location,
    si.c.location_kind, si.c.office_id, si.c.video_conferencing_url, si.c.conference_host_id, si.c.kind,
    si.c.source, si.c.feedback_complete, si.c.created_at, si.c.updated_at, si.c.cancelled_at,
    si.c.deleted_at, si.c.organizer_id, stages.c.uuid, si.c.custom_fields,
)
_JOINS = si.join(app, app.c.id == si.c.application_id).outerjoin(stages, stages.c.id == si.c.stage_id)
_EQUALS = (("application_id", si.c.application_id), ("job_id", app.c.job_id), ("stage_id", si.c.stage_id),
           ("organizer_id", si.c.organizer_id))
_RANGES = (("created", si.c.created_at), ("updated", si.c.updated_at), ("starts", si.c.start_at),
           ("ends", si.c.end_at))
Shape = tuple[Any, ...]


def _filter_params(f: InterviewFilter, now: datetime, values: Values) -> tuple[Shape, dict[str, Any]] | None:
    """Which conditions ``f`` sets (the shape of its SQL) and their driver values; None if nothing can match."""
    params: dict[str, Any] = {}
    for name, _column in _EQUALS:
        value = getattr(f, name)
        if value is not None:
            if not holdable(value):
                return None
            params[name] = value
    if f.external_event_id is not None:
        params["external_event_id"] = f.external_event_id
    for prefix, _column in _RANGES:
        for side in ("after", "before"):
            value = getattr(f, f"{prefix}_{side}")
            if value is not None:
                params[f"{prefix}_{side}"] = values.bind_instant(value)
    if f.ids is not None:
        params["ids"] = [v for v in f.ids if holdable(v)]
    if f.actionable:
        params["now"] = values.bind_instant(now)
    return (tuple(params), f.include_deleted, f.include_cancelled), params


def _conditions(shape: Shape) -> list[Any]:
    names, include_deleted, include_cancelled = shape
    conditions: list[Any] = [si.c.organization_id == bindparam("org")]
    if not include_deleted:
        conditions.append(si.c.deleted_at.is_(None))
    if not include_cancelled:
        conditions.append(si.c.cancelled_at.is_(None))
    for name, column in _EQUALS:
        if name in names:
            conditions.append(column == bindparam(name))
    if "external_event_id" in names:
        conditions.append(si.c.external_event_id == bindparam("external_event_id"))
    for prefix, column in _RANGES:
        if f"{prefix}_after" in names:
            conditions.append(column >= bindparam(f"{prefix}_after"))
        if f"{prefix}_before" in names:
            conditions.append(column < bindparam(f"{prefix}_before"))
    if "ids" in names:
        conditions.append(si.c.id.in_(bindparam("ids", expanding=True)))
    if "now" in names:
        conditions.append(actionable_clause(bindparam("now")))
    return conditions


def actionable_clause(now: Any) -> Any:
    """Created through Harvest, still scheduled or awaiting feedback, on an active application."""
    return and_(si.c.source == "harvest", app.c.status == "active", si.c.cancelled_at.is_(None),
                si.c.deleted_at.is_(None), or_(si.c.end_at > now, si.c.feedback_complete.is_(False)))


_PREPARED: dict[tuple[Any, ...], Prepared] = {}


def _prepared(key: tuple[Any, ...], build: Any, lists: tuple[str, ...] = ("ids",)) -> Prepared:
    found = _PREPARED.get(key)
    if found is None:
        if len(_PREPARED) > 2_000:
            _PREPARED.clear()
        found = _PREPARED[key] = Prepared(build(), lists=lists)
    return found


def list_page(session: Session, org_id: int, f: InterviewFilter, window: PageWindow,
              now: datetime) -> Page[InterviewView]:
    """One page of interviews with their interviewers: three queries, plus a count when asked (store/totals.py)."""
    values = values_for(session)
    found = _filter_params(f, now, values)
    if found is None:
        return keyed_page([], [], False, False, 0 if window.count else None)
    shape, params = found
    params["org"] = org_id
    total = _count(session, org_id, shape, params) if window.count else None
    by_updated = window.order == "updated"
    keys = (si.c.updated_at, si.c.id) if by_updated else (si.c.id,)
    prepared = _prepared(("list", shape, by_updated, window_shape(window)), lambda: ordered(
        select(*_COLUMNS).select_from(_JOINS).where(*_conditions(shape)), keys, window)[0])
    params.update(window_params(window, values.bind_instant))
    backward = window.before is not None
    rows, has_more = cut(prepared.rows(session, params), window, backward)
    items = _hydrate(session, rows, now, values)
    seek_keys = [(v.updated_at, v.id) if by_updated else (v.id,) for v in items]
    return keyed_page(items, seek_keys, has_more, backward, total)


def _count(session: Session, org_id: int, shape: Shape, params: dict[str, Any]) -> int:
    """How many interviews match (store/totals.py: at most one recount behind, never recounted in a request)."""
    key = (str(session.get_bind().url), org_id, shape,
           tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    prepared = _prepared(("count", shape), lambda: select(func.count()).select_from(
        si.join(app, app.c.id == si.c.application_id)).where(*_conditions(shape)))
    return totals.get(session, key, lambda s: s.execute(_GENERATION, {"org": org_id}).scalar(),
                      lambda s: prepared.rows(s, params)[0][0])


_GENERATION = select(func.max(ob.c.id)).where(ob.c.organization_id == bindparam("org"))


def _by_key(column: str, include_deleted: bool, include_cancelled: bool) -> Prepared:
    """A retrieve by id or UUID."""
    shape = ((), include_deleted, include_cancelled)
    return _prepared(("one", column, shape), lambda: select(*_COLUMNS).select_from(_JOINS).where(
        *_conditions(shape), si.c[column] == bindparam("key")))


def get(session: Session, org_id: int, interview_id: int, now: datetime, *,
        include_deleted: bool = False, include_cancelled: bool = False) -> InterviewView | None:
    """One interview of the organization, or None."""
    if not holdable(interview_id):
        return None
    rows = _by_key("id", include_deleted, include_cancelled).rows(session, {"org": org_id, "key": interview_id})
    items = _hydrate(session, rows, now, values_for(session))
    return items[0] if items else None


def get_by_uuid(session: Session, org_id: int, uuid: UUID, now: datetime, *, include_deleted: bool = False,
                include_cancelled: bool = False) -> InterviewView | None:
    """One interview of the organization by its UUID, or None."""
    values = values_for(session)
    rows = _by_key("uuid", include_deleted, include_cancelled).rows(
        session, {"org": org_id, "key": values.bind_uuid(uuid)})
    items = _hydrate(session, rows, now, values)
    return items[0] if items else None


_INTERVIEWERS = Prepared(
    select(iv.c.interview_id, iv.c.email, iv.c.response_status, iv.c.scorecard_id, iv.c.user_id)
    .where(iv.c.interview_id.in_(bindparam("ids", expanding=True)))
    .order_by(iv.c.interview_id, iv.c.position, iv.c.id), lists=("ids",))
_USERS = Prepared(
    select(users.c.id, users.c.uuid, users.c.first_name, users.c.last_name, users.c.employee_id, users.c.email)
    .where(users.c.id.in_(bindparam("ids", expanding=True))), lists=("ids",))


def _hydrate(session: Session, rows: Sequence[Any], now: datetime, values: Values) -> list[InterviewView]:
    """Views from driver rows: interviewers in one query, the people they and the organizers are in one more."""
    if not rows:
        return []
    by_id: dict[int, list[InterviewerView]] = {row[0]: [] for row in rows}
    people = _INTERVIEWERS.rows(session, {"ids": list(by_id)})
    refs: dict[int, UserRef] = {}
    wanted = {r[4] for r in people if r[4] is not None} | {r[30] for r in rows if r[30] is not None}
    if wanted:
        for u in _USERS.rows(session, {"ids": sorted(wanted)}):
            refs[u[0]] = UserRef(u[0], values.uuid(u[1]), u[2], u[3], u[4], u[5])
    for r in people:
        by_id[r[0]].append(InterviewerView(refs.get(r[4]), r[1], r[2], r[3]))
    instant, day, flag, uuid = values.instant, values.day, values.flag, values.uuid
    out = []
    for r in rows:
        end_at, feedback, cancelled_at = instant(r[14]), flag(r[25]), instant(r[28])
        status = lifecycle.status_of(end_at=end_at, feedback_complete=feedback,  # type: ignore[arg-type]
                                     cancelled=cancelled_at is not None, now=now)
        out.append(InterviewView(
            r[0], uuid(r[1]), r[2], r[3], uuid(r[4]), r[5], r[6], r[7], r[8], r[9], r[10], r[11], flag(r[12]),
            instant(r[13]), end_at, day(r[15]), day(r[16]), r[17], r[18], r[19], r[20], r[21], r[22],  # type: ignore[arg-type]
            r[23], r[24], status, instant(r[26]), instant(r[27]), cancelled_at, instant(r[29]),  # type: ignore[arg-type]
            refs.get(r[30]), by_id[r[0]], uuid(r[31]), feedback,
            values.json(r[32]) or {}))
    return out


def overlapping(start_at: datetime, end_at: datetime, table: Any = si) -> list[Any]:
    """Rows of ``table`` (interviews, or interviewers with their copy of the times) overlapping [start_at, end_at).

    Bounded below so a start index seeks: no interview lasts longer than rules.MAX_DURATION, so one that
    overlaps must start after ``start_at - MAX_DURATION``; without that bound a busy interviewer's whole
    history is read. On interviewers the (user, start) index makes it one short seek per person.
    """
    return _overlap(table, start_at - rules.MAX_DURATION, start_at, end_at)


def _overlap(table: Any, floor: Any, start_at: Any, end_at: Any) -> list[Any]:
    """``overlapping``'s conditions with the lower bound given: values, or bind parameters of a prepared statement."""
    return [table.c.start_at >= floor, table.c.start_at < end_at, table.c.end_at > start_at]


def find_conflicts(session: Session, org_id: int, *, user_ids: Sequence[int], emails: Sequence[str],
                   start_at: datetime, end_at: datetime, exclude_id: int | None = None) -> list[Conflict]:
    """Every booking of these interviewers (by user or e-mail) that overlaps [start_at, end_at).

    Bookings by people (the usual case, checked on every write) run on the driver; outside e-mail
    addresses, compared without case, go through SQLAlchemy, which binds lists of text.
    """
    if not user_ids and not emails:
        return []
    excluding = exclude_id is not None
    params: dict[str, Any] = {"org": org_id, "user_ids": list(user_ids), "exclude": exclude_id}
    bounds = {"floor": start_at - rules.MAX_DURATION, "start": start_at, "end": end_at}
    if emails:
        rows = session.execute(_conflicts(True, excluding),
                               {**params, **bounds, "emails": [e.lower() for e in emails]}).all()
        return [Conflict(*r) for r in rows]
    values = values_for(session)
    prepared = _prepared(("conflicts", excluding), lambda: _conflicts(False, excluding), lists=("user_ids",))
    rows = prepared.rows(session, {**params, **{k: values.bind_instant(v) for k, v in bounds.items()}})
    return [Conflict(r[0], r[1], r[2], values.instant(r[3]), values.instant(r[4])) for r in rows]  # type: ignore[arg-type]


def _conflicts(by_email: bool, excluding: bool) -> Any:
    who = [iv.c.user_id.in_(bindparam("user_ids", expanding=True))]
    if by_email:
        who.append(and_(iv.c.user_id.is_(None), func.lower(iv.c.email).in_(bindparam("emails", expanding=True))))
    stmt = (
        select(iv.c.user_id, iv.c.email, si.c.id, iv.c.start_at, iv.c.end_at)
        .select_from(iv.join(si, si.c.id == iv.c.interview_id))
        .where(iv.c.organization_id == bindparam("org"), or_(*who), si.c.deleted_at.is_(None),
               si.c.cancelled_at.is_(None), si.c.organization_id == bindparam("org"),
               *_overlap(iv, bindparam("floor"), bindparam("start"), bindparam("end")))
        .order_by(iv.c.start_at, si.c.id)
    )
    return stmt.where(si.c.id != bindparam("exclude")) if excluding else stmt


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
