"""OpenAPI descriptions of Merge's bodies: the routes return pre-serialized bytes, these document them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


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


def _json(model: Any, description: str) -> dict[str, Any]:
    return {"model": model, "description": description}


ERRORS: dict[int | str, dict[str, Any]] = {
    400: _json(Detail, "A query parameter or the body cannot be used; the detail names it"),
    401: _json(Detail, "Missing or invalid API key or X-Account-Token"),
    404: _json(Detail, "No such object in this organization"),
    429: _json(Detail, "Rate limit exceeded; see Retry-After"),
}
INTERVIEW_LIST: dict[int | str, dict[str, Any]] = {200: _json(PaginatedScheduledInterviewList, "A page"), **ERRORS}
INTERVIEW: dict[int | str, dict[str, Any]] = {200: _json(ScheduledInterview, "A ScheduledInterview"), **ERRORS}
CREATED: dict[int | str, dict[str, Any]] = {
    201: _json(ScheduledInterviewResponse, "Created; scheduling conflicts are warnings"), **ERRORS,
    400: _json(WriteErrors, "Nothing was created: errors (and warnings) point at the fields to fix"),
    403: _json(Detail, "The acting user may not manage the application"),
}
META: dict[int | str, dict[str, Any]] = {200: _json(MetaResponse, "The JSON schema of a POST body"), **ERRORS}
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
