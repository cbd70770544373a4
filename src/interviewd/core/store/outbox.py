"""The outbox: side effects recorded in the same transaction as the change that caused them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from interviewd.core.model import OutboxMessage


def emit(session: Session, *, org_id: int, topic: str, aggregate_id: int | None, payload: dict[str, Any],
         now: datetime) -> None:
    """Queue one side effect; it becomes visible to the worker only if the transaction commits."""
    session.add(OutboxMessage(organization_id=org_id, topic=topic, aggregate_id=aggregate_id, payload=payload,
                              created_at=now, available_at=now, attempts=0))
