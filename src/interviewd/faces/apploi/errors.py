"""Errors as the Apploi face answers them: always a JSON object with a ``message``.

    403  {"message": "Invalid Token"}             missing or unknown X-Api-Key (as Apploi documents)
    403  {"message": ...}                         the key may not do this (permission, acting user)
    404  {"message": ...}                         no such application form in this organization, or path
    400  {"message", "field", "errors": [{"field", "message"}]}   every problem with the input, named
    409  {"message", "conflicts": [{"interview_id", "interviewer_email", "start", "end"}]}  double booking
    405  {"message"}                              another method (with Allow)
    413/415 {"message"}                           body too large / not JSON; 429 adds Retry-After
"""

from __future__ import annotations

from typing import Any

from fastapi.exceptions import RequestValidationError
from starlette.requests import Request
from starlette.responses import Response

from interviewd.core.views import Conflict as Booked
from interviewd.errors import (
    Conflict,
    FieldProblem,
    Forbidden,
    InterviewdError,
    Invalid,
    NotFound,
    RateLimited,
    Unauthenticated,
)
from interviewd.faces._http.body import BadBody
from interviewd.faces._http.responses import json_response, rate_limit_headers
from interviewd.faces._http.routing import MethodNotAllowed, dialect_route, validation_fields
from interviewd.faces.apploi.render import utc

_STATUS = {Forbidden: 403, NotFound: 404, MethodNotAllowed: 405, Invalid: 400}


def render_error(request: Request, exc: Exception) -> Response:
    """The Apploi body and status for ``exc``."""
    if isinstance(exc, RequestValidationError):
        return invalid([FieldProblem(f, m) for f, m in validation_fields(exc)], "The request is not valid")
    if isinstance(exc, BadBody):
        return json_response({"message": exc.message}, exc.status)
    if isinstance(exc, RateLimited):
        return json_response({"message": exc.message}, 429,
                             rate_limit_headers(exc.limit, exc.reset_at, exc.retry_after))
    if isinstance(exc, Unauthenticated):
        return json_response({"message": "Invalid Token"}, 403)
    if isinstance(exc, Conflict):
        return json_response({"message": exc.message, "conflicts": [
            _conflict(c) for c in exc.extra.get("conflicts", [])]}, 409)
    if isinstance(exc, Invalid):
        return invalid(exc.problems, exc.message)
    if isinstance(exc, InterviewdError):
        status = next((code for kind, code in _STATUS.items() if isinstance(exc, kind)), 400)
        return json_response({"message": exc.message}, status)
    return json_response({"message": "Internal server error; the request was not applied"}, 500)


def invalid(problems: list[FieldProblem], message: str) -> Response:
    errors = [{"field": p.field, "message": p.message} for p in problems]
    return json_response({"message": errors[0]["message"] if errors else message,
                          "field": errors[0]["field"] if errors else None, "errors": errors}, 400)


def _conflict(c: Booked) -> dict[str, Any]:
    return {"interview_id": c.interview_id, "interviewer_email": c.email, "start": utc(c.start_at),
            "end": utc(c.end_at)}


ApploiRoute = dialect_route(render_error)
