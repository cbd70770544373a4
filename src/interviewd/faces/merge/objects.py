"""The objects interviews point at, each listed and retrieved as Merge serves them: users (RemoteUser),
applications, job interview stages, candidates and jobs. Nothing of these is ever deleted here, so
``include_deleted_data`` changes nothing and ``remote_was_deleted`` is always false."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from interviewd.core.services import Listing, Principal, Refs, catalog_service
from interviewd.faces._http.deps import core_of
from interviewd.faces._unified.params import uuid_value
from interviewd.faces.merge import docs, query, render
from interviewd.faces.merge.common import Draw, MergeKey, one_response, page_response, path_uuid
from interviewd.faces.merge.errors import MergeRoute


@dataclass(frozen=True, slots=True)
class Resource:
    """One Merge common model: its path, what it may expand, its enums, and its own filters."""

    path: str
    kind: str
    model: str
    draw: Draw
    expandable: dict[str, str] = field(default_factory=dict)
    enums: tuple[str, ...] = ()
    filters: dict[str, str] = field(default_factory=dict)  # query parameter -> "email", or a Refs field


RESOURCES = (
    Resource("users", "users", "RemoteUser", render.user, enums=("access_role",), filters={"email": "email"}),
    Resource("applications", "applications", "Application", render.application,
             {"candidate": "candidates", "job": "jobs", "current_stage": "stages", "credited_to": "users"},
             filters={"job_id": "job", "candidate_id": "candidate"}),
    Resource("job-interview-stages", "stages", "JobInterviewStage", render.stage, {"job": "jobs"},
             filters={"job_id": "job"}),
    Resource("candidates", "candidates", "Candidate", render.candidate, {"applications": "applications"}),
    Resource("jobs", "jobs", "Job", render.job, {"hiring_managers": "users", "recruiters": "users"},
             enums=("status",)),
)


def _wanted(q: QueryParams, resource: Resource, listing: query.Listing) -> Listing:
    refs, email = Refs(), None
    for param, target in resource.filters.items():
        if target == "email":
            email = q.get(param)
        else:
            setattr(refs, target, uuid_value(q.get(param), param))
    return Listing(ids=listing.ids, created=listing.created, updated=listing.modified, email=email, refs=refs)


def _routes(router: APIRouter, r: Resource) -> None:
    async def list_objects(request: Request, principal: Principal = MergeKey) -> Response:
        listing = query.listing(request.query_params, expandable=r.expandable, enums=r.enums)
        wanted = _wanted(request.query_params, r, listing)
        load = query.load(listing.detail.expand, r.expandable)
        bundle = await core_of(request).call(lambda s, _now: catalog_service.listing(
            s, org_id=principal.organization_id, kind=r.kind, listing=wanted, window=listing.window, load=load))
        return page_response(bundle, listing, r.draw)

    async def retrieve_object(request: Request, id: str, principal: Principal = MergeKey) -> Response:
        uuid = path_uuid(id)
        detail = query.detail(request.query_params, expandable=r.expandable, enums=r.enums)
        load = query.load(detail.expand, r.expandable)
        bundle = await core_of(request).call(lambda s, _now: catalog_service.one(
            s, org_id=principal.organization_id, kind=r.kind, uuid=uuid, load=load))
        return one_response(bundle, detail, r.draw)

    router.add_api_route(f"/ats/v1/{r.path}", list_objects, methods=["GET"], name=f"merge_list_{r.kind}",
                         summary=f"List {r.model} objects", responses=docs.pages_of(f"A page of {r.model} objects"),
                         description=f"Returns a list of {r.model} objects.",
                         openapi_extra=docs.list_params(r.expandable, r.enums, r.filters))
    router.add_api_route(f"/ats/v1/{r.path}/{{id}}", retrieve_object, methods=["GET"], name=f"merge_get_{r.kind}",
                         summary=f"Retrieve one {r.model}", responses=docs.one(f"One {r.model}"),
                         description=f"Returns a {r.model} object with the given id.",
                         openapi_extra={"parameters": docs.detail_params(r.expandable, r.enums)})


def router() -> APIRouter:
    """The list and retrieve routes of every resource."""
    out = APIRouter(route_class=MergeRoute)
    for resource in RESOURCES:
        _routes(out, resource)
    return out

