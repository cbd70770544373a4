"""Query values as the unified APIs take them, parsed strictly. A bad one raises BadParam, which names the
parameter; Merge answers it with 400 ``{"detail"}``, Bindbee with 422 ``{"detail": [{"loc", "msg", "type"}]}``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from interviewd.errors import Invalid
from interviewd.faces._http.params import parse_instant

BOOLEANS = {"true": True, "True": True, "false": False, "False": False}
Expansions = dict[str, tuple[str, ...] | None]


class BadParam(Invalid):
    """A query or path value that cannot be used: ``msg`` says why, ``code`` is pydantic's error type."""

    def __init__(self, name: str, msg: str, code: str, value: object, *, where: str = "query") -> None:
        super().__init__(f"{name}: {msg}; got {value!r}", field=name)
        self.name, self.msg, self.code, self.where, self.value = name, msg, code, where, value


def boolean(value: str | None, name: str) -> bool | None:
    """``true``/``True``/``false``/``False``; absent is None."""
    if value is None:
        return None
    if value not in BOOLEANS:
        raise BadParam(name, "Input should be a valid boolean: true or false", "bool_parsing", value)
    return BOOLEANS[value]


def integer(value: str | None, name: str, *, low: int, high: int | None = None) -> int | None:
    """An integer of at least ``low`` (and at most ``high``); absent is None."""
    if value is None:
        return None
    if not re.fullmatch(r"[+-]?\d{1,12}", value.strip()):
        raise BadParam(name, "Input should be a valid integer", "int_parsing", value)
    number = int(value)
    if number < low:
        raise BadParam(name, f"Input should be greater than or equal to {low}", "greater_than_equal", value)
    if high is not None and number > high:
        raise BadParam(name, f"Input should be less than or equal to {high}", "less_than_equal", value)
    return number


def uuid_value(value: str | None, name: str, *, where: str = "query") -> UUID | None:
    """A UUID in its usual text form; absent is None."""
    if value is None:
        return None
    try:
        return UUID(value.strip())
    except ValueError:
        raise BadParam(name, "Input should be a valid UUID", "uuid_parsing", value, where=where) from None


def instant(value: str | None, name: str) -> datetime | None:
    """An ISO-8601 date-time with any offset (none means UTC); absent is None."""
    try:
        return parse_instant(value, name)
    except Invalid:
        raise BadParam(name, "Input should be a valid ISO-8601 datetime such as 2024-05-01T13:00:00Z",
                       "datetime_parsing", value) from None


def remote_ids(value: str | None) -> list[int] | None:
    """The ``remote_id`` filter (a string; ours are integers): one id, or an id no row has."""
    if value is None:
        return None
    text = value.strip()
    return [int(text)] if text.isdigit() and len(text) <= 12 else [0]


def expansions(raw: Sequence[str], allowed: Mapping[str, Sequence[str]], *, picks: bool,
               name: str = "expand") -> Expansions:
    """Relations to expand from ``a,b[f1,f2]`` values (repeated parameters add up): relation -> picked fields.

    ``allowed`` maps each relation to the fields one may pick; picks in brackets only when ``picks``.
    """
    out: Expansions = {}
    for value in raw:
        for token in _tokens(value, name):
            match = re.fullmatch(r"\s*([A-Za-z_]+)\s*(?:\[([^\[\]]*)\])?\s*", token)
            if match is None or match.group(1) not in allowed:
                known = f"a comma-separated list of: {', '.join(allowed)}" if allowed else "absent (nothing expands)"
                raise BadParam(name, f"Input should be {known}", "value_error", token)
            relation, fields = match.group(1), match.group(2)
            if fields is not None and not picks:
                raise BadParam(name, "fields in brackets are not supported here", "value_error", token)
            chosen = tuple(f.strip() for f in fields.split(",") if f.strip()) if fields is not None else None
            bad = [f for f in chosen or () if f not in allowed[relation]]
            if bad or chosen == ():
                raise BadParam(name, f"the fields of {relation} are: {', '.join(allowed[relation])}",
                               "value_error", token)
            out[relation] = chosen
    return out


def _tokens(value: str, name: str) -> list[str]:
    """``value`` split at the commas outside brackets."""
    tokens, depth, start = [], 0, 0
    for n, char in enumerate(value):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth not in (0, 1):
            raise BadParam(name, "brackets do not match", "value_error", value)
        if char == "," and depth == 0:
            tokens.append(value[start:n])
            start = n + 1
    if depth:
        raise BadParam(name, "brackets do not match", "value_error", value)
    tokens.append(value[start:])
    return [t for t in tokens if t.strip()] if value.strip() else []
