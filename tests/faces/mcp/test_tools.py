"""The agents' face through the MCP SDK's own client, over streamable HTTP and over stdio."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from interviewd.config import Settings
from interviewd.core.model import ConferenceHost, ScheduledInterview
from interviewd.core.store.uow import Database
from interviewd.worker.runner import build
from tests.conftest import LiveServer
from tests.faces.mcp.support import call, http_session, mcp_key, monday
from tests.support.factories import T0, World, build_world
from tests.worker.conftest import Harness, quiet_outbox

pytestmark = pytest.mark.anyio
UTC = timezone.utc
SEED_REQUIRED = {"organizer_id", "application_id", "start_time", "duration_minutes", "timezone", "kind", "location",
                 "interviewer_ids"}


class TestSurface:
    async def test_tools_and_the_seed_schema(self, agent: ClientSession) -> None:
        tools = {t.name: t for t in (await agent.list_tools()).tools}
        assert set(tools) >= {"create_interview", "get_interview_plan", "check_interviewers_availability",
                              "list_valid_organizers", "list_applications", "list_users", "list_offices",
                              "list_conference_hosts", "list_email_templates", "list_scorecard_templates",
                              "get_interview", "list_interviews", "update_interview", "cancel_interview"}
        schema = tools["create_interview"].input_schema
        assert set(schema["required"]) == SEED_REQUIRED
        assert {"stage_activity_id", "office_id", "host_id", "hackerrank_template_id", "name",
                "calendar_event_visibility", "ai_note_taker_enabled", "ai_scorecard_assist_enabled",
                "interviewer_template_id", "candidate_template_id", "scorecard_template_id"} <= set(
            schema["properties"])
        assert "list_valid_organizers" in tools["create_interview"].description
        assert "stage_activity_id" in tools["get_interview_plan"].description

    async def test_http_needs_the_organization_s_key(self, server: LiveServer, db: Database, world: World) -> None:
        assert httpx.post(server.url + "/mcp", json={}).status_code == 401
        harvest_key = world.keys["harvest"]
        r = httpx.post(server.url + "/mcp", json={}, headers={"Authorization": f"Bearer {harvest_key}"})
        assert r.status_code == 401 and "Bearer" in r.json()["error_description"]


def base_args(world: World, start: datetime, **extra: Any) -> dict[str, Any]:
    return {"organizer_id": world.admin, "application_id": world.applications["active"],
            "start_time": start.isoformat(), "duration_minutes": 45, "timezone": "Europe/Berlin", "kind": "panel",
            "location": "google_meet", "interviewer_ids": world.interviewers[:2], **extra}


class TestWorkflows:
    async def test_plan_driven_booking_is_provisioned_by_the_worker(self, agent: ClientSession, world: World,
                                                                    db: Database) -> None:
        err, plan = await call(agent, "get_interview_plan", job_id=world.job)
        assert not err and [s["name"] for s in plan["stages"]] == ["Phone Screen", "Onsite"]
        activity = plan["stages"][1]["activities"][0]["stage_activity_id"]
        err, free = await call(agent, "check_interviewers_availability", interviewer_ids=world.interviewers[:2],
                               start_time=monday().isoformat(), end_time=(monday() + timedelta(days=1)).isoformat(),
                               duration_minutes=45, timezone="Europe/Berlin", interview_kind="panel")
        assert not err and free["slots"], free
        slot = free["slots"][0]
        # Berlin 09-17 and Kolkata 09-17 overlap 08:00-11:30 UTC; the first slot starts at 09:00 Berlin time.
        assert slot["start_time"].endswith("09:00:00+01:00") or slot["start_time"].endswith("09:00:00+02:00")
        err, made = await call(agent, "create_interview", **base_args(
            world, datetime.fromisoformat(slot["start_time"]), stage_activity_id=activity, scorecard_template_id=1))
        assert not err, made
        interview = made["interview"]
        assert interview["provisioning_state"] == "provisioning" and interview["conference_url"] is None
        assert interview["stage_id"] == world.stages[1] and interview["stage_activity_id"] == activity
        assert any("scorecard_template_id was ignored" in n for n in made["notes"])
        quiet_outbox(db)  # the worker below should handle this booking only
        harness = Harness(db, Settings(database_url="sqlite://", run_worker=False))
        await self._provision(harness, world, interview["id"])
        err, got = await call(agent, "get_interview", interview_id=interview["id"])
        assert got["provisioning_state"] == "provisioned"
        assert got["conference_url"].startswith("https://meet.jit.si/interviewd-")

    @staticmethod
    async def _provision(harness: Harness, world: World, interview_id: int) -> None:
        def reopen(session: Any) -> None:  # quiet_outbox settled the creation event too: queue it again
            from interviewd.core.model import OutboxMessage

            for row in session.query(OutboxMessage).filter(OutboxMessage.aggregate_id == interview_id,
                                                           OutboxMessage.topic == "interview.created"):
                row.status = "pending"

        harness.db.run(reopen, write=True)
        async with httpx.AsyncClient() as client:
            await harness.drain(build(harness.core, client))

    async def test_ad_hoc_booking_then_move_then_cancel(self, agent: ClientSession, world: World) -> None:
        err, organizers = await call(agent, "list_valid_organizers", job_id=world.job)
        assert not err and {u["id"] for u in organizers["items"]} == {world.admin, world.recruiter}
        err, apps = await call(agent, "list_applications", job_id=world.job, status="active")
        assert [a["id"] for a in apps["items"]] == [world.applications["active"]]
        start = monday(weeks=7)
        err, made = await call(agent, "create_interview", **base_args(world, start, organizer_id=world.recruiter))
        assert not err, made
        iid = made["interview"]["id"]
        later = start + timedelta(hours=1)
        err, moved = await call(agent, "update_interview", interview_id=iid, start_time=later.isoformat(),
                                duration_minutes=60)
        assert not err, moved
        assert moved["interview"]["start_time"] == later.isoformat().replace("+00:00", "Z")
        assert moved["interview"]["duration_minutes"] == 60
        err, msg = await call(agent, "update_interview", interview_id=iid, organizer_id=world.admin)
        assert err and "organizer_id cannot be changed" in msg
        err, gone = await call(agent, "cancel_interview", interview_id=iid)
        assert not err and gone["interview"]["status"] == "cancelled"
        err, msg = await call(agent, "cancel_interview", interview_id=iid)
        assert err and "already cancelled" in msg
        err, listed = await call(agent, "list_interviews", application_id=world.applications["active"])
        assert iid not in [i["id"] for i in listed["items"]]


class TestConstraints:
    @pytest.mark.parametrize(("change", "fragment"), [
        ({"start_time": "+09:10"}, "start_time must be on a 15-minute boundary with zero seconds, e.g. 09:00 or 09:15"),
        ({"start_time": "+09:00:30"}, "15-minute boundary"),
        ({"start_time": "past"}, "start_time must be in the future"),
        ({"duration_minutes": 50}, "duration_minutes must be a multiple of 15 between 15 and 1440, e.g. 45"),
        ({"duration_minutes": 1500}, "e.g. 1440"),
        ({"timezone": "Mars/Olympus"}, "timezone must be an IANA time zone name"),
        ({"kind": "one_on_one"}, "one_on_one needs exactly one entry in interviewer_ids"),
        ({"location": "onsite"}, "location onsite needs office_id; find one with list_offices"),
        ({"location": "zoom"}, "location zoom needs host_id"),
        ({"location": "hackerrank"}, "location hackerrank needs hackerrank_template_id"),
        ({"organizer_id": "bystander"}, "cannot organize interviews for job"),
        ({"stage_activity_id": "other"}, "call get_interview_plan with job_id"),
        ({"application_id": 999999}, "application_id 999999 does not exist; use list_applications"),
        ({"interviewer_ids": [999999]}, "999999 is not an active user"),
        ({"office_id": 999999, "location": "onsite"}, "office_id 999999 does not exist"),
    ])
    async def test_each_rule_names_its_field_and_fix(self, agent: ClientSession, world: World, change: dict,
                                                     fragment: str) -> None:
        args = base_args(world, monday(weeks=8))
        for key, value in change.items():
            if value == "+09:10":
                value = monday(weeks=8, hour=9).replace(minute=10).isoformat()
            elif value == "+09:00:30":
                value = monday(weeks=8, hour=9).replace(second=30).isoformat()
            elif value == "past":
                value = (datetime.now(UTC) - timedelta(days=1)).replace(minute=0, second=0, microsecond=0).isoformat()
            elif value == "bystander":
                value = world.bystander
            elif value == "other":
                value = world.other_job_activity
            args[key] = value
        err, message = await call(agent, "create_interview", **args)
        assert err and fragment in message, message

    async def test_zoom_host_must_be_an_interviewer(self, agent: ClientSession, world: World, db: Database) -> None:
        host = db.run(lambda s: _host(s, world), write=True)
        args = base_args(world, monday(weeks=9), location="zoom", host_id=host)
        err, message = await call(agent, "create_interview", **args)
        assert err and f"host_id {host} is user {world.interviewers[2]}, who must also be one of interviewer_ids" in \
            message
        args["interviewer_ids"] = [world.interviewers[0], world.interviewers[2]]
        err, made = await call(agent, "create_interview", **args)
        assert not err, made

    async def test_busy_interviewers_are_refused_unless_allowed(self, agent: ClientSession, world: World) -> None:
        start = monday(weeks=10)
        err, first = await call(agent, "create_interview", **base_args(world, start))
        assert not err
        err, message = await call(agent, "create_interview", **base_args(world, start + timedelta(minutes=30)))
        assert err and f"interview {first['interview']['id']}" in message and "allow_conflicts" in message
        err, made = await call(agent, "create_interview", **base_args(world, start, allow_conflicts=True))
        assert not err and made["conflicts"] and made["conflicts"][0]["interview_id"] == first["interview"]["id"]

    async def test_racing_agents_never_both_win(self, server: LiveServer, db: Database, world: World) -> None:
        key = mcp_key(db, world)
        start = monday(weeks=11)

        async def attempt() -> bool:
            async with http_session(server, key) as session:
                err, _ = await call(session, "create_interview", **base_args(world, start))
                return not err

        outcomes = await asyncio.gather(*(attempt() for _ in range(6)))
        assert sorted(outcomes) == [False] * 5 + [True]

    async def test_another_organization_sees_nothing(self, server: LiveServer, db: Database, world: World,
                                                     agent: ClientSession) -> None:
        err, made = await call(agent, "create_interview", **base_args(world, monday(weeks=12)))
        other = build_world(db)
        async with http_session(server, mcp_key(db, other)) as theirs:
            err, message = await call(theirs, "get_interview", interview_id=made["interview"]["id"])
            assert err and "does not exist" in message
            err, message = await call(theirs, "create_interview", **base_args(world, monday(weeks=12)))
            assert err and "does not exist" in message


def _host(session: Any, world: World) -> int:
    host = ConferenceHost(organization_id=world.org_id, provider="zoom", user_id=world.interviewers[2],
                          name="Kim's Zoom", email="kim.zoom@example.com", created_at=T0, updated_at=T0)
    session.add(host)
    session.flush()
    return host.id


async def test_stdio_serves_the_same_tools(database_url: str, db: Database, world: World) -> None:
    env = {**os.environ, "INTERVIEWD_DATABASE_URL": database_url, "INTERVIEWD_MCP_KEY": mcp_key(db, world)}
    params = StdioServerParameters(command=sys.executable, args=["-m", "interviewd.faces.cli", "mcp"], env=env)
    async with stdio_client(params) as streams, ClientSession(streams[0], streams[1]) as session:
        await session.initialize()
        names = {t.name for t in (await session.list_tools()).tools}
        assert "create_interview" in names
        err, users = await call(session, "list_users")
        assert not err and world.admin in [u["id"] for u in users["items"]]
        err, made = await call(session, "create_interview", **base_args(world, monday(weeks=13)))
        assert not err, made
    stored = db.run(lambda s: s.get(ScheduledInterview, made["interview"]["id"]).source)
    assert stored == "mcp"
