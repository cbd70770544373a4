"""Seek-or-offset paging shared by every list: ``after`` (keyset) wins over ``offset``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from interviewd.core.queries import PageWindow
from interviewd.core.store.ids import seek_bound
from interviewd.core.views import Page


def page_by_id(session: Session, stmt: Select[Any], id_column: Any, window: PageWindow) -> Page[Any]:
    """Rows of ``stmt`` ordered by ``id_column``: one query, plus a count when the window asks."""
    total = None
    if window.count:
        total = session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
    if window.after is not None:
        stmt = stmt.where(id_column > seek_bound(window.after[0]))
    elif window.offset:
        stmt = stmt.offset(window.offset)
    rows = list(session.execute(stmt.order_by(id_column).limit(window.limit + 1)).all())
    has_more = len(rows) > window.limit
    rows = rows[: window.limit]
    next_key = (rows[-1][0].id,) if has_more and rows else None
    return Page(items=rows, has_more=has_more, next_key=next_key, total=total)
