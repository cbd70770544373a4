"""The unit of work: the one place that commits. Services only flush."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from interviewd.core.store.engine import _write_intent

T = TypeVar("T")


class Database:
    """Holds the engine and opens units of work on it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)

    @contextmanager
    def unit_of_work(self, *, write: bool = False) -> Iterator[Session]:
        """A session that commits when the block succeeds and rolls back when it raises."""
        token = _write_intent.set(write)
        session = self._sessions()
        try:
            yield session
            if write:
                session.commit()
            else:
                session.rollback()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
            _write_intent.reset(token)

    def run(self, fn: Callable[[Session], T], *, write: bool = False) -> T:
        """Call ``fn`` inside one unit of work and return its result."""
        with self.unit_of_work(write=write) as session:
            return fn(session)

    def dispose(self) -> None:
        self.engine.dispose()
