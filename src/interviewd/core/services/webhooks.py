"""Webhook subscriptions and their delivery log: create, list, deactivate, inspect, redeliver."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

from sqlalchemy.orm import Session

from interviewd.core.model import Organization, WebhookSubscription
from interviewd.core.store import outbox, records
from interviewd.core.store import webhooks as repo
from interviewd.errors import Invalid, NotFound, Problems

DIALECTS = ("greenhouse", "merge", "kula", "standard")
EVENTS = {
    "greenhouse": ("interview_created", "interview_updated", "interview_deleted"),
    "merge": ("ScheduledInterview.added", "ScheduledInterview.changed", "ScheduledInterview.removed"),
    "kula": ("interview.event.created", "interview.event.updated", "interview.event.cancelled"),
    "standard": ("interview.created", "interview.updated", "interview.deleted", "interview.cancelled"),
}


@dataclass(slots=True)
class SubscriptionView:
    id: int
    uuid: str
    url: str
    dialect: str
    events: list[str]
    active: bool
    secret: str
    created_at: datetime


@dataclass(slots=True)
class AttemptView:
    started_at: datetime
    duration_ms: int
    ok: bool
    status_code: int | None
    error: str | None


@dataclass(slots=True)
class DeliveryView:
    id: int
    subscription_id: int | None
    event: str | None
    interview_id: int | None
    status: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    failed_at: datetime | None
    last_error: str | None
    history: list[AttemptView]


def _view(sub: WebhookSubscription) -> SubscriptionView:
    return SubscriptionView(sub.id, str(sub.uuid), sub.url, sub.dialect, list(sub.events or []), sub.active,
                            sub.secret, sub.created_at)


def new_secret(dialect: str) -> str:
    """A fresh signing secret; Standard Webhooks secrets carry their ``whsec_`` prefix."""
    if dialect == "standard":
        import base64

        return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
    return secrets.token_hex(24)


class WebhookService:
    """Subscriptions per organization, each in one vendor's dialect."""

    def create(self, session: Session, *, org_id: int, url: str, dialect: str, secret: str | None,
               events: list[str] | None, now: datetime) -> SubscriptionView:
        """Subscribe ``url`` to interview events rendered in ``dialect``."""
        if session.get(Organization, org_id) is None:
            raise NotFound(f"Organization {org_id} does not exist")
        problems = Problems()
        parsed = urlparse(url or "")
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            problems.add("url", f"url must be an absolute http(s) URL; got {url!r}")
        if dialect not in DIALECTS:
            problems.add("dialect", f"dialect must be one of {', '.join(DIALECTS)}; got {dialect!r}")
        unknown = [e for e in events or [] if dialect in EVENTS and e not in EVENTS[dialect]]
        if unknown:
            problems.add("events", f"unknown events for the {dialect} dialect: {', '.join(unknown)}; choose from "
                         f"{', '.join(EVENTS[dialect])}")
        if secret is not None and len(secret) < 8:
            problems.add("secret", "secret must be at least 8 characters (or leave it out to get a random one)")
        problems.raise_if_any()
        sub = WebhookSubscription(organization_id=org_id, url=url, dialect=dialect,
                                  secret=secret or new_secret(dialect), events=list(events or []), active=True,
                                  created_at=now, updated_at=now)
        session.add(sub)
        session.flush()
        return _view(sub)

    def list(self, session: Session, *, org_id: int) -> list[SubscriptionView]:
        """Every subscription of the organization."""
        return [_view(s) for s in repo.subscriptions(session, org_id)]

    def deactivate(self, session: Session, *, org_id: int, subscription_id: int, now: datetime) -> SubscriptionView:
        """Stop sending to a subscription (its log is kept)."""
        sub = records.get(session, WebhookSubscription, org_id, subscription_id)
        if sub is None:
            raise NotFound(f"Webhook subscription {subscription_id} does not exist")
        sub.active, sub.updated_at = False, now
        session.flush()
        return _view(sub)

    def deliveries(self, session: Session, *, org_id: int, status: str | None = None,
                   limit: int = 100) -> list[DeliveryView]:
        """The newest webhook deliveries with every attempt."""
        if status is not None and status not in ("pending", "delivered", "failed"):
            raise Invalid("status must be pending, delivered or failed", field="status")
        rows = outbox.rows(session, org_id, topic_prefix="webhook.", status=status, limit=limit)
        history: dict[int, list[AttemptView]] = {r.id: [] for r in rows}
        for a in outbox.attempts_of(session, list(history)):
            history[a.outbox_id].append(AttemptView(a.started_at, a.duration_ms, a.ok, a.status_code, a.error))
        return [self._delivery(r, history[r.id]) for r in rows]

    @staticmethod
    def _delivery(row: Any, history: list[AttemptView]) -> DeliveryView:
        payload = row.payload or {}
        pending = row.status == "pending"
        return DeliveryView(row.id, payload.get("subscription_id"), payload.get("event"), row.aggregate_id,
                            row.status, row.attempts, row.created_at, row.available_at if pending else None,
                            row.delivered_at, row.failed_at, row.last_error, history)

    def redeliver(self, session: Session, *, org_id: int, delivery_id: int, now: datetime) -> DeliveryView:
        """Queue a delivery again (typically a failed one), due now."""
        row = outbox.requeue(session, org_id, delivery_id, now, topic_prefix="webhook.")
        if row is None:
            raise NotFound(f"Webhook delivery {delivery_id} does not exist")
        session.flush()
        return self._delivery(row, [])


webhook_service = WebhookService()
