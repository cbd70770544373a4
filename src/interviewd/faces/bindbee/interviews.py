"""Bindbee scheduled interviews: list (``{cursor, page_size, items}``) and retrieve by UUID. Cancelled and
deleted interviews are not shown (Bindbee has no deleted-data flag)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from fastapi import APIRouter
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from interviewd.core.queries import InterviewFilter, PageWindow
from interviewd.core.services import Principal, Refs, catalog_service
from interviewd.core.services.catalog import Bundle
from interviewd.faces._http.deps import core_of
from interviewd.faces._http.responses import json_response
from interviewd.faces._unified import cursors
from interviewd.faces._unified.auth import BearerScheme, principal_of
from interviewd.faces._unified.params import Expansions, boolean, expansions, instant, integer, remote_ids, uuid_value
from interviewd.faces.bindbee import docs, render
from interviewd.faces.bindbee.errors import BindbeeRoute

router = APIRouter(route_class=BindbeeRoute)
PATH = "/ats/v1/scheduled-interviews"
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 50, 100
BINDBEE = BearerScheme(face="bindbee", token_header="x-connector-token", no_key="Not authenticated",
                       no_token="The x-connector-token header is required",
                       invalid="Invalid bearer token or connector token")
BindbeeKey = principal_of(BINDBEE)


@dataclass(slots=True)
class Shown:
    """How to show interviews: expansions (with picked fields), custom fields, raw data."""

    expand: Expansions
    custom_fields: bool
    raw_data: bool

    @classmethod
    def of(cls, q: QueryParams) -> Shown:
        return cls(expansions(q.getlist("expand"), render.EXPANDABLE, picks=True),
                   bool(boolean(q.get("include_custom_fields"), "include_custom_fields")),
                   bool(boolean(q.get("include_raw_data"), "include_raw_data")))

    def load(self) -> frozenset[str]:
        return frozenset(render.KINDS[name] for name in self.expand)

    def draw(self, bundle: Bundle[Any]) -> list[dict[str, Any]]:
        link = render.expander(self.expand, bundle.related)
        return [render.interview(v, link, custom_fields=self.custom_fields, raw_data=self.raw_data)
                for v in bundle.page.items]


def _listing(q: QueryParams) -> tuple[InterviewFilter, PageWindow]:
    """The filters and the page a list request asks for (``modified_after`` orders by modification)."""
    size = integer(q.get("page_size"), "page_size", low=1, high=MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE
    modified_after = instant(q.get("modified_after"), "modified_after")
    order, shape = ("updated", (datetime, int)) if modified_after else ("id", (int,))
    window = cursors.window(q.get("cursor"), size, order, shape)
    return InterviewFilter(updated_after=modified_after, ids=remote_ids(q.get("remote_id"))), window


@router.get(PATH, summary="Get Scheduled Interviews", responses=docs.LIST, openapi_extra=docs.LIST_PARAMS)
async def list_interviews(request: Request, principal: Principal = BindbeeKey) -> Response:
    """Returns a list of ScheduledInterview objects."""
    filters, window = _listing(request.query_params)
    shown = Shown.of(request.query_params)
    bundle = await core_of(request).call(lambda s, now: catalog_service.interviews(
        s, org_id=principal.organization_id, filters=filters, refs=Refs(), window=window, now=now,
        load=shown.load()))
    items, page = shown.draw(bundle), bundle.page
    cursor = cursors.encode(page.last_key) if page.has_more and page.last_key else None
    return json_response(orjson.dumps({"cursor": cursor, "page_size": len(items), "items": items}))


@router.get(PATH + "/{id}", summary="Get Scheduled Interview By Id", responses=docs.ONE,
            openapi_extra=docs.ONE_PARAMS)
async def retrieve(request: Request, id: str, principal: Principal = BindbeeKey) -> Response:
    """Returns a ScheduledInterview object with the given id."""
    uuid = uuid_value(id, "id", where="path")
    shown = Shown.of(request.query_params)
    bundle = await core_of(request).call(lambda s, now: catalog_service.interview(
        s, org_id=principal.organization_id, uuid=uuid, now=now, load=shown.load()))  # type: ignore[arg-type]
    return json_response(orjson.dumps(shown.draw(bundle)[0]))
