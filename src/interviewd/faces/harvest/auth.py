"""Harvest authentication: HTTP Basic with the API key as user name; per-endpoint permissions; rate limits."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from fastapi import Depends
from starlette.requests import Request

from interviewd.core.services import Principal
from interviewd.errors import Forbidden, Unauthenticated
from interviewd.faces._http.deps import check_query, core_of, count_request

__all__ = ["basic_username", "core_of", "harvest_key"]


def basic_username(header: str | None) -> str | None:
    """The user name of an ``Authorization: Basic`` header (Harvest keys travel there, password blank)."""
    if not header or header[:6].lower() != "basic ":
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise Unauthenticated("Malformed Basic Auth header") from None
    return decoded.split(":", 1)[0] or None


def _has_body(request: Request) -> bool:
    """A body is announced by a non-zero Content-Length or by Transfer-Encoding (chunked) (RFC 9112 §6)."""
    return (request.headers.get("content-length", "0") not in ("0", "")
            or "transfer-encoding" in request.headers)


def harvest_key(permission: str) -> Any:
    """A dependency that admits keys of the Harvest face holding ``permission``, and counts the request."""

    async def dependency(request: Request) -> Principal:
        principal = await core_of(request).authenticate("harvest",
                                                        basic_username(request.headers.get("authorization")))
        count_request(request, principal)
        if not principal.allows(permission):
            raise Forbidden(f"This API key does not have the '{permission}' permission; grant it with "
                            f"`interviewd keys create --face harvest --permission {permission}`")
        if request.method == "GET" and _has_body(request):
            raise Forbidden("GET requests must not carry a body")
        check_query(request)
        return principal

    return Depends(dependency)
