"""The agents' booking tools: create_interview (seed 002), and get, list, update and cancel to fix mistakes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field
from sqlalchemy.orm import Session

from interviewd.core.queries import InterviewFilter, PageWindow
from interviewd.core.rules import zone_names as available_zones
from interviewd.core.services import interview_service
from interviewd.core.services.agents import AgentBooking, agent_service
from interviewd.core.services.provisioning import provisioning_service
from interviewd.errors import NotFound
from interviewd.faces.mcp import render
from interviewd.faces.mcp.server import Tools
from interviewd.faces.mcp.values import instant, paged, tool_zone

CREATE = """Schedule an interview against a candidate's application. Calendar invites and conference URL are \
provisioned asynchronously: the interview comes back in "provisioning" and becomes "provisioned" moments later \
(get_interview shows it; the interview.event.created webhook announces it).

Typical workflow:
- Plan-driven: get_interview_plan -> pick a stage_activity_id -> check_interviewers_availability -> \
create_interview with stage_activity_id (scorecard config inherits from the activity; pass scorecard_template_id \
only when stage_activity_id is NOT set).
- Ad-hoc: list_valid_organizers (organizer_id) -> list_applications (application_id) -> \
check_interviewers_availability -> create_interview.

Where to discover IDs: application_id -> list_applications; organizer_id -> list_valid_organizers (filtered by \
job_id); interviewer_ids -> list_users (any active user); office_id -> list_offices (required when \
location=onsite); host_id -> list_conference_hosts (required when location=zoom; its user must be in \
interviewer_ids); stage_activity_id -> get_interview_plan; interviewer_template_id / candidate_template_id -> \
list_email_templates; scorecard_template_id -> list_scorecard_templates.

Constraints: start_time on a 15-minute boundary with zero seconds (e.g. 09:00:00, 09:15:00) and in the future; \
duration_minutes a multiple of 15 (15..1440); kind one_on_one requires exactly one entry in interviewer_ids. \
A time an interviewer is already booked in is refused with the conflicting interview named, unless \
allow_conflicts is true."""

Location = Literal["onsite", "phone", "zoom", "google_meet", "microsoft_teams", "hackerrank"]


def _booking(session: Session, now: Any, org: int, request: AgentBooking) -> dict[str, Any]:
    result = agent_service.create(session, org_id=org, request=request, now=now)
    return {"interview": _rendered(session, now, org, result.booking.interview.id), "notes": result.notes,
            "conflicts": [_conflict(c) for c in result.booking.conflicts]}


def _rendered(session: Session, now: Any, org: int, interview_id: int) -> dict[str, Any]:
    ctx = provisioning_service.context(session, org_id=org, interview_id=interview_id, now=now)
    if ctx is None or ctx.interview.deleted_at is not None:
        raise NotFound(f"Interview {interview_id} does not exist; use list_interviews to find it")
    return render.interview(ctx)


def _conflict(c: Any) -> dict[str, Any]:
    return {"interview_id": c.interview_id, "user_id": c.user_id, "email": c.email,
            "start_time": c.start_at.isoformat(), "end_time": c.end_at.isoformat()}



def register(server: MCPServer, tools: Tools) -> None:
    """Add create_interview and the tools that read, move and cancel interviews."""

    @server.tool(name="create_interview", description=CREATE)
    async def create_interview(
            organizer_id: Annotated[int, Field(description="ID of the user who organizes the interview. Use "
                                                           "list_valid_organizers to discover.")],
            application_id: Annotated[int, Field(description="ID of the application (candidate's submission to a "
                                                             "job — NOT a candidate id).")],
            start_time: Annotated[str, Field(description="ISO 8601 datetime, on 15-min boundary, in the future")],
            duration_minutes: Annotated[int, Field(description="Length in minutes — multiple of 15, between 15 "
                                                               "and 1440")],
            timezone: Annotated[str, Field(description="IANA timezone name (e.g., America/Los_Angeles)")],
            kind: Annotated[Literal["one_on_one", "panel"], Field(description="Type of interview: one_on_one | "
                                                                               "panel")],
            location: Annotated[Location, Field(description="Location: onsite | phone | zoom | google_meet | "
                                                            "microsoft_teams | hackerrank")],
            interviewer_ids: Annotated[list[int], Field(description="IDs of users participating in the interview")],
            ctx: Context,
            stage_activity_id: Annotated[int | None, Field(description="Interview-plan activity ID (from "
                                         "get_interview_plan). When set, scorecard config inherits from the "
                                         "activity.")] = None,
            office_id: Annotated[int | None, Field(description="Required when location=onsite")] = None,
            host_id: Annotated[int | None, Field(description="Required when location=zoom; must be in "
                                                             "interviewer_ids")] = None,
            hackerrank_template_id: Annotated[str | None, Field(description="Required when location=hackerrank")]
            = None,
            name: Annotated[str | None, Field(description="Display name for the interview")] = None,
            calendar_event_visibility: Annotated[Literal["default", "private"] | None,
                                                 Field(description="Calendar invite visibility")] = None,
            ai_note_taker_enabled: bool | None = None,
            ai_scorecard_assist_enabled: bool | None = None,
            interviewer_template_id: Annotated[int | None, Field(description="Email template ID for interviewer "
                                                                             "invite body")] = None,
            candidate_template_id: Annotated[int | None, Field(description="Email template ID for candidate "
                                                                           "invite body")] = None,
            scorecard_template_id: Annotated[int | None, Field(description="Scorecard template ID. Silently "
                                             "ignored when stage_activity_id is set.")] = None,
            allow_conflicts: Annotated[bool, Field(description="Book even if an interviewer is already busy "
                                                               "then (default false: such a time is refused)")]
            = False,
    ) -> dict[str, Any]:
        zone = tool_zone(timezone if timezone in available_zones() else "UTC")  # a bad zone is reported with the rest
        request = AgentBooking(
            organizer_id=organizer_id, application_id=application_id,
            start_time=instant(start_time, "start_time", zone), duration_minutes=duration_minutes,
            timezone=timezone, kind=kind, location=location, interviewer_ids=interviewer_ids,
            stage_activity_id=stage_activity_id, office_id=office_id, host_id=host_id,
            hackerrank_template_id=hackerrank_template_id, name=name,
            calendar_event_visibility=calendar_event_visibility, ai_note_taker_enabled=ai_note_taker_enabled,
            ai_scorecard_assist_enabled=ai_scorecard_assist_enabled, interviewer_template_id=interviewer_template_id,
            candidate_template_id=candidate_template_id, scorecard_template_id=scorecard_template_id,
            allow_conflicts=allow_conflicts)
        return await tools.call(ctx, lambda s, now, org: _booking(s, now, org, request), write=True)

    @server.tool(description="One interview with its people, times, place, conference link and provisioning "
                             "state. interview_id comes from create_interview or list_interviews.")
    async def get_interview(interview_id: int, ctx: Context) -> dict[str, Any]:
        return await tools.call(ctx, lambda s, now, org: _rendered(s, now, org, interview_id))

    @server.tool(description="Interviews, newest first by start time window; filter by application_id, job_id, "
                             "organizer_id or start time (inclusive bounds, ISO 8601).")
    async def list_interviews(ctx: Context, application_id: int | None = None, job_id: int | None = None,
                              organizer_id: int | None = None, start_time_after: str | None = None,
                              start_time_before: str | None = None, include_cancelled: bool = False,
                              page: Annotated[int, Field(ge=1)] = 1,
                              limit: Annotated[int, Field(ge=1, le=50)] = 20) -> dict[str, Any]:
        utc = tool_zone("UTC")
        f = InterviewFilter(application_id=application_id, job_id=job_id, organizer_id=organizer_id,
                            starts_after=instant(start_time_after, "start_time_after", utc) if start_time_after
                            else None, include_cancelled=include_cancelled)
        if start_time_before:
            f.starts_before = instant(start_time_before, "start_time_before", utc)

        def read(s: Session, now: Any, org: int) -> dict[str, Any]:
            found = interview_service.list(s, org_id=org, filters=f, window=PageWindow(
                limit=limit, offset=(page - 1) * limit, count=True), now=now)
            return paged([_rendered(s, now, org, v.id) for v in found.items], found.total or 0, page, limit)

        return await tools.call(ctx, read)

    @server.tool(description="Move or change an interview: start_time, duration_minutes, timezone, "
                             "interviewer_ids, kind, location, office_id, host_id, name, templates. organizer_id, "
                             "application_id, stage_activity_id and scorecard_template_id cannot change (cancel "
                             "and create instead). The same rules as create_interview apply.")
    async def update_interview(interview_id: int, ctx: Context, start_time: str | None = None,
                               duration_minutes: int | None = None, timezone: str | None = None,
                               interviewer_ids: list[int] | None = None,
                               kind: Literal["one_on_one", "panel"] | None = None, location: Location | None = None,
                               office_id: int | None = None, host_id: int | None = None,
                               hackerrank_template_id: str | None = None, name: str | None = None,
                               interviewer_template_id: int | None = None, candidate_template_id: int | None = None,
                               organizer_id: int | None = None, application_id: int | None = None,
                               stage_activity_id: int | None = None, scorecard_template_id: int | None = None,
                               allow_conflicts: bool = False) -> dict[str, Any]:
        changes = {k: v for k, v in locals().items() if k not in ("interview_id", "ctx") and v is not None}
        if start_time is not None:
            changes["start_time"] = instant(start_time, "start_time", tool_zone(timezone or "UTC"))

        def write(s: Session, now: Any, org: int) -> dict[str, Any]:
            agent_service.update(s, org_id=org, interview_id=interview_id, actor_id=0, now=now, changes=changes)
            return {"interview": _rendered(s, now, org, interview_id)}

        return await tools.call(ctx, write, write=True)

    @server.tool(description="Cancel an interview that has not happened yet: invites are cancelled and the "
                             "interview.event.cancelled webhook fires. It stays visible as cancelled.")
    async def cancel_interview(interview_id: int, ctx: Context) -> dict[str, Any]:
        def write(s: Session, now: Any, org: int) -> dict[str, Any]:
            interview_service.cancel(s, org_id=org, interview_id=interview_id, actor_id=0, source="mcp", now=now)
            return {"interview": _rendered(s, now, org, interview_id)}

        return await tools.call(ctx, write, write=True)

