"""The tenancy matrix: every route of every face, walked from the application's own routes (a new route is
covered the day it is added), called by one organization with the ids of another's objects: 404 in the face's
dialect, empty lists for filters that name them, and never a byte of the other organization's data. Credentials
of another face are refused everywhere; the agents' tools cannot reach another organization either."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from interviewd.core.model import ScheduledInterview
from interviewd.core.store.uow import Database
from tests.conftest import LiveServer
from tests.faces.mcp.test_tools import http_session, monday
from tests.reliability.support import (
    ADDRESSING,
    PREFIXES,
    REST_FACES,
    Tenant,
    basic,
    envelope,
    face_routes,
    fill,
    items_of,
    path_params,
)
from tests.support.factories import iso, later

# How each face refuses credentials it does not accept.
REFUSAL = {"harvest": 401, "merge": 401, "bindbee": 401, "apploi": 403}
NOT_FOUND = 404


def routes(server: LiveServer, face: str) -> list[tuple[str, str]]:
    return face_routes(server.server.config.app, face)


def own_body(method: str, path: str, tenant: Tenant) -> Any:
    """A body that would be accepted for the caller's own objects (so only the path id can be wrong)."""
    w = tenant.world
    if path.endswith("/scheduled_interviews/{id}") and method == "PATCH":
        return {"location": "Moved"}
    if path.endswith("/applicants/{application_form_id}/interviews"):
        return {"date": "2031-12-05T17:30:00Z", "duration": "60", "timezone": "America/New_York",
                "location": "Virtual", "interviewerId": str(w.interviewers[2])}
    return None


def headers_for(face: str, method: str, tenant: Tenant) -> dict[str, str]:
    extra = {"On-Behalf-Of": str(tenant.world.admin)} if face == "harvest" and method != "GET" else {}
    return {**tenant.headers(face), **extra}


MISSING_ID, MISSING_UUID = 2_147_483_000, "00000000-0000-4000-8000-000000000000"


def creations(face: str, path: str, mine: Tenant, theirs: Tenant) -> list[tuple[Any, Any, str, str]] | None:
    """Bodies of a route that creates something, each naming one of the other organization's objects in place of
    the caller's own, paired with the same body naming an object that exists nowhere: (theirs, missing, the id in
    theirs, the id in missing). None for a route that takes no ids in its body."""
    a, b = mine.world, theirs.world
    if face == "harvest" and path.endswith("/scheduled_interviews"):
        base = {"application_id": a.applications["active"], "interview_id": a.activities[0],
                "interviewers": [{"user_id": a.interviewers[0], "response_status": "accepted"}],
                "start": iso(later(days=50)), "end": iso(later(days=50, hours=1)), "external_event_id": "tenancy"}

        def person(**who: Any) -> dict[str, Any]:
            return {**base, "interviewers": [{**who, "response_status": "accepted"}]}

        return [({**base, "application_id": b.applications["active"]}, {**base, "application_id": MISSING_ID},
                 str(b.applications["active"]), str(MISSING_ID)),
                ({**base, "interview_id": b.activities[0]}, {**base, "interview_id": MISSING_ID},
                 str(b.activities[0]), str(MISSING_ID)),
                (person(user_id=b.interviewers[0]), person(user_id=MISSING_ID), str(b.interviewers[0]),
                 str(MISSING_ID)),
                (person(employee_id=theirs.employee_id), person(employee_id="EMP-nobody"), theirs.employee_id,
                 "EMP-nobody")]
    if face == "merge" and path.endswith("/ats/v1/interviews"):
        base = {"application": mine.uuids["application"], "interviewers": [mine.uuids["user"]],
                "start_at": iso(later(days=51)), "end_at": iso(later(days=51, hours=1))}

        def model(**changes: Any) -> dict[str, Any]:
            return {"model": {**base, **changes}, "remote_user_id": str(a.admin)}

        return [(model(application=theirs.uuids["application"]), model(application=MISSING_UUID),
                 theirs.uuids["application"], MISSING_UUID),
                (model(interviewers=[theirs.uuids["user"]]), model(interviewers=[MISSING_UUID]), theirs.uuids["user"],
                 MISSING_UUID),
                (model(job_interview_stage=theirs.uuids["stage"]), model(job_interview_stage=MISSING_UUID),
                 theirs.uuids["stage"], MISSING_UUID),
                ({"model": base, "remote_user_id": str(b.admin)}, {"model": base, "remote_user_id": str(MISSING_ID)},
                 str(b.admin), str(MISSING_ID)),
                ({"model": base, "remote_user_id": theirs.uuids["admin"]}, {"model": base,
                 "remote_user_id": MISSING_UUID}, theirs.uuids["admin"], MISSING_UUID)]
    if face == "harvest" and path.endswith("/v1/webhooks"):
        return None
    raise AssertionError(f"{path}: say which ids its body takes (creations() in tests/reliability/test_tenancy.py)")


def missing_path(path: str, face: str) -> str:
    """``path`` with ids that name no object at all."""
    for param in path_params(path):
        path = path.replace("{" + param + "}", MISSING_UUID if ADDRESSING[face] == "uuid" else str(MISSING_ID))
    return path


def same_answer(theirs: httpx.Response, missing: httpx.Response, ids: tuple[str, str], what: str) -> None:
    """Another organization's object is indistinguishable from one that does not exist."""
    assert theirs.status_code == missing.status_code, (what, theirs.text, missing.text)
    assert theirs.text.replace(ids[0], "<id>") == missing.text.replace(ids[1], "<id>"), (what, theirs.text,
                                                                                        missing.text)


# Filters that name another organization's objects: each must match nothing (or be refused), never leak.
def filters(face: str, path: str, theirs: Tenant) -> list[dict[str, str]]:
    b = theirs.world
    suffix = path[len(PREFIXES[face]):]
    return {
        "/v1/scheduled_interviews": [{"external_event_id": f"event-{theirs.tag}"}],
        "/v1/users": [{"email": b.emails[b.interviewers[0]]}],
        "/v1/applications": [{"job_id": str(b.job)}],
        "/applicants": [{"job_id": str(b.job)}, {"team_id": str(b.team)}, {"query": theirs.tag},
                        {"query": b.emails[b.admin]}],
        "/ats/v1/interviews": [{"application_id": theirs.uuids["application"]}, {"job_id": theirs.uuids["job"]},
                               {"organizer_id": theirs.uuids["admin"]}, {"remote_id": str(theirs.ids["interview"])},
                               {"job_interview_stage_id": theirs.uuids["stage"]}],
        "/ats/v1/users": [{"email": b.emails[b.interviewers[0]]}, {"remote_id": str(b.interviewers[0])}],
        "/ats/v1/applications": [{"job_id": theirs.uuids["job"]}, {"candidate_id": theirs.uuids["candidate"]}],
        "/ats/v1/job-interview-stages": [{"job_id": theirs.uuids["job"]}],
        "/ats/v1/jobs": [{"remote_id": str(b.job)}],
        "/ats/v1/candidates": [{"remote_id": str(theirs.ids["candidate"])}],
        "/ats/v1/scheduled-interviews": [{"remote_id": str(theirs.ids["interview"])}],
    }.get(suffix, [])


def interviews_of(db: Database, org_id: int) -> int:
    return db.run(lambda s: s.scalar(select(func.count()).select_from(ScheduledInterview)
                                     .where(ScheduledInterview.organization_id == org_id)))


def no_leak(r: httpx.Response, theirs: Tenant, what: str) -> None:
    """Nothing of ``theirs`` in the answer, besides echoes of what the request itself carried."""
    sent = str(r.request.url) + r.request.content.decode(errors="replace")
    leaked = theirs.leaks(r.text + json.dumps(dict(r.headers)), sent)
    assert not leaked, f"{what} answered {r.status_code} carrying another organization's data {leaked}: {r.text}"


@pytest.mark.parametrize("face", REST_FACES)
def test_another_organization_s_ids_are_not_found(server: LiveServer, db: Database, tenant: Tenant, other: Tenant,
                                                  face: str) -> None:
    theirs_before = interviews_of(db, other.world.org_id)
    checked = 0
    with httpx.Client(base_url=server.url, timeout=30) as http:
        for method, path in routes(server, face):
            what = f"{method} {path}"
            headers = headers_for(face, method, tenant)
            if path_params(path):
                body = own_body(method, path, tenant)
                r = http.request(method, fill(path, face, other), headers=headers, json=body)
                assert r.status_code == NOT_FOUND, (what, r.status_code, r.text)
                envelope(face, r)
                no_leak(r, other, what)
                nowhere = http.request(method, missing_path(path, face), headers=headers, json=body)
                differ = [(t, m) for t, m in zip(fill(path, face, other).split("/"),
                                                  missing_path(path, face).split("/"), strict=True) if t != m]
                assert len(differ) == 1, (what, differ)
                same_answer(r, nowhere, differ[0], what)
                # and the caller's own object is there: the 404 is about tenancy, not about the route
                if method == "GET":
                    mine = http.get(fill(path, face, tenant), headers=headers)
                    assert mine.status_code == 200, (what, mine.text)
                    no_leak(mine, other, what)
            elif method == "GET":
                r = http.get(path, headers=headers)
                assert r.status_code == 200, (what, r.text)
                no_leak(r, other, what)
                for params in filters(face, path, other):
                    r = http.get(path, headers=headers, params=params)
                    assert r.status_code < 500, (what, params, r.text)
                    if r.status_code == 200:
                        assert items_of(r.json()) == [], (what, params, r.text)
                    else:
                        envelope(face, r)
                    no_leak(r, other, what)
            else:
                bodies = creations(face, path, tenant, other)
                if bodies is None:
                    continue
                for theirs_body, missing_body, theirs_id, missing_id in bodies:
                    r = http.request(method, path, headers=headers, json=theirs_body)
                    assert 400 <= r.status_code < 500, (what, theirs_body, r.status_code, r.text)
                    assert envelope(face, r), (what, theirs_body)
                    no_leak(r, other, what)
                    nowhere = http.request(method, path, headers=headers, json=missing_body)
                    same_answer(r, nowhere, (theirs_id, missing_id), what)
            checked += 1
    assert checked >= 2
    assert interviews_of(db, other.world.org_id) == theirs_before
    untouched(server, other)


def untouched(server: LiveServer, theirs: Tenant) -> None:
    """The other organization's interview, webhook subscription and delivery are as they were made."""
    with httpx.Client(base_url=server.url + "/harvest", headers=theirs.headers("harvest"), timeout=30) as harvest:
        interview = harvest.get(f"/v1/scheduled_interviews/{theirs.ids['interview']}")
        assert interview.status_code == 200 and interview.json()["location"] == f"Room {theirs.tag}", interview.text
        subscriptions = {s["id"]: s["active"] for s in harvest.get("/v1/webhooks").json()}
        assert subscriptions == {theirs.ids["subscription"]: True}
        deliveries = {d["id"]: d["status"] for d in harvest.get("/v1/webhook_deliveries").json()}
        assert deliveries == {theirs.ids["delivery"]: "failed"}


def transplanted(face: str, theirs: Tenant) -> list[tuple[str, dict[str, str]]]:
    """Another face's valid credentials of ``theirs``: in ``face``'s own header slots, and as that face sends them."""
    keys = {"harvest": (theirs.world.keys["harvest"], None), "merge": theirs.world.keys["merge"],
            "bindbee": theirs.world.keys["bindbee"], "apploi": (theirs.world.keys["apploi"], None),
            "mcp": (theirs.mcp_key, None)}
    out = []
    for other_face, (key, token) in keys.items():
        if other_face == face:
            continue
        slot = {"harvest": {"Authorization": basic(key)},
                "merge": {"Authorization": f"Bearer {key}", "X-Account-Token": token or key},
                "bindbee": {"Authorization": f"Bearer {key}", "x-connector-token": token or key},
                "apploi": {"X-Api-Key": key}}[face]
        out.append((f"{other_face} key in {face}'s headers", slot))
        out.append((f"{other_face} credentials as {other_face} sends them", theirs.headers(other_face)))
    return out


@pytest.mark.parametrize("face", REST_FACES)
def test_credentials_of_another_face_are_refused(server: LiveServer, tenant: Tenant, other: Tenant,
                                                 face: str) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        for method, path in routes(server, face):
            url = fill(path, face, other)  # the key's own organization's objects: only the face is wrong
            body = own_body(method, path, other)
            for label, headers in transplanted(face, other):
                extra = {"On-Behalf-Of": str(other.world.admin)} if face == "harvest" else {}
                r = http.request(method, url, headers={**headers, **extra}, json=body)
                assert r.status_code == REFUSAL[face], (method, path, label, r.status_code, r.text)
                envelope(face, r)
                no_leak(r, other, f"{method} {path} with {label}")
        # the right credentials of that organization do work, and show its data: the refusals are about the face
        method, path = next((m, p) for m, p in routes(server, face) if m == "GET")
        r = http.get(fill(path, face, other), headers=other.headers(face))
        assert r.status_code == 200 and other.leaks(r.text), r.text


def test_harvest_acting_user_of_another_organization_is_refused(server: LiveServer, db: Database, tenant: Tenant,
                                                                other: Tenant) -> None:
    """On-Behalf-Of names a user: one of another organization is an unknown user, on every write."""
    before = interviews_of(db, tenant.world.org_id)
    mine = tenant.ids["interview"]
    writes = [("POST", "/harvest/v2/scheduled_interviews", {
                  "application_id": tenant.world.applications["active"], "interview_id": tenant.world.activities[0],
                  "interviewers": [{"user_id": tenant.world.interviewers[0], "response_status": "accepted"}],
                  "start": iso(later(days=52)), "end": iso(later(days=52, hours=1)), "external_event_id": "acting"}),
              ("PATCH", f"/harvest/v2/scheduled_interviews/{mine}", {"location": "Hijacked"}),
              ("DELETE", f"/harvest/v1/scheduled_interviews/{mine}", None)]
    with httpx.Client(base_url=server.url, timeout=30) as http:
        for method, path, body in writes:
            r = http.request(method, path, json=body, headers={**tenant.headers("harvest"),
                                                               "On-Behalf-Of": str(other.world.admin)})
            assert r.status_code == 422, (method, path, r.text)
            assert "On-Behalf-Of" in envelope("harvest", r)
            no_leak(r, other, f"{method} {path}")
        still = http.get(f"/harvest/v1/scheduled_interviews/{mine}", headers=tenant.headers("harvest"))
    assert still.status_code == 200 and still.json()["location"] == f"Room {tenant.tag}"
    assert interviews_of(db, tenant.world.org_id) == before


# The agents' face: every id argument of every tool, one at a time, naming the other organization's object.
ID_KINDS = {"job_id": "job", "application_id": "application", "organizer_id": "admin", "interviewer_ids": "user",
            "interview_id": "interview", "stage_activity_id": "activity", "office_id": "office", "host_id": "host",
            "interviewer_template_id": "email_template", "candidate_template_id": "email_template",
            "scorecard_template_id": "scorecard_template"}


def tool_arguments(tool: str, mine: Tenant) -> dict[str, Any]:
    """Arguments a tool accepts for the caller's own objects."""
    w = mine.world
    start = monday(weeks=8)
    known: dict[str, dict[str, Any]] = {
        "get_interview_plan": {"job_id": w.job},
        "check_interviewers_availability": {"interviewer_ids": [w.interviewers[2]], "start_time": start.isoformat(),
                                            "duration_minutes": 45, "timezone": "UTC"},
        "list_valid_organizers": {"job_id": w.job},
        "create_interview": {"organizer_id": w.admin, "application_id": w.applications["active"],
                             "start_time": start.isoformat(), "duration_minutes": 45, "timezone": "UTC",
                             "kind": "panel", "location": "google_meet", "interviewer_ids": [w.interviewers[2]],
                             "allow_conflicts": True},
        "get_interview": {"interview_id": mine.ids["interview"]},
        "update_interview": {"interview_id": mine.ids["interview"]},
        "cancel_interview": {"interview_id": mine.ids["interview"]},
    }
    return dict(known.get(tool, {}))


@pytest.mark.anyio
async def test_agents_never_reach_another_organization(server: LiveServer, db: Database, tenant: Tenant,
                                                       other: Tenant) -> None:
    theirs_before = interviews_of(db, other.world.org_id)
    async with http_session(server, tenant.mcp_key) as agent:
        tools = (await agent.list_tools()).tools
        assert {"get_interview", "create_interview", "cancel_interview"} <= {t.name for t in tools}
        for tool in sorted(tools, key=lambda t: t.name == "cancel_interview"):
            schema = tool.input_schema
            required = set(schema.get("required", []))
            args = tool_arguments(tool.name, tenant)
            assert required <= set(args), f"{tool.name}: give tool_arguments() its required {required - set(args)}"
            ids = [name for name, prop in schema["properties"].items()
                   if name.endswith(("_id", "_ids")) and "integer" in json.dumps(prop)]
            unknown = [name for name in ids if name not in ID_KINDS]
            assert not unknown, f"{tool.name}: add {unknown} to ID_KINDS in tests/reliability/test_tenancy.py"
            for name in ids:
                theirs = other.ids[ID_KINDS[name]]
                result = await agent.call_tool(tool.name, {**args, name: [theirs] if name.endswith("_ids") else theirs})
                text = "".join(getattr(c, "text", "") for c in result.content)
                leaked = other.leaks(text, sent=str(theirs))
                assert not leaked, (tool.name, name, leaked, text)
                if not result.is_error:
                    # a filter or an ignored field: it must not have picked the other organization's objects
                    assert name not in required, (tool.name, name, text)
                    found = json.loads(text)
                    lists = [v for v in found.values() if isinstance(v, list)] if isinstance(found, dict) else []
                    if tool.name.startswith("list_"):
                        assert all(v == [] for v in lists), (tool.name, name, text)
                else:
                    assert text.strip(), (tool.name, name)
            # and with the caller's own objects only, nothing of the other organization shows either
            result = await agent.call_tool(tool.name, args)
            text = "".join(getattr(c, "text", "") for c in result.content)
            assert not other.leaks(text), (tool.name, text)
            if tool.name in ("get_interview", "get_interview_plan", "list_interviews", "list_users"):
                assert not result.is_error, (tool.name, text)
    assert interviews_of(db, other.world.org_id) == theirs_before
