"""Read models the core hands to faces: plain data, no ORM, no HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(slots=True)
class UserRef:
    """The reduced user that interviews embed (organizer, interviewers)."""

    id: int
    uuid: str
    first_name: str
    last_name: str
    employee_id: str | None
    email: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(slots=True)
class InterviewerView:
    user: UserRef | None
    email: str
    response_status: str
    scorecard_id: int | None


@dataclass(slots=True)
class InterviewView:
    """A scheduled interview as every face reads it; ``status`` is derived at ``now``."""

    id: int
    uuid: str
    organization_id: int
    application_id: int
    application_uuid: str
    application_status: str
    job_id: int
    candidate_id: int
    activity_id: int | None
    stage_id: int | None
    name: str
    external_event_id: str | None
    all_day: bool
    start_at: datetime
    end_at: datetime
    start_date: date | None
    end_date: date | None
    time_zone: str
    location: str | None
    location_kind: str | None
    office_id: int | None
    video_conferencing_url: str | None
    conference_host_id: int | None
    kind: str
    source: str
    status: str
    created_at: datetime
    updated_at: datetime
    cancelled_at: datetime | None
    deleted_at: datetime | None
    organizer: UserRef | None
    interviewers: list[InterviewerView] = field(default_factory=list)


@dataclass(slots=True)
class Conflict:
    """An interviewer already booked in another interview that overlaps the proposed time."""

    user_id: int | None
    email: str
    interview_id: int
    start_at: datetime
    end_at: datetime


@dataclass(slots=True)
class Page(Generic[T]):
    """One page of a list: its items, whether more follow, the seek key after the last, the total if asked."""

    items: list[T]
    has_more: bool
    next_key: tuple[Any, ...] | None
    total: int | None = None


@dataclass(slots=True)
class UserView:
    id: int
    uuid: str
    first_name: str
    last_name: str
    email: str
    employee_id: str | None
    time_zone: str
    working_hours: dict[str, Any]
    active: bool
    site_admin: bool
    can_interview: bool
    permissions: list[str]
    created_at: datetime
    updated_at: datetime
    office_ids: list[int] = field(default_factory=list)
    team_ids: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(slots=True)
class CandidateView:
    id: int
    uuid: str
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True)
class ApplicationView:
    id: int
    uuid: str
    candidate_id: int
    job_id: int
    job_name: str
    status: str
    current_stage_id: int | None
    current_stage_name: str | None
    source: str | None
    credited_to_user_id: int | None
    applied_at: datetime
    rejected_at: datetime | None
    hired_at: datetime | None
    last_activity_at: datetime
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True)
class ActivityView:
    id: int
    uuid: str
    stage_id: int
    name: str
    schedulable: bool
    duration_minutes: int
    kind: str
    location_kind: str
    location: str | None
    office_id: int | None
    scorecard_template_id: int | None
    kit_content: str | None
    kit_questions: list[str]
    default_interviewers: list[UserRef]


@dataclass(slots=True)
class StageView:
    id: int
    uuid: str
    job_id: int
    name: str
    priority: int
    active: bool
    created_at: datetime
    updated_at: datetime
    activities: list[ActivityView]


@dataclass(slots=True)
class OfficeView:
    id: int
    uuid: str
    name: str
    location: str | None
    time_zone: str
    external_id: str | None
    parent_id: int | None
    primary_contact_user_id: int | None
    child_ids: list[int]
