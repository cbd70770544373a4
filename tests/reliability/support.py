"""What the reliability tests share: each face's credentials, a populated organization whose every object is
known (ids, UUIDs and strings that must never show up in another organization's answers), and each dialect's
error envelope."""

from __future__ import annotations

import base64
import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import httpx
import orjson
from fastapi import FastAPI
from fastapi.routing import APIRoute
from sqlalchemy import select, update

from interviewd.core.model import (
    Base,
    Candidate,
    ConferenceHost,
    EmailTemplate,
    Job,
    Office,
    OrgOwned,
    OutboxMessage,
    ScorecardTemplate,
    Stage,
    Team,
    User,
    WebhookSubscription,
)
from interviewd.core.services.keys import key_service
from interviewd.core.store.uow import Database
from tests.support.factories import T0, World, iso, later

UTC = timezone.utc
REST_FACES = ("harvest", "merge", "bindbee", "apploi")
PREFIXES = {"harvest": "/harvest", "merge": "/merge/api", "bindbee": "/bindbee/api", "apploi": "/apploi"}
# Harvest and Apploi address objects by integer id; Merge and Bindbee by UUID.
ADDRESSING = {"harvest": "id", "apploi": "id", "merge": "uuid", "bindbee": "uuid"}
# The path segment in front of an id names the kind of object the id is of; a route with a segment missing
# here fails the tests that walk every route, so a new route is never silently left out.
SEGMENT_KIND = {
    "scheduled_interviews": "interview", "scheduled-interviews": "interview", "interviews": "interview",
    "applications": "application", "applicants": "application", "users": "user", "job_stages": "stage",
    "job-interview-stages": "stage", "jobs": "job", "offices": "office", "candidates": "candidate",
    "webhooks": "subscription", "webhook_deliveries": "delivery",
}
_serial = itertools.count(1)

try:
    from fastapi.routing import iter_route_contexts  # FastAPI keeps included routers nested
except ImportError:  # older FastAPI copies every route into app.routes
    def iter_route_contexts(routes: Any) -> Any:  # type: ignore[no-redef]
        return routes


def face_routes(app: FastAPI, face: str) -> list[tuple[str, str]]:
    """(METHOD, path) of every route ``app`` serves for ``face``: what the matrices walk."""
    found = []
    for route in iter_route_contexts(app.routes):
        api = isinstance(getattr(route, "original_route", route), APIRoute)
        if api and route.path.startswith(PREFIXES[face] + "/"):
            found.extend((method, route.path) for method in sorted(route.methods))
    assert found, face
    return found


def items_of(body: Any) -> list[Any]:
    """The items of a list answer in any dialect."""
    if isinstance(body, list):
        return body
    for key in ("results", "items", "data"):
        if isinstance(body, dict) and key in body:
            return list(body[key])
    raise AssertionError(f"not a list answer: {body}")


def basic(key: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:".encode()).decode()


def auth_headers(world: World, face: str, mcp_key: str | None = None) -> dict[str, str]:
    """The headers a client of ``face`` sends for ``world``'s organization."""
    if face == "harvest":
        return {"Authorization": basic(world.keys["harvest"])}
    if face == "merge":
        key, token = world.keys["merge"]
        return {"Authorization": f"Bearer {key}", "X-Account-Token": token}
    if face == "bindbee":
        key, token = world.keys["bindbee"]
        return {"Authorization": f"Bearer {key}", "x-connector-token": token}
    if face == "apploi":
        return {"X-Api-Key": world.keys["apploi"]}
    if face == "mcp":
        assert mcp_key is not None
        return {"Authorization": f"Bearer {mcp_key}"}
    raise AssertionError(face)


def issue_mcp_key(db: Database, world: World) -> str:
    return db.run(lambda s: key_service.issue(s, org_id=world.org_id, face="mcp", now=T0, rate_limit_per_10s=0,
                                              acting_user_id=world.admin).secret, write=True)


@dataclass
class Tenant:
    """A populated organization: its world, an MCP key, an interview made through Harvest, a webhook
    subscription and a delivery, the UUID of one object of each kind, and its tell-tale strings."""

    world: World
    mcp_key: str
    tag: str
    employee_id: str = ""
    ids: dict[str, int] = field(default_factory=dict)
    uuids: dict[str, str] = field(default_factory=dict)
    markers: set[str] = field(default_factory=set)

    def headers(self, face: str) -> dict[str, str]:
        return auth_headers(self.world, face, self.mcp_key)

    def path_value(self, face: str, kind: str) -> str:
        return self.uuids[kind] if ADDRESSING[face] == "uuid" else str(self.ids[kind])

    def leaks(self, text: str, sent: str = "") -> list[str]:
        """Which of this organization's tell-tale strings ``text`` carries (echoes of what was ``sent`` aside)."""
        lowered, echoed = text.lower(), sent.lower()
        return sorted(m for m in self.markers if m.lower() in lowered and m.lower() not in echoed)


def org_owned_models() -> list[type[Any]]:
    return [m.class_ for m in Base.registry.mappers if issubclass(m.class_, OrgOwned)]


def populate(db: Database, base_url: str, world: World) -> Tenant:
    """An interview through Harvest, a webhook subscription with a (failed) delivery, names that carry a tag."""
    tag = f"zqx{world.org_id}q{next(_serial)}z"
    tenant = Tenant(world=world, mcp_key=issue_mcp_key(db, world), tag=tag)
    o = world.org_id

    def mark(s: Any) -> None:
        extras = [ConferenceHost(organization_id=o, provider="zoom", user_id=world.interviewers[2], name=f"Zoom {tag}",
                                 email=f"host.{tag}@example.com"),
                  EmailTemplate(organization_id=o, name=f"Invite {tag}", subject=f"Hello {tag}", body="{{location}}",
                                audience="interviewer"),
                  ScorecardTemplate(organization_id=o, name=f"Scorecard {tag}", questions=[])]
        for extra in extras:
            extra.created_at = extra.updated_at = T0
        s.add_all(extras)
        s.flush()
        tenant.ids.update(host=extras[0].id, email_template=extras[1].id, scorecard_template=extras[2].id,
                          activity=world.activities[0])
        for model, column in ((Job, Job.name), (Office, Office.name), (Team, Team.name), (Stage, Stage.name),
                              (Candidate, Candidate.last_name), (User, User.last_name)):
            s.execute(update(model).where(model.organization_id == o).values({column.key: column + f" {tag}"}))

    db.run(mark, write=True)
    with httpx.Client(base_url=base_url + "/harvest", timeout=30,
                      headers={"Authorization": basic(world.keys["harvest"]), "On-Behalf-Of": str(world.admin)}) as h:
        sub = h.post("/v1/webhooks", json={"url": f"https://hooks.example.com/{tag}", "dialect": "greenhouse"})
        assert sub.status_code == 201, sub.text
        hour = 24 * (next(_serial) % 300)
        made = h.post("/v2/scheduled_interviews", json={
            "application_id": world.applications["active"], "interview_id": world.activities[0],
            "interviewers": [{"user_id": world.interviewers[0], "response_status": "accepted"},
                             {"email": f"guest.{tag}@example.net", "response_status": "needs_action"}],
            "start": iso(later(hours=hour)), "end": iso(later(hours=hour + 1)),
            "external_event_id": f"event-{tag}", "location": f"Room {tag}"})
        assert made.status_code == 201, made.text
    tenant.ids.update(interview=made.json()["id"], subscription=sub.json()["id"], user=world.interviewers[0],
                      admin=world.admin, application=world.applications["active"], stage=world.stages[0],
                      job=world.job, office=world.office)

    def known(s: Any) -> None:
        now = datetime.now(UTC)
        delivery = OutboxMessage(organization_id=o, topic="webhook.deliver", aggregate_id=tenant.ids["interview"],
                                 payload={"subscription_id": tenant.ids["subscription"], "event": "interview_created"},
                                 created_at=now, available_at=now, attempts=7, status="failed", failed_at=now,
                                 last_error=f"gave up ({tag})")
        s.add(delivery)
        s.flush()
        tenant.ids["delivery"] = delivery.id
        tenant.ids["candidate"] = s.scalar(select(Candidate.id).where(Candidate.organization_id == o).limit(1))
        for model in org_owned_models():
            for uuid in s.scalars(select(model.uuid).where(model.organization_id == o)):
                tenant.markers.add(str(uuid))
        tenant.markers.update(s.scalars(select(User.email).where(User.organization_id == o)))
        tenant.markers.update(e for e in s.scalars(select(Candidate.email).where(Candidate.organization_id == o)) if e)
        subscriptions = select(WebhookSubscription.url).where(WebhookSubscription.organization_id == o)
        tenant.markers.update(s.scalars(subscriptions))
        tenant.employee_id = s.scalar(select(User.employee_id).where(User.id == world.interviewers[0]))
        lookups = {"interview": "scheduled_interviews", "user": "users", "admin": "users",
                   "application": "applications", "stage": "stages", "job": "jobs", "office": "offices",
                   "candidate": "candidates", "subscription": "webhook_subscriptions"}
        for kind, table in lookups.items():
            model = next(m for m in org_owned_models() if m.__tablename__ == table)
            tenant.uuids[kind] = str(s.scalar(select(model.uuid).where(model.id == tenant.ids[kind])))

    db.run(known, write=True)
    tenant.markers.add(tag)
    return tenant


def kind_of(path: str, param: str) -> str:
    """The kind of object ``{param}`` in ``path`` names (from the segment in front of it)."""
    segments = path.strip("/").split("/")
    at = segments.index("{" + param + "}")
    segment = segments[at - 1]
    assert segment in SEGMENT_KIND, (
        f"{path}: no kind known for ids after {segment!r}; add it to SEGMENT_KIND in tests/reliability/support.py")
    return SEGMENT_KIND[segment]


def path_params(path: str) -> list[str]:
    return re.findall(r"\{(\w+)(?::\w+)?\}", path)


def fill(path: str, face: str, tenant: Tenant) -> str:
    """``path`` with every id replaced by the id (or UUID) of ``tenant``'s object of that kind."""
    for param in path_params(path):
        path = path.replace("{" + param + "}", tenant.path_value(face, kind_of(path, param)))
    return path


# Each dialect's error envelope: a checker that returns the message a client would show.
def envelope(face: str, r: httpx.Response) -> str:
    """The non-empty, human-readable message of a face's error answer (asserting the dialect's shape)."""
    assert r.headers.get("content-type", "").startswith("application/json"), (r.status_code, r.headers, r.text)
    body = r.json()
    assert isinstance(body, dict), body
    if face == "harvest":
        assert isinstance(body.get("message"), str) and body["message"], body
        if r.status_code == 422:
            assert body["message"] == "Validation error" and body["errors"], body
            assert all(e["message"] and isinstance(e["field"], str) for e in body["errors"]), body
            return "; ".join(f"{e['field']}: {e['message']}" for e in body["errors"])
        assert set(body) == {"message"}, body
        return str(body["message"])
    if face == "apploi":
        assert isinstance(body.get("message"), str) and body["message"], body
        if "errors" in body:
            assert r.status_code == 400 and set(body) == {"message", "field", "errors"} and body["errors"], body
            return "; ".join(f"{e['field']}: {e['message']}" for e in body["errors"])
        return str(body["message"])
    if face == "merge":
        if "errors" in body:
            assert set(body) == {"warnings", "errors"} and body["errors"], body
            assert all(p["detail"] and p["title"] for p in body["errors"]), body
            return "; ".join(f"{(p.get('source') or {}).get('pointer', '')}: {p['detail']}" for p in body["errors"])
        assert set(body) == {"detail"} and isinstance(body["detail"], str) and body["detail"], body
        return str(body["detail"])
    if face == "bindbee":
        assert set(body) == {"detail"}, body
        if isinstance(body["detail"], list):
            assert r.status_code == 422 and body["detail"], body
            assert all(set(e) == {"loc", "msg", "type"} and e["msg"] for e in body["detail"]), body
            return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in body["detail"])
        assert isinstance(body["detail"], str) and body["detail"], body
        return str(body["detail"])
    raise AssertionError(face)


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()
