"""OpenAPI descriptions of Bindbee's bodies: the routes return pre-serialized bytes, these document them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from interviewd.faces._http.docs import documented


class Detail(BaseModel):
    detail: str


class ValidationItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class HTTPValidationError(BaseModel):
    detail: list[ValidationItem]


class AtsScheduledInterview(BaseModel):
    id: str
    remote_id: str | None
    modified_at: str
    custom_fields: dict[str, Any] | None
    application: Any
    job_interview_stage: Any
    organizer: Any
    interviewers: list[Any] | None
    location: str | None
    start_at: str | None
    end_at: str | None
    remote_created_at: str | None
    remote_updated_at: str | None
    status: str | None
    raw_data: dict[str, Any] | None = None


class PaginatedResponse(BaseModel):
    cursor: str | None
    page_size: int
    items: list[AtsScheduledInterview]



ERRORS: dict[int | str, dict[str, Any]] = {
    401: documented(Detail, "Missing or invalid bearer token or x-connector-token"),
    422: documented(HTTPValidationError, "A parameter cannot be used; loc names it"),
    429: documented(Detail, "Rate limit exceeded; see Retry-After"),
}
LIST: dict[int | str, dict[str, Any]] = {200: documented(PaginatedResponse, "Successful Response"), **ERRORS}
ONE: dict[int | str, dict[str, Any]] = {200: documented(AtsScheduledInterview, "Successful Response"), **ERRORS,
                                        404: documented(Detail, "No such scheduled interview")}


def _q(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


# Query parameters (the routes read them from the query string themselves, strictly, so they are declared here).
SHOWN = [_q("expand", {"type": "string", "enum": ["application", "job_interview_stage", "organizer", "interviewers"]},
            "Relations to expand, comma-separated; fields may be picked: organizer[first_name,email]"),
         _q("include_custom_fields", {"type": "boolean"}, "Fill custom_fields"),
         _q("include_raw_data", {"type": "boolean"}, "Add the interview as the source system shows it")]
LIST_PARAMS = {"parameters": [
    _q("page_size", {"type": "integer", "minimum": 1, "maximum": 100}, "Items per page (default 50)"),
    _q("cursor", {"type": "string"}, "The cursor of the previous page"),
    _q("modified_after", {"type": "string", "format": "date-time"}, "Modified at or after; orders by modification"),
    _q("remote_id", {"type": "string"}, "Only the interview with this remote id"), *SHOWN]}
ONE_PARAMS = {"parameters": SHOWN}
