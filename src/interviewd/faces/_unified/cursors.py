"""Opaque cursors in the shape Django REST framework gives them (base64 of ``r=1&p=<position>``).

A cursor holds only a position in the list's order (and, for ``previous``, that it reads backwards);
the client sends its filters again with it. Positions are seek keys, so following cursors stays
correct while rows are inserted and updated: nothing is skipped, nothing seen twice in id order.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlencode

from interviewd.core.queries import PageWindow
from interviewd.core.views import Page
from interviewd.faces._unified.params import BadParam

Key = tuple[Any, ...]


def encode(key: Key, *, reverse: bool = False) -> str:
    """The cursor for the rows after ``key`` (before it when ``reverse``)."""
    position = "|".join(v.isoformat() if isinstance(v, datetime) else str(v) for v in key)
    tokens = ([("r", "1")] if reverse else []) + [("p", position)]
    return base64.b64encode(urlencode(tokens).encode()).decode()


def decode(token: str, shape: tuple[type, ...], name: str = "cursor") -> tuple[Key, bool]:
    """The position and direction inside a cursor made by ``encode`` for a list ordered by ``shape``."""
    try:
        text = token.strip().replace(" ", "+").replace("-", "+").replace("_", "/")
        query = base64.b64decode(text + "=" * (-len(text) % 4), validate=True).decode("ascii")
        tokens = parse_qs(query, keep_blank_values=True, strict_parsing=True)
        if set(tokens) - {"p", "r"} or len(tokens.get("p", [])) != 1 or tokens.get("r", ["1"]) != ["1"]:
            raise ValueError
        parts = tokens["p"][0].split("|")
        if len(parts) != len(shape):
            raise ValueError
        key = tuple(datetime.fromisoformat(p) if kind is datetime else int(p) for p, kind in zip(parts, shape,
                                                                                                 strict=True))
        if any(isinstance(v, datetime) and v.tzinfo is None for v in key):
            raise ValueError
        return key, "r" in tokens
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise BadParam(name, "Invalid cursor: send back a next or previous value this server returned",
                       "value_error", token) from None


def window(cursor: str | None, size: int, order: str, shape: tuple[type, ...]) -> PageWindow:
    """The page window a request asks for: the first page, or the page a cursor points at."""
    if cursor is None:
        return PageWindow(limit=size, order=order)  # type: ignore[arg-type]
    key, reverse = decode(cursor, shape)
    return PageWindow(limit=size, order=order, after=None if reverse else key,  # type: ignore[arg-type]
                      before=key if reverse else None)


def _shifted(key: Key, by: int) -> Key:
    """The position next to ``key``: ids are integers, so ``after (.., id - 1)`` means ``from (.., id)``."""
    return (*key[:-1], int(key[-1]) + by)


def next_and_previous(page: Page[Any], win: PageWindow) -> tuple[str | None, str | None]:
    """The ``next`` and ``previous`` cursors of a page read through ``win``.

    As in Django REST framework: a page reached through a forward cursor always has a ``previous``, one
    reached backwards always has a ``next``; the other side is there when rows lie beyond it.
    """
    if win.before is not None:
        previous = encode(page.first_key, reverse=True) if page.has_more and page.first_key else None
        nxt = encode(page.last_key) if page.last_key else encode(_shifted(win.before, -1))
        return nxt, previous
    nxt = encode(page.last_key) if page.has_more and page.last_key else None
    if win.after is None:
        return nxt, None
    previous = encode(page.first_key, reverse=True) if page.first_key else encode(_shifted(win.after, 1),
                                                                                   reverse=True)
    return nxt, previous
