"""Claims due outbox rows, runs their handlers, and settles each with its attempt recorded."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from interviewd.core.runtime import Core
from interviewd.core.store import outbox as store
from interviewd.worker.errors import DeliveryError, Permanent, Retryable

log = logging.getLogger("interviewd.worker")
Then = Callable[[Session, datetime], None]


@dataclass(slots=True)
class Outcome:
    """What a handler did: the receiver's status, and database work to commit with the row's settlement.

    ``then`` runs in the same transaction that marks the row delivered, so a fan-out's child rows exist
    exactly when their parent is settled: a crash before the commit runs the parent again, never twice.
    """

    status_code: int | None = None
    then: Then | None = None


Handler = Callable[[store.Claimed], Awaitable[Outcome]]


def backoff_schedule(text: str) -> list[int]:
    """Seconds to wait before each retry, from INTERVIEWD_WEBHOOK_BACKOFF (``60,900,3600``)."""
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ValueError(f"INTERVIEWD_WEBHOOK_BACKOFF must be comma-separated seconds; got {text!r}") from None
    if any(v < 0 for v in values):
        raise ValueError("INTERVIEWD_WEBHOOK_BACKOFF values must not be negative")
    return values


class Dispatcher:
    """One worker: ``await run_once()`` handles what is due; ``await run()`` polls until stopped."""

    def __init__(self, core: Core, handlers: dict[str, Handler], *, batch: int = 20) -> None:
        self.core = core
        self.handlers = handlers
        self.batch = batch
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.backoff = backoff_schedule(core.settings.webhook_backoff)
        self.lease = timedelta(seconds=core.settings.worker_lease_seconds)
        self._stop = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        """Poll every INTERVIEWD_WORKER_POLL_SECONDS until ``stop()``; a failing poll is logged, not fatal."""
        while not self._stop.is_set():
            try:
                busy = await self.run_once()
            except Exception:  # the database may be briefly unavailable; keep the worker alive
                log.exception("outbox poll failed")
                busy = 0
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), timeout=self.core.settings.worker_poll_seconds)

    async def run_once(self) -> int:
        """Claim and run one batch; returns how many rows were handled."""
        now = self.core.now()
        claimed = await self.core.call(lambda s, _now: store.claim(s, owner=self.owner, now=now, lease=self.lease,
                                                                   limit=self.batch), write=True)
        for row in claimed:
            await self._run(row)
        return len(claimed)

    async def _run(self, row: store.Claimed) -> None:
        started = self.core.now()
        handler = self.handlers.get(row.topic)
        status_code: int | None = None
        error: str | None = None
        retry_at: datetime | None = None
        then: Then | None = None
        ok = False
        if handler is None:
            error = f"no handler for topic {row.topic!r}"
        else:
            try:
                outcome = await handler(row)
                status_code, then, ok = outcome.status_code, outcome.then, True
            except Retryable as exc:
                status_code, error = exc.status_code, str(exc)
                retry_at = self._next_try(row.attempts)
            except Permanent as exc:
                status_code, error = exc.status_code, str(exc)
            except DeliveryError as exc:  # pragma: no cover - subclasses above cover every raise
                status_code, error = exc.status_code, str(exc)
            except Exception as exc:  # a bug in a handler: keep the row, retry later, log loudly
                log.exception("handler for %s failed on outbox row %s", row.topic, row.id)
                error, retry_at = f"internal error: {exc!r}", self._next_try(row.attempts)
        done = self.core.now()

        def settle(session: Session, _now: datetime) -> None:
            held = store.finish(session, row_id=row.id, owner=self.owner, started=started, now=done, ok=ok,
                                status_code=status_code, error=error, retry_at=retry_at)
            if held and ok and then is not None:
                then(session, done)

        try:
            await self.core.call(settle, write=True)
        except Exception:  # the follow-up failed: leave the row leased; it runs again when the lease ends
            log.exception("settling outbox row %s (%s) failed", row.id, row.topic)

    def _next_try(self, attempts_so_far: int) -> datetime | None:
        if attempts_so_far >= len(self.backoff):
            return None
        return self.core.now() + timedelta(seconds=self.backoff[attempts_so_far])
