"""Errors as Merge (Django REST framework) renders them: ``{"detail": "..."}``, and for a refused write
``{"warnings": [Problem], "errors": [Problem]}``."""

from __future__ import annotations

from typing import Any

from fastapi.exceptions import RequestValidationError
from starlette.requests import Request
from starlette.responses import Response

from interviewd.errors import Conflict, Forbidden, InterviewdError, Invalid, NotFound, RateLimited, Unauthenticated
from interviewd.faces._http.body import BadBody
from interviewd.faces._http.responses import json_response, rate_limit_headers
from interviewd.faces._http.routing import MethodNotAllowed, dialect_route, validation_fields

_STATUS = {Unauthenticated: 401, Forbidden: 403, NotFound: 404, Conflict: 409, Invalid: 400}


class WriteRejected(Invalid):
    """A POST that created nothing: Merge's problem objects, answered with 400."""

    def __init__(self, errors: list[dict[str, Any]], warnings: list[dict[str, Any]]) -> None:
        super().__init__(errors[0]["detail"] if errors else "The request was refused")
        self.errors, self.warnings = errors, warnings


def render_error(request: Request, exc: Exception) -> Response:
    """The Merge body and status for ``exc``."""
    if isinstance(exc, WriteRejected):
        return json_response({"warnings": exc.warnings, "errors": exc.errors}, 400)
    if isinstance(exc, RequestValidationError):
        return json_response({"detail": "; ".join(m for _f, m in validation_fields(exc))}, 400)
    if isinstance(exc, BadBody):
        return json_response({"detail": exc.message}, exc.status)
    if isinstance(exc, RateLimited):
        return json_response({"detail": f"Request was throttled. Expected available in {exc.retry_after} seconds."},
                             429, rate_limit_headers(exc.limit, exc.reset_at, exc.retry_after))
    if isinstance(exc, Unauthenticated):
        return json_response({"detail": exc.message}, 401, {"WWW-Authenticate": 'Bearer realm="api"'})
    if isinstance(exc, NotFound):
        return json_response({"detail": "Not found."}, 404)
    if isinstance(exc, MethodNotAllowed):
        return json_response({"detail": f'Method "{exc.method}" not allowed.'}, 405)
    if isinstance(exc, InterviewdError):
        status = next((code for kind, code in _STATUS.items() if isinstance(exc, kind)), 400)
        return json_response({"detail": exc.message}, status)
    return json_response({"detail": "A server error occurred."}, 500)


MergeRoute = dialect_route(render_error)
