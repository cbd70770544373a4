"""Seek-or-offset paging shared by every list: ``after``/``before`` (keyset) win over ``offset``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session

from interviewd.core.queries import PageWindow
from interviewd.core.store.ids import seek_bound
from interviewd.core.views import Page


def ordered(stmt: Select[Any], keys: Sequence[Any], window: PageWindow) -> tuple[Select[Any], bool]:
    """``stmt`` positioned, ordered and limited (one row more, to see whether more follow) for ``window``.

    Returns the statement and whether it reads backwards (``window.before``): then the rows come
    newest first and ``cut`` turns them around.
    """
    backward = window.before is not None
    position = window.before if backward else window.after
    if position is not None:
        bound = (*position[:-1], seek_bound(position[-1]))
        left = tuple_(*keys) if len(keys) > 1 else keys[0]
        right = tuple_(*bound) if len(keys) > 1 else bound[0]
        stmt = stmt.where(left < right if backward else left > right)
    elif window.offset:
        stmt = stmt.offset(window.offset)
    order = [key.desc() for key in keys] if backward else list(keys)
    return stmt.order_by(*order).limit(window.limit + 1), backward


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
