"""What every face's dependencies share: the core behind a request, and counting a request against its key."""

from __future__ import annotations

import time

from starlette.requests import Request

from interviewd.core.runtime import Core
from interviewd.core.services import Principal
from interviewd.errors import Invalid
from interviewd.faces._http.routing import set_response_header


def bearer(header: str | None) -> str | None:
    """The key of an ``Authorization: Bearer <key>`` header."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def core_of(request: Request) -> Core:
    core: Core = request.app.state.core
    return core


def count_request(request: Request, principal: Principal) -> None:
    """Count the request against the key's rate limit (RateLimited past it) and announce what is left."""
    rate = core_of(request).rate_limiter.hit(principal, time.time())
    if rate is not None:
        set_response_header(request, "X-RateLimit-Limit", str(rate[0]))
        set_response_header(request, "X-RateLimit-Remaining", str(rate[1]))


def check_query(request: Request) -> None:
    """Query values are text without NUL characters (one would match nothing on SQLite and cannot even be bound
    on PostgreSQL): the parameter is named, on every face and every database alike."""
    for name, value in request.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            shown = name.replace("\x00", "\\u0000")
            raise Invalid(f"{shown} must not contain NUL (\\u0000) characters", field=shown)
