"""Queries on webhook subscriptions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewd.core.model import WebhookSubscription


def active_subscriptions(session: Session, org_id: int) -> Sequence[WebhookSubscription]:
    return session.scalars(select(WebhookSubscription).where(WebhookSubscription.organization_id == org_id,
                                                             WebhookSubscription.active.is_(True))
                           .order_by(WebhookSubscription.id)).all()


def subscriptions(session: Session, org_id: int) -> Sequence[WebhookSubscription]:
    return session.scalars(select(WebhookSubscription).where(WebhookSubscription.organization_id == org_id)
                           .order_by(WebhookSubscription.id)).all()
