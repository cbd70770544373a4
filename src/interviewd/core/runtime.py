"""The core as the faces hold it: the database, the clock and the settings, and one way in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from interviewd.config import Settings
from interviewd.core.clock import Clock, SystemClock
from interviewd.core.services.keys import Principal, RateLimiter, key_service
from interviewd.core.store.uow import Database
from interviewd.errors import Conflict, Invalid, Unauthenticated

T = TypeVar("T")
Work = Callable[[Session, datetime], T]


class Core:
    """What a face calls: ``await core.call(fn)`` runs ``fn(session, now)`` in one unit of work."""

    def __init__(self, db: Database, settings: Settings, clock: Clock | None = None) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock or SystemClock()
        self.rate_limiter = RateLimiter()
        # SQLite answers in microseconds with no network wait, and a hop to a worker thread costs more
        # than the query (measured: a thread hop alone cuts a bare endpoint's throughput by 75 %), so
        # SQLite work runs on the event loop. PostgreSQL work waits on the network: it goes to threads.
        self.inline = db.engine.dialect.name == "sqlite"

    def now(self) -> datetime:
        return self.clock.now()

    def run(self, fn: Work[T], *, write: bool = False) -> T:
        """Run ``fn`` synchronously in one unit of work (commit on success if ``write``)."""
        try:
            with self.db.unit_of_work(write=write) as session:
                return fn(session, self.clock.now())
        except IntegrityError as exc:
            raise Conflict("The change collides with data written at the same moment; retry the request") from exc
        except DataError as exc:
            # PostgreSQL refuses what SQLite stores (NUL characters in text, out-of-range numbers): the input is bad
            raise Invalid("A value cannot be stored: text must not contain NUL (\\u0000) characters and numbers "
                          "must fit their fields") from exc

    async def call(self, fn: Work[T], *, write: bool = False) -> T:
        """Run ``fn`` in one unit of work: inline on SQLite, in a worker thread on PostgreSQL."""
        if self.inline:
            return self.run(fn, write=write)
        return await run_in_threadpool(self.run, fn, write=write)

    async def authenticate(self, face: str, secret: str | None, secondary: str | None = None) -> Principal:
        """The principal for these credentials; cached checks skip the database."""
        if not secret:
            raise Unauthenticated("Missing credentials")
        hit = key_service.cached(face=face, secret=secret, secondary=secondary)
        if hit is False:
            return await self.call(lambda s, _now: key_service.authenticate(s, face=face, secret=secret,
                                                                             secondary=secondary))
        if hit is None or hit is True:
            raise Unauthenticated("Invalid credentials")
        return hit
