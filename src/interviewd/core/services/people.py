"""A person's scheduling settings: time zone, working hours, date overrides, and their own calendars."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlparse

from sqlalchemy.orm import Session

from interviewd.core import rules
from interviewd.core.availability import DAYS
from interviewd.core.model import User
from interviewd.core.store import records
from interviewd.errors import Invalid, NotFound, Problems

_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")


def _hours(problems: Problems, where: str, value: Any) -> None:
    if not isinstance(value, list) or not all(
            isinstance(r, list) and len(r) == 2 and all(isinstance(t, str) and _CLOCK.match(t) for t in r)
            and r[0] < r[1] for r in value):
        problems.add(where, f'{where} must be a list of ["HH:MM", "HH:MM"] ranges, each start before its end')


def _url(problems: Problems, name: str, value: str | None) -> None:
    if value and urlparse(value).scheme not in ("http", "https", "webcal"):
        problems.add(name, f"{name} must be an http(s) or webcal URL; got {value!r}")


class PeopleService:
    """Settings that decide when someone can interview and where their invites go."""

    def configure(self, session: Session, *, org_id: int, user_id: int, now: datetime,
                  settings: dict[str, Any]) -> dict[str, Any]:
        """Change the given settings of a user; returns them all as they now are."""
        user = records.get(session, User, org_id, user_id)
        if user is None:
            raise NotFound(f"User {user_id} does not exist in organization {org_id}")
        problems = Problems()
        if "time_zone" in settings:
            try:
                rules.zone(settings["time_zone"], field="time_zone")
            except Invalid as exc:
                problems.add("time_zone", exc.message)
        for day, ranges in (settings.get("working_hours") or {}).items():
            if day not in DAYS:
                problems.add("working_hours", f"working_hours keys are {', '.join(DAYS)}; got {day!r}")
            else:
                _hours(problems, f"working_hours.{day}", ranges)
        for day, ranges in (settings.get("availability_overrides") or {}).items():
            try:
                date.fromisoformat(day)
            except ValueError:
                problems.add("availability_overrides", f"override keys are dates (YYYY-MM-DD); got {day!r}")
            _hours(problems, f"availability_overrides.{day}", ranges)
        for name in ("caldav_url", "calendar_feed_url"):
            _url(problems, name, settings.get(name))
        problems.raise_if_any()
        for name in ("time_zone", "working_hours", "availability_overrides", "caldav_url", "caldav_username",
                     "caldav_password", "calendar_feed_url"):
            if name in settings:
                setattr(user, name, settings[name])
        user.updated_at = now
        session.flush()
        return {"id": user.id, "email": user.email, "time_zone": user.time_zone, "working_hours": user.working_hours,
                "availability_overrides": user.availability_overrides, "caldav_url": user.caldav_url,
                "caldav_username": user.caldav_username, "calendar_feed_url": user.calendar_feed_url}


people_service = PeopleService()
