"""Who may call the Merge face (Bearer key plus X-Account-Token), rate limits, routing errors, tenancy, and the
demo seed's credentials."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

import httpx

from interviewd.core.services.seeding import seed_demo
from interviewd.core.store.uow import Database
from tests.conftest import LiveServer
from tests.faces.harvest.test_auth import _start_of_fresh_window
from tests.faces.merge.test_interviews_list import results, uuid_of
from tests.support.factories import World, build_world
from tests.support.unified import detail, harvest_post, merge_client, ok

LIST = "/ats/v1/interviews"
PATHS = (LIST, "/ats/v1/interviews/meta/post", "/ats/v1/users", "/ats/v1/applications", "/ats/v1/jobs",
         "/ats/v1/job-interview-stages", "/ats/v1/candidates", f"{LIST}/00000000-0000-4000-8000-0000000000aa")


def unauthorized(r: httpx.Response) -> str:
    text = detail(r, 401)
    assert r.headers["www-authenticate"].startswith("Bearer")
    return text


class TestAuthentication:
    def test_missing_credentials(self, server: LiveServer, world: World) -> None:
        key, token = world.keys["merge"]
        with httpx.Client(base_url=server.url + "/merge/api") as anonymous:
            for path in PATHS:
                assert unauthorized(anonymous.get(path)) == "Authentication credentials were not provided."
                assert unauthorized(anonymous.get(path, headers={"X-Account-Token": token})) == (
                    "Authentication credentials were not provided.")
                assert unauthorized(anonymous.get(path, headers={"Authorization": f"Bearer {key}"})) == (
                    "Account Token must be passed in as an X-Account-Token header.")
            assert unauthorized(anonymous.post(LIST, json={})) == "Authentication credentials were not provided."

    def test_wrong_credentials(self, server: LiveServer, world: World, db: Database) -> None:
        key, token = world.keys["merge"]
        other_key, other_token = build_world(db).keys["merge"]
        bindbee_key, bindbee_token = world.keys["bindbee"]
        wrong = ((key + "x", token), (key, token + "x"), (key, other_token), (other_key, token),
                 (bindbee_key, bindbee_token), (world.keys["harvest"], token), (key.upper(), token))
        with httpx.Client(base_url=server.url + "/merge/api") as anonymous:
            for k, t in wrong:
                for _ in range(2):  # refused again from the cache
                    unauthorized(anonymous.get(LIST, headers={"Authorization": f"Bearer {k}", "X-Account-Token": t}))
            for header in (f"Basic {key}", key, "Bearer", f"Token {key}"):
                unauthorized(anonymous.get(LIST, headers={"Authorization": header, "X-Account-Token": token}))
            r = anonymous.get(LIST, headers={"Authorization": f"bearer {key}", "x-account-token": token})
            assert r.status_code == 200

    def test_authentication_comes_before_validation(self, server: LiveServer) -> None:
        with httpx.Client(base_url=server.url + "/merge/api") as anonymous:
            for params in ({"page_size": "0"}, {"cursor": "zz"}, {"expand": "nope"}, {"created_after": "x"}):
                unauthorized(anonymous.get(LIST, params=params))
            unauthorized(anonymous.post(LIST, content=b"{nope", params={"is_debug_mode": "maybe"}))


class TestRateLimit:
    def test_429_past_the_limit(self, server: LiveServer, db: Database) -> None:
        world = build_world(db, rate_limit=2)
        with merge_client(server.url, world) as merge:
            _start_of_fresh_window()
            first, second = merge.get(LIST), merge.get("/ats/v1/users")
            assert [first.status_code, second.status_code] == [200, 200]
            assert [first.headers["x-ratelimit-remaining"], second.headers["x-ratelimit-remaining"]] == ["1", "0"]
            r = merge.get(LIST)
            assert detail(r, 429).startswith("Request was throttled. Expected available in ")
            assert 1 <= int(r.headers["retry-after"]) <= 11


class TestRouting:
    def test_unknown_paths(self, merge: httpx.Client, server: LiveServer) -> None:
        for path in ("/ats/v1/nothing", "/ats/v2/interviews", "/ats/v1/interviews/meta", "", "/"):
            assert detail(merge.get(path), 404) == "Not found."
        for path in ("/merge", "/merge/", "/merge/elsewhere"):
            assert detail(httpx.get(server.url + path), 404) == "Not found."

    def test_wrong_methods(self, merge: httpx.Client) -> None:
        for method, path in (("PUT", LIST), ("DELETE", LIST), ("PATCH", f"{LIST}/x"), ("POST", "/ats/v1/users")):
            r = merge.request(method, path, json={})
            assert detail(r, 405) == f'Method "{method}" not allowed.'
            assert "allow" in r.headers


class TestTenancy:
    def test_another_organization_sees_none_of_it(self, merge: httpx.Client, harvest: httpx.Client, world: World,
                                                  db: Database, server: LiveServer) -> None:
        harvest_post(harvest, world)
        mine = {path: [i["id"] for i in results(merge.get(f"/ats/v1/{path}"))]
                for path in ("interviews", "users", "applications", "job-interview-stages", "candidates", "jobs")}
        with merge_client(server.url, build_world(db)) as them:
            for path, ids in mine.items():
                listed = them.get(f"/ats/v1/{path}", params={"include_deleted_data": "true"})
                theirs = {i["id"] for i in results(listed)}
                assert ids and not theirs & set(ids), path
                for object_id in ids:
                    assert detail(them.get(f"/ats/v1/{path}/{object_id}"), 404) == "Not found."
            application = uuid_of(merge, "applications", world.applications["active"])
            assert results(them.get(LIST, params={"application_id": application})) == []


def test_the_demo_seeds_merge_credentials_work(server: LiveServer, db: Database) -> None:
    seeded = seed_demo(db, seed=int(time.time()) % 1000 + 5000, now=datetime.now(timezone.utc),
                       rate_limit_per_10s=0)
    for org in seeded["organizations"]:
        creds: dict[str, Any] = org["credentials"]["merge"]
        headers = {"Authorization": f"Bearer {creds['api_key']}", "X-Account-Token": creds["account_token"]}
        body = ok(httpx.get(f"{server.url}/merge/api{LIST}", headers=headers, params={"page_size": 5}))
        assert len(body["results"]) == 5 and body["next"]
