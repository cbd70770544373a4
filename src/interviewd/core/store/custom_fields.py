"""Queries on custom field definitions and the values interviews carry."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewd.core.model import CustomField


def definitions(session: Session, org_id: int, object_type: str) -> list[CustomField]:
    """The organization's custom fields on ``object_type``, in the order they were defined."""
    return list(session.scalars(select(CustomField).where(CustomField.organization_id == org_id,
                                                          CustomField.object_type == object_type)
                                .order_by(CustomField.id)))


def key_taken(session: Session, org_id: int, object_type: str, key: str) -> bool:
    stmt = select(CustomField.id).where(CustomField.organization_id == org_id, CustomField.object_type == object_type,
                                        CustomField.key == key)
    return session.execute(stmt.limit(1)).first() is not None


def merged(current: dict[str, Any] | None, changes: dict[str, Any]) -> dict[str, Any]:
    """``current`` with ``changes`` applied: a None value removes its key."""
    out = dict(current or {})
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out
