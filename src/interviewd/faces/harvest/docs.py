"""OpenAPI descriptions of Harvest's bodies: the routes return pre-serialized bytes, these document them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


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


def _json(model: Any, description: str) -> dict[str, Any]:
    return {"model": model, "description": description}


INTERVIEW: dict[int | str, dict[str, Any]] = {200: _json(ScheduledInterviewOut, "A scheduled interview")}
INTERVIEW_LIST: dict[int | str, dict[str, Any]] = {200: _json(list[ScheduledInterviewOut], "Scheduled interviews")}
ERRORS: dict[int | str, dict[str, Any]] = {
    400: _json(Message, "The body is not a JSON object"),
    401: _json(Message, "Missing or invalid API key"),
    403: _json(Message, "The key lacks the permission, or the user may not act on the record"),
    404: _json(Message, "No such record in this organization"),
    413: _json(Message, "The body is too large"),
    415: _json(Message, "The body is not JSON"),
    422: _json(ValidationErrorBody, "Validation error; each entry names the field to fix"),
    429: _json(Message, "Rate limit exceeded; see Retry-After"),
}


def list_of(description: str) -> dict[int | str, dict[str, Any]]:
    """A 200 documented as a JSON array (the objects' fields are described in the Harvest docs)."""
    return {200: {"description": description, "content": {"application/json": {"schema": {
        "type": "array", "items": {"type": "object"}}}}}, **ERRORS}


def one(description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": description, "content": {"application/json": {"schema": {"type": "object"}}}},
            **ERRORS}
