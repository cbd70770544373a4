"""Hot reads on the driver: Core statements compiled once per dialect, run on the session's DBAPI connection.

Measured on a million interviews: a 100-row page spends more time in SQLAlchemy's per-execution work
and per-value result processing than in SQLite itself (a raw driver query is about 5× cheaper than the
same Core statement), so the reads that every list and retrieve make compile their SQL once and convert
the few values they need in one pass (``Values``). They still run inside the unit of work's transaction
(the session's own connection), so they see what the session has flushed.

Parameters are named bind parameters, given as the driver takes them (``Values.bind_*``). A list goes
into an ``IN`` as ``Prepared(..., lists=("ids",))`` and is written into the SQL as integers (``int()``
first, so nothing but digits reaches the text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timezone
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement

UTC = timezone.utc
_SQLITE_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
_POSTCOMPILE = re.compile(r"\(?__\[POSTCOMPILE_(\w+)\]\)?")


class Prepared:
    """One statement, compiled the first time it runs on each dialect."""

    __slots__ = ("_compiled", "_lists", "_stmt")

    def __init__(self, stmt: ClauseElement, lists: Sequence[str] = ()) -> None:
        self._stmt = stmt
        self._lists = frozenset(lists)
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}

    def _compile(self, dialect: Dialect) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
        compiled = self._stmt.compile(dialect=dialect)
        sql = compiled.string
        names: tuple[str, ...] | None = None
        if dialect.paramstyle in ("qmark", "numeric", "format"):
            names = tuple(n for n in (compiled.positiontup or ()) if n not in self._lists)
        unknown = set(_POSTCOMPILE.findall(sql)) - self._lists
        if unknown:
            raise ValueError(f"expanding parameters not declared as lists: {sorted(unknown)}")
        # constants written in the statement (``source == "harvest"``) are anonymous parameters with a value
        constants = {name: bind.value for name, bind in compiled.binds.items() if bind.unique}
        entry = (sql, names, constants)
        self._compiled[dialect.name] = entry
        return entry

    def rows(self, session: Session, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Every row, as the driver returns it (convert with ``Values``)."""
        connection = session.connection()
        dialect = connection.dialect
        sql, names, constants = self._compiled.get(dialect.name) or self._compile(dialect)
        if constants:
            params = {**constants, **params}
        if self._lists:
            sql = _POSTCOMPILE.sub(lambda m: "(" + _integers(params[m.group(1)]) + ")", sql)
        bind = tuple(params[n] for n in names) if names is not None else {
            k: v for k, v in params.items() if k not in self._lists}
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            if connection._has_events or connection.engine._has_events:
                # listeners (statement counters, tracing) see these statements as they see SQLAlchemy's own
                connection.dispatch.before_cursor_execute(connection, cursor, sql, bind, None, False)
            cursor.execute(sql, bind)
            return cursor.fetchall()
        finally:
            cursor.close()


def _integers(values: Sequence[Any]) -> str:
    # an empty IN () is not SQL; NULL matches nothing
    return ",".join(str(int(v)) for v in values) or "NULL"


class Values:
    """Converters between the driver's values and Python's, for one dialect."""

    __slots__ = ("bind_instant", "bind_uuid", "day", "flag", "instant", "json", "uuid")

    def __init__(self, dialect_name: str) -> None:
        sqlite = dialect_name == "sqlite"
        self.instant: Callable[[Any], datetime | None] = _text_instant if sqlite else _aware_instant
        self.day: Callable[[Any], date | None] = _text_day if sqlite else _same
        self.flag: Callable[[Any], bool] = bool
        self.uuid: Callable[[Any], str | None] = _hex_uuid if sqlite else _text
        self.json: Callable[[Any], Any] = _json_text if sqlite else _same
        self.bind_instant: Callable[[datetime], Any] = _bind_text if sqlite else _bind_aware
        self.bind_uuid: Callable[[UUID], Any] = _bind_hex if sqlite else _same


_VALUES: dict[str, Values] = {}


def values_for(session: Session) -> Values:
    name = session.get_bind().dialect.name
    found = _VALUES.get(name)
    if found is None:
        found = _VALUES[name] = Values(name)
    return found


def _same(value: Any) -> Any:
    return value


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _text_instant(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


def _aware_instant(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _text_day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _hex_uuid(value: str | None) -> str | None:
    if value is None or len(value) != 32:
        return value
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"


def _json_text(value: str | None) -> Any:
    return None if value is None else orjson.loads(value)


def _bind_text(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not stored; give a UTC-aware value")
    return value.astimezone(UTC).strftime(_SQLITE_FORMAT)


def _bind_hex(value: UUID) -> str:
    return value.hex


def _bind_aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not stored; give a UTC-aware value")
    return value
