"""Request bodies: size-limited, JSON objects only, with errors that say what to send instead."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request

from interviewd.errors import Invalid


class BadBody(Invalid):
    """The body could not be read as a JSON object; ``status`` is 400, 413 or 415."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


async def json_object(request: Request, max_bytes: int) -> dict[str, Any]:
    """The request body as a JSON object."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise BadBody(f"Request body is larger than {max_bytes} bytes", 413)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise BadBody(f"Request body is larger than {max_bytes} bytes", 413)
    content_type = request.headers.get("content-type", "")
    if not body.strip():
        raise BadBody("Request body is empty; send a JSON object with Content-Type: application/json", 400)
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        if "form" in content_type:
            raise BadBody(f"Request body must be JSON, not {content_type.split(';')[0]}; send a JSON object "
                          "with Content-Type: application/json", 415) from None
        raise BadBody(f"Request body is not valid JSON ({exc.args[0] if exc.args else exc}); send a JSON "
                      "object with Content-Type: application/json", 400) from None
    if not isinstance(value, dict):
        raise BadBody(f"Request body must be a JSON object, not a JSON {type(value).__name__}", 400)
    if b"\\u0000" in body:  # how JSON writes NUL; the same bytes follow an escaped backslash, so look closer
        where = nul_path(value, "")
        if where is not None:
            raise Invalid(f"{where} must not contain NUL (\\u0000) characters", field=where)
    return value


def nul_path(value: Any, path: str) -> str | None:
    """Where the first string with a NUL character is (``interviewers[0].email``), if any."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        name = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}".lstrip(".")
        if isinstance(key, str) and "\x00" in key:
            return name.replace("\x00", "\\u0000")
        found = nul_path(item, name)
        if found:
            return found
    return None
