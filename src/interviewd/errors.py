"""The error tree of interviewd. Faces render each *kind* in their own dialect.

    InterviewdError (kind)
    ├── Invalid            invalid          the input breaks a rule; ``field`` names what to fix
    ├── NotFound           not_found        no such object in this organization
    ├── Conflict           conflict         the change collides with existing data (slot taken, duplicate id)
    ├── Forbidden          forbidden        authenticated, but not allowed to do this
    ├── Unauthenticated    unauthenticated  no credentials, or wrong ones
    └── RateLimited        rate_limited     too many requests; ``retry_after`` seconds

No HTTP status codes live here: the faces decide those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class FieldProblem:
    """One problem with one input field."""

    field: str
    message: str


class InterviewdError(Exception):
    """Base of every error the core raises on purpose."""

    kind = "error"

    def __init__(self, message: str, *, field: str | None = None,
                 problems: list[FieldProblem] | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.problems = problems or ([FieldProblem(field, message)] if field else [])
        self.extra = extra


class Invalid(InterviewdError):
    kind = "invalid"


class NotFound(InterviewdError):
    kind = "not_found"


class Conflict(InterviewdError):
    kind = "conflict"


class Forbidden(InterviewdError):
    kind = "forbidden"


class Unauthenticated(InterviewdError):
    kind = "unauthenticated"


class RateLimited(InterviewdError):
    kind = "rate_limited"

    def __init__(self, message: str, *, retry_after: int, limit: int, reset_at: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.limit = limit
        self.reset_at = reset_at


@dataclass
class Problems:
    """Collects several field problems, then raises them together as one Invalid."""

    items: list[FieldProblem] = field(default_factory=list)

    def add(self, field_name: str, message: str) -> None:
        self.items.append(FieldProblem(field_name, message))

    def raise_if_any(self) -> None:
        if self.items:
            first = self.items[0]
            raise Invalid(first.message, field=first.field, problems=list(self.items))
