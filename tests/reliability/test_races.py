"""Races: 100 requests at once booking one interviewer into one slot, for 100 different applications, through
the faces that refuse double booking (Apploi answers 409, the agents' create_interview a tool error). Exactly
one wins, on SQLite and on PostgreSQL; every loser is told which interview holds the slot."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from interviewd.core.model import Application, Candidate
from interviewd.core.store.uow import Database
from tests.conftest import LiveServer
from tests.faces.mcp.test_tools import monday
from tests.reliability.support import Tenant, envelope
from tests.support.factories import T0, World

pytestmark = pytest.mark.anyio
RACERS = 100
DEADLINE = 120  # seconds for the whole race, however slow the machine


def applications(db: Database, world: World, n: int) -> list[int]:
    """``n`` more active applications to the job of ``world``, written in one transaction."""

    def make(s: Any) -> list[int]:
        out = []
        for k in range(n):
            cand = Candidate(organization_id=world.org_id, first_name="Racer", last_name=str(k),
                             email=f"racer.{world.org_id}.{k}@example.org", created_at=T0, updated_at=T0)
            s.add(cand)
            s.flush()
            app = Application(organization_id=world.org_id, candidate_id=cand.id, job_id=world.job, status="active",
                              current_stage_id=world.stages[0], applied_at=T0, last_activity_at=T0, created_at=T0,
                              updated_at=T0)
            s.add(app)
            s.flush()
            out.append(app.id)
        return out

    return db.run(make, write=True)


async def race(base_url: str, headers: dict[str, str],
               send: Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]) -> list[httpx.Response]:
    """Every racer's request, all sent at once."""
    limits = httpx.Limits(max_connections=RACERS, max_keepalive_connections=RACERS)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=DEADLINE, limits=limits) as client:
        return list(await asyncio.wait_for(asyncio.gather(*(send(client, n) for n in range(RACERS))), DEADLINE))


def bookings_of(server: LiveServer, tenant: Tenant, user_id: int) -> list[dict[str, Any]]:
    """The organization's interviews that have ``user_id`` on the panel (through Harvest)."""
    with httpx.Client(base_url=server.url + "/harvest", headers=tenant.headers("harvest"), timeout=30) as harvest:
        r = harvest.get("/v1/scheduled_interviews", params={"per_page": 500})
        assert r.status_code == 200, r.text
        return [i for i in r.json() if user_id in [p["id"] for p in i["interviewers"]]]


async def test_apploi_books_one_interviewer_into_one_slot_once(server: LiveServer, db: Database,
                                                                tenant: Tenant) -> None:
    world = tenant.world
    kim = world.interviewers[2]
    forms = applications(db, world, RACERS)
    slot = {"date": "2031-12-08T15:00:00Z", "duration": "60", "timezone": "UTC", "location": "Virtual",
            "interviewerId": str(kim)}

    async def send(client: httpx.AsyncClient, n: int) -> httpx.Response:
        return await client.put(f"/applicants/{forms[n]}/interviews", json=slot)

    answers = await race(server.url + "/apploi", tenant.headers("apploi"), send)
    statuses = Counter(r.status_code for r in answers)
    assert statuses == {200: 1, 409: RACERS - 1}, statuses
    (won,) = [r.json() for r in answers if r.status_code == 200]
    for lost in (r for r in answers if r.status_code == 409):
        assert envelope("apploi", lost)
        assert [c["interview_id"] for c in lost.json()["conflicts"]] == [won["id"]], lost.text
    booked = [i for i in bookings_of(server, tenant, kim) if i["start"]["date_time"].startswith("2031-12-08T15:00")]
    assert [i["id"] for i in booked] == [won["id"]]


async def test_agents_book_one_interviewer_into_one_slot_once(server: LiveServer, db: Database,
                                                               tenant: Tenant) -> None:
    world = tenant.world
    kim = world.interviewers[2]
    forms = applications(db, world, RACERS)
    start = monday(weeks=12, hour=13)

    async def send(client: httpx.AsyncClient, n: int) -> httpx.Response:
        # stateless streamable HTTP: one JSON-RPC call per request, answered with JSON
        return await client.post("/mcp", json={"jsonrpc": "2.0", "id": n, "method": "tools/call", "params": {
            "name": "create_interview", "arguments": {
                "organizer_id": world.admin, "application_id": forms[n], "start_time": start.isoformat(),
                "duration_minutes": 45, "timezone": "UTC", "kind": "one_on_one", "location": "google_meet",
                "interviewer_ids": [kim]}}})

    headers = {**tenant.headers("mcp"), "Accept": "application/json, text/event-stream"}
    answers = await race(server.url, headers, send)
    assert {r.status_code for r in answers} == {200}, [r.text for r in answers if r.status_code != 200][:3]
    results = [r.json()["result"] for r in answers]
    won = [json.loads(x["content"][0]["text"]) for x in results if not x.get("isError")]
    assert len(won) == 1, f"{len(won)} agents won the slot"
    winner = won[0]["interview"]["id"]
    for lost in (x for x in results if x.get("isError")):
        text = lost["content"][0]["text"]
        assert str(winner) in text and "allow_conflicts" in text, text
    end = (start + timedelta(minutes=45)).isoformat()
    booked = [i for i in bookings_of(server, tenant, kim)
              if i["start"]["date_time"][:16] == start.isoformat()[:16] or i["end"]["date_time"][:16] == end[:16]]
    assert [i["id"] for i in booked] == [winner]
