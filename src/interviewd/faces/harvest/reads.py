"""The reads a Harvest integration needs around interviews: users, applications, job stages, offices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Query
from starlette.requests import Request
from starlette.responses import Response

from interviewd.core.services import Principal, directory_service
from interviewd.faces._http.params import parse_instant
from interviewd.faces._http.responses import json_response
from interviewd.faces.harvest import render
from interviewd.faces.harvest.auth import core_of, harvest_key
from interviewd.faces.harvest.docs import list_of, one
from interviewd.faces.harvest.errors import HarvestRoute
from interviewd.faces.harvest.paging import HarvestPaging, Paging, link_headers

router = APIRouter(route_class=HarvestRoute)
Id = Annotated[int, Path(ge=1, le=2**62)]
Ts = Annotated[str | None, Query(description="ISO-8601 timestamp")]


async def _page(request: Request, paging: Paging, fetch: Callable[..., Any], draw: Callable[[Any], Any]) -> Response:
    window = paging.window()
    page = await core_of(request).call(lambda s, _now: fetch(s, window))
    return json_response(orjson.dumps([draw(item) for item in page.items]),
                         headers=link_headers(request, paging, page))


async def _one(request: Request, fetch: Callable[..., Any], draw: Callable[[Any], Any]) -> Response:
    return json_response(draw(await core_of(request).call(lambda s, _now: fetch(s))))


@router.get("/v1/users", summary="List users", responses=list_of("Users"))
async def list_users(request: Request, paging: HarvestPaging, email: Annotated[str | None, Query()] = None,
                     employee_id: Annotated[str | None, Query()] = None, created_before: Ts = None,
                     created_after: Ts = None, updated_before: Ts = None, updated_after: Ts = None,
                     principal: Principal = harvest_key("users.list")) -> Response:
    """List the organization's users."""
    created = (parse_instant(created_after, "created_after"), parse_instant(created_before, "created_before"))
    updated = (parse_instant(updated_after, "updated_after"), parse_instant(updated_before, "updated_before"))
    return await _page(request, paging, lambda s, w: directory_service.list_users(
        s, org_id=principal.organization_id, window=w, email=email, employee_id=employee_id, created=created,
        updated=updated), render.user)


@router.get("/v1/users/{id}", summary="Retrieve a user", responses=one("A user"))
async def get_user(request: Request, id: Id, principal: Principal = harvest_key("users.retrieve")) -> Response:
    """Retrieve a user by id."""
    return await _one(request, lambda s: directory_service.get_user(s, org_id=principal.organization_id,
                                                                     user_id=id), render.user)


@router.get("/v1/applications", summary="List applications", responses=list_of("Applications"))
async def list_applications(request: Request, paging: HarvestPaging, job_id: Annotated[int | None, Query(ge=1)] = None,
                            status: Annotated[str | None, Query(
                                description="active, converted, hired or rejected; as in Harvest, any other value "
                                "matches nothing (an empty list, not an error)")] = None,
                            created_before: Ts = None, created_after: Ts = None, last_activity_after: Ts = None,
                            principal: Principal = harvest_key("applications.list")) -> Response:
    """List the organization's applications."""
    created = (parse_instant(created_after, "created_after"), parse_instant(created_before, "created_before"))
    activity = parse_instant(last_activity_after, "last_activity_after")
    return await _page(request, paging, lambda s, w: directory_service.list_applications(
        s, org_id=principal.organization_id, window=w, job_id=job_id, status=status, created=created,
        last_activity_after=activity), render.application)


@router.get("/v1/applications/{id}", summary="Retrieve an application", responses=one("An application"))
async def get_application(request: Request, id: Id,
                          principal: Principal = harvest_key("applications.retrieve")) -> Response:
    """Retrieve an application by id."""
    return await _one(request, lambda s: directory_service.get_application(
        s, org_id=principal.organization_id, application_id=id), render.application)


@router.get("/v1/job_stages", summary="List job stages", responses=list_of("Job stages"))
async def list_job_stages(request: Request, paging: HarvestPaging,
                          principal: Principal = harvest_key("job_stages.list")) -> Response:
    """List every job stage with its interviews."""
    return await _page(request, paging, lambda s, w: directory_service.list_stages(
        s, org_id=principal.organization_id, window=w), render.job_stage)


@router.get("/v1/jobs/{id}/stages", summary="List job stages for a job", responses=list_of("Job stages"))
async def list_job_stages_for_job(request: Request, id: Id, paging: HarvestPaging,
                                  principal: Principal = harvest_key("job_stages.list")) -> Response:
    """The stages of one job, each with the interviews whose ids POST takes as interview_id."""
    return await _page(request, paging, lambda s, w: directory_service.list_stages(
        s, org_id=principal.organization_id, window=w, job_id=id), render.job_stage)


@router.get("/v1/job_stages/{id}", summary="Retrieve a job stage", responses=one("A job stage"))
async def get_job_stage(request: Request, id: Id,
                        principal: Principal = harvest_key("job_stages.retrieve")) -> Response:
    """Retrieve a job stage by id."""
    return await _one(request, lambda s: directory_service.get_stage(s, org_id=principal.organization_id,
                                                                      stage_id=id), render.job_stage)


@router.get("/v1/offices", summary="List offices", responses=list_of("Offices"))
async def list_offices(request: Request, paging: HarvestPaging,
                       principal: Principal = harvest_key("offices.list")) -> Response:
    """List the organization's offices."""
    return await _page(request, paging, lambda s, w: directory_service.list_offices(
        s, org_id=principal.organization_id, window=w), render.office)


@router.get("/v1/offices/{id}", summary="Retrieve an office", responses=one("An office"))
async def get_office(request: Request, id: Id, principal: Principal = harvest_key("offices.retrieve")) -> Response:
    """Retrieve an office by id."""
    return await _one(request, lambda s: directory_service.get_office(s, org_id=principal.organization_id,
                                                                       office_id=id), render.office)
