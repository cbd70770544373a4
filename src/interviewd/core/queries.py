"""What a face may ask of a list: filters, order and the page window. Plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal


@dataclass(slots=True)
class InterviewFilter:
    """Filters on scheduled interviews; ``*_after`` is inclusive and ``*_before`` exclusive."""

    application_id: int | None = None
    job_id: int | None = None
    stage_id: int | None = None
    organizer_id: int | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    ends_after: datetime | None = None
    ends_before: datetime | None = None
    external_event_id: str | None = None
    ids: list[int] | None = None
    actionable: bool | None = None
    include_cancelled: bool = False
    include_deleted: bool = False


@dataclass(slots=True)
class PageWindow:
    """Which rows to read: ``after`` (a seek key) wins over ``offset``; ``count`` asks for the total.

    ``before`` reads backwards: the ``limit`` rows just before that key (still returned in ascending
    order); the page's ``has_more`` then says whether rows lie before its first item.
    """

    limit: int
    offset: int = 0
    after: tuple[Any, ...] | None = None
    count: bool = False
    order: Literal["id", "updated"] = "id"
    before: tuple[Any, ...] | None = None


@dataclass(slots=True)
class ApplicantFilter:
    """Filters on applications: ``state`` names a pipeline state (core/pipeline.py; an unknown one matches
    nothing), ``query`` a case-insensitive substring of the candidate's name, e-mail address or phone."""

    job_id: int | None = None
    team_id: int | None = None
    state: str | None = None
    query: str | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None
