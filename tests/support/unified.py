"""Clients and helpers for the unified-API faces (Merge, Bindbee) over real HTTP."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.factories import World, iso, later


def merge_client(base_url: str, world: World, **headers: str) -> httpx.Client:
    key, token = world.keys["merge"]
    return httpx.Client(base_url=base_url + "/merge/api", timeout=30,
                        headers={"Authorization": f"Bearer {key}", "X-Account-Token": token, **headers})


def bindbee_client(base_url: str, world: World) -> httpx.Client:
    key, token = world.keys["bindbee"]
    return httpx.Client(base_url=base_url + "/bindbee/api", timeout=30,
                        headers={"Authorization": f"Bearer {key}", "x-connector-token": token})


def harvest_client(base_url: str, world: World) -> httpx.Client:
    return httpx.Client(base_url=base_url + "/harvest", auth=(world.keys["harvest"], ""), timeout=30)


def harvest_post(harvest: httpx.Client, world: World, n: int = 1, **overrides: Any) -> dict[str, Any]:
    """An interview created through Harvest's POST (as the admin): its Harvest rendering."""
    body = {"application_id": world.applications["active"], "interview_id": world.activities[0],
            "interviewers": [{"user_id": world.interviewers[0], "response_status": "accepted"},
                             {"user_id": world.interviewers[1], "response_status": "tentative"}],
            "start": iso(later(hours=n)), "end": iso(later(hours=n + 1)),
            "external_event_id": f"x-{world.org_id}-{n}", "location": "Room 1"}
    body.update(overrides)
    r = harvest.post("/v2/scheduled_interviews", json=body, headers={"On-Behalf-Of": str(world.admin)})
    assert r.status_code == 201, r.text
    created: dict[str, Any] = r.json()
    return created


def ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, (r.status_code, r.text)
    return r.json()


def detail(r: httpx.Response, status: int) -> str:
    """The ``{"detail": "..."}`` body of an error, the only key."""
    body = ok(r, status)
    assert list(body) == ["detail"] and isinstance(body["detail"], str) and body["detail"], body
    return str(body["detail"])
