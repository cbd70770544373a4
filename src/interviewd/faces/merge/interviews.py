"""Merge interviews: list, retrieve, create (conflicts come back as warnings) and the POST metadata."""

from __future__ import annotations

import uuid as uuid_mod
from typing import Any

from fastapi import APIRouter
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from interviewd.core.queries import InterviewFilter
from interviewd.core.services import ConflictPolicy, Principal, Refs, catalog_service, custom_field_service
from interviewd.errors import Invalid
from interviewd.faces._http.body import json_object
from interviewd.faces._http.deps import core_of
from interviewd.faces._http.responses import json_response
from interviewd.faces._unified.params import boolean, uuid_value
from interviewd.faces.merge import docs, meta, query, render, writes
from interviewd.faces.merge.common import MergeKey, one_response, page_response, path_uuid
from interviewd.faces.merge.errors import MergeRoute

router = APIRouter(route_class=MergeRoute)
PATH = "/ats/v1/interviews"
EXPANDABLE = {"application": "applications", "interviewers": "users", "job_interview_stage": "stages",
              "organizer": "users"}
ENUMS = ("status",)


def _filters(q: QueryParams, listing: query.Listing) -> tuple[InterviewFilter, Refs]:
    refs = Refs(application=uuid_value(q.get("application_id"), "application_id"),
                job=uuid_value(q.get("job_id"), "job_id"),
                stage=uuid_value(q.get("job_interview_stage_id"), "job_interview_stage_id"),
                organizer=uuid_value(q.get("organizer_id"), "organizer_id"))
    removed = listing.include_deleted  # cancelled interviews are deleted in the remote system too
    return InterviewFilter(created_after=listing.created[0], created_before=listing.created[1],
                           updated_after=listing.modified[0], updated_before=listing.modified[1], ids=listing.ids,
                           include_deleted=removed, include_cancelled=removed), refs


@router.get(PATH, summary="List ScheduledInterviews", responses=docs.INTERVIEW_LIST,
            openapi_extra=docs.list_params(EXPANDABLE, ENUMS, {name: "uuid" for name in (
                "application_id", "job_id", "job_interview_stage_id", "organizer_id")}))
async def list_interviews(request: Request, principal: Principal = MergeKey) -> Response:
    """Returns a list of ScheduledInterview objects."""
    listing = query.listing(request.query_params, expandable=EXPANDABLE, enums=ENUMS, updated_order=True)
    filters, refs = _filters(request.query_params, listing)
    load = query.load(listing.detail.expand, EXPANDABLE)
    bundle = await core_of(request).call(lambda s, now: catalog_service.interviews(
        s, org_id=principal.organization_id, filters=filters, refs=refs, window=listing.window, now=now, load=load))
    return page_response(bundle, listing, render.interview)


@router.get(PATH + "/meta/post", summary="ScheduledInterview POST metadata", responses=docs.META)
async def post_metadata(request: Request, principal: Principal = MergeKey) -> Response:
    """Returns metadata for ScheduledInterview POSTs: the JSON schema of the body, custom fields included."""
    fields = await core_of(request).call(lambda s, _now: custom_field_service.list(
        s, org_id=principal.organization_id))
    return json_response(meta.post_meta(fields))


@router.get(PATH + "/{id}", summary="Retrieve a ScheduledInterview", responses=docs.INTERVIEW,
            openapi_extra={"parameters": docs.detail_params(EXPANDABLE, ENUMS)})
async def retrieve(request: Request, id: str, principal: Principal = MergeKey) -> Response:
    """Returns a ScheduledInterview object with the given id (a deleted one too, with remote_was_deleted)."""
    uuid = path_uuid(id)
    detail = query.detail(request.query_params, expandable=EXPANDABLE, enums=ENUMS)
    load = query.load(detail.expand, EXPANDABLE)
    bundle = await core_of(request).call(lambda s, now: catalog_service.interview(
        s, org_id=principal.organization_id, uuid=uuid, now=now, include_removed=True, load=load))
    return one_response(bundle, detail, render.interview)


@router.post(PATH, summary="Create a ScheduledInterview", status_code=201, responses=docs.CREATED,
             openapi_extra=docs.CREATE_BODY)
async def create(request: Request, principal: Principal = MergeKey) -> Response:
    """Creates a ScheduledInterview; the remote_user_id user becomes its organizer. run_async is accepted and
    the write still happens before the answer."""
    debug = boolean(request.query_params.get("is_debug_mode"), "is_debug_mode")
    boolean(request.query_params.get("run_async"), "run_async")
    asked = writes.read(await json_object(request, core_of(request).settings.max_body_bytes))
    try:
        booking = await core_of(request).call(lambda s, now: catalog_service.schedule(
            s, org_id=principal.organization_id, proposal=asked.proposal, source="merge", now=now,
            policy=ConflictPolicy.WARN), write=True)
    except Invalid as exc:
        raise writes.rejected(exc, asked.warnings) from None
    body: dict[str, Any] = {"model": render.interview(booking.interview, render.Ctx()),
                            "warnings": writes.outcome_warnings(asked, booking), "errors": []}
    if debug:
        body["logs"] = [_log(request, booking.interview.uuid)]
    return json_response(body, 201)


def _log(request: Request, interview_uuid: str) -> dict[str, Any]:
    """Debug mode: one log entry for the write (there is no third party behind this server)."""
    return {"log_id": str(uuid_mod.uuid4()), "dashboard_view": f"{request.url.replace(query='')}/{interview_uuid}",
            "log_summary": {"url": str(request.url), "method": "POST", "status_code": 201}}
