"""The Greenhouse Harvest face (seed 000), mounted at /harvest."""

from __future__ import annotations

from fastapi import APIRouter

from interviewd.faces.harvest import interviews, reads, webhooks
from interviewd.faces.harvest.errors import HarvestRoute, render_error

PREFIX = "/harvest"
PERMISSIONS = (
    "scheduled_interviews.list", "scheduled_interviews.retrieve", "scheduled_interviews.create",
    "scheduled_interviews.update", "scheduled_interviews.delete", "users.list", "users.retrieve",
    "applications.list", "applications.retrieve", "job_stages.list", "job_stages.retrieve", "offices.list",
    "offices.retrieve", "webhooks.manage",
)


def router() -> APIRouter:
    """Every Harvest route, answering errors in Harvest's envelope."""
    face = APIRouter(prefix=PREFIX, tags=["Greenhouse Harvest"], route_class=HarvestRoute)
    face.include_router(interviews.router)
    face.include_router(reads.router)
    face.include_router(webhooks.router)
    return face


__all__ = ["PERMISSIONS", "PREFIX", "render_error", "router"]
