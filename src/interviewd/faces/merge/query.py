"""Merge's query parameters, read after authentication: paging, time windows, deleted data, remote data,
expansions and enum origins. Parameters Merge does not document are ignored, as Django REST framework does."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from starlette.datastructures import QueryParams

from interviewd.core.queries import PageWindow
from interviewd.faces._unified import cursors
from interviewd.faces._unified.params import BadParam, Expansions, boolean, expansions, instant, integer, remote_ids

MAX_PAGE_SIZE = 100
Window = tuple[datetime | None, datetime | None]


@dataclass(slots=True)
class Detail:
    """What a retrieve asks for besides the object: expansions, remote data, original enum values."""

    expand: Expansions
    remote_data: bool
    origins: frozenset[str]


@dataclass(slots=True)
class Listing:
    """A list request: the detail options, the page window, and the common filters."""

    detail: Detail
    window: PageWindow
    created: Window
    modified: Window
    ids: list[int] | None
    include_deleted: bool


def detail(q: QueryParams, *, expandable: Mapping[str, str], enums: Sequence[str] = ()) -> Detail:
    """``expand``, ``include_remote_data``, ``include_shell_data`` (no shell records here) and enum origins."""
    boolean(q.get("include_shell_data"), "include_shell_data")
    origins: set[str] = set()
    for name in ("show_enum_origins", "remote_fields"):
        for value in q.getlist(name):
            for field in filter(None, (v.strip() for v in value.split(","))):
                if field not in enums:
                    allowed = ", ".join(enums) or "none on this endpoint"
                    raise BadParam(name, f"Input should be a comma-separated list of: {allowed}", "value_error",
                                   value)
                origins.add(field)
    return Detail(expand=expansions(q.getlist("expand"), {k: () for k in expandable}, picks=False),
                  remote_data=bool(boolean(q.get("include_remote_data"), "include_remote_data")),
                  origins=frozenset(origins))


def listing(q: QueryParams, *, expandable: Mapping[str, str], enums: Sequence[str] = (),
            updated_order: bool = False) -> Listing:
    """Every common list parameter; with ``updated_order``, a ``modified_*`` filter orders by modification."""
    created = (instant(q.get("created_after"), "created_after"), instant(q.get("created_before"), "created_before"))
    modified = (instant(q.get("modified_after"), "modified_after"),
                instant(q.get("modified_before"), "modified_before"))
    size = integer(q.get("page_size"), "page_size", low=1) or MAX_PAGE_SIZE
    order = "updated" if updated_order and any(modified) else "id"
    shape: tuple[type, ...] = (datetime, int) if order == "updated" else (int,)
    window = cursors.window(q.get("cursor"), min(size, MAX_PAGE_SIZE), order, shape)
    return Listing(detail=detail(q, expandable=expandable, enums=enums), window=window, created=created,
                   modified=modified, ids=remote_ids(q.get("remote_id")),
                   include_deleted=bool(boolean(q.get("include_deleted_data"), "include_deleted_data")))


def load(expand: Expansions, expandable: Mapping[str, str]) -> frozenset[str]:
    """The kinds of related objects the expansions need."""
    return frozenset(expandable[field] for field in expand)
