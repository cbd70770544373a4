"""What every face's dependencies share: the core behind a request, and counting a request against its key."""

from __future__ import annotations

import time

from starlette.requests import Request

from interviewd.core.runtime import Core
from interviewd.core.services import Principal
from interviewd.faces._http.routing import set_response_header


def core_of(request: Request) -> Core:
    core: Core = request.app.state.core
    return core


def count_request(request: Request, principal: Principal) -> None:
    """Count the request against the key's rate limit (RateLimited past it) and announce what is left."""
    rate = core_of(request).rate_limiter.hit(principal, time.time())
    if rate is not None:
        set_response_header(request, "X-RateLimit-Limit", str(rate[0]))
        set_response_header(request, "X-RateLimit-Remaining", str(rate[1]))
