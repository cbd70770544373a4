"""Managing webhook subscriptions over HTTP (Harvest conventions) and reading their delivery log."""

from __future__ import annotations

import httpx

from interviewd.core.services.keys import key_service
from interviewd.core.store.uow import Database
from tests.conftest import LiveServer
from tests.support.factories import T0, World, build_world


class TestSubscriptions:
    def test_create_list_and_deactivate(self, harvest: httpx.Client, world: World) -> None:
        r = harvest.post("/v1/webhooks", json={"url": "https://hooks.example/gh", "dialect": "greenhouse",
                                               "events": ["interview_deleted"]})
        assert r.status_code == 201, r.text
        made = r.json()
        assert made["dialect"] == "greenhouse" and made["events"] == ["interview_deleted"]
        assert len(made["secret"]) >= 32 and made["active"] is True
        listed = harvest.get("/v1/webhooks").json()
        assert [s["id"] for s in listed] == [made["id"]] and "secret" not in listed[0]
        gone = harvest.delete(f"/v1/webhooks/{made['id']}")
        assert gone.status_code == 200 and gone.json()["active"] is False

    def test_every_bad_field_is_named(self, harvest: httpx.Client) -> None:
        r = harvest.post("/v1/webhooks", json={"url": "ftp://x", "dialect": "slack", "secret": "short"})
        assert r.status_code == 422
        assert {e["field"] for e in r.json()["errors"]} == {"url", "dialect", "secret"}
        r = harvest.post("/v1/webhooks", json={"url": "https://h.example", "dialect": "kula",
                                               "events": ["interview_deleted"]})
        assert r.status_code == 422 and "interview.event.created" in r.json()["errors"][0]["message"]
        assert harvest.post("/v1/webhooks", json={}).status_code == 422

    def test_deliveries_log_and_unknown_ids(self, harvest: httpx.Client) -> None:
        assert harvest.get("/v1/webhook_deliveries").json() == []
        assert harvest.get("/v1/webhook_deliveries", params={"status": "lost"}).status_code == 422
        assert harvest.post("/v1/webhook_deliveries/999999/redeliver").status_code == 404
        assert harvest.delete("/v1/webhooks/999999").status_code == 404

    def test_needs_the_permission_and_stays_in_its_organization(self, server: LiveServer, db: Database,
                                                                harvest: httpx.Client) -> None:
        made = harvest.post("/v1/webhooks", json={"url": "https://h.example", "dialect": "merge"}).json()
        other = build_world(db)
        with httpx.Client(base_url=server.url + "/harvest", auth=(other.keys["harvest"], "")) as theirs:
            assert theirs.get("/v1/webhooks").json() == []
            assert theirs.delete(f"/v1/webhooks/{made['id']}").status_code == 404
        limited = db.run(lambda s: key_service.issue(s, org_id=other.org_id, face="harvest", now=T0,
                                                     rate_limit_per_10s=0, permissions=["users.list"]).secret,
                         write=True)
        with httpx.Client(base_url=server.url + "/harvest", auth=(limited, "")) as weak:
            r = weak.get("/v1/webhooks")
            assert r.status_code == 403 and "webhooks.manage" in r.json()["message"]
