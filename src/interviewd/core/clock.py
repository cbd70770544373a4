"""The injected clock. Nothing in the core calls datetime.now(); it is handed ``now``."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock UTC time, truncated to milliseconds (the precision every face renders)."""

    def now(self) -> datetime:
        return truncate_ms(datetime.now(timezone.utc))


class FixedClock:
    """A clock that stands still until told to move; for tests."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at += delta


def truncate_ms(value: datetime) -> datetime:
    return value.replace(microsecond=value.microsecond // 1000 * 1000)
