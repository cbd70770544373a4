"""Errors as Greenhouse renders them: ``{"message"}``, and 422 ``{"message": "Validation error", "errors"}``."""

from __future__ import annotations

from fastapi.exceptions import RequestValidationError
from starlette.requests import Request
from starlette.responses import Response

from interviewd.errors import Conflict, Forbidden, InterviewdError, Invalid, NotFound, RateLimited, Unauthenticated
from interviewd.faces._http.body import BadBody
from interviewd.faces._http.responses import json_response, rate_limit_headers
from interviewd.faces._http.routing import dialect_route, validation_fields

_STATUS = {Unauthenticated: 401, Forbidden: 403, NotFound: 404, Invalid: 422, Conflict: 422}


def render_error(request: Request, exc: Exception) -> Response:
    """The Harvest body and status for ``exc``."""
    if isinstance(exc, RequestValidationError):
        return _validation([{"message": m, "field": f} for f, m in validation_fields(exc)])
    if isinstance(exc, BadBody):
        return json_response({"message": exc.message}, exc.status)
    if isinstance(exc, RateLimited):
        return json_response({"message": exc.message}, 429,
                             rate_limit_headers(exc.limit, exc.reset_at, exc.retry_after))
    if isinstance(exc, Unauthenticated):
        return json_response({"message": "Invalid Basic Auth credentials"}, 401,
                             {"WWW-Authenticate": 'Basic realm="Harvest"'})
    if isinstance(exc, InterviewdError):
        status = next((code for kind, code in _STATUS.items() if isinstance(exc, kind)), 400)
        if status == 422 and exc.problems:
            return _validation([{"message": p.message, "field": p.field} for p in exc.problems])
        return json_response({"message": exc.message}, status)
    return json_response({"message": "Internal server error; the request was not applied"}, 500)


def _validation(errors: list[dict[str, str]]) -> Response:
    return json_response({"message": "Validation error", "errors": errors}, 422)


HarvestRoute = dialect_route(render_error)
