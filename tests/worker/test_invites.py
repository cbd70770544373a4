"""Calendar invites at real peers: mail caught by an aiosmtpd sink, events stored in a Radicale calendar."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from interviewd.core.model import EmailTemplate, ScheduledInterview, User
from interviewd.core.services import Changes, interview_service
from interviewd.worker.dispatcher import Dispatcher
from tests.support.factories import World
from tests.support.receivers import make_calendar, radicale
from tests.worker.conftest import Harness

pytestmark = pytest.mark.anyio
UTC = timezone.utc


def invites(messages: list[Any]) -> list[tuple[str, Calendar]]:
    """(recipient, parsed calendar) of every mail, from its text/calendar part."""
    out = []
    for msg in messages:
        part = next(p for p in msg.walk() if p.get_content_type() == "text/calendar")
        assert part.get_param("method") in ("REQUEST", "CANCEL")
        out.append((msg["To"], Calendar.from_ical(part.get_content())))
    return out


def event_of(cal: Calendar) -> Any:
    (event,) = cal.walk("VEVENT")
    return event


class TestEmailInvites:
    async def test_request_to_every_interviewer_and_the_candidate(
            self, harness: Harness, dispatcher: Dispatcher, smtp: tuple[str, list[Any]], world: World) -> None:
        interview = harness.book(world, location="Room 4")
        await harness.drain(dispatcher)
        got = invites(smtp[1])
        recipients = sorted(to for to, _ in got)
        assert len(recipients) == 3 and any("cara.active" in r for r in recipients)
        for _, cal in got:
            assert cal["METHOD"] == "REQUEST"
            event = event_of(cal)
            assert str(event["UID"]) == f"{interview.uuid}@interviewd"
            assert int(event["SEQUENCE"]) == 0
            assert event.decoded("DTSTART") == interview.start_at
            assert event["DTSTART"].params["TZID"] == "America/New_York"
            assert "America/New_York" in [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
            assert str(event["LOCATION"]) == "Room 4"
            assert str(event["ORGANIZER"]).startswith("mailto:ada.admin")
            partstats = sorted(a.params["PARTSTAT"] for a in event.get("ATTENDEE"))
            assert partstats == ["ACCEPTED", "ACCEPTED", "NEEDS-ACTION"]

    async def test_change_raises_sequence_and_delete_cancels(
            self, harness: Harness, dispatcher: Dispatcher, smtp: tuple[str, list[Any]], world: World) -> None:
        interview = harness.book(world, users=[world.interviewers[0]])
        moved = interview.start_at + timedelta(hours=2)
        harness.db.run(lambda s: interview_service.update(
            s, org_id=world.org_id, interview_id=interview.id, actor_id=world.admin, source="harvest",
            now=harness.clock.now(), changes=Changes(start=moved, end=moved + timedelta(hours=1))), write=True)
        harness.db.run(lambda s: interview_service.delete(
            s, org_id=world.org_id, interview_id=interview.id, actor_id=world.admin, source="harvest",
            now=harness.clock.now()), write=True)
        await harness.drain(dispatcher)
        to_interviewer = [cal for to, cal in invites(smtp[1]) if "ivan.panel" in to]
        assert [c["METHOD"] for c in to_interviewer] == ["REQUEST", "REQUEST", "CANCEL"]
        assert [int(event_of(c)["SEQUENCE"]) for c in to_interviewer] == [0, 1, 2]
        assert len({str(event_of(c)["UID"]) for c in to_interviewer}) == 1
        assert event_of(to_interviewer[1]).decoded("DTSTART") == moved
        assert str(event_of(to_interviewer[2])["STATUS"]) == "CANCELLED"

    async def test_all_day_interviews_are_date_events(
            self, harness: Harness, dispatcher: Dispatcher, smtp: tuple[str, list[Any]], world: World) -> None:
        day = date.today() + timedelta(days=40)
        harness.db.run(lambda s: interview_service.schedule(
            s, org_id=world.org_id, actor_id=world.admin, application_id=world.applications["active"],
            activity_id=None, start=day, end=day + timedelta(days=1), interviewers=[], external_event_id=None,
            source="harvest", now=harness.clock.now()), write=True)
        await harness.drain(dispatcher)
        (_, cal), = invites(smtp[1])
        event = event_of(cal)
        assert event.decoded("DTSTART") == day and not isinstance(event.decoded("DTSTART"), datetime)
        assert event.decoded("DTEND") == day + timedelta(days=1)

    async def test_bodies_come_from_the_chosen_templates(
            self, harness: Harness, dispatcher: Dispatcher, smtp: tuple[str, list[Any]], world: World) -> None:
        def templates(session: Any) -> tuple[int, int]:
            now = harness.clock.now()
            made = [EmailTemplate(organization_id=world.org_id, name=name, audience=aud, subject=subject, body=body,
                                  created_at=now, updated_at=now)
                    for name, aud, subject, body in (
                        ("cand", "candidate", "Your {{interview_name}}",
                         "Hi {{candidate_name}}, see you {{start_time}}"),
                        ("int", "interviewer", "Interview {{candidate_name}}", "Please join, {{recipient_name}}"))]
            session.add_all(made)
            session.flush()
            return made[0].id, made[1].id

        cand, intv = harness.db.run(templates, write=True)
        interview = harness.book(world, users=[world.interviewers[0]])

        def choose(session: Any) -> None:
            row = session.get(ScheduledInterview, interview.id)
            row.candidate_template_id, row.interviewer_template_id = cand, intv

        harness.db.run(choose, write=True)
        await harness.drain(dispatcher)
        by_to = {m["To"]: m for m in smtp[1]}
        candidate = next(m for to, m in by_to.items() if "cara.active" in to)
        interviewer = next(m for to, m in by_to.items() if "ivan.panel" in to)
        assert candidate["Subject"] == "Your Phone Screen interview"
        assert candidate.get_body(("plain",)).get_content().startswith("Hi Cara Active, see you ")
        assert interviewer["Subject"] == "Interview Cara Active"
        assert "Please join, Ivan Panel" in interviewer.get_body(("plain",)).get_content()


@pytest.fixture(scope="module")
def caldav_server() -> Iterator[str]:
    with radicale() as url:
        yield url


class TestCalDav:
    async def test_put_on_create_and_delete_on_cancel(self, harness: Harness, dispatcher: Dispatcher,
                                                      world: World, caldav_server: str) -> None:
        user = f"ivan-{uuid.uuid4().hex[:12]}"
        collection = make_calendar(caldav_server, user)

        def configure(session: Any) -> None:
            row = session.get(User, world.interviewers[0])
            row.caldav_url, row.caldav_username, row.caldav_password = collection, user, "secret"

        harness.db.run(configure, write=True)
        interview = harness.book(world)
        await harness.drain(dispatcher)
        stored = httpx.get(collection.rstrip("/") + "/" + f"{interview.uuid}-at-interviewd.ics",
                           auth=(user, "secret"))
        assert stored.status_code == 200
        cal = Calendar.from_ical(stored.text)
        assert "METHOD" not in cal and event_of(cal).decoded("DTSTART") == interview.start_at
        harness.db.run(lambda s: interview_service.delete(
            s, org_id=world.org_id, interview_id=interview.id, actor_id=world.admin, source="harvest",
            now=harness.clock.now()), write=True)
        await harness.drain(dispatcher)
        gone = httpx.get(collection.rstrip("/") + "/" + f"{interview.uuid}-at-interviewd.ics", auth=(user, "secret"))
        assert gone.status_code == 404


def provisioning_of(harness: Harness, interview_id: int) -> tuple[str, str | None]:
    def read(session: Any) -> tuple[str, str | None]:
        row = session.get(ScheduledInterview, interview_id)
        return row.provisioning_state, row.video_conferencing_url

    return harness.db.run(read)


class TestConferenceLinks:
    async def test_provisioning_mints_a_stable_link_and_finishes(self, harness: Harness, dispatcher: Dispatcher,
                                                                 world: World) -> None:
        interview = harness.book(world, location_kind="google_meet", provision=True, source="mcp")
        assert interview.video_conferencing_url is None
        assert provisioning_of(harness, interview.id) == ("provisioning", None)
        await harness.drain(dispatcher)
        state, url = provisioning_of(harness, interview.id)
        assert state == "provisioned"
        assert url is not None and url.startswith("https://meet.jit.si/interviewd-")
        again = harness.book(world, hours=24 * 31, location_kind="google_meet", provision=True, source="mcp")
        await harness.drain(dispatcher)
        assert provisioning_of(harness, interview.id)[1] == url
        other = provisioning_of(harness, again.id)[1]
        assert other is not None and other != url

    async def test_a_given_link_is_kept(self, harness: Harness, dispatcher: Dispatcher, world: World) -> None:
        interview = harness.book(world, location_kind="zoom", provision=True, source="mcp",
                                 video_conferencing_url="https://zoom.example/j/123")
        await harness.drain(dispatcher)
        assert provisioning_of(harness, interview.id) == ("provisioned", "https://zoom.example/j/123")
