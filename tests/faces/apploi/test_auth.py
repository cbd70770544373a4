"""Who may call the Apploi face (X-Api-Key), permissions, rate limits, and the answers around routing."""

from __future__ import annotations

import httpx

from interviewd.core.services.keys import key_service
from interviewd.core.store.uow import Database
from tests.conftest import LiveServer
from tests.faces.apploi.support import body, client_for, put
from tests.faces.harvest.test_auth import _start_of_fresh_window
from tests.support.factories import T0, World, build_world

INVALID_TOKEN = {"message": "Invalid Token"}


def message_only(r: httpx.Response, status: int) -> str:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    assert list(r.json()) == ["message"] and r.json()["message"], r.json()
    return str(r.json()["message"])


class TestAuthentication:
    def test_missing_or_unknown_keys_get_invalid_token(self, server: LiveServer, world: World) -> None:
        app_id = world.applications["active"]
        for key in (None, "", "0" * 40, world.keys["apploi"] + "x", world.keys["apploi"].upper(),
                    world.keys["harvest"]):
            with client_for(server, key) as client:
                for r in (client.get("/applicants"), put(client, app_id, body(world))):
                    assert r.status_code == 403 and r.json() == INVALID_TOKEN, (key, r.text)

    def test_the_key_travels_only_in_x_api_key(self, server: LiveServer, world: World) -> None:
        key = world.keys["apploi"]
        with client_for(server, None) as client:
            for headers in ({"Authorization": f"Bearer {key}"}, {"authorization": key}, {"X-Api-Token": key}):
                assert client.get("/applicants", headers=headers).json() == INVALID_TOKEN
            assert client.get("/applicants", headers={"x-api-key": key}).status_code == 200
            # The published client also sends a header named "_authorization"; it is ignored.
            assert client.get("/applicants", headers={"X-Api-Key": key, "_authorization": "x"}).status_code == 200

    def test_authentication_comes_before_validation(self, server: LiveServer, world: World) -> None:
        with client_for(server, "wrong") as client:
            for params in ({"limit": "0"}, {"updated_after": "soon"}, {"job_id": "x"}, {"query": "\x00"}):
                assert client.get("/applicants", params=params).json() == INVALID_TOKEN
            for payload in ({}, [1], {"date": 5}):
                assert put(client, "abc", payload).json() == INVALID_TOKEN

    def test_another_organizations_key_sees_another_tenant(self, server: LiveServer, db: Database,
                                                           apploi: httpx.Client, world: World) -> None:
        other = build_world(db)
        with client_for(server, other.keys["apploi"]) as them:
            theirs = {a["id"] for a in them.get("/applicants").json()["data"]}
        mine = {a["id"] for a in apploi.get("/applicants").json()["data"]}
        assert mine == set(world.applications.values()) and theirs == set(other.applications.values())


class TestPermissions:
    def test_a_key_limited_to_listing(self, server: LiveServer, db: Database, world: World) -> None:
        key = db.run(lambda s: key_service.issue(s, org_id=world.org_id, face="apploi", now=T0, rate_limit_per_10s=0,
                                                 permissions=["applicants.list"], acting_user_id=world.admin).secret,
                     write=True)
        with client_for(server, key) as client:
            assert client.get("/applicants").status_code == 200
            text = message_only(put(client, world.applications["active"], body(world)), 403)
            assert "interviews.schedule" in text and "--permission" in text


class TestRateLimit:
    def test_headers_count_down_then_429(self, server: LiveServer, db: Database) -> None:
        world = build_world(db, rate_limit=2)
        with client_for(server, world.keys["apploi"]) as client:
            _start_of_fresh_window()
            first, second = client.get("/applicants"), put(client, 999_999_999, body(world))
            assert (first.status_code, second.status_code) == (200, 404)
            assert [r.headers["x-ratelimit-remaining"] for r in (first, second)] == ["1", "0"]
            r = client.get("/applicants")
            assert "rate limit" in message_only(r, 429).lower()
            assert 1 <= int(r.headers["retry-after"]) <= 11


class TestRouting:
    def test_wrong_methods(self, apploi: httpx.Client, world: World) -> None:
        interviews = f"/applicants/{world.applications['active']}/interviews"
        for method, path in (("GET", interviews), ("POST", interviews), ("PATCH", interviews), ("DELETE", interviews),
                             ("POST", "/applicants"), ("PUT", "/applicants"), ("DELETE", "/applicants")):
            r = apploi.request(method, path, json={})
            assert method in message_only(r, 405)
            assert method not in [m.strip() for m in r.headers["allow"].split(",")]

    def test_unknown_paths(self, apploi: httpx.Client, world: World) -> None:
        app_id = world.applications["active"]
        for path in ("/nothing", "", f"/applicants/{app_id}", f"/applicants/{app_id}/interviews/1",
                     "/applicant", "/easy-apply"):
            message_only(apploi.get(path), 404)

    def test_documented_in_openapi(self, server: LiveServer) -> None:
        spec = httpx.get(f"{server.url}/openapi.json", timeout=30).json()
        put_op = spec["paths"]["/apploi/applicants/{application_form_id}/interviews"]["put"]
        get_op = spec["paths"]["/apploi/applicants"]["get"]
        assert {"200", "400", "403", "404", "409"} <= set(put_op["responses"])
        assert set(put_op["requestBody"]["content"]["application/json"]["examples"]) == {"interviewerId",
                                                                                          "team and e-mail"}
        assert {p["name"] for p in get_op["parameters"]} == {"limit", "offset", "updated_after", "updated_before",
                                                             "job_id", "team_id", "state", "query"}
        assert spec["components"]["securitySchemes"]["ApploiApiKey"] == {
            "type": "apiKey", "in": "header", "name": "X-Api-Key",
            "description": spec["components"]["securitySchemes"]["ApploiApiKey"]["description"]}
