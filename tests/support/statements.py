"""The SQL statements a block of work sends, as SQLAlchemy's listeners see them (driver-level reads included)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from interviewd.core.store.uow import Database


@contextmanager
def captured(db: Database) -> Iterator[list[str]]:
    """The statements sent while the block runs, in order."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def selects(db: Database, fn: Any) -> tuple[Any, int]:
    """``db.run(fn)``'s result and how many SELECT statements it sent."""
    with captured(db) as statements:
        result = db.run(fn)
    return result, len([s for s in statements if s.lstrip().upper().startswith("SELECT")])
