"""The agents' discovery tools: plans, availability, organizers, applications, users, offices, hosts, templates."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal

import httpx
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from interviewd.calendars import ExternalBusy, external_busy
from interviewd.core.queries import PageWindow
from interviewd.core.services import directory_service
from interviewd.core.services.agents import agent_service
from interviewd.faces.mcp.server import Tools
from interviewd.faces.mcp.values import instant, paged, tool_zone

Page = Annotated[int, Field(ge=1, description="Page number, from 1")]
Limit = Annotated[int, Field(ge=1, le=100, description="Items per page (1-100)")]


def register(server: MCPServer, tools: Tools) -> None:
    """Add every read tool to ``server``."""

    @server.tool(description="Stages of a job's interview plan and the activities in each. An activity's `id` is "
                             "the `stage_activity_id` for create_interview (plan-driven scheduling). Get job_id "
                             "from list_applications.")
    async def get_interview_plan(job_id: Annotated[int, Field(description="Job id (from list_applications)")],
                                 ctx: Context) -> dict[str, Any]:
        page = await tools.call(ctx, lambda s, now, org: directory_service.list_stages(
            s, org_id=org, window=PageWindow(limit=100), job_id=job_id))
        return {"job_id": job_id, "stages": [
            {"id": st.id, "name": st.name, "position": st.priority, "activities": [
                {"id": a.id, "stage_activity_id": a.id, "name": a.name, "kind": a.kind, "location": a.location_kind,
                 "duration_minutes": a.duration_minutes, "office_id": a.office_id,
                 "scorecard_template_id": a.scorecard_template_id, "schedulable": a.schedulable,
                 "interviewer_ids": [u.id for u in a.default_interviewers]} for a in st.activities]}
            for st in page.items]}

    @server.tool(description="Free slots for interviewers over a window, from their working hours in their own "
                             "time zones minus every interview they already have. interview_kind panel: everyone "
                             "is free (intersection); one_on_one: each slot lists which interviewers are free. "
                             "Slots lie on a 15-minute grid and can go straight into create_interview.")
    async def check_interviewers_availability(
            interviewer_ids: Annotated[list[int], Field(min_length=1, max_length=25,
                                                        description="User ids (from list_users)")],
            start_time: Annotated[str, Field(description="ISO 8601 start of the window to search")],
            duration_minutes: Annotated[int, Field(description="Slot length: a multiple of 15, 15..480")],
            timezone: Annotated[str, Field(description="IANA zone for naive times and for the answer")],
            ctx: Context,
            end_time: Annotated[str | None, Field(description="ISO 8601 end of the window (default +7 days, "
                                                              "at most 30 days)")] = None,
            interview_kind: Annotated[Literal["panel", "one_on_one"], Field(description="panel or one_on_one")]
            = "panel",
            organizer_id: Annotated[int | None, Field(description="Organizer (informational)")] = None,
            minimum_notice_minutes: Annotated[int, Field(ge=0, le=20160, description="No slot sooner than this "
                                                         "after now")] = 0,
            limit: Annotated[int, Field(ge=1, le=500, description="At most this many slots")] = 100,
    ) -> dict[str, Any]:
        if duration_minutes > 480:
            raise ToolError(f"duration_minutes must be at most 480 for an availability search; got {duration_minutes}")
        zone = tool_zone(timezone)
        start = instant(start_time, "start_time", zone)
        end = instant(end_time, "end_time", zone) if end_time else start + timedelta(days=7)
        sources = await tools.call(ctx, lambda s, now, org: agent_service.calendar_sources(
            s, org_id=org, user_ids=interviewer_ids))
        external = ExternalBusy()
        if sources:
            async with httpx.AsyncClient(timeout=10) as client:
                external = await external_busy(client, sources, start, end)
        slots = await tools.call(ctx, lambda s, now, org: agent_service.availability(
            s, org_id=org, interviewer_ids=interviewer_ids, start=start, end=end, duration_minutes=duration_minutes,
            kind=interview_kind, now=now, notice_minutes=minimum_notice_minutes, external=external.busy))
        return {"timezone": timezone, "interview_kind": interview_kind, "duration_minutes": duration_minutes,
                "warnings": external.warnings, "slot_count": len(slots), "slots": [
                    {"start_time": sl.start.astimezone(zone).isoformat(), "end_time": sl.end.astimezone(zone)
                     .isoformat(), "interviewer_ids": list(sl.user_ids)} for sl in slots[:limit]]}

    @server.tool(description="Users who may organize interviews for a job (organizer_id for create_interview): "
                             "site admins, users who manage all applications, and the job's recruiters, "
                             "coordinators and hiring managers.")
    async def list_valid_organizers(job_id: Annotated[int, Field(description="Job id (from list_applications)")],
                                    ctx: Context, query: str | None = None, page: Page = 1,
                                    limit: Limit = 20) -> dict[str, Any]:
        items, total = await tools.call(ctx, lambda s, now, org: agent_service.valid_organizers(
            s, org_id=org, job_id=job_id, query=query, limit=limit, offset=(page - 1) * limit))
        return paged(items, total, page, limit)

    @server.tool(description="Applications (application_id for create_interview: an application, NOT a "
                             "candidate), with their job_id and current stage.")
    async def list_applications(ctx: Context, job_id: int | None = None,
                                status: Annotated[Literal["active", "rejected", "hired"] | None,
                                                  Field(description="Only this status")] = None,
                                page: Page = 1, limit: Limit = 20) -> dict[str, Any]:
        result = await tools.call(ctx, lambda s, now, org: directory_service.list_applications(
            s, org_id=org, window=PageWindow(limit=limit, offset=(page - 1) * limit, count=True), job_id=job_id,
            status=status))
        return paged([{"id": a.id, "candidate_id": a.candidate_id, "job_id": a.job_id, "job_name": a.job_name,
                       "status": a.status, "current_stage": {"id": a.current_stage_id, "name": a.current_stage_name}}
                      for a in result.items], result.total or 0, page, limit)

    @server.tool(description="Users (interviewer_ids for create_interview and availability checks), with their "
                             "time zones. status active (default) or deactivated.")
    async def list_users(ctx: Context, query: str | None = None,
                         status: Literal["active", "deactivated"] = "active", page: Page = 1,
                         limit: Limit = 20) -> dict[str, Any]:
        result = await tools.call(ctx, lambda s, now, org: directory_service.list_users(
            s, org_id=org, window=PageWindow(limit=1000)))
        wanted = [u for u in result.items if u.active == (status == "active") and (
            not query or query.lower() in f"{u.first_name} {u.last_name} {u.email}".lower())]
        chunk = wanted[(page - 1) * limit: page * limit]
        return paged([{"id": u.id, "name": u.name, "email": u.email, "time_zone": u.time_zone,
                       "can_interview": u.can_interview} for u in chunk], len(wanted), page, limit)

    @server.tool(description="Offices (office_id, required when location is onsite).")
    async def list_offices(ctx: Context, page: Page = 1, limit: Limit = 20) -> dict[str, Any]:
        result = await tools.call(ctx, lambda s, now, org: directory_service.list_offices(
            s, org_id=org, window=PageWindow(limit=limit, offset=(page - 1) * limit, count=True)))
        return paged([{"id": o.id, "name": o.name, "location": o.location, "time_zone": o.time_zone}
                      for o in result.items], result.total or 0, page, limit)

    @server.tool(description="Conference hosts (host_id, required when location is zoom; the host's user_id must "
                             "also be one of interviewer_ids).")
    async def list_conference_hosts(ctx: Context, provider: Literal["zoom"] = "zoom", query: str | None = None,
                                    page: Page = 1, limit: Limit = 20) -> dict[str, Any]:
        items, total = await tools.call(ctx, lambda s, now, org: agent_service.conference_hosts(
            s, org_id=org, provider=provider, query=query, limit=limit, offset=(page - 1) * limit))
        return paged(items, total, page, limit)

    @server.tool(description="E-mail templates (interviewer_template_id and candidate_template_id: the bodies of "
                             "the invites).")
    async def list_email_templates(ctx: Context, channel: Literal["email", "calendar_invite"] | None = None,
                                   categories: list[str] | None = None, query: str | None = None, page: Page = 1,
                                   limit: Limit = 20) -> dict[str, Any]:
        items, total = await tools.call(ctx, lambda s, now, org: agent_service.email_templates(
            s, org_id=org, channel=channel, categories=categories, query=query, limit=limit,
            offset=(page - 1) * limit))
        return paged(items, total, page, limit)

    @server.tool(description="Scorecard templates (scorecard_template_id, for ad-hoc interviews only: plan-driven "
                             "interviews inherit their activity's scorecard).")
    async def list_scorecard_templates(ctx: Context, query: str | None = None, page: Page = 1,
                                       limit: Limit = 20) -> dict[str, Any]:
        items, total = await tools.call(ctx, lambda s, now, org: agent_service.scorecard_templates(
            s, org_id=org, query=query, limit=limit, offset=(page - 1) * limit))
        return paged(items, total, page, limit)



__all__ = ["register"]
