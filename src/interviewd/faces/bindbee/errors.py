"""Errors as Bindbee (a FastAPI service) renders them: 422 ``{"detail": [{"loc", "msg", "type"}]}`` for values
that cannot be used, ``{"detail": "..."}`` for everything else."""

from __future__ import annotations

from typing import Any

from fastapi.exceptions import RequestValidationError
from starlette.requests import Request
from starlette.responses import Response

from interviewd.errors import Forbidden, InterviewdError, Invalid, NotFound, RateLimited, Unauthenticated
from interviewd.faces._http.responses import json_response, rate_limit_headers
from interviewd.faces._http.routing import MethodNotAllowed, dialect_route
from interviewd.faces._unified.params import BadParam


def _validation(errors: list[dict[str, Any]]) -> Response:
    return json_response({"detail": errors}, 422)


def render_error(request: Request, exc: Exception) -> Response:
    """The Bindbee body and status for ``exc``."""
    if isinstance(exc, RequestValidationError):
        return _validation([{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                            for e in exc.errors()])
    if isinstance(exc, BadParam):
        return _validation([{"loc": [exc.where, exc.name], "msg": exc.msg, "type": exc.code}])
    if isinstance(exc, Invalid):
        return _validation([{"loc": ["query", p.field], "msg": p.message, "type": "value_error"}
                            for p in exc.problems] or [{"loc": ["query"], "msg": exc.message, "type": "value_error"}])
    if isinstance(exc, RateLimited):
        return json_response({"detail": exc.message}, 429, rate_limit_headers(exc.limit, exc.reset_at,
                                                                             exc.retry_after))
    if isinstance(exc, Unauthenticated):
        return json_response({"detail": exc.message}, 401, {"WWW-Authenticate": "Bearer"})
    if isinstance(exc, NotFound):
        return json_response({"detail": "Not Found"}, 404)
    if isinstance(exc, MethodNotAllowed):
        return json_response({"detail": "Method Not Allowed"}, 405)
    if isinstance(exc, Forbidden):
        return json_response({"detail": exc.message}, 403)
    if isinstance(exc, InterviewdError):
        return json_response({"detail": exc.message}, 400)
    return json_response({"detail": "Internal Server Error"}, 500)


BindbeeRoute = dialect_route(render_error)
