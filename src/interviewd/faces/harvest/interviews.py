"""Harvest scheduled interviews: list, per application, retrieve, create (v2, v1), patch (v2, v1), delete."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Header, Path, Query
from starlette.requests import Request
from starlette.responses import Response

from interviewd.core.queries import InterviewFilter
from interviewd.core.services import ConflictPolicy, Principal, interview_service
from interviewd.faces._http.body import json_object
from interviewd.faces._http.params import parse_bool, parse_instant
from interviewd.faces._http.responses import json_response
from interviewd.faces.harvest import render, writes
from interviewd.faces.harvest.auth import core_of, harvest_key
from interviewd.faces.harvest.docs import CREATE_BODY, ERRORS, INTERVIEW, INTERVIEW_LIST, PATCH_BODY
from interviewd.faces.harvest.errors import HarvestRoute
from interviewd.faces.harvest.paging import HarvestPaging, link_headers

router = APIRouter(route_class=HarvestRoute)
OnBehalfOf = Annotated[str | None, Header(alias="On-Behalf-Of", description="Id of the acting user")]
Id = Annotated[int, Path(ge=1, le=2**62)]
Ts = Annotated[str | None, Query(description="ISO-8601 timestamp")]


async def _filters(created_before: Ts = None, created_after: Ts = None, updated_before: Ts = None,
             updated_after: Ts = None, starts_before: Ts = None, starts_after: Ts = None, ends_before: Ts = None,
             ends_after: Ts = None, external_event_id: Annotated[str | None, Query(max_length=255)] = None,
             actionable: Annotated[str | None, Query(description="true: only interviews Harvest may change")] = None,
             ) -> Callable[[], InterviewFilter]:
    """The filters, parsed when called: after authentication, so a caller without a valid key only gets 401."""

    def parse() -> InterviewFilter:
        values = {name: parse_instant(value, name) for name, value in (
            ("created_before", created_before), ("created_after", created_after), ("updated_before", updated_before),
            ("updated_after", updated_after), ("starts_before", starts_before), ("starts_after", starts_after),
            ("ends_before", ends_before), ("ends_after", ends_after))}
        return InterviewFilter(external_event_id=external_event_id, actionable=parse_bool(actionable, "actionable"),
                               **values)

    return parse


Filters = Annotated[Callable[[], InterviewFilter], Depends(_filters)]


async def _list(request: Request, principal: Principal, paging: Any, filters: InterviewFilter) -> Response:
    order = "updated" if filters.updated_after or filters.updated_before else "id"
    window = paging.window(order, (datetime, int) if order == "updated" else (int,))
    page = await core_of(request).call(lambda s, now: interview_service.list(
        s, org_id=principal.organization_id, filters=filters, window=window, now=now))
    body = orjson.dumps([render.interview(v) for v in page.items])
    return json_response(body, headers=link_headers(request, paging, page))


@router.get("/v1/scheduled_interviews", summary="List scheduled interviews", responses={**INTERVIEW_LIST, **ERRORS})
async def list_interviews(request: Request, paging: HarvestPaging, filters: Filters,
                          principal: Principal = harvest_key("scheduled_interviews.list")) -> Response:
    """List all of an organization's scheduled interviews."""
    return await _list(request, principal, paging, filters())


@router.get("/v1/applications/{id}/scheduled_interviews", summary="List scheduled interviews for an application",
            responses={**INTERVIEW_LIST, **ERRORS})
async def list_for_application(request: Request, id: Id, paging: HarvestPaging, filters: Filters,
                               principal: Principal = harvest_key("scheduled_interviews.list")) -> Response:
    """Interviews that have been scheduled for this application."""
    from interviewd.core.services import directory_service

    parsed = filters()
    await core_of(request).call(lambda s, _: directory_service.get_application(
        s, org_id=principal.organization_id, application_id=id))
    parsed.application_id = id
    return await _list(request, principal, paging, parsed)


@router.get("/v1/scheduled_interviews/{id}", summary="Retrieve a scheduled interview",
            responses={**INTERVIEW, **ERRORS})
async def retrieve(request: Request, id: Id,
                   principal: Principal = harvest_key("scheduled_interviews.retrieve")) -> Response:
    """Retrieve an interview by its ID."""
    view = await core_of(request).call(lambda s, now: interview_service.get(
        s, org_id=principal.organization_id, interview_id=id, now=now))
    return json_response(render.interview(view))


async def _create(request: Request, principal: Principal, on_behalf_of: str | None, *, strict: bool) -> Response:
    actor = writes.on_behalf_of(on_behalf_of)
    args = writes.create_arguments(await json_object(request, core_of(request).settings.max_body_bytes))
    booking = await core_of(request).call(lambda s, now: interview_service.schedule(
        s, org_id=principal.organization_id, actor_id=actor, source="harvest", now=now,
        policy=ConflictPolicy.ACCEPT, allow_outside_emails=not strict, **args), write=True)
    return json_response(render.interview(booking.interview), 201)


@router.post("/v2/scheduled_interviews", summary="Create a scheduled interview", status_code=201,
             responses={**INTERVIEW, **ERRORS}, openapi_extra=CREATE_BODY)
async def create(request: Request, on_behalf_of: OnBehalfOf = None,
                 principal: Principal = harvest_key("scheduled_interviews.create")) -> Response:
    """Create a new scheduled interview; the On-Behalf-Of user becomes its organizer."""
    return await _create(request, principal, on_behalf_of, strict=False)


@router.post("/v1/scheduled_interviews", summary="Create a scheduled interview (deprecated v1)", status_code=201,
             deprecated=True, responses={**INTERVIEW, **ERRORS}, openapi_extra=CREATE_BODY)
async def create_v1(request: Request, on_behalf_of: OnBehalfOf = None,
                    principal: Principal = harvest_key("scheduled_interviews.create")) -> Response:
    """Deprecated v1: as v2, but every interviewer must be a user of the organization."""
    return await _create(request, principal, on_behalf_of, strict=True)


async def _patch(request: Request, id: int, principal: Principal, on_behalf_of: str | None, *,
                 strict: bool) -> Response:
    actor = writes.on_behalf_of(on_behalf_of)
    changes = writes.changes(await json_object(request, core_of(request).settings.max_body_bytes))
    booking = await core_of(request).call(lambda s, now: interview_service.update(
        s, org_id=principal.organization_id, interview_id=id, actor_id=actor, changes=changes, source="harvest",
        now=now, policy=ConflictPolicy.ACCEPT, only_from_source="harvest", allow_outside_emails=not strict),
        write=True)
    return json_response(render.interview(booking.interview))


@router.patch("/v2/scheduled_interviews/{id}", summary="Update a scheduled interview",
              responses={**INTERVIEW, **ERRORS}, openapi_extra=PATCH_BODY)
async def patch(request: Request, id: Id, on_behalf_of: OnBehalfOf = None,
                principal: Principal = harvest_key("scheduled_interviews.update")) -> Response:
    """Update an actionable scheduled interview; the On-Behalf-Of user becomes its organizer."""
    return await _patch(request, id, principal, on_behalf_of, strict=False)


@router.patch("/v1/scheduled_interviews/{id}", summary="Update a scheduled interview (deprecated v1)",
              deprecated=True, responses={**INTERVIEW, **ERRORS}, openapi_extra=PATCH_BODY)
async def patch_v1(request: Request, id: Id, on_behalf_of: OnBehalfOf = None,
                   principal: Principal = harvest_key("scheduled_interviews.update")) -> Response:
    """Deprecated v1: as v2, but every interviewer must be a user of the organization."""
    return await _patch(request, id, principal, on_behalf_of, strict=True)


@router.delete("/v1/scheduled_interviews/{id}", summary="Delete a scheduled interview",
               responses={200: {"description": "Deleted", "content": {"application/json": {"example": {
                   "message": "Interview 109170954 has been deleted."}}}}, **ERRORS})
async def delete(request: Request, id: Id, on_behalf_of: OnBehalfOf = None,
                 principal: Principal = harvest_key("scheduled_interviews.delete")) -> Response:
    """Delete an actionable scheduled interview."""
    actor = writes.on_behalf_of(on_behalf_of)
    await core_of(request).call(lambda s, now: interview_service.delete(
        s, org_id=principal.organization_id, interview_id=id, actor_id=actor, source="harvest", now=now,
        only_from_source="harvest"), write=True)
    return json_response({"message": f"Interview {id} has been deleted."})
