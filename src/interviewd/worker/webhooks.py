"""Webhooks in each subscriber's dialect: the body is fixed when the event happens, signed when sent.

- greenhouse: {"action", "payload"}; ``Signature: sha256 <hex HMAC(secret, body)>``
- merge: {"hook", "linked_account", "data"}; ``X-Merge-Webhook-Signature: base64url(HMAC)``
- kula: {"event", "event_id", "created_at", "account_id", "data"};
  ``X-Kula-Signature: t=<unix>,v1=<hex HMAC(secret, "<unix>.<body>")>``
- standard: {"type", "timestamp", "data"}; ``webhook-id``, ``webhook-timestamp``, ``webhook-signature: v1,<b64>``

Every signature covers the exact bytes sent. Greenhouse escapes non-ASCII and < > as \\uXXXX before
signing; the bodies here are ASCII JSON with the same escapes, so receivers can hash what they get.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx

from interviewd.core.services.provisioning import InterviewContext, Subscription
from interviewd.faces.harvest import render as harvest_render
from interviewd.faces.mcp import render as kula_render
from interviewd.worker.errors import Permanent, Retryable

KINDS = ("created", "updated", "deleted", "cancelled")
EVENT_NAMES: dict[str, dict[str, str]] = {
    "greenhouse": {"created": "interview_created", "updated": "interview_updated", "deleted": "interview_deleted",
                   "cancelled": "interview_deleted"},
    "merge": {"created": "ScheduledInterview.added", "updated": "ScheduledInterview.changed",
              "deleted": "ScheduledInterview.removed", "cancelled": "ScheduledInterview.removed"},
    "kula": {"created": "interview.event.created", "updated": "interview.event.updated",
             "deleted": "interview.event.cancelled", "cancelled": "interview.event.cancelled"},
    "standard": {"created": "interview.created", "updated": "interview.updated", "deleted": "interview.deleted",
                 "cancelled": "interview.cancelled"},
}


def dumps(value: Any) -> str:
    """Compact ASCII JSON with < and > escaped, as Greenhouse signs it."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e")


def _greenhouse(kind: str, ctx: InterviewContext, sub: Subscription, event_id: str, now: datetime) -> Any:
    interview = ({"id": ctx.interview.id} if kind in ("deleted", "cancelled")
                 else harvest_render.interview(ctx.interview))
    return {"action": EVENT_NAMES["greenhouse"][kind], "payload": {"interview": interview}}


def _merge(kind: str, ctx: InterviewContext, sub: Subscription, event_id: str, now: datetime) -> Any:
    from interviewd.faces.merge import render as merge_render

    return {
        "hook": {"id": f"{sub.id}", "event": EVENT_NAMES["merge"][kind], "target": sub.url},
        "linked_account": {"id": str(ctx.interview.organization_id), "integration": "interviewd",
                           "integration_slug": "interviewd", "category": "ats",
                           "end_user_origin_id": str(ctx.interview.organization_id),
                           "end_user_organization_name": ctx.organization_name, "end_user_email_address": None,
                           "status": "COMPLETE", "webhook_listener_url": sub.url, "is_duplicate": False},
        "data": merge_render.interview(ctx.interview, merge_render.Ctx()),
    }


def _kula(kind: str, ctx: InterviewContext, sub: Subscription, event_id: str, now: datetime) -> Any:
    return {"event": EVENT_NAMES["kula"][kind], "event_id": event_id, "created_at": kula_render.iso(now),
            "account_id": str(ctx.interview.organization_id), "data": kula_render.interview(ctx)}


def _standard(kind: str, ctx: InterviewContext, sub: Subscription, event_id: str, now: datetime) -> Any:
    return {"type": EVENT_NAMES["standard"][kind], "timestamp": kula_render.iso(now),
            "data": kula_render.interview(ctx)}


BODIES: dict[str, Callable[[str, InterviewContext, Subscription, str, datetime], Any]] = {
    "greenhouse": _greenhouse, "merge": _merge, "kula": _kula, "standard": _standard}


def delivery(kind: str, ctx: InterviewContext, sub: Subscription, now: datetime) -> dict[str, Any] | None:
    """The outbox payload of one delivery, or None when the subscription does not want this event."""
    event = EVENT_NAMES[sub.dialect][kind]
    if sub.events and event not in sub.events:
        return None
    event_id = ("evt_" if sub.dialect == "kula" else "msg_" if sub.dialect == "standard" else "") + uuid.uuid4().hex
    body = dumps(BODIES[sub.dialect](kind, ctx, sub, event_id, now))
    return {"subscription_id": sub.id, "event": event, "event_id": event_id, "body": body}


def signed_headers(dialect: str, secret: str, body: bytes, event_id: str, event: str, unix: int) -> dict[str, str]:
    """The headers that authenticate ``body`` in ``dialect``, computed over the exact bytes."""
    def mac(key: bytes, message: bytes) -> bytes:
        return hmac.new(key, message, hashlib.sha256).digest()

    if dialect == "greenhouse":
        return {"Signature": "sha256 " + mac(secret.encode(), body).hex(), "Greenhouse-Event-ID": event_id}
    if dialect == "merge":
        return {"X-Merge-Webhook-Signature": base64.urlsafe_b64encode(mac(secret.encode(), body)).decode()}
    if dialect == "kula":
        v1 = mac(secret.encode(), f"{unix}.".encode() + body).hex()
        return {"X-Kula-Signature": f"t={unix},v1={v1}", "X-Kula-Timestamp": str(unix),
                "X-Kula-Event-Id": event_id, "X-Kula-Event": event}
    if dialect == "standard":
        key = base64.b64decode(secret.removeprefix("whsec_"))
        signature = base64.b64encode(mac(key, f"{event_id}.{unix}.".encode() + body)).decode()
        return {"webhook-id": event_id, "webhook-timestamp": str(unix), "webhook-signature": f"v1,{signature}"}
    raise Permanent(f"unknown webhook dialect {dialect!r}")


class Sender:
    """POSTs one delivery; non-2xx answers and network errors are retried, 410 Gone is final."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def send(self, sub: Subscription, payload: dict[str, Any], unix: int) -> int:
        body = payload["body"].encode()
        headers = {"Content-Type": "application/json", "User-Agent": "interviewd-webhooks/1",
                   **signed_headers(sub.dialect, sub.secret, body, payload["event_id"], payload["event"], unix)}
        try:
            response = await self.client.post(sub.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise Retryable(f"POST {sub.url} failed: {exc!r}") from exc
        if response.is_success:
            return response.status_code
        error = Permanent if response.status_code == 410 else Retryable
        raise error(f"POST {sub.url} answered {response.status_code}: {response.text[:200]}",
                    status_code=response.status_code)
