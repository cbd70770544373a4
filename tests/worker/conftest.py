"""Fixtures for the worker: a core with its own settings and clock, a dispatcher, real peers on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from interviewd.config import Settings
from interviewd.core.clock import FixedClock
from interviewd.core.model import OutboxMessage
from interviewd.core.runtime import Core
from interviewd.core.services import InterviewerSpec, interview_service
from interviewd.core.services.webhooks import webhook_service
from interviewd.core.store.uow import Database
from interviewd.worker.dispatcher import Dispatcher
from interviewd.worker.runner import build
from tests.support.factories import World
from tests.support.receivers import WebhookReceiver, smtp_sink

UTC = timezone.utc


class Harness:
    """A worker over the test database with a hand-driven clock."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.clock = FixedClock(datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1))
        self.core = Core(db, settings, self.clock)
        self.db = db

    async def drain(self, dispatcher: Dispatcher, rounds: int = 50) -> int:
        """Run the worker until nothing is due; returns how many rows it handled."""
        total = 0
        for _ in range(rounds):
            handled = await dispatcher.run_once()
            total += handled
            if not handled:
                return total
        raise AssertionError("the outbox did not drain")

    def book(self, world: World, *, hours: int = 24 * 30, users: list[int] | None = None, **extra: Any) -> Any:
        start = self.clock.now().replace(minute=0, second=0) + timedelta(hours=hours)
        specs = [InterviewerSpec(field=f"interviewers[{n}]", user_id=u, response_status="accepted")
                 for n, u in enumerate(users if users is not None else world.interviewers[:2])]
        return self.db.run(lambda s: interview_service.schedule(
            s, org_id=world.org_id, actor_id=world.admin, application_id=world.applications["active"],
            activity_id=world.activities[0], start=start, end=start + timedelta(hours=1), interviewers=specs,
            external_event_id=extra.pop("external_event_id", None), source=extra.pop("source", "harvest"),
            now=self.clock.now(), **extra), write=True).interview

    def subscribe(self, world: World, url: str, dialect: str, secret: str | None = "s3cret-value",
                  events: list[str] | None = None) -> Any:
        return self.db.run(lambda s: webhook_service.create(
            s, org_id=world.org_id, url=url, dialect=dialect, secret=secret, events=events, now=self.clock.now()),
            write=True)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver().running() as live:
        yield live


@pytest.fixture
def smtp() -> Iterator[tuple[str, list[Any]]]:
    with smtp_sink() as sink:
        yield sink


def quiet_outbox(db: Database) -> None:
    """Settle what earlier tests left in the shared outbox, so a worker test sees only its own rows."""
    db.run(lambda s: s.execute(update(OutboxMessage).where(OutboxMessage.status == "pending")
                               .values(status="delivered")), write=True)


@pytest.fixture
def harness(db: Database, smtp: tuple[str, list[Any]]) -> Harness:
    quiet_outbox(db)
    return Harness(db, Settings(database_url="sqlite://", smtp_url=smtp[0], mail_from="scheduler@acme.example",
                                webhook_backoff="60,900,3600", run_worker=False))


@pytest.fixture
async def dispatcher(harness: Harness) -> AsyncIterator[Dispatcher]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield build(harness.core, client)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
