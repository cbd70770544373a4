"""Read models the core hands to faces: plain data, no ORM, no HTTP."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from interviewd.core import lifecycle

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
    name: str = field(init=False, compare=False)  # computed once: a 100-row page renders it hundreds of times

    def __post_init__(self) -> None:
        self.name = f"{self.first_name} {self.last_name}".strip()


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
    stage_uuid: str | None = None
    feedback_complete: bool = False
    custom_fields: dict[str, Any] = field(default_factory=dict)

    @property
    def removed(self) -> bool:
        """Cancelled or deleted: gone from the calendar, kept in the store."""
        return self.cancelled_at is not None or self.deleted_at is not None

    @property
    def last_live_status(self) -> str:
        """The status it showed while on the calendar: for a removed interview, its status when removed."""
        removed_at = self.cancelled_at or self.deleted_at
        if removed_at is None:
            return self.status
        return lifecycle.status_of(end_at=self.end_at, feedback_complete=self.feedback_complete, cancelled=False,
                                   now=removed_at)


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
    """One page of a list: its items, whether more follow, the seek key after the last, the total if asked.

    ``first_key`` and ``last_key`` are the seek keys of the first and last items (None when empty): a
    backward page (``PageWindow.before``) continues before ``first_key``, and ``has_more`` then says
    whether anything lies there.
    """

    items: list[T]
    has_more: bool
    next_key: tuple[Any, ...] | None
    total: int | None = None
    first_key: tuple[Any, ...] | None = None
    last_key: tuple[Any, ...] | None = None


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
    application_ids: list[int] = field(default_factory=list)
    application_uuids: list[str] = field(default_factory=list)
    last_activity_at: datetime | None = None


@dataclass(slots=True)
class JobView:
    id: int
    uuid: str
    name: str
    status: str
    requisition_id: str | None
    office_id: int | None
    office_uuid: str | None
    created_at: datetime
    updated_at: datetime
    hiring_managers: list[UserRef] = field(default_factory=list)
    recruiters: list[UserRef] = field(default_factory=list)
    coordinators: list[UserRef] = field(default_factory=list)


@dataclass(slots=True)
class CustomFieldView:
    """A custom field an organization defined on one kind of object; values are stored by ``key``."""

    id: int
    uuid: str
    object_type: str
    key: str
    name: str
    value_type: str
    options: list[str]


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
    candidate_uuid: str | None = None
    job_uuid: str | None = None
    current_stage_uuid: str | None = None
    credited_to_uuid: str | None = None


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
    job_uuid: str | None = None


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


@dataclass(slots=True)
class ApplicantView:
    """An application with its candidate, job and pipeline state (core/pipeline.py), as list pages show it."""

    id: int
    candidate_id: int
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    job_id: int
    job_name: str
    job_status: str
    team_id: int | None
    state_id: int
    state: str
    applied_at: datetime
    updated_at: datetime


_DATETIMES = ("start_at", "end_at", "created_at", "updated_at", "cancelled_at", "deleted_at")
_DATES = ("start_date", "end_date")


_REF_FIELDS = ("id", "uuid", "first_name", "last_name", "employee_id", "email", "name")


def _ref_data(user: UserRef | None) -> dict[str, Any] | None:
    return None if user is None else {name: getattr(user, name) for name in _REF_FIELDS}


def snapshot(view: InterviewView) -> dict[str, Any]:
    """The interview as plain JSON data (for the outbox), read back by ``from_snapshot``.

    What ``dataclasses.asdict`` would give, built directly: asdict deep-copies every value and cost a
    write about as much as one of its queries.
    """
    data = {f.name: getattr(view, f.name) for f in fields(InterviewView)}
    for name in (*_DATETIMES, *_DATES):
        value = data[name]
        data[name] = value.isoformat() if value is not None else None
    data["organizer"] = _ref_data(view.organizer)
    data["interviewers"] = [{"user": _ref_data(i.user), "email": i.email, "response_status": i.response_status,
                             "scorecard_id": i.scorecard_id} for i in view.interviewers]
    data["custom_fields"] = copy.deepcopy(view.custom_fields)
    return data


def _user_ref(data: dict[str, Any] | None) -> UserRef | None:
    if not data:
        return None
    return UserRef(data["id"], data["uuid"], data["first_name"], data["last_name"], data["employee_id"], data["email"])


def from_snapshot(data: dict[str, Any]) -> InterviewView:
    data = dict(data)
    for name in _DATETIMES:
        data[name] = datetime.fromisoformat(data[name]) if data[name] else None
    for name in _DATES:
        data[name] = date.fromisoformat(data[name]) if data[name] else None
    data["organizer"] = _user_ref(data["organizer"])
    data["interviewers"] = [InterviewerView(_user_ref(i["user"]), i["email"], i["response_status"], i["scorecard_id"])
                            for i in data["interviewers"]]
    return InterviewView(**data)


@dataclass(frozen=True, slots=True)
class CalendarSource:
    """Where one person's own calendar is: an ICS feed URL, or a CalDAV collection (with credentials)."""

    user_id: int
    feed_url: str | None = None
    caldav_url: str | None = None
    username: str | None = None
    password: str | None = None
