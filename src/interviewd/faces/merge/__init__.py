"""The Merge unified ATS face (seed 001), mounted at /merge/api."""

from __future__ import annotations

from fastapi import APIRouter

from interviewd.faces.merge import interviews, objects
from interviewd.faces.merge.errors import MergeRoute, render_error

PREFIX = "/merge"
BASE = PREFIX + "/api"


def router() -> APIRouter:
    """Every Merge route, answering errors as Merge does."""
    face = APIRouter(prefix=BASE, tags=["Merge"], route_class=MergeRoute)
    face.include_router(interviews.router)
    face.include_router(objects.router())
    return face


__all__ = ["BASE", "PREFIX", "render_error", "router"]
