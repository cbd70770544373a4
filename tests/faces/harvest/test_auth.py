"""Who may call the Harvest face: Basic auth with the key as user name, per-endpoint permissions, rate limits,
and the errors around routing (GET with a body, unknown paths, wrong methods)."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from interviewd.core.services.keys import key_service
from interviewd.core.store.uow import Database
from tests.support.factories import T0, World, build_world, iso, later

LIST = "/v1/scheduled_interviews"


def message_only(r: httpx.Response, status: int) -> str:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert list(body) == ["message"] and isinstance(body["message"], str) and body["message"], body
    return str(body["message"])


def basic(value: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(value.encode()).decode()}


@pytest.fixture
def anonymous(server: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url + "/harvest", timeout=30) as client:
        yield client


def client_for(server: Any, key: str) -> httpx.Client:
    return httpx.Client(base_url=server.url + "/harvest", auth=(key, ""), timeout=30)


def create_body(world: World) -> dict[str, Any]:
    return {"application_id": world.applications["active"], "interview_id": world.activities[0],
            "interviewers": [{"user_id": world.interviewers[0], "response_status": "accepted"}],
            "start": iso(later(hours=2)), "end": iso(later(hours=3)), "external_event_id": f"auth-{world.org_id}"}


class TestAuthentication:
    def test_missing_authorization(self, anonymous: httpx.Client) -> None:
        r = anonymous.get(LIST)
        message_only(r, 401)
        assert r.headers["www-authenticate"].lower().startswith("basic")
        message_only(anonymous.get("/v1/users"), 401)
        message_only(anonymous.post("/v2/scheduled_interviews", json={}), 401)

    def test_authentication_comes_before_validation(self, anonymous: httpx.Client, world: World) -> None:
        bad_queries = ({"created_after": "garbage"}, {"per_page": 0}, {"skip_count": "maybe"},
                       {"actionable": "x"}, {"seek": "zz"}, {"updated_before": "soon", "page": "abc"})
        paths = (LIST, f"/v1/applications/{world.applications['active']}/scheduled_interviews", "/v1/users",
                 "/v1/applications", "/v1/job_stages", "/v1/offices")
        for params in bad_queries:
            for path in paths:
                message_only(anonymous.get(path, params=params), 401)
                message_only(anonymous.get(path, params=params, auth=("wrong", "")), 401)

    def test_wrong_key(self, anonymous: httpx.Client, world: World) -> None:
        message_only(anonymous.get(LIST, auth=("0" * 40, "")), 401)
        message_only(anonymous.get(LIST, auth=(world.keys["harvest"] + "x", "")), 401)
        message_only(anonymous.get(LIST, auth=(world.keys["harvest"].upper(), "")), 401)

    def test_key_goes_in_the_user_name_and_password_may_be_blank(self, anonymous: httpx.Client,
                                                                 world: World) -> None:
        key = world.keys["harvest"]
        assert anonymous.get(LIST, headers=basic(f"{key}:")).status_code == 200
        assert anonymous.get(LIST, headers=basic(key)).status_code == 200
        message_only(anonymous.get(LIST, headers=basic(f":{key}")), 401)

    def test_key_of_another_face(self, anonymous: httpx.Client, db: Database, world: World) -> None:
        apploi = db.run(lambda s: key_service.issue(s, org_id=world.org_id, face="apploi", now=T0,
                                                    rate_limit_per_10s=0).secret, write=True)
        for _ in range(2):  # refused again from the cache
            message_only(anonymous.get(LIST, auth=(apploi, "")), 401)
            message_only(anonymous.get("/v1/users", auth=(apploi, "")), 401)

    def test_malformed_headers(self, anonymous: httpx.Client, world: World) -> None:
        key = world.keys["harvest"]
        for header in ("Basic", "Basic !!!not-base64!!!", "Basic " + base64.b64encode(b"\xff\xfe:").decode(),
                       f"Bearer {key}", key, "Basic " + base64.b64encode(key.encode()).decode()[:-3],
                       "Digest username=x"):
            message_only(anonymous.get(LIST, headers={"Authorization": header}), 401)

    def test_another_organizations_key_is_a_different_tenant(self, server: Any, db: Database,
                                                             harvest: httpx.Client, world: World) -> None:
        other = build_world(db)
        with client_for(server, other.keys["harvest"]) as them:
            assert them.get(LIST).json() == []
            mine = {u["id"] for u in harvest.get("/v1/users").json()}
            theirs = {u["id"] for u in them.get("/v1/users").json()}
            assert mine and theirs and not mine & theirs


class TestPermissions:
    @pytest.fixture
    def listing_only(self, db: Database, server: Any) -> Iterator[tuple[World, httpx.Client]]:
        world = build_world(db, harvest_permissions=["scheduled_interviews.list"])
        with client_for(server, world.keys["harvest"]) as client:
            yield world, client

    def test_granted_endpoint_works(self, listing_only: tuple[World, httpx.Client]) -> None:
        world, client = listing_only
        assert client.get(LIST).status_code == 200
        r = client.get(f"/v1/applications/{world.applications['active']}/scheduled_interviews")
        assert r.status_code == 200 and r.json() == []

    def test_other_endpoints_are_forbidden_naming_the_permission(
            self, listing_only: tuple[World, httpx.Client]) -> None:
        world, client = listing_only
        headers = {"On-Behalf-Of": str(world.admin)}
        for permission, request in (
                ("scheduled_interviews.retrieve", lambda: client.get(f"{LIST}/1")),
                ("scheduled_interviews.create", lambda: client.post("/v2/scheduled_interviews",
                                                                    json=create_body(world), headers=headers)),
                ("scheduled_interviews.create", lambda: client.post("/v1/scheduled_interviews",
                                                                    json=create_body(world), headers=headers)),
                ("scheduled_interviews.update", lambda: client.patch("/v2/scheduled_interviews/1",
                                                                     json={"location": "x"}, headers=headers)),
                ("scheduled_interviews.delete", lambda: client.delete(f"{LIST}/1", headers=headers)),
                ("users.list", lambda: client.get("/v1/users")),
                ("users.retrieve", lambda: client.get(f"/v1/users/{world.admin}")),
                ("applications.list", lambda: client.get("/v1/applications")),
                ("applications.retrieve", lambda: client.get(f"/v1/applications/{world.applications['active']}")),
                ("job_stages.list", lambda: client.get(f"/v1/jobs/{world.job}/stages")),
                ("job_stages.list", lambda: client.get("/v1/job_stages")),
                ("job_stages.retrieve", lambda: client.get(f"/v1/job_stages/{world.stages[0]}")),
                ("offices.list", lambda: client.get("/v1/offices")),
                ("offices.retrieve", lambda: client.get(f"/v1/offices/{world.office}"))):
            text = message_only(request(), 403)
            assert permission in text, (permission, text)

    def test_permission_comes_before_validation(self, listing_only: tuple[World, httpx.Client]) -> None:
        _world, client = listing_only
        for path in ("/v1/users", "/v1/applications", "/v1/job_stages", "/v1/offices"):
            for params in ({"created_after": "garbage"}, {"skip_count": "maybe"}, {"per_page": 0}):
                assert "list" in message_only(client.get(path, params=params), 403)

    def test_nothing_was_created_by_the_refused_post(self, listing_only: tuple[World, httpx.Client]) -> None:
        world, client = listing_only
        client.post("/v2/scheduled_interviews", json=create_body(world), headers={"On-Behalf-Of": str(world.admin)})
        assert client.get(LIST).json() == []


def _start_of_fresh_window(needed: float = 3.0) -> None:
    """Wait, if need be, so the next ``needed`` seconds fall in one 10-second rate-limit window."""
    left = 10 - time.time() % 10
    if left < needed:
        time.sleep(left + 0.05)


class TestRateLimit:
    def test_headers_count_down_then_429(self, db: Database, server: Any) -> None:
        world = build_world(db, rate_limit=3)
        with client_for(server, world.keys["harvest"]) as client:
            _start_of_fresh_window()
            responses = [client.get(LIST), client.get("/v1/users"), client.get(f"{LIST}/999999999")]
            assert [r.status_code for r in responses] == [200, 200, 404]
            assert [r.headers["x-ratelimit-limit"] for r in responses] == ["3", "3", "3"]
            assert [r.headers["x-ratelimit-remaining"] for r in responses] == ["2", "1", "0"]
            r = client.get(LIST)
            text = message_only(r, 429)
            assert "rate limit" in text.lower()
            retry_after = r.headers["retry-after"]
            assert retry_after.isdigit() and 1 <= int(retry_after) <= 11
            assert r.headers["x-ratelimit-limit"] == "3" and r.headers["x-ratelimit-remaining"] == "0"
            assert int(r.headers["x-ratelimit-reset"]) > time.time() - 1
            message_only(client.post("/v2/scheduled_interviews", json=create_body(world),
                                     headers={"On-Behalf-Of": str(world.admin)}), 429)

    def test_limits_are_per_key(self, db: Database, server: Any, harvest: httpx.Client) -> None:
        limited = build_world(db, rate_limit=1)
        with client_for(server, limited.keys["harvest"]) as client:
            _start_of_fresh_window()
            assert client.get(LIST).status_code == 200
            assert client.get(LIST).status_code == 429
            assert harvest.get(LIST).status_code == 200

    def test_no_limit_no_headers(self, harvest: httpx.Client) -> None:
        for _ in range(25):
            r = harvest.get(LIST)
            assert r.status_code == 200
            assert "x-ratelimit-limit" not in r.headers and "x-ratelimit-remaining" not in r.headers


class TestRouting:
    def test_get_with_a_body_is_forbidden(self, harvest: httpx.Client) -> None:
        r = harvest.request("GET", LIST, content=b'{"per_page": 5}', headers={"Content-Type": "application/json"})
        assert "body" in message_only(r, 403).lower()
        r = harvest.request("GET", "/v1/users", content=b"x")
        message_only(r, 403)

    def test_get_with_a_chunked_body_is_forbidden(self, harvest: httpx.Client) -> None:
        def chunks() -> Iterator[bytes]:
            yield b'{"per_page":'
            yield b" 5}"

        r = harvest.request("GET", LIST, content=chunks(), headers={"Content-Type": "application/json"})
        assert r.request.headers.get("transfer-encoding") == "chunked"
        message_only(r, 403)

    def test_get_with_an_empty_body_is_fine(self, harvest: httpx.Client) -> None:
        assert harvest.request("GET", LIST, content=b"").status_code == 200
        assert harvest.get(LIST, headers={"Content-Length": "0"}).status_code == 200

    def test_unknown_paths(self, harvest: httpx.Client) -> None:
        for path in ("/v1/nothing_here", "/v3/scheduled_interviews", "/v1/scheduled_interviews/1/extra", "",
                     "/"):
            message_only(harvest.get(path), 404)

    def test_wrong_methods(self, harvest: httpx.Client) -> None:
        for method, path in (("PUT", LIST), ("DELETE", LIST), ("PUT", f"{LIST}/1"), ("POST", "/v1/users"),
                             ("PATCH", "/v1/users/1"), ("DELETE", "/v2/scheduled_interviews/1")):
            r = harvest.request(method, path, json={})
            assert method in message_only(r, 405)
            assert "allow" in r.headers
            assert method not in [m.strip() for m in r.headers["allow"].split(",")]

    def test_allow_names_every_method_of_the_path(self, harvest: httpx.Client) -> None:
        r = harvest.put(f"{LIST}/1", json={})
        assert r.status_code == 405
        assert sorted(m.strip() for m in r.headers["allow"].split(",")) == ["DELETE", "GET", "PATCH"]
