"""Query and header values parsed strictly: every failure names the parameter and what to send."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import date, datetime, timezone
from typing import Any

import orjson

from interviewd.errors import Invalid

UTC = timezone.utc


def parse_instant(value: str | None, field: str) -> datetime | None:
    """An ISO-8601 instant; a missing offset means UTC, a bare date means its midnight in UTC."""
    if value is None or value == "":
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(text.replace(" ", "+") if text.count(" ") == 1 and "T" in text else text)
    except ValueError:
        raise Invalid(f"{field} must be an ISO-8601 timestamp such as 2024-05-01T13:00:00Z; got {value!r}",
                      field=field) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if not 1 <= parsed.year <= 9998:
        raise Invalid(f"{field} is out of range: {value!r}", field=field)
    return parsed.astimezone(UTC)


def parse_bool(value: str | bool | None, field: str) -> bool | None:
    """``true``/``false`` in any case (and 1/0); anything else is Invalid."""
    if value is None or isinstance(value, bool):
        return value
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise Invalid(f"{field} must be true or false; got {value!r}", field=field)


_INTEGER = re.compile(r"-?[0-9]{1,30}")


def parse_int(value: str | None, field: str, *, low: int | None = None, high: int | None = None) -> int | None:
    if value is None or value == "":
        return None
    # ASCII digits only: int() alone also takes "1_000", " 7 " and digits of other scripts ("٣")
    if not isinstance(value, str) or not _INTEGER.fullmatch(value):
        raise Invalid(f"{field} must be an integer written with the digits 0-9; got {value!r:.40}", field=field)
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise Invalid(f"{field} must be an integer {bounds}; got {number}", field=field)
    return number


def encode_cursor(key: tuple[Any, ...]) -> str:
    """An opaque, URL-safe token for a seek key."""
    parts = [v.isoformat() if isinstance(v, datetime) else v for v in key]
    return base64.urlsafe_b64encode(orjson.dumps(parts)).decode().rstrip("=")


def decode_cursor(token: str, field: str, shape: tuple[type, ...]) -> tuple[Any, ...]:
    """The seek key inside a token made by ``encode_cursor``, checked against ``shape``."""
    try:
        parts = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(parts, list) or len(parts) != len(shape):
            raise ValueError
        out = []
        for part, kind in zip(parts, shape, strict=True):
            if kind is datetime:
                out.append(datetime.fromisoformat(part))
            elif (kind is int and isinstance(part, int) and not isinstance(part, bool)) or (
                    kind is str and isinstance(part, str)):
                out.append(part)
            else:
                raise ValueError
        return tuple(out)
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise Invalid(f"{field} is not a cursor this server issued; follow the links it returns",
                      field=field) from None
