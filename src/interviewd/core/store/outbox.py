"""The outbox: side effects recorded in the same transaction as the change that caused them.

Rows are claimed with a lease. On PostgreSQL the claim is ``FOR UPDATE SKIP LOCKED``, so several
workers never hold one row at once; on SQLite, where that clause renders to nothing, the claim is one
``UPDATE ... RETURNING`` under the write lock. Rows sharing an ordering key run one at a time, oldest
first; a failed (spent) row no longer holds the ones behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import Session, aliased

from interviewd.core.model import OutboxAttempt, OutboxMessage
from interviewd.core.store.ids import holdable

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


@dataclass(slots=True)
class Claimed:
    """An outbox row a worker holds under lease."""

    id: int
    organization_id: int
    topic: str
    aggregate_id: int | None
    payload: dict[str, Any]
    attempts: int
    created_at: datetime


def emit(session: Session, *, org_id: int, topic: str, aggregate_id: int | None, payload: dict[str, Any],
         now: datetime, ordering_key: str | None = None) -> None:
    """Queue one side effect; it becomes visible to the worker only if the transaction commits."""
    session.add(OutboxMessage(organization_id=org_id, topic=topic, aggregate_id=aggregate_id, payload=payload,
                              created_at=now, available_at=now, attempts=0, status=PENDING,
                              ordering_key=ordering_key))


def _due(now: datetime) -> Any:
    earlier = aliased(OutboxMessage)
    blocked = exists().where(earlier.ordering_key == OutboxMessage.ordering_key, earlier.id < OutboxMessage.id,
                             earlier.status == PENDING)
    return and_(OutboxMessage.status == PENDING, OutboxMessage.available_at <= now,
                or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now),
                or_(OutboxMessage.ordering_key.is_(None), ~blocked))


def claim(session: Session, *, owner: str, now: datetime, lease: timedelta, limit: int) -> list[Claimed]:
    """Lease up to ``limit`` due rows to ``owner``."""
    until = now + lease
    if session.get_bind().dialect.name == "postgresql":
        ids = list(session.scalars(select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.id)
                                   .limit(limit).with_for_update(skip_locked=True)))
        if not ids:
            return []
        stmt = update(OutboxMessage).where(OutboxMessage.id.in_(ids))
    else:
        picked = select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.id).limit(limit)
        stmt = update(OutboxMessage).where(OutboxMessage.id.in_(picked.scalar_subquery()))
    rows = session.execute(
        stmt.values(lease_until=until, lease_owner=owner)
        .returning(OutboxMessage.id, OutboxMessage.organization_id, OutboxMessage.topic,
                   OutboxMessage.aggregate_id, OutboxMessage.payload, OutboxMessage.attempts,
                   OutboxMessage.created_at)
        .execution_options(synchronize_session=False)).all()
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


def finish(session: Session, *, row_id: int, owner: str, started: datetime, now: datetime, ok: bool,
           status_code: int | None, error: str | None, retry_at: datetime | None) -> bool:
    """Record an attempt and settle the row: delivered, retried at ``retry_at``, or failed (None).

    Returns False when the lease was lost (another worker took the row after it expired).
    """
    row = session.get(OutboxMessage, row_id, with_for_update=session.get_bind().dialect.name == "postgresql")
    if row is None or row.lease_owner != owner:
        return False
    session.add(OutboxAttempt(outbox_id=row.id, organization_id=row.organization_id, started_at=started,
                              duration_ms=int((now - started).total_seconds() * 1000), ok=ok,
                              status_code=status_code, error=error))
    row.attempts += 1
    row.lease_until = None
    row.lease_owner = None
    if ok:
        row.status, row.delivered_at, row.last_error = DELIVERED, now, None
    elif retry_at is None:
        row.status, row.failed_at, row.last_error = FAILED, now, error
    else:
        row.available_at, row.last_error = retry_at, error
    return True


def settle_without_attempt(session: Session, *, row_id: int, now: datetime) -> None:
    """Mark a row delivered when there was nothing to do (e.g. its interview is gone)."""
    session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id)
                    .values(status=DELIVERED, delivered_at=now, lease_until=None, lease_owner=None))


def rows(session: Session, org_id: int, *, topic_prefix: str | None = None, status: str | None = None,
         limit: int = 100) -> Sequence[OutboxMessage]:
    """The newest outbox rows of an organization, for the delivery log."""
    stmt = select(OutboxMessage).where(OutboxMessage.organization_id == org_id)
    if topic_prefix is not None:
        stmt = stmt.where(OutboxMessage.topic.startswith(topic_prefix))
    if status is not None:
        stmt = stmt.where(OutboxMessage.status == status)
    return session.scalars(stmt.order_by(OutboxMessage.id.desc()).limit(limit)).all()


def attempts_of(session: Session, row_ids: Sequence[int]) -> Sequence[OutboxAttempt]:
    return session.scalars(select(OutboxAttempt).where(OutboxAttempt.outbox_id.in_(list(row_ids)))
                           .order_by(OutboxAttempt.outbox_id, OutboxAttempt.id)).all()


def requeue(session: Session, org_id: int, row_id: int, now: datetime, *, topic_prefix: str) -> OutboxMessage | None:
    """Put a failed (or delivered) row back in the queue, due now."""
    row = session.get(OutboxMessage, row_id) if holdable(row_id) else None  # no row has an id past INTEGER's range
    if row is None or row.organization_id != org_id or not row.topic.startswith(topic_prefix):
        return None
    row.status, row.available_at, row.failed_at, row.delivered_at = PENDING, now, None, None
    row.lease_until = row.lease_owner = None
    return row


def pending_count(session: Session) -> int:
    from sqlalchemy import func

    return session.execute(select(func.count()).select_from(OutboxMessage)
                           .where(OutboxMessage.status == PENDING)).scalar_one()
