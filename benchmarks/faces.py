"""The paginated faces the suite knows: where they list interviews, how they authenticate, how they page.

Merge and Bindbee are measured only when the server has them (their list path answers something
other than 404) and the seed's JSON carries their credentials.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from benchmarks.config import PER_PAGE


def basic(key: str) -> dict[str, str]:
    """Harvest's Basic auth header (the key as user name, blank password)."""
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def _link_next(response: httpx.Response) -> str | None:
    link = response.links.get("next")
    return link["url"] if link else None


def _body_cursor(list_path: str, field: str) -> Callable[[httpx.Response], str | None]:
    """A next-URL reader for cursor envelopes (``{"next": ...}`` for Merge, ``{"cursor": ...}`` for Bindbee)."""

    def next_url(response: httpx.Response) -> str | None:
        cursor = response.json().get(field)
        if not cursor:
            return None
        if str(cursor).startswith(("http://", "https://", "/")):
            return str(cursor)
        return f"{list_path}?cursor={quote(str(cursor), safe='')}&page_size={PER_PAGE}"

    return next_url


@dataclass(frozen=True)
class Face:
    """A face's list endpoint, its page-size parameter and how to find the next page."""

    name: str
    list_path: str
    size_param: str
    next_url: Callable[[httpx.Response], str | None]

    @property
    def first_page(self) -> str:
        """The first page at PER_PAGE rows."""
        return f"{self.list_path}?{self.size_param}={PER_PAGE}"


_MERGE = "/merge/api/ats/v1/interviews"
_BINDBEE = "/bindbee/api/ats/v1/scheduled-interviews"
FACES = (
    Face("harvest", "/harvest/v1/scheduled_interviews", "per_page", _link_next),
    Face("merge", _MERGE, "page_size", _body_cursor(_MERGE, "next")),
    Face("bindbee", _BINDBEE, "page_size", _body_cursor(_BINDBEE, "cursor")),
)


def face_headers(name: str, org: dict[str, Any]) -> dict[str, str] | None:
    """The auth headers of face ``name`` for the seeded organization, or None when it has no credentials."""
    creds = org.get("credentials", {}).get(name)
    if not creds:
        return None
    if name == "harvest":
        return basic(creds)
    if name == "merge":
        return {"Authorization": f"Bearer {creds['api_key']}", "X-Account-Token": creds["account_token"]}
    if name == "bindbee":
        return {"Authorization": f"Bearer {creds['api_key']}", "x-connector-token": creds["connector_token"]}
    return None
