"""OpenAPI descriptions of the Apploi bodies: the routes read and write raw JSON, these document it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from interviewd.faces._http.docs import documented


class Message(BaseModel):
    message: str


class ApploiFieldError(BaseModel):
    field: str | None
    message: str


class InvalidBody(BaseModel):
    message: str
    field: str | None
    errors: list[ApploiFieldError]


class Booked(BaseModel):
    interview_id: int
    interviewer_email: str
    start: str
    end: str


class ConflictBody(BaseModel):
    message: str
    conflicts: list[Booked]


class Person(BaseModel):
    id: int
    first_name: str
    last_name: str
    email: str | None
    mobile_phone_number: str | None
    home_phone_number: str | None


class JobRef(BaseModel):
    id: int
    name: str
    team_id: int | None
    archived: bool


class Applicant(BaseModel):
    id: int = Field(description="The application form id (the path id of PUT /applicants/{id}/interviews)")
    applicant_id: int
    person: Person
    job_id: int
    job: JobRef
    team_id: int | None
    applicant_state_id: int
    applicant_state: str
    applied_at: str
    updated_at: str


class ApplicantsPage(BaseModel):
    data: list[Applicant]
    total: int
    limit: int
    offset: int
    has_more: bool


class InterviewIn(BaseModel):
    """Either interviewerId, or interviewerTeamId with interviewerEmail. Every value is a string."""

    date: str = Field(description="ISO 8601 with an offset or Z; the wall-clock time is read in `timezone`",
                      examples=["2022-12-05T17:30:00Z"])
    duration: str = Field("60", description="Minutes, as digits (5 to 1440)")
    timezone: str = Field(description="IANA time zone", examples=["America/New_York"])
    location: str = Field("Virtual", description="Any text, up to 500 characters")
    interviewerId: str | None = Field(None, description="User id of the interviewer")  # noqa: N815
    interviewerTeamId: str | None = Field(None, description="Team id of the interviewer")  # noqa: N815
    interviewerEmail: str | None = Field(None, description="E-mail address of a member of that team")  # noqa: N815


class UserOut(BaseModel):
    id: int
    first_name: str
    last_name: str
    email: str


class InterviewOut(BaseModel):
    id: int
    application_form_id: int
    applicant_id: int
    job_id: int
    date: str = Field(description="Start, in `timezone` with its offset, e.g. 2022-12-05T17:30:00-05:00")
    end_date: str
    duration: str
    timezone: str
    location: str | None
    interviewerId: str  # noqa: N815
    interviewerEmail: str  # noqa: N815
    interviewerTeamId: str | None  # noqa: N815
    interviewer: UserOut
    organizer: UserOut
    status: str
    created_at: str
    updated_at: str



ERRORS: dict[int | str, dict[str, Any]] = {
    400: documented(InvalidBody, "A field or parameter is not valid; `errors` names each one"),
    403: documented(Message, "Invalid Token (missing or unknown X-Api-Key), or the key may not do this"),
    404: documented(Message, "Not Found: no such application form in this organization"),
    405: documented(Message, "The method is not allowed on this path"),
    429: documented(Message, "Rate limit exceeded; see Retry-After"),
}
LIST = {200: documented(ApplicantsPage, "A page of applicants"), **ERRORS}
SCHEDULE = {200: documented(InterviewOut, "The scheduled interview"),
            409: documented(ConflictBody, "The interviewer is already booked then"),
            413: documented(Message, "The body is too large"), 415: documented(Message, "The body is not JSON"),
            **ERRORS}
SCHEDULE_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": InterviewIn.model_json_schema(),
    "examples": {
        "interviewerId": {"value": {"date": "2022-12-05T17:30:00Z", "duration": "60", "timezone": "America/New_York",
                                    "location": "Virtual", "interviewerId": "123456"}},
        "team and e-mail": {"value": {"date": "2022-12-05T17:30:00Z", "duration": "60",
                                      "timezone": "America/New_York", "location": "Virtual",
                                      "interviewerEmail": "interviewer@example.com",
                                      "interviewerTeamId": "23567"}}}}}}}
