"""What every Merge endpoint uses: the key, ids in paths, and the page and object responses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import orjson
from starlette.responses import Response

from interviewd.core.services.catalog import Bundle
from interviewd.errors import NotFound
from interviewd.faces._http.responses import json_response
from interviewd.faces._unified import cursors
from interviewd.faces._unified.auth import BearerScheme, principal_of
from interviewd.faces.merge import query
from interviewd.faces.merge.render import Ctx, page

MERGE = BearerScheme(face="merge", token_header="x-account-token",
                     no_key="Authentication credentials were not provided.",
                     no_token="Account Token must be passed in as an X-Account-Token header.",
                     invalid="Invalid API key or account token.")
MergeKey = principal_of(MERGE)
Draw = Callable[[Any, Ctx], dict[str, Any]]


def path_uuid(value: str) -> UUID:
    """An object id from the path; anything but a UUID names no object (404, as Merge's URL patterns do)."""
    try:
        return UUID(value)
    except ValueError:
        raise NotFound(f"No object {value!r}") from None


def ctx_of(detail: query.Detail, bundle: Bundle[Any]) -> Ctx:
    return Ctx(expand=detail.expand, related=bundle.related, remote_data=detail.remote_data, origins=detail.origins)


def page_response(bundle: Bundle[Any], listing: query.Listing, draw: Draw) -> Response:
    """``{"next", "previous", "results"}``, serialized once."""
    ctx = ctx_of(listing.detail, bundle)
    nxt, previous = cursors.next_and_previous(bundle.page, listing.window)
    return json_response(orjson.dumps(page([draw(item, ctx) for item in bundle.page.items], nxt, previous)))


def one_response(bundle: Bundle[Any], detail: query.Detail, draw: Draw) -> Response:
    return json_response(orjson.dumps(draw(bundle.page.items[0], ctx_of(detail, bundle))))
