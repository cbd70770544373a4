"""check_interviewers_availability over HTTP: bookings from every face and people's own calendars are busy time."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from mcp.client.session import ClientSession

from interviewd.core.model import User
from interviewd.core.store.uow import Database
from tests.faces.mcp.support import call, monday
from tests.support.factories import World
from tests.support.receivers import FeedServer, make_calendar, radicale

pytestmark = pytest.mark.anyio


def event(uid: str, start: datetime, minutes: int) -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
            f"DTSTAMP:{start:{fmt}}\r\nDTSTART:{start:{fmt}}\r\nDTEND:{start + timedelta(minutes=minutes):{fmt}}\r\n"
            f"SUMMARY:Busy elsewhere\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def configure(db: Database, user_id: int, **fields: Any) -> None:
    def write(session: Any) -> None:
        row = session.get(User, user_id)
        for name, value in fields.items():
            setattr(row, name, value)

    db.run(write, write=True)


async def kim_slots(agent: ClientSession, world: World, day: datetime) -> tuple[list[str], list[str]]:
    err, got = await call(agent, "check_interviewers_availability", interviewer_ids=[world.interviewers[2]],
                          start_time=day.replace(hour=9).isoformat(), end_time=day.replace(hour=12).isoformat(),
                          duration_minutes=60, timezone="UTC", interview_kind="panel")
    assert not err, got
    return [s["start_time"][11:16] for s in got["slots"]], got["warnings"]


@pytest.fixture(scope="module")
def caldav_server() -> Iterator[str]:
    with radicale() as url:
        yield url


class TestExternalCalendars:
    async def test_an_ics_feed_is_busy_time(self, agent: ClientSession, world: World, db: Database) -> None:
        day = monday(weeks=14)
        with FeedServer(event("feed@test", day.replace(hour=10), 60)).running() as feed:
            configure(db, world.interviewers[2], calendar_feed_url=feed.url)
            slots, warnings = await kim_slots(agent, world, day)
        assert warnings == []
        assert slots == ["09:00", "11:00"]

    async def test_a_caldav_calendar_is_busy_time(self, agent: ClientSession, world: World, db: Database,
                                                  caldav_server: str) -> None:
        user = f"kim-{uuid.uuid4().hex[:10]}"
        collection = make_calendar(caldav_server, user)
        day = monday(weeks=15)
        put = httpx.put(collection + "external.ics", content=event("ext@test", day.replace(hour=9, minute=30), 30),
                        auth=(user, "secret"), headers={"Content-Type": "text/calendar"})
        assert put.status_code in (201, 204)
        configure(db, world.interviewers[2], caldav_url=collection, caldav_username=user, caldav_password="secret")
        slots, warnings = await kim_slots(agent, world, day)
        assert warnings == [] and slots == ["10:00", "10:15", "10:30", "10:45", "11:00"]

    async def test_an_unreadable_calendar_is_reported(self, agent: ClientSession, world: World,
                                                      db: Database) -> None:
        configure(db, world.interviewers[2], calendar_feed_url="http://127.0.0.1:9/nothing.ics")
        slots, warnings = await kim_slots(agent, world, monday(weeks=16))
        assert len(slots) == 9 and "could not be read" in warnings[0]

    async def test_bookings_from_other_faces_are_busy(self, agent: ClientSession, world: World,
                                                      harvest: httpx.Client) -> None:
        day = monday(weeks=17)
        booked = harvest.post("/v2/scheduled_interviews", headers={"On-Behalf-Of": str(world.admin)}, json={
            "application_id": world.applications["active"], "interview_id": world.activities[0],
            "interviewers": [{"user_id": world.interviewers[2], "response_status": "accepted"}],
            "start": day.replace(hour=9).isoformat(), "end": day.replace(hour=10).isoformat(),
            "external_event_id": f"busy-{uuid.uuid4().hex}"})
        assert booked.status_code == 201, booked.text
        slots, _ = await kim_slots(agent, world, day)
        assert slots[0] == "10:00"
