"""Webhooks at the receiver: each dialect's envelope and signature, checked as the vendors document them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from standardwebhooks.webhooks import Webhook

from interviewd.core.services import interview_service
from interviewd.core.services.webhooks import webhook_service
from interviewd.worker.dispatcher import Dispatcher
from tests.support.factories import World
from tests.support.receivers import WebhookReceiver
from tests.worker.conftest import Harness

pytestmark = pytest.mark.anyio
SECRET = "s3cret-value"


def hmac256(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


class TestDialects:
    async def test_greenhouse(self, harness: Harness, dispatcher: Dispatcher, receiver: WebhookReceiver,
                              world: World) -> None:
        harness.subscribe(world, receiver.url + "/gh", "greenhouse")
        interview = harness.book(world)
        await harness.drain(dispatcher)
        (got,) = receiver.received
        assert got.headers["signature"] == "sha256 " + hmac256(SECRET.encode(), got.body).hex()
        assert got.headers["greenhouse-event-id"]
        body = json.loads(got.body)
        assert body["action"] == "interview_created"
        assert body["payload"]["interview"]["id"] == interview.id
        assert body["payload"]["interview"]["start"]["date_time"].endswith(".000Z")
        assert got.body.isascii()

    async def test_greenhouse_deleted_is_sent_as_greenhouse_does(self, harness: Harness, dispatcher: Dispatcher,
                                                                 receiver: WebhookReceiver, world: World) -> None:
        interview = harness.book(world)
        harness.subscribe(world, receiver.url + "/gh", "greenhouse", events=["interview_deleted"])
        harness.db.run(lambda s: interview_service.delete(s, org_id=world.org_id, interview_id=interview.id,
                                                          actor_id=world.admin, source="harvest",
                                                          now=harness.clock.now()), write=True)
        await harness.drain(dispatcher)
        (got,) = receiver.received
        assert json.loads(got.body) == {"action": "interview_deleted", "payload": {"interview": {"id": interview.id}}}

    async def test_kula(self, harness: Harness, dispatcher: Dispatcher, receiver: WebhookReceiver,
                        world: World) -> None:
        harness.subscribe(world, receiver.url + "/kula", "kula")
        interview = harness.book(world)
        await harness.drain(dispatcher)
        (got,) = receiver.received
        parts = dict(p.split("=", 1) for p in got.headers["x-kula-signature"].split(","))
        expected = hmac256(SECRET.encode(), parts["t"].encode() + b"." + got.body).hex()
        assert hmac.compare_digest(parts["v1"], expected)
        assert abs(int(parts["t"]) - int(harness.clock.now().timestamp())) < 300
        body = json.loads(got.body)
        assert body["event"] == got.headers["x-kula-event"] == "interview.event.created"
        assert body["event_id"] == got.headers["x-kula-event-id"]
        assert body["account_id"] == str(world.org_id)
        assert body["data"]["id"] == interview.id and body["data"]["interviewers"][0]["email"]

    async def test_standard_webhooks_library_verifies(self, harness: Harness, dispatcher: Dispatcher,
                                                      receiver: WebhookReceiver, world: World) -> None:
        sub = harness.subscribe(world, receiver.url + "/std", "standard", secret=None)
        assert sub.secret.startswith("whsec_")
        harness.book(world)
        await harness.drain(dispatcher)
        (got,) = receiver.received
        verified = Webhook(sub.secret).verify(got.body, {k: v for k, v in got.headers.items()})
        assert verified["type"] == "interview.created"

    async def test_signature_covers_unicode_and_angle_brackets(self, harness: Harness, dispatcher: Dispatcher,
                                                               receiver: WebhookReceiver, world: World) -> None:
        harness.subscribe(world, receiver.url + "/gh", "greenhouse")
        harness.book(world, location="Zürich <HQ>")
        await harness.drain(dispatcher)
        (got,) = receiver.received
        assert b"Z\\u00fcrich \\u003cHQ\\u003e" in got.body
        assert got.headers["signature"] == "sha256 " + hmac256(SECRET.encode(), got.body).hex()
        assert json.loads(got.body)["payload"]["interview"]["location"] == "Zürich <HQ>"


class TestDelivery:
    async def test_retries_with_backoff_then_delivers(self, harness: Harness, dispatcher: Dispatcher,
                                                      receiver: WebhookReceiver, world: World) -> None:
        receiver.fail_first = 2
        harness.subscribe(world, receiver.url + "/gh", "greenhouse")
        harness.book(world)
        await harness.drain(dispatcher)
        assert receiver.received == []
        harness.clock.advance(timedelta(seconds=61))
        await harness.drain(dispatcher)
        assert receiver.received == []
        harness.clock.advance(timedelta(seconds=901))
        await harness.drain(dispatcher)
        assert len(receiver.received) == 1
        (log,) = harness.db.run(lambda s: webhook_service.deliveries(s, org_id=world.org_id))
        assert log.status == "delivered" and log.attempts == 3
        assert [a.status_code for a in log.history] == [500, 500, 200]

    async def test_spent_attempts_fail_visibly_and_can_be_redelivered(
            self, harness: Harness, dispatcher: Dispatcher, receiver: WebhookReceiver, world: World) -> None:
        receiver.fail_first = 4
        harness.subscribe(world, receiver.url + "/gh", "greenhouse")
        harness.book(world)
        for wait in (0, 61, 901, 3601):
            harness.clock.advance(timedelta(seconds=wait))
            await harness.drain(dispatcher)
        (log,) = harness.db.run(lambda s: webhook_service.deliveries(s, org_id=world.org_id, status="failed"))
        assert log.attempts == 4 and "500" in (log.last_error or "")
        harness.db.run(lambda s: webhook_service.redeliver(s, org_id=world.org_id, delivery_id=log.id,
                                                           now=harness.clock.now()), write=True)
        await harness.drain(dispatcher)
        assert len(receiver.received) == 1

    async def test_an_interview_s_events_arrive_in_order(self, harness: Harness, dispatcher: Dispatcher,
                                                         receiver: WebhookReceiver, world: World) -> None:
        from interviewd.core.services import Changes

        receiver.fail_first = 1
        harness.subscribe(world, receiver.url + "/gh", "greenhouse")
        interview = harness.book(world)
        for n in range(3):
            harness.db.run(lambda s, n=n: interview_service.update(
                s, org_id=world.org_id, interview_id=interview.id, actor_id=world.admin, source="harvest",
                now=harness.clock.now(), changes=Changes(location=f"Room {n}")), write=True)
        await harness.drain(dispatcher)
        harness.clock.advance(timedelta(seconds=61))
        await harness.drain(dispatcher)
        actions = [(json.loads(r.body)["action"], json.loads(r.body)["payload"]["interview"]["location"])
                   for r in receiver.received]
        assert [a for a, _ in actions] == ["interview_created"] + ["interview_updated"] * 3
        assert [loc for _, loc in actions[1:]] == ["Room 0", "Room 1", "Room 2"]

    async def test_event_filter_and_tenancy(self, harness: Harness, dispatcher: Dispatcher,
                                            receiver: WebhookReceiver, world: World, db: object) -> None:
        from tests.support.factories import build_world

        other = build_world(harness.db)
        harness.subscribe(world, receiver.url + "/mine", "greenhouse", events=["interview_deleted"])
        harness.subscribe(other, receiver.url + "/theirs", "merge")
        harness.book(world)
        await harness.drain(dispatcher)
        assert receiver.received == []

    async def test_merge_signature(self, harness: Harness, dispatcher: Dispatcher, receiver: WebhookReceiver,
                                   world: World) -> None:
        harness.subscribe(world, receiver.url + "/merge", "merge")
        interview = harness.book(world)
        await harness.drain(dispatcher)
        (got,) = receiver.received
        expected = base64.urlsafe_b64encode(hmac256(SECRET.encode(), got.body)).decode()
        assert got.headers["x-merge-webhook-signature"] == expected
        body = json.loads(got.body)
        assert body["hook"]["event"] == "ScheduledInterview.added"
        assert body["data"]["remote_id"] == str(interview.id)
