"""Custom fields: an organization defines them per kind of object; interviews carry values by ``key``."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from interviewd.core.model import CustomField, ScheduledInterview
from interviewd.core.store import custom_fields as repo
from interviewd.core.store import interviews as interview_repo
from interviewd.core.store import outbox, records
from interviewd.core.views import CustomFieldView, InterviewView
from interviewd.errors import Conflict, Invalid, NotFound, Problems

OBJECT_TYPES = ("scheduled_interview",)
VALUE_TYPES = ("short_text", "long_text", "number", "boolean", "date", "url", "single_select", "multi_select")
SELECTS = ("single_select", "multi_select")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,99}$")


def _view(row: CustomField) -> CustomFieldView:
    return CustomFieldView(row.id, str(row.uuid), row.object_type, row.key, row.name, row.value_type,
                           list(row.options or []))


def _text(limit: int) -> Callable[[Any, list[str]], str | None]:
    def check(value: Any, _options: list[str]) -> str | None:
        if not isinstance(value, str):
            return "must be a string"
        return f"must be at most {limit} characters" if len(value) > limit else None

    return check


def _number(value: Any, _options: list[str]) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return "must be a number"
    return None


def _boolean(value: Any, _options: list[str]) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _date(value: Any, _options: list[str]) -> str | None:
    if isinstance(value, str) and len(value) == 10:
        try:
            date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return "must be a date such as 2024-05-01"


def _url(value: Any, _options: list[str]) -> str | None:
    if not isinstance(value, str) or not re.match(r"^https?://\S+$", value) or len(value) > 2000:
        return "must be an http(s) URL of at most 2000 characters"
    return None


def _single(value: Any, options: list[str]) -> str | None:
    return None if isinstance(value, str) and value in options else f"must be one of: {', '.join(options)}"


def _multi(value: Any, options: list[str]) -> str | None:
    if (not isinstance(value, list) or len(set(map(str, value))) != len(value)
            or not all(isinstance(v, str) and v in options for v in value)):
        return f"must be a list of distinct values among: {', '.join(options)}"
    return None


CHECKS: dict[str, Callable[[Any, list[str]], str | None]] = {
    "short_text": _text(255), "long_text": _text(10_000), "number": _number, "boolean": _boolean, "date": _date,
    "url": _url, "single_select": _single, "multi_select": _multi,
}


class CustomFieldService:
    """Definitions of custom fields, and their values on interviews."""

    def define(self, session: Session, *, org_id: int, key: str, name: str, value_type: str, now: datetime,
               options: list[str] | None = None, object_type: str = "scheduled_interview") -> CustomFieldView:
        """Define a custom field; ``options`` are the choices of a single or multi select."""
        problems = Problems()
        if object_type not in OBJECT_TYPES:
            problems.add("object_type", f"object_type must be one of: {', '.join(OBJECT_TYPES)}")
        if not isinstance(key, str) or not _KEY.match(key):
            problems.add("key", "key must start with a lower-case letter and hold only a-z, 0-9 and _ (at most 100)")
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            problems.add("name", "name must be a non-blank string of at most 200 characters")
        if value_type not in VALUE_TYPES:
            problems.add("value_type", f"value_type must be one of: {', '.join(VALUE_TYPES)}")
        options = list(options or [])
        if value_type in SELECTS and (not options or len(set(options)) != len(options)
                                      or not all(isinstance(o, str) and o for o in options)):
            problems.add("options", "a select needs a list of distinct, non-empty strings as options")
        if value_type not in SELECTS and options:
            problems.add("options", "only single_select and multi_select fields take options")
        problems.raise_if_any()
        if repo.key_taken(session, org_id, object_type, key):
            raise Conflict(f"A custom field with key {key!r} already exists on {object_type}", field="key")
        row = CustomField(organization_id=org_id, object_type=object_type, key=key, name=name.strip(),
                          value_type=value_type, options=options, created_at=now, updated_at=now)
        session.add(row)
        session.flush()
        return _view(row)

    def list(self, session: Session, *, org_id: int, object_type: str = "scheduled_interview") -> list[CustomFieldView]:
        """The organization's custom fields on ``object_type``."""
        return [_view(row) for row in repo.definitions(session, org_id, object_type)]

    def validate(self, session: Session, *, org_id: int, values: dict[str, Any],
                 object_type: str = "scheduled_interview") -> dict[str, Any]:
        """``values`` checked against the definitions (None clears a value); problems name ``custom_fields.<key>``."""
        defined = {row.key: row for row in repo.definitions(session, org_id, object_type)}
        problems = Problems()
        for key, value in values.items():
            where = f"custom_fields.{key}"
            row = defined.get(key)
            if row is None:
                known = ", ".join(defined) or "none are defined"
                problems.add(where, f"{where}: no custom field with this key (known keys: {known})")
            elif value is not None and (reason := CHECKS[row.value_type](value, list(row.options or []))):
                problems.add(where, f"{where} ({row.value_type}) {reason}; got {value!r}")
        problems.raise_if_any()
        return dict(values)

    def set_values(self, session: Session, *, org_id: int, interview_id: int, values: dict[str, Any],
                   now: datetime, source: str) -> InterviewView:
        """Set (or, with None, clear) custom field values on an interview."""
        interview = records.get(session, ScheduledInterview, org_id, interview_id)
        if interview is None or interview.deleted_at is not None or interview.cancelled_at is not None:
            raise NotFound(f"Scheduled interview {interview_id} does not exist")
        self.store(session, interview=interview, values=self.validate(session, org_id=org_id, values=values))
        interview.updated_at = now
        session.flush()
        outbox.emit(session, org_id=org_id, topic="interview.updated", aggregate_id=interview.id,
                    payload={"interview_id": interview.id, "sequence": interview.sequence, "source": source}, now=now)
        view = interview_repo.get(session, org_id, interview_id, now)
        if view is None:  # pragma: no cover - read in the same transaction
            raise Invalid(f"Scheduled interview {interview_id} vanished")
        return view

    @staticmethod
    def store(session: Session, *, interview: ScheduledInterview, values: dict[str, Any]) -> None:
        """Write already validated values (a new dict, so the change is seen)."""
        interview.custom_fields = repo.merged(interview.custom_fields, values)
        session.flush()


custom_field_service = CustomFieldService()
