"""Nothing is lost: a worker killed mid-delivery, several workers on one PostgreSQL, the CLI around it all."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from interviewd.config import Settings
from interviewd.core.store.engine import make_engine
from interviewd.core.store.migrate import upgrade
from interviewd.core.store.uow import Database
from interviewd.worker.runner import build
from tests.support.factories import build_world
from tests.support.receivers import WebhookReceiver
from tests.worker.conftest import Harness, quiet_outbox

CLI = [sys.executable, "-m", "interviewd.faces.cli"]


def event_ids(receiver: WebhookReceiver) -> Counter[str]:
    return Counter(r.headers["greenhouse-event-id"] for r in receiver.received)


def wait_until(predicate: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


class SlowReceiver(WebhookReceiver):
    """Takes a moment over each request, so a kill lands while deliveries are in flight."""

    async def _handle(self, request: Any) -> Any:
        await asyncio.sleep(0.15)
        return await super()._handle(request)


def test_a_worker_killed_mid_delivery_loses_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    engine = make_engine(url)
    upgrade(engine)
    db = Database(engine)
    world = build_world(db)
    harness = Harness(db, Settings(database_url=url, run_worker=False))
    with SlowReceiver().running() as receiver:
        cli = [*CLI, "webhooks", "create", "--org", str(world.org_id), "--url", receiver.url + "/hook",
               "--dialect", "greenhouse", "--secret", "crash-test-secret"]
        made = subprocess.run(cli, capture_output=True, text=True, env={**os.environ, "INTERVIEWD_DATABASE_URL": url},
                              check=True, timeout=60)
        assert json.loads(made.stdout)["dialect"] == "greenhouse"
        for n in range(12):
            harness.book(world, hours=24 * 30 + 2 * n, users=[world.interviewers[n % 3]])
        env = {**os.environ, "INTERVIEWD_DATABASE_URL": url, "INTERVIEWD_WORKER_POLL_SECONDS": "0.05",
               "INTERVIEWD_WORKER_LEASE_SECONDS": "2"}
        first = subprocess.Popen([*CLI, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until(lambda: len(receiver.received) >= 3, 60, "the first deliveries")
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        assert len(event_ids(receiver)) < 12, "the kill must land while deliveries remain"
        second = subprocess.Popen([*CLI, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until(lambda: len(event_ids(receiver)) == 12, 90, "every event after the restart")
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(20)
        counts = event_ids(receiver)
        # A delivery the receiver took just before the kill may come again, with the same event id.
        assert sum(counts.values()) - len(counts) <= 1
        log = subprocess.run([*CLI, "webhooks", "deliveries", "--org", str(world.org_id)], capture_output=True,
                             text=True, env={**os.environ, "INTERVIEWD_DATABASE_URL": url}, check=True, timeout=60)
        assert {d["status"] for d in json.loads(log.stdout)} == {"delivered"}
    db.dispose()


@pytest.fixture
def pg_db(postgres_url: str) -> Any:
    engine = make_engine(postgres_url)
    upgrade(engine)
    database = Database(engine)
    yield database
    database.dispose()


@pytest.mark.anyio
async def test_two_workers_on_postgresql_never_deliver_one_row_twice(pg_db: Database,
                                                                      receiver: WebhookReceiver) -> None:
    db = pg_db
    world = build_world(db)
    quiet_outbox(db)
    one, two = (Harness(db, Settings(database_url="sqlite://", run_worker=False)) for _ in range(2))
    one.subscribe(world, receiver.url + "/hook", "greenhouse")
    for n in range(30):
        one.book(world, hours=24 * 30 + 2 * n, users=[world.interviewers[n % 3]])
    async with httpx.AsyncClient(timeout=10) as client:
        workers = [build(h.core, client) for h in (one, two)]
        for worker in workers:
            worker.batch = 3
        handled = await asyncio.gather(*(h.drain(w, rounds=200) for h, w in zip((one, two), workers, strict=True)))
    assert all(handled), "both workers took part"
    counts = event_ids(receiver)
    assert len(counts) == 30 and set(counts.values()) == {1}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
