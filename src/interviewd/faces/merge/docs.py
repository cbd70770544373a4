"""OpenAPI descriptions of Merge's bodies: the routes return pre-serialized bytes, these document them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from interviewd.faces._http.docs import documented


class Detail(BaseModel):
    detail: str


class RemoteData(BaseModel):
    path: str
    data: Any


class ScheduledInterview(BaseModel):
    id: str
    remote_id: str
    created_at: str
    modified_at: str
    application: str | dict[str, Any] | None
    job_interview_stage: str | dict[str, Any] | None
    organizer: str | dict[str, Any] | None
    interviewers: list[str | dict[str, Any]]
    location: str | None
    start_at: str
    end_at: str
    remote_created_at: str
    remote_updated_at: str
    status: str
    remote_was_deleted: bool
    field_mappings: dict[str, Any] | None
    remote_data: list[RemoteData] | None


class PaginatedScheduledInterviewList(BaseModel):
    next: str | None
    previous: str | None
    results: list[ScheduledInterview]


class Source(BaseModel):
    pointer: str


class Problem(BaseModel):
    source: Source | None = None
    title: str
    detail: str
    problem_type: str


class LogSummary(BaseModel):
    url: str
    method: str
    status_code: int


class DebugModeLog(BaseModel):
    log_id: str
    dashboard_view: str
    log_summary: LogSummary


class ScheduledInterviewResponse(BaseModel):
    model: ScheduledInterview
    warnings: list[Problem]
    errors: list[Problem]
    logs: list[DebugModeLog] | None = None


class WriteErrors(BaseModel):
    warnings: list[Problem]
    errors: list[Problem]


class LinkedAccountStatus(BaseModel):
    linked_account_status: str
    can_make_request: bool


class MetaResponse(BaseModel):
    request_schema: dict[str, Any]
    remote_field_classes: dict[str, Any]
    status: LinkedAccountStatus
    has_conditional_params: bool
    has_required_linked_account_params: bool



ERRORS: dict[int | str, dict[str, Any]] = {
    400: documented(Detail, "A query parameter or the body cannot be used; the detail names it"),
    401: documented(Detail, "Missing or invalid API key or X-Account-Token"),
    404: documented(Detail, "No such object in this organization"),
    429: documented(Detail, "Rate limit exceeded; see Retry-After"),
}
INTERVIEW_LIST: dict[int | str, dict[str, Any]] = {200: documented(PaginatedScheduledInterviewList, "A page"), **ERRORS}
INTERVIEW: dict[int | str, dict[str, Any]] = {200: documented(ScheduledInterview, "A ScheduledInterview"), **ERRORS}
CREATED: dict[int | str, dict[str, Any]] = {
    201: documented(ScheduledInterviewResponse, "Created; scheduling conflicts are warnings"), **ERRORS,
    400: documented(WriteErrors | Detail, "Nothing was created: errors (and warnings) point at the fields to fix; "
                    "a body that is not a JSON object, or a query parameter that cannot be used, is named in detail"),
    403: documented(Detail, "The acting user may not manage the application"),
    413: documented(Detail, "The body is too large"),
    415: documented(Detail, "The body is not JSON"),
}
META: dict[int | str, dict[str, Any]] = {200: documented(MetaResponse, "The JSON schema of a POST body"), **ERRORS}
CREATE_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["model", "remote_user_id"],
    "properties": {"model": {"type": "object", "description": "See GET /ats/v1/interviews/meta/post"},
                   "remote_user_id": {"type": "string"}}}}}}}


def pages_of(description: str) -> dict[int | str, dict[str, Any]]:
    """A 200 documented as Merge's list envelope of objects."""
    return {200: {"description": description, "content": {"application/json": {"schema": {
        "type": "object", "properties": {"next": {"type": "string", "nullable": True},
                                         "previous": {"type": "string", "nullable": True},
                                         "results": {"type": "array", "items": {"type": "object"}}}}}}},
            **ERRORS}


def one(description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": description, "content": {"application/json": {"schema": {"type": "object"}}}},
            **ERRORS}


# Query parameters (the routes read them from the query string themselves, strictly, so they are declared here).
def _q(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


_BOOL = {"type": "boolean"}
_TS = {"type": "string", "format": "date-time"}
_UUID = {"type": "string", "format": "uuid"}


def detail_params(expandable: Any, enums: tuple[str, ...]) -> list[dict[str, Any]]:
    """What a retrieve (and a list) takes besides filters: expansions, remote data, enum origins."""
    out = [_q("include_remote_data", _BOOL, "Add the record as the remote system holds it"),
           _q("include_shell_data", _BOOL, "Accepted; there are no shell records here")]
    if expandable:
        out.append(_q("expand", {"type": "string", "enum": list(expandable)},
                      "Relations to expand in place of their ids, comma-separated"))
    if enums:
        out += [_q(name, {"type": "string", "enum": list(enums)}, "Enum fields to show as the remote system has them")
                for name in ("remote_fields", "show_enum_origins")]
    return out


def list_params(expandable: Any, enums: tuple[str, ...], filters: dict[str, str]) -> dict[str, Any]:
    """``openapi_extra`` of a list route: paging, time windows, deleted data, the detail options, its filters."""
    common = [_q("created_after", _TS, "Created at or after"), _q("created_before", _TS, "Created before"),
              _q("modified_after", _TS, "Modified at or after"), _q("modified_before", _TS, "Modified before"),
              _q("page_size", {"type": "integer", "minimum": 1, "maximum": 999_999_999_999},
                 "Results per page (at most 100 are returned)"),
              _q("cursor", {"type": "string"}, "The next or previous cursor of an earlier page"),
              _q("remote_id", {"type": "string"}, "Only the object with this remote id"),
              _q("include_deleted_data", _BOOL, "Include deleted records")]
    own = [_q(name, {"type": "string", "format": "email"} if kind == "email" else _UUID, f"Filter by {name}")
           for name, kind in filters.items()]
    return {"parameters": common + own + detail_params(expandable, enums)}
