"""The Apploi Partner endpoints: list applicants, and schedule an interview for one (seed 004)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Path, Query
from starlette.requests import Request
from starlette.responses import Response

from interviewd.core.queries import ApplicantFilter, PageWindow
from interviewd.core.services import Principal, applicant_service
from interviewd.faces._http.body import json_object
from interviewd.faces._http.deps import core_of
from interviewd.faces._http.responses import json_response
from interviewd.faces.apploi import body, docs, render
from interviewd.faces.apploi.auth import acting_user, apploi_key
from interviewd.faces.apploi.errors import ApploiRoute

router = APIRouter(route_class=ApploiRoute)
Q = Annotated[str | None, Query()]
Moment = Annotated[str | None, Query(description="YYYY-MM-DD or an ISO 8601 date-time (UTC when it has no offset)")]
FormId = Annotated[str, Path(description="The application form id: an `id` from GET /applicants")]


async def _list_query(limit: Annotated[str | None, Query(description="1 to 1000 (default 100)")] = None,
                      offset: Annotated[str | None, Query(description="Items to skip (default 0)")] = None,
                      updated_after: Moment = None, updated_before: Moment = None, job_id: Q = None,
                      team_id: Q = None, state: Annotated[str | None, Query(
                          description="An applicant_state or applicant_state_id; an unknown one matches nothing")]
                      = None, query: Annotated[str | None, Query(
                          description="Part of the applicant's name, e-mail address or phone number")] = None,
                      ) -> Callable[[], tuple[ApplicantFilter, PageWindow]]:
    """The query, parsed when called: after authentication, so a caller without a valid key only gets 403."""
    values = {"limit": limit, "offset": offset, "updated_after": updated_after, "updated_before": updated_before,
              "job_id": job_id, "team_id": team_id, "state": state, "query": query}
    return lambda: body.list_query(values)


ListQuery = Annotated[Callable[[], tuple[ApplicantFilter, PageWindow]], Depends(_list_query)]


@router.get("/applicants", summary="List applicants", responses=docs.LIST)
async def list_applicants(request: Request, params: ListQuery,
                          principal: Principal = apploi_key("applicants.list")) -> Response:
    """The organization's applications, by id; each item's `id` is the application form id."""
    filters, window = params()
    page = await core_of(request).call(lambda s, _now: applicant_service.list(
        s, org_id=principal.organization_id, filters=filters, window=window))
    return json_response(orjson.dumps(render.applicants(page, window)))


@router.put("/applicants/{application_form_id}/interviews", summary="Schedule an interview",
            responses=docs.SCHEDULE, openapi_extra=docs.SCHEDULE_BODY)
async def schedule_interview(request: Request, application_form_id: FormId,
                             principal: Principal = apploi_key("interviews.schedule")) -> Response:
    """Schedule an interview for an application; the key's acting user organizes it. Double booking: 409."""
    actor, application_id = acting_user(principal), body.application_form_id(application_form_id)
    ask = body.interview_request(await json_object(request, core_of(request).settings.max_body_bytes))
    booking = await core_of(request).call(lambda s, now: applicant_service.schedule_interview(
        s, org_id=principal.organization_id, actor_id=actor, application_id=application_id, source="apploi",
        now=now, **ask.arguments()), write=True)
    return json_response(orjson.dumps(render.interview(booking.interview, ask.team_id)))
