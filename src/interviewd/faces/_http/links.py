"""RFC 5988 Link headers with absolute URLs that carry every query parameter of the request."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request


def page_url(request: Request, **changes: str | int | None) -> str:
    """The request's own URL with some query parameters replaced (None removes one)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    params += [(k, str(v)) for k, v in changes.items() if v is not None]
    return str(request.url.replace(query=urlencode(params)))


def link_header(links: list[tuple[str, str]]) -> str:
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links)
