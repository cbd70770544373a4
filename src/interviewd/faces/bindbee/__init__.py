"""The Bindbee unified ATS face (seed 003), mounted at /bindbee/api."""

from __future__ import annotations

from fastapi import APIRouter

from interviewd.faces.bindbee import interviews
from interviewd.faces.bindbee.errors import BindbeeRoute, render_error

PREFIX = "/bindbee"
BASE = PREFIX + "/api"


def router() -> APIRouter:
    """Every Bindbee route, answering errors as Bindbee does."""
    face = APIRouter(prefix=BASE, tags=["Bindbee"], route_class=BindbeeRoute)
    face.include_router(interviews.router)
    return face


__all__ = ["BASE", "PREFIX", "render_error", "router"]
