"""Ids that come from outside, compared safely with id columns.

Id columns are INTEGER: 32-bit on PostgreSQL, where binding a larger number fails ("integer out of
range") instead of matching nothing. Such a number names no row, so these helpers turn it into the
answer it deserves: no match for an equality, and a clamped bound for a seek (rows have ids >= 1).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import false

MAX_ID = 2**31 - 1


def holdable(value: int) -> bool:
    """Whether some row could have this id."""
    return 0 < value <= MAX_ID


def equals(column: Any, value: int) -> Any:
    """``column == value``, or FALSE when no row can have ``value``."""
    return column == value if holdable(value) else false()


def among(column: Any, values: Iterable[int]) -> Any:
    """``column IN values``, leaving out values no row can have."""
    return column.in_([v for v in values if holdable(v)])


def seek_bound(value: int) -> int:
    """A seek position clamped into the id range; ``id > bound`` keeps the same rows."""
    return min(max(value, 0), MAX_ID)
