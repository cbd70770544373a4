"""Seek-or-offset paging shared by every list: ``after``/``before`` (keyset) win over ``offset``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, Select, bindparam, func, select, tuple_
from sqlalchemy.orm import Session

from interviewd.core.queries import PageWindow
from interviewd.core.store.ids import seek_bound
from interviewd.core.views import Page


def ordered(stmt: Select[Any], keys: Sequence[Any], window: PageWindow) -> tuple[Select[Any], bool]:
    """``stmt`` positioned, ordered and limited (one row more, to see whether more follow) for ``window``.

    Returns the statement and whether it reads backwards (``window.before``): then the rows come
    newest first and ``cut`` turns them around.

    The seek position, offset and limit are named bind parameters (``window_params``), so a statement
    compiled once for a window's shape serves every window of that shape (driver.Prepared).
    """
    backward = window.before is not None
    position = window.before if backward else window.after
    params = window_params(window)
    if position is not None:
        bound = [bindparam(f"seek_{n}", params[f"seek_{n}"], type_=key.type) for n, key in enumerate(keys)]
        left = tuple_(*keys) if len(keys) > 1 else keys[0]
        right = tuple_(*bound) if len(keys) > 1 else bound[0]
        stmt = stmt.where(left < right if backward else left > right)
    elif window.offset:
        stmt = stmt.offset(bindparam("offset", params["offset"], type_=BigInteger))
    order = [key.desc() for key in keys] if backward else list(keys)
    return stmt.order_by(*order).limit(bindparam("limit", params["limit"], type_=BigInteger)), backward


def window_shape(window: PageWindow) -> tuple[bool, bool, bool]:
    """What decides the SQL of ``ordered`` besides the keys: reading backwards, seeking, skipping."""
    seeking = (window.before or window.after) is not None
    return window.before is not None, seeking, bool(window.offset) and not seeking


def window_params(window: PageWindow, instant: Any = None) -> dict[str, Any]:
    """The values of ``ordered``'s parameters; ``instant`` converts datetimes in a seek key for the driver."""
    params: dict[str, Any] = {"limit": window.limit + 1}
    position = window.before if window.before is not None else window.after
    if position is not None:
        for n, value in enumerate(position[:-1]):
            params[f"seek_{n}"] = instant(value) if instant is not None else value
        params[f"seek_{len(position) - 1}"] = seek_bound(position[-1])
    elif window.offset:
        params["offset"] = window.offset
    return params


def cut(rows: Sequence[Any], window: PageWindow, backward: bool) -> tuple[list[Any], bool]:
    """The page's rows in ascending order, and whether more lie beyond them in the reading direction."""
    has_more = len(rows) > window.limit
    page = list(rows[: window.limit])
    if backward:
        page.reverse()
    return page, has_more


def keyed_page(items: list[Any], keys: list[tuple[Any, ...]], has_more: bool, backward: bool,
               total: int | None = None) -> Page[Any]:
    """A Page of ``items`` whose seek keys are ``keys`` (same order)."""
    first = keys[0] if keys else None
    last = keys[-1] if keys else None
    next_key = last if has_more and not backward else None
    return Page(items=items, has_more=has_more, next_key=next_key, total=total, first_key=first, last_key=last)


def page_by_id(session: Session, stmt: Select[Any], id_column: Any, window: PageWindow) -> Page[Any]:
    """Rows of ``stmt`` ordered by ``id_column``: one query, plus a count when the window asks.

    The first column of each row is the entity or its id (Core rows).
    """
    total = None
    if window.count:
        total = session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
    query, backward = ordered(stmt, (id_column,), window)
    rows, has_more = cut(session.execute(query).all(), window, backward)
    keys = [(getattr(row[0], "id", row[0]),) for row in rows]
    return keyed_page(rows, keys, has_more, backward, total)
