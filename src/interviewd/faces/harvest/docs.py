"""OpenAPI descriptions of Harvest's bodies: the routes return pre-serialized bytes, these document them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from interviewd.core.rules import RESPONSE_STATUSES
from interviewd.core.services.webhooks import DIALECTS
from interviewd.faces._http.docs import documented


class Message(BaseModel):
    message: str


class FieldError(BaseModel):
    message: str
    field: str


class ValidationErrorBody(BaseModel):
    message: str
    errors: list[FieldError]


class ReducedUser(BaseModel):
    id: int
    first_name: str
    last_name: str
    name: str
    employee_id: str | None


class InterviewerOut(BaseModel):
    id: int | None
    employee_id: str | None
    name: str
    email: str
    response_status: str
    scorecard_id: int | None


class Moment(BaseModel):
    date_time: str | None = None
    date: str | None = None


class StepRef(BaseModel):
    id: int | None
    name: str


class ScheduledInterviewOut(BaseModel):
    id: int
    application_id: int
    external_event_id: str | None
    start: Moment
    end: Moment
    location: str | None
    video_conferencing_url: str | None
    status: str
    created_at: str
    updated_at: str
    interview: StepRef
    organizer: ReducedUser | None
    interviewers: list[InterviewerOut]



INTERVIEW: dict[int | str, dict[str, Any]] = {200: documented(ScheduledInterviewOut, "A scheduled interview")}
INTERVIEW_LIST: dict[int | str, dict[str, Any]] = {200: documented(list[ScheduledInterviewOut], "Scheduled interviews")}
ERRORS: dict[int | str, dict[str, Any]] = {
    400: documented(Message, "The body is not a JSON object"),
    401: documented(Message, "Missing or invalid API key"),
    403: documented(Message, "The key lacks the permission, or the user may not act on the record"),
    404: documented(Message, "No such record in this organization"),
    413: documented(Message, "The body is too large"),
    415: documented(Message, "The body is not JSON"),
    422: documented(ValidationErrorBody | Message, "Validation error; each entry names the field to fix (a change the "
               "interview's state does not allow, such as editing one that is not actionable, has a message only)"),
    429: documented(Message, "Rate limit exceeded; see Retry-After"),
}


def list_of(description: str) -> dict[int | str, dict[str, Any]]:
    """A 200 documented as a JSON array (the objects' fields are described in the Harvest docs)."""
    return {200: {"description": description, "content": {"application/json": {"schema": {
        "type": "array", "items": {"type": "object"}}}}}, **ERRORS}


def one(description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": description, "content": {"application/json": {"schema": {"type": "object"}}}},
            **ERRORS}


# Request bodies (the routes read raw JSON, so their schemas are declared here).
_MOMENT = {"type": "string", "description": "ISO-8601 date-time (2031-05-01T13:00:00Z), or a date (2031-05-01) for "
                                            "an all-day interview read in the organizer's time zone"}
_INTERVIEWER = {"type": "object", "required": ["response_status"], "properties": {
    "user_id": {"type": "integer", "description": "A user of the organization"},
    "email": {"type": "string", "format": "email", "description": "A user's address, or (v2) an outside guest"},
    "employee_id": {"type": "string"},
    "response_status": {"type": "string", "enum": list(RESPONSE_STATUSES)}},
    "description": "One of user_id, email or employee_id names the interviewer"}
_WRITABLE = {"start": _MOMENT, "end": _MOMENT,
             "external_event_id": {"type": "string", "maxLength": 255},
             "location": {"type": ["string", "null"], "maxLength": 500},
             "video_conferencing_url": {"type": ["string", "null"], "maxLength": 2000},
             "interviewers": {"type": "array", "items": _INTERVIEWER}}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


CREATE_BODY = _body({"type": "object", "required": ["application_id", "interview_id", "start", "end",
                                                    "external_event_id", "interviewers"],
                     "properties": {"application_id": {"type": "integer"},
                                    "interview_id": {"type": "integer",
                                                     "description": "An interview of the job's stages (job_stages)"},
                                    **_WRITABLE}})
PATCH_BODY = _body({"type": "object", "properties": _WRITABLE,
                    "description": "Only the fields sent change; null clears location and video_conferencing_url"})
WEBHOOK_BODY = _body({"type": "object", "required": ["url", "dialect"], "properties": {
    "url": {"type": "string", "format": "uri"}, "dialect": {"type": "string", "enum": list(DIALECTS)},
    "secret": {"type": "string", "description": "Made up when absent; shown once, in the answer"},
    "events": {"type": "array", "items": {"type": "string"}, "description": "All of the dialect's when absent"}}})
