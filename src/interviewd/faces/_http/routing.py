"""A route class per dialect: every error a handler raises is rendered in that dialect's envelope."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from interviewd.errors import InterviewdError

log = logging.getLogger("interviewd.http")
ErrorRenderer = Callable[[Request, Exception], Response]


class MethodNotAllowed(InterviewdError):
    """The path exists, but not for this method (routing, not the core: faces answer it with 405)."""

    kind = "method_not_allowed"

    def __init__(self, method: str, path: str) -> None:
        super().__init__(f"{method} is not allowed on {path}")
        self.method = method


def dialect_route(render_error: ErrorRenderer) -> type[APIRoute]:
    """An APIRoute subclass whose handlers answer errors with ``render_error``."""

    class DialectRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def handle(request: Request) -> Response:
                try:
                    response = await handler(request)
                except (InterviewdError, RequestValidationError) as exc:
                    response = render_error(request, exc)
                except Exception as exc:  # a bug: still answer in the dialect, and log it loudly
                    log.exception("unhandled error on %s %s", request.method, request.url.path)
                    response = render_error(request, exc)
                for name, value in getattr(request.state, "response_headers", {}).items():
                    response.headers[name] = value
                return response

            return handle

    return DialectRoute


def set_response_header(request: Request, name: str, value: str) -> None:
    """A header every response to this request carries, errors included."""
    if not hasattr(request.state, "response_headers"):
        request.state.response_headers = {}
    request.state.response_headers[name] = value


def validation_fields(exc: RequestValidationError) -> list[tuple[str, str]]:
    """(field, message) pairs from FastAPI's validation error, fields named as the client sent them."""
    out = []
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "header", "body")]
        name = ".".join(loc) or "request"
        msg = error.get("msg", "is invalid")
        out.append((name, f"{name}: {msg}"))
    return out
