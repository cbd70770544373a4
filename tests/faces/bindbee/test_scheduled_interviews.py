"""Bindbee's scheduled interviews: envelope, fields, cursors, filters, expansions with picked fields, raw data,
custom fields, errors (FastAPI's 422 shape), auth, routing and tenancy."""

from __future__ import annotations

import base64
import time
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

from interviewd.core.model import ScheduledInterview
from interviewd.core.services import custom_field_service
from interviewd.core.services.seeding import seed_demo
from interviewd.core.store.uow import Database
from tests.conftest import LiveServer
from tests.faces.harvest.test_auth import _start_of_fresh_window
from tests.faces.harvest.test_listing import STAMP, insert
from tests.support.factories import T0, World, build_world
from tests.support.unified import bindbee_client, detail, harvest_post, merge_client, ok

LIST = "/ats/v1/scheduled-interviews"
KEYS = ["id", "remote_id", "modified_at", "custom_fields", "application", "job_interview_stage", "organizer",
        "interviewers", "location", "start_at", "end_at", "remote_created_at", "remote_updated_at", "status"]
USER_KEYS = ["id", "remote_id", "modified_at", "custom_fields", "first_name", "last_name", "email", "disabled",
             "remote_created_at", "access_role"]
APPLICATION_KEYS = ["id", "remote_id", "modified_at", "custom_fields", "candidate", "job", "applied_at",
                    "rejected_at", "source", "credited_to", "current_stage", "reject_reason"]
STAGE_KEYS = ["id", "remote_id", "modified_at", "custom_fields", "name", "job", "stage_order"]


def items(r: httpx.Response) -> list[dict[str, Any]]:
    body = ok(r)
    assert list(body) == ["cursor", "page_size", "items"] and body["page_size"] == len(body["items"]), body
    return list(body["items"])


def rids(r: httpx.Response) -> list[int]:
    return [int(i["remote_id"]) for i in items(r)]


def invalid(r: httpx.Response, loc: list[str], error_type: str | None = None) -> dict[str, Any]:
    """A FastAPI-style 422: ``{"detail": [{"loc", "msg", "type"}]}`` naming ``loc``."""
    body = ok(r, 422)
    (error,) = body["detail"]
    assert list(body) == ["detail"] and list(error) == ["loc", "msg", "type"] and error["loc"] == loc, body
    assert error_type is None or error["type"] == error_type, body
    return dict(error)


def walk(bindbee: httpx.Client, params: dict[str, Any], between: Any = None) -> list[int]:
    body = ok(bindbee.get(LIST, params=params))
    seen = [int(i["remote_id"]) for i in body["items"]]
    for n in range(1, 100):
        if body["cursor"] is None:
            return seen
        if between:
            between(n)
        body = ok(bindbee.get(LIST, params={**params, "cursor": body["cursor"]}))
        seen += [int(i["remote_id"]) for i in body["items"]]
    raise AssertionError("the cursors never end")


class TestShape:
    def test_fields(self, bindbee: httpx.Client, harvest: httpx.Client, server: LiveServer, world: World) -> None:
        made = harvest_post(harvest, world)
        (got,) = items(bindbee.get(LIST))
        assert list(got) == KEYS and got["remote_id"] == str(made["id"]) and got["custom_fields"] is None
        assert got["status"] == "SCHEDULED" and got["location"] == "Room 1"
        assert got["start_at"] == made["start"]["date_time"].replace(".000Z", "Z")
        with merge_client(server.url, world) as merge:
            same = ok(merge.get(f"/ats/v1/interviews/{got['id']}"))
        for name in KEYS[4:]:
            assert got[name] == same[name], name
        assert got["modified_at"] == same["modified_at"]
        assert ok(bindbee.get(f"{LIST}/{got['id']}")) == got

    def test_page_size(self, bindbee: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 51)
        body = ok(bindbee.get(LIST))
        assert body["page_size"] == 50 and body["cursor"]
        assert rids(bindbee.get(LIST, params={"cursor": body["cursor"]})) == made[50:]
        assert rids(bindbee.get(LIST, params={"page_size": 100})) == made
        for bad, kind in (("0", "greater_than_equal"), ("101", "less_than_equal"), ("abc", "int_parsing")):
            invalid(bindbee.get(LIST, params={"page_size": bad}), ["query", "page_size"], kind)

    def test_empty(self, bindbee: httpx.Client) -> None:
        assert ok(bindbee.get(LIST)) == {"cursor": None, "page_size": 0, "items": []}


class TestCursors:
    def test_stable_while_rows_are_written(self, bindbee: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 5)
        added: list[int] = []
        assert walk(bindbee, {"page_size": 2}, lambda n: added.extend(insert(db, world, 1))) == made + added

    def test_garbage(self, bindbee: httpx.Client) -> None:
        for bad in ("garbage", base64.b64encode(b"p=x").decode()):
            invalid(bindbee.get(LIST, params={"cursor": bad}), ["query", "cursor"], "value_error")


class TestFilters:
    def test_modified_after_and_remote_id(self, bindbee: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 4, updated_at=lambda n: STAMP + timedelta(days=3 - n))
        assert rids(bindbee.get(LIST, params={"modified_after": "2024-03-02T12:00:00Z"})) == made[2::-1]
        assert rids(bindbee.get(LIST, params={"modified_after": "2024-03-02T14:00:00+02:00"})) == made[2::-1]
        assert walk(bindbee, {"modified_after": "2024-03-02T12:00:00", "page_size": 1}) == made[2::-1]
        assert rids(bindbee.get(LIST, params={"remote_id": str(made[3])})) == [made[3]]
        assert rids(bindbee.get(LIST, params={"remote_id": "nope"})) == []
        invalid(bindbee.get(LIST, params={"modified_after": "soon"}), ["query", "modified_after"], "datetime_parsing")

    def test_removed_interviews_are_not_shown(self, bindbee: httpx.Client, server: LiveServer, world: World,
                                              db: Database) -> None:
        live, deleted, cancelled = insert(db, world, 3)
        db.run(lambda s: setattr(s.get(ScheduledInterview, deleted), "deleted_at", STAMP), write=True)
        db.run(lambda s: setattr(s.get(ScheduledInterview, cancelled), "cancelled_at", STAMP), write=True)
        assert rids(bindbee.get(LIST)) == [live]
        with merge_client(server.url, world) as merge:
            everything = ok(merge.get("/ats/v1/interviews", params={"include_deleted_data": "true"}))["results"]
        assert len(everything) == 3
        for item in everything:
            if int(item["remote_id"]) != live:
                assert detail(bindbee.get(f"{LIST}/{item['id']}"), 404) == "Not Found"


class TestExpand:
    def test_whole_objects_and_picked_fields(self, bindbee: httpx.Client, harvest: httpx.Client,
                                             world: World) -> None:
        harvest_post(harvest, world)
        (plain,) = items(bindbee.get(LIST))
        (full,) = items(bindbee.get(LIST, params={"expand": "application,job_interview_stage,organizer,interviewers"}))
        assert list(full["application"]) == APPLICATION_KEYS and full["application"]["id"] == plain["application"]
        assert list(full["job_interview_stage"]) == STAGE_KEYS and full["job_interview_stage"]["name"] == "Phone Screen"
        assert list(full["organizer"]) == USER_KEYS and full["organizer"]["first_name"] == "Ada"
        assert [u["id"] for u in full["interviewers"]] == plain["interviewers"]
        assert full["organizer"]["access_role"] == "SUPER_ADMIN" and full["organizer"]["custom_fields"] is None
        (picked,) = items(bindbee.get(LIST, params={"expand": "organizer[first_name,last_name],application"}))
        assert picked["organizer"] == {"first_name": "Ada", "last_name": "Admin"}
        assert picked["application"] == full["application"] and picked["interviewers"] == plain["interviewers"]
        one = ok(bindbee.get(f"{LIST}/{plain['id']}", params={"expand": "interviewers[email]"}))
        assert one["interviewers"] == [{"email": world.emails[u]} for u in world.interviewers[:2]]

    def test_bad_expansions(self, bindbee: httpx.Client) -> None:
        for bad in ("manager", "organizer[salary]", "organizer[", "organizer[]", "organizer]first_name["):
            invalid(bindbee.get(LIST, params={"expand": bad}), ["query", "expand"], "value_error")


class TestRawDataAndCustomFields:
    def test_raw_data_is_the_harvest_rendering(self, bindbee: httpx.Client, harvest: httpx.Client,
                                               world: World) -> None:
        made = harvest_post(harvest, world)
        (got,) = items(bindbee.get(LIST, params={"include_raw_data": "true"}))
        assert got["raw_data"] == ok(harvest.get(f"/v1/scheduled_interviews/{made['id']}"))
        assert list(got) == [*KEYS, "raw_data"]
        assert "raw_data" not in items(bindbee.get(LIST, params={"include_raw_data": "False"}))[0]

    def test_custom_fields(self, bindbee: httpx.Client, world: World, db: Database) -> None:
        (row,) = insert(db, world, 1)
        db.run(lambda s: custom_field_service.define(s, org_id=world.org_id, key="room", name="Room",
                                                     value_type="short_text", now=T0), write=True)
        db.run(lambda s: custom_field_service.set_values(s, org_id=world.org_id, interview_id=row,
                                                         values={"room": "4B"}, now=T0, source="test"), write=True)
        assert items(bindbee.get(LIST, params={"include_custom_fields": "True"}))[0]["custom_fields"] == {"room": "4B"}
        assert items(bindbee.get(LIST, params={"include_custom_fields": "false"}))[0]["custom_fields"] is None
        for name in ("include_custom_fields", "include_raw_data"):
            invalid(bindbee.get(LIST, params={name: "yes"}), ["query", name], "bool_parsing")


class TestErrors:
    def test_retrieve_by_uuid_only(self, bindbee: httpx.Client) -> None:
        assert detail(bindbee.get(f"{LIST}/00000000-0000-4000-8000-000000000000"), 404) == "Not Found"
        invalid(bindbee.get(f"{LIST}/123"), ["path", "id"], "uuid_parsing")

    def test_routing(self, bindbee: httpx.Client, server: LiveServer) -> None:
        for path in ("/ats/v1/nothing", "/ats/v1/interviews", "", "/"):
            assert detail(bindbee.get(path), 404) == "Not Found"
        assert detail(httpx.get(server.url + "/bindbee"), 404) == "Not Found"
        r = bindbee.put(LIST, json={})
        assert detail(r, 405) == "Method Not Allowed" and "allow" in r.headers


class TestAuth:
    def test_credentials(self, server: LiveServer, world: World, db: Database) -> None:
        key, token = world.keys["bindbee"]
        merge_key, merge_token = world.keys["merge"]
        other_key, other_token = build_world(db).keys["bindbee"]
        with httpx.Client(base_url=server.url + "/bindbee/api") as anonymous:
            for headers in ({}, {"x-connector-token": token}, {"Authorization": f"Bearer {key}"},
                            {"Authorization": f"Bearer {key}", "x-connector-token": token + "x"},
                            {"Authorization": f"Bearer {key}", "x-connector-token": other_token},
                            {"Authorization": f"Bearer {other_key}", "x-connector-token": token},
                            {"Authorization": f"Bearer {merge_key}", "x-connector-token": merge_token},
                            {"Authorization": f"Basic {key}", "x-connector-token": token}):
                r = anonymous.get(LIST, params={"page_size": "0"}, headers=headers)  # auth before validation
                detail(r, 401)
                assert r.headers["www-authenticate"] == "Bearer"
            r = anonymous.get(LIST, headers={"Authorization": f"Bearer {key}", "X-Connector-Token": token})
            assert r.status_code == 200

    def test_rate_limit(self, server: LiveServer, db: Database) -> None:
        world = build_world(db, rate_limit=1)
        with bindbee_client(server.url, world) as bindbee:
            _start_of_fresh_window()
            assert bindbee.get(LIST).headers["x-ratelimit-remaining"] == "0"
            r = bindbee.get(LIST)
            assert "rate limit" in detail(r, 429).lower() and r.headers["retry-after"].isdigit()

    def test_tenancy(self, bindbee: httpx.Client, harvest: httpx.Client, server: LiveServer, world: World,
                     db: Database) -> None:
        harvest_post(harvest, world)
        (mine,) = items(bindbee.get(LIST))
        with bindbee_client(server.url, build_world(db)) as them:
            assert items(them.get(LIST)) == []
            assert detail(them.get(f"{LIST}/{mine['id']}"), 404) == "Not Found"
            assert items(them.get(LIST, params={"remote_id": mine["remote_id"]})) == []

    def test_the_demo_seeds_bindbee_credentials_work(self, server: LiveServer, db: Database) -> None:
        seeded = seed_demo(db, seed=int(time.time()) % 1000 + 7000, now=datetime.now(timezone.utc),
                           rate_limit_per_10s=0)
        for org in seeded["organizations"]:
            creds = org["credentials"]["bindbee"]
            headers = {"Authorization": f"Bearer {creds['api_key']}", "x-connector-token": creds["connector_token"]}
            body = ok(httpx.get(f"{server.url}/bindbee/api{LIST}", headers=headers, params={"page_size": 3}))
            assert body["page_size"] == 3 and body["cursor"]
