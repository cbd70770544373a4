"""The Apploi Partner face (seed 004), mounted at /apploi."""

from __future__ import annotations

from fastapi import APIRouter

from interviewd.faces.apploi import routes
from interviewd.faces.apploi.errors import ApploiRoute, render_error

PREFIX = "/apploi"
PERMISSIONS = ("applicants.list", "interviews.schedule")


def router() -> APIRouter:
    """Every Apploi route, answering errors in the Apploi envelope."""
    face = APIRouter(prefix=PREFIX, tags=["Apploi Partner"], route_class=ApploiRoute)
    face.include_router(routes.router)
    return face


__all__ = ["PERMISSIONS", "PREFIX", "render_error", "router"]
