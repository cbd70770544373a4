"""Totals of long lists (the ``rel="last"`` of a Link header): counted once, then refreshed off the request.

Counting a million interviews takes most of a second, and every page of a list with a ``last`` link
needs the total. A total younger than FRESH seconds is used as it is, so a stream of writes cannot make
every page recount (measured: one count after each write stalled a mixed load). Older than that, it is
used while the organization's generation (its newest outbox id: one index seek; every change to an
interview writes one) is unchanged, for at most TTL seconds, which also bounds how stale a total filtered
by the clock gets. When it is stale, the request is answered with the last total and one background
thread counts again on its own connection (SQLite lets the event loop go on meanwhile: the driver
releases the GIL while it steps), so a total is at most one recount behind and no request waits for it.
Only the first count of a list is made in the request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

FRESH = 2.0
TTL = 30.0
_LIMIT = 10_000
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Total:
    value: int
    generation: Any
    counted_at: float


class Totals:
    """Totals by key (the engine, the organization and the filter), each with the generation it counted."""

    def __init__(self) -> None:
        self._known: dict[Hashable, _Total] = {}
        self._pending: set[Hashable] = set()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="interviewd-totals")

    def get(self, session: Session, key: Hashable, generation: Callable[[Session], Any],
            count: Callable[[Session], int]) -> int:
        known = self._known.get(key)
        clock = time.monotonic()
        if known is not None and clock < known.counted_at + FRESH:
            return known.value
        current = generation(session)
        if known is None:
            return self._store(key, current, count(session), clock)
        if current != known.generation or clock >= known.counted_at + TTL:
            self._refresh(session.get_bind(), key, current, count)  # type: ignore[arg-type]
        return known.value

    def _store(self, key: Hashable, generation: Any, value: int, clock: float) -> int:
        if len(self._known) > _LIMIT:
            self._known.clear()
        self._known[key] = _Total(value, generation, clock)
        return value

    def _refresh(self, engine: Engine, key: Hashable, generation: Any, count: Callable[[Session], int]) -> None:
        with self._lock:
            if key in self._pending:
                return
            self._pending.add(key)

        def recount() -> None:
            try:
                started = time.monotonic()
                with Session(bind=engine) as session:
                    self._store(key, generation, count(session), started)
            except Exception:  # the database went away (shutdown): the last total stays until the next try
                log.warning("recounting a list total failed", exc_info=True)
            finally:
                with self._lock:
                    self._pending.discard(key)

        self._pool.submit(recount)


totals = Totals()
