"""Harvest pagination: ``per_page``/``page``/``skip_count`` and a Link header whose ``next`` seeks."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query
from starlette.requests import Request

from interviewd.core.queries import PageWindow
from interviewd.core.views import Page
from interviewd.faces._http.links import link_header, page_url
from interviewd.faces._http.params import decode_cursor, encode_cursor, parse_bool

SEEK = "seek"


@dataclass(slots=True)
class Paging:
    per_page: int
    page: int
    skip_count: str | None
    seek: str | None

    def window(self, order: str = "id", shape: tuple[type, ...] = (int,)) -> PageWindow:
        """Seek when the client follows our ``next`` link; otherwise OFFSET for ``page=N``.

        ``skip_count`` and ``seek`` are parsed here, in the handler: after authentication, so a caller
        without a valid key only gets 401.
        """
        after = decode_cursor(self.seek, SEEK, shape) if self.seek else None
        count = not parse_bool(self.skip_count, "skip_count")
        return PageWindow(limit=self.per_page, offset=(self.page - 1) * self.per_page, after=after,
                          count=count, order=order)  # type: ignore[arg-type]


async def _paging(
    per_page: Annotated[int, Query(ge=1, le=500, description="Objects per page, 1 to 500")] = 100,
    page: Annotated[int, Query(ge=1, le=10_000_000, description="The n-th chunk of per_page objects")] = 1,
    skip_count: Annotated[str | None, Query(description="true removes rel=\"last\" from the Link header")] = None,
    seek: Annotated[str | None, Query(description="Opaque position; set by the server in rel=\"next\" links")] = None,
) -> Paging:
    return Paging(per_page, page, skip_count, seek)


HarvestPaging = Annotated[Paging, Depends(_paging)]


def link_headers(request: Request, paging: Paging, page: Page[Any]) -> dict[str, str]:
    """``next`` (seeking), ``prev`` and, unless skip_count, ``last``; no header when there is one page."""
    links = []
    if page.has_more and page.next_key is not None:
        links.append(("next", page_url(request, page=paging.page + 1, **{SEEK: encode_cursor(page.next_key)})))
    if paging.page > 1:
        links.append(("prev", page_url(request, page=paging.page - 1, **{SEEK: None})))
    if page.total is not None and (links or paging.page > 1):
        last = max(1, math.ceil(page.total / paging.per_page))
        links.append(("last", page_url(request, page=last, **{SEEK: None})))
    return {"Link": link_header(links)} if links else {}
