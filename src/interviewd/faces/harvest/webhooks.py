"""Webhook subscriptions over HTTP, in Harvest's conventions (Greenhouse itself offers no such API)."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from starlette.requests import Request
from starlette.responses import Response

from interviewd.core.services import Principal
from interviewd.core.services.webhooks import DeliveryView, SubscriptionView, webhook_service
from interviewd.errors import Invalid, Problems
from interviewd.faces._http.body import json_object
from interviewd.faces._http.responses import json_response
from interviewd.faces.harvest.auth import core_of, harvest_key
from interviewd.faces.harvest.docs import WEBHOOK_BODY, list_of, one
from interviewd.faces.harvest.errors import HarvestRoute
from interviewd.faces.harvest.render import ts

router = APIRouter(route_class=HarvestRoute)
Id = Annotated[int, Path(ge=1, le=2**62)]
MANAGE = "webhooks.manage"


def _subscription(sub: SubscriptionView, *, with_secret: bool = False) -> dict[str, Any]:
    return {"id": sub.id, "url": sub.url, "dialect": sub.dialect, "events": sub.events, "active": sub.active,
            "created_at": ts(sub.created_at), **({"secret": sub.secret} if with_secret else {})}


def _delivery(d: DeliveryView) -> dict[str, Any]:
    body = dataclasses.asdict(d)
    for key in ("created_at", "next_attempt_at", "delivered_at", "failed_at"):
        body[key] = ts(getattr(d, key))
    body["history"] = [{**dataclasses.asdict(a), "started_at": ts(a.started_at)} for a in d.history]
    return body


def _create_arguments(body: dict[str, Any]) -> dict[str, Any]:
    problems = Problems()
    out: dict[str, Any] = {}
    for name, required in (("url", True), ("dialect", True), ("secret", False)):
        value = body.get(name)
        if value is None and required:
            problems.add(name, f"{name} is required")
        elif value is not None and not isinstance(value, str):
            problems.add(name, f"{name} must be a string")
        out[name] = value
    events = body.get("events")
    if events is not None and (not isinstance(events, list) or not all(isinstance(e, str) for e in events)):
        problems.add("events", "events must be an array of event names")
    out["events"] = events
    problems.raise_if_any()
    return out


@router.get("/v1/webhooks", summary="List webhook subscriptions", responses=list_of("Subscriptions"))
async def list_subscriptions(request: Request, principal: Principal = harvest_key(MANAGE)) -> Response:
    """The organization's webhook subscriptions (secrets are shown only when created)."""
    subs = await core_of(request).call(lambda s, _n: webhook_service.list(s, org_id=principal.organization_id))
    return json_response([_subscription(sub) for sub in subs])


@router.post("/v1/webhooks", summary="Create a webhook subscription", status_code=201,
             responses=one("The subscription, with its signing secret"), openapi_extra=WEBHOOK_BODY)
async def create_subscription(request: Request, principal: Principal = harvest_key(MANAGE)) -> Response:
    """Subscribe a URL to interview events in one dialect: greenhouse, merge, kula or standard."""
    args = _create_arguments(await json_object(request, core_of(request).settings.max_body_bytes))
    sub = await core_of(request).call(lambda s, now: webhook_service.create(
        s, org_id=principal.organization_id, now=now, **args), write=True)
    return json_response(_subscription(sub, with_secret=True), 201)


@router.delete("/v1/webhooks/{id}", summary="Deactivate a webhook subscription", responses=one("Deactivated"))
async def deactivate_subscription(request: Request, id: Id, principal: Principal = harvest_key(MANAGE)) -> Response:
    """Stop sending to a subscription; its delivery log is kept."""
    sub = await core_of(request).call(lambda s, now: webhook_service.deactivate(
        s, org_id=principal.organization_id, subscription_id=id, now=now), write=True)
    return json_response(_subscription(sub))


@router.get("/v1/webhook_deliveries", summary="List webhook deliveries", responses=list_of("Deliveries"))
async def list_deliveries(request: Request, status: Annotated[str | None, Query()] = None,
                          limit: Annotated[int, Query(ge=1, le=500)] = 100,
                          principal: Principal = harvest_key(MANAGE)) -> Response:
    """The newest deliveries with every attempt; ``status`` is pending, delivered or failed."""
    if status is not None and status not in ("pending", "delivered", "failed"):
        raise Invalid("status must be pending, delivered or failed", field="status")
    rows = await core_of(request).call(lambda s, _n: webhook_service.deliveries(
        s, org_id=principal.organization_id, status=status, limit=limit))
    return json_response([_delivery(d) for d in rows])


@router.post("/v1/webhook_deliveries/{id}/redeliver", summary="Redeliver a webhook", responses=one("Queued"))
async def redeliver(request: Request, id: Id, principal: Principal = harvest_key(MANAGE)) -> Response:
    """Queue a delivery again, due now (typically one that failed)."""
    row = await core_of(request).call(lambda s, now: webhook_service.redeliver(
        s, org_id=principal.organization_id, delivery_id=id, now=now), write=True)
    return json_response(_delivery(row))
