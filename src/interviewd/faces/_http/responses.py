"""Responses serialized once, with orjson."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


class JSONBytes(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return content if isinstance(content, bytes) else orjson.dumps(content)


def json_response(content: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return JSONBytes(content, status_code=status_code, headers=headers)


def rate_limit_headers(limit: int, reset_at: int, retry_after: int) -> dict[str, str]:
    """The headers of a 429: when to retry, and the exhausted window."""
    return {"Retry-After": str(retry_after), "X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": str(reset_at)}
