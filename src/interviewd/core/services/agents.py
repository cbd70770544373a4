"""Bookings as agents make them (Kula's create_interview): every rule of seed 002, each failure with its fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from interviewd.core import availability, rules
from interviewd.core.model import (
    Activity,
    Application,
    ConferenceHost,
    EmailTemplate,
    Office,
    ScheduledInterview,
    ScorecardTemplate,
    User,
)
from interviewd.core.services.interviews import Booking, Changes, ConflictPolicy, InterviewerSpec, interview_service
from interviewd.core.store import agents as agent_repo
from interviewd.core.store import records
from interviewd.core.views import CalendarSource
from interviewd.errors import Invalid, NotFound, Problems

KINDS = ("one_on_one", "panel")
LOCATIONS = ("onsite", "phone", "zoom", "google_meet", "microsoft_teams", "hackerrank")
IMMUTABLE = ("organizer_id", "application_id", "job_id", "stage_id", "candidate_id", "stage_activity_id",
             "scorecard_template_id")


@dataclass(slots=True)
class AgentBooking:
    """A create_interview call, already typed; every rule is checked by ``AgentService.create``."""

    organizer_id: int
    application_id: int
    start_time: datetime
    duration_minutes: int
    timezone: str
    kind: str
    location: str
    interviewer_ids: list[int]
    stage_activity_id: int | None = None
    office_id: int | None = None
    host_id: int | None = None
    hackerrank_template_id: str | None = None
    name: str | None = None
    calendar_event_visibility: str | None = None
    ai_note_taker_enabled: bool | None = None
    ai_scorecard_assist_enabled: bool | None = None
    interviewer_template_id: int | None = None
    candidate_template_id: int | None = None
    scorecard_template_id: int | None = None
    allow_conflicts: bool = False


@dataclass(slots=True)
class AgentResult:
    booking: Booking
    notes: list[str] = field(default_factory=list)


def check_start(problems: Problems, start: datetime, now: datetime) -> None:
    """On a 15-minute boundary with zero seconds, and in the future."""
    if start.minute % 15 or start.second or start.microsecond:
        floor = start.replace(minute=start.minute - start.minute % 15, second=0, microsecond=0)
        problems.add("start_time", f"start_time must be on a 15-minute boundary with zero seconds, e.g. "
                     f"{floor:%H:%M} or {floor + timedelta(minutes=15):%H:%M}; got {start:%H:%M:%S}")
    elif start <= now:
        problems.add("start_time", f"start_time must be in the future; it is {start.isoformat()} and now is "
                     f"{now.isoformat()}")


def check_duration(problems: Problems, minutes: int) -> None:
    if minutes % 15 or not 15 <= minutes <= 1440:
        near = min(1440, max(15, round(minutes / 15) * 15))
        problems.add("duration_minutes", f"duration_minutes must be a multiple of 15 between 15 and 1440, "
                     f"e.g. {near}; got {minutes}")


class AgentService:
    """The agents' booking rules, over the interview service."""

    def create(self, session: Session, *, org_id: int, request: AgentBooking, now: datetime) -> AgentResult:
        """Book as create_interview does: plan-driven (stage_activity_id) or ad hoc; provisioned asynchronously."""
        problems, notes = Problems(), []
        zone = self._zone(problems, request.timezone)
        self._shape(problems, request, now)
        application = records.get(session, Application, org_id, request.application_id)
        if application is None:
            problems.add("application_id", f"application_id {request.application_id} does not exist; use "
                         "list_applications to find one (it is an application id, not a candidate id)")
        activity = self._activity(session, problems, org_id, request.stage_activity_id, application)
        self._organizer(session, problems, org_id, request.organizer_id, application)
        self._places(session, problems, org_id, request)
        self._templates(session, problems, org_id, request)
        if activity is not None and request.scorecard_template_id is not None:
            notes.append("scorecard_template_id was ignored: the interview inherits the scorecard of stage "
                         f"activity {activity.id}")
        problems.raise_if_any()
        assert application is not None and zone is not None
        attributes = self._attributes(request, activity, application)
        booking = interview_service.schedule(
            session, org_id=org_id, actor_id=request.organizer_id, application_id=application.id,
            activity_id=None, start=request.start_time, end=request.start_time + timedelta(
                minutes=request.duration_minutes), interviewers=self._specs(request.interviewer_ids),
            external_event_id=None, source="mcp", now=now, time_zone=zone, location_kind=request.location,
            policy=ConflictPolicy.ACCEPT if request.allow_conflicts else ConflictPolicy.REFUSE,
            allow_outside_emails=False, provision=True, attributes=attributes,
            name=request.name or (activity.name if activity else None))
        if booking.conflicts:
            notes.append(f"booked despite {len(booking.conflicts)} conflict(s), as allow_conflicts asked")
        return AgentResult(booking, notes)

    def update(self, session: Session, *, org_id: int, interview_id: int, actor_id: int, now: datetime,
               changes: dict[str, Any]) -> AgentResult:
        """Move or change an interview made by any face; immutable fields are refused with a reason."""
        problems = Problems()
        for name in IMMUTABLE:
            if changes.get(name) is not None:
                problems.add(name, f"{name} cannot be changed after creation; cancel_interview and create a new "
                             "interview instead")
        row = records.get(session, ScheduledInterview, org_id, interview_id)
        if row is None or row.deleted_at is not None:
            raise NotFound(f"Interview {interview_id} does not exist; use list_interviews to find it")
        if row.cancelled_at is not None:
            raise Invalid(f"Interview {interview_id} is cancelled (err_interview_cancelled); create a new one")
        current = interview_service.get(session, org_id=org_id, interview_id=interview_id, now=now)
        zone = self._zone(problems, changes["timezone"]) if changes.get("timezone") else row.time_zone
        start = changes.get("start_time") or row.start_at
        minutes = changes.get("duration_minutes") or int((row.end_at - row.start_at).total_seconds() // 60)
        if changes.get("start_time"):
            check_start(problems, start, now)
        if changes.get("duration_minutes") is not None:
            check_duration(problems, minutes)
        request = self._merged(row, changes, start, minutes, zone or row.time_zone,
                               [i.user.id for i in current.interviewers if i.user])
        self._shape(problems, request, None)
        self._places(session, problems, org_id, request)
        self._templates(session, problems, org_id, request)
        problems.raise_if_any()
        moved = "start_time" in changes or "duration_minutes" in changes
        booking = interview_service.update(
            session, org_id=org_id, interview_id=interview_id, actor_id=row.organizer_id or actor_id, now=now,
            source="mcp", policy=ConflictPolicy.ACCEPT if changes.get("allow_conflicts") else ConflictPolicy.REFUSE,
            allow_outside_emails=False, changes=Changes(
                start=start if moved else None, end=start + timedelta(minutes=minutes) if moved else None,
                interviewers=(self._specs(request.interviewer_ids) if changes.get("interviewer_ids") is not None
                              else None),
                attributes={k: v for k, v in self._attributes(request, None, None).items()
                            if k not in ("scorecard_template_id", "activity_id", "stage_id")}))
        return AgentResult(booking)

    def calendar_sources(self, session: Session, *, org_id: int, user_ids: list[int]) -> list[CalendarSource]:
        """The external calendars (ICS feeds, CalDAV collections) of these users, where configured."""
        users = records.users_by_ids(session, org_id, user_ids)
        return [CalendarSource(u.id, u.calendar_feed_url, u.caldav_url, u.caldav_username, u.caldav_password)
                for u in users.values() if u.calendar_feed_url or u.caldav_url]

    def availability(self, session: Session, *, org_id: int, interviewer_ids: list[int], start: datetime,
                     end: datetime, duration_minutes: int, kind: str, now: datetime, notice_minutes: int = 0,
                     external: dict[int, list[tuple[datetime, datetime]]] | None = None) -> list[availability.Slot]:
        """Free slots for these interviewers: working hours in their zones, minus bookings and their calendars."""
        problems = Problems()
        check_duration(problems, duration_minutes)
        if not 1 <= len(interviewer_ids) <= 25:
            problems.add("interviewer_ids", "interviewer_ids must list 1 to 25 user ids (from list_users)")
        if end <= start:
            problems.add("end_time", "end_time must be after start_time")
        elif end - start > timedelta(days=30):
            problems.add("end_time", "the window may span at most 30 days; narrow start_time..end_time")
        if kind not in KINDS:
            problems.add("interview_kind", "interview_kind must be panel (everyone free) or one_on_one (anyone)")
        users = records.users_by_ids(session, org_id, interviewer_ids)
        for n, uid in enumerate(interviewer_ids):
            if uid not in users or not users[uid].active:
                problems.add(f"interviewer_ids[{n}]", f"interviewer_ids[{n}]: {uid} is not an active user")
        problems.raise_if_any()
        busy = agent_repo.busy_ranges(session, org_id, interviewer_ids, start, end)
        for uid, ranges in (external or {}).items():
            busy.setdefault(uid, []).extend(ranges)
        people = [availability.Person(uid, availability.Schedule(
            users[uid].time_zone, users[uid].working_hours or {}, users[uid].availability_overrides or {}),
            [(availability.epoch(a), availability.epoch(b)) for a, b in busy.get(uid, [])])
            for uid in interviewer_ids]
        return availability.find_slots(people, start=start, end=end, duration_minutes=duration_minutes, now=now,
                                       mode=kind, notice_minutes=notice_minutes)

    def valid_organizers(self, session: Session, *, org_id: int, job_id: int, query: str | None, limit: int,
                         offset: int) -> tuple[list[dict[str, Any]], int]:
        """Active users who may organize interviews for the job."""
        from interviewd.core.model import Job

        if records.get(session, Job, org_id, job_id) is None:
            raise NotFound(f"Job {job_id} does not exist; use list_applications to see job ids")
        users, total = agent_repo.valid_organizers(session, org_id, job_id, query, limit, offset)
        return [{"id": u.id, "name": f"{u.first_name} {u.last_name}", "email": u.email, "time_zone": u.time_zone}
                for u in users], total

    def conference_hosts(self, session: Session, *, org_id: int, provider: str | None, query: str | None,
                         limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
        """Conference hosts (host_id for zoom interviews) and the user each one is."""
        hosts, total = agent_repo.conference_hosts(session, org_id, provider, query, limit, offset)
        return [{"id": h.id, "provider": h.provider, "name": h.name, "email": h.email, "user_id": h.user_id}
                for h in hosts], total

    def email_templates(self, session: Session, *, org_id: int, channel: str | None, categories: list[str] | None,
                        query: str | None, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
        """E-mail templates for invite bodies (candidate_template_id, interviewer_template_id)."""
        found, total = agent_repo.email_templates(session, org_id, channel, categories, query, limit, offset)
        return [{"id": t.id, "name": t.name, "channel": t.channel, "category": t.category, "audience": t.audience,
                 "subject": t.subject} for t in found], total

    def scorecard_templates(self, session: Session, *, org_id: int, query: str | None, limit: int,
                            offset: int) -> tuple[list[dict[str, Any]], int]:
        """Scorecard templates (scorecard_template_id for ad-hoc interviews)."""
        found, total = agent_repo.scorecard_templates(session, org_id, query, limit, offset)
        return [{"id": t.id, "name": t.name, "questions": len(t.questions or [])} for t in found], total

    # -- the rules -------------------------------------------------------------------------------

    @staticmethod
    def _zone(problems: Problems, name: str) -> str | None:
        try:
            return rules.zone(name, field="timezone").key
        except Invalid as exc:
            problems.add("timezone", exc.message)
            return None

    @staticmethod
    def _shape(problems: Problems, r: AgentBooking, now: datetime | None) -> None:
        if now is not None:
            check_start(problems, r.start_time, now)
            check_duration(problems, r.duration_minutes)
        if r.kind not in KINDS:
            problems.add("kind", f"kind must be one_on_one or panel; got {r.kind!r}")
        elif r.kind == "one_on_one" and len(r.interviewer_ids) != 1:
            problems.add("interviewer_ids", f"kind one_on_one needs exactly one entry in interviewer_ids; got "
                         f"{len(r.interviewer_ids)} (use kind panel for several interviewers)")
        if not 1 <= len(r.interviewer_ids) <= 10:
            problems.add("interviewer_ids", "interviewer_ids must list 1 to 10 user ids (from list_users)")
        elif len(set(r.interviewer_ids)) != len(r.interviewer_ids):
            problems.add("interviewer_ids", "interviewer_ids lists a user more than once")
        if r.location not in LOCATIONS:
            problems.add("location", f"location must be one of {', '.join(LOCATIONS)}; got {r.location!r}")
        elif r.location == "onsite" and r.office_id is None:
            problems.add("office_id", "location onsite needs office_id; find one with list_offices")
        elif r.location == "hackerrank" and not r.hackerrank_template_id:
            problems.add("hackerrank_template_id", "location hackerrank needs hackerrank_template_id")
        elif r.location == "zoom" and r.host_id is None:
            problems.add("host_id", "location zoom needs host_id (from list_conference_hosts), and the host must "
                         "also be one of interviewer_ids")
        if r.name is not None and len(r.name) > 255:
            problems.add("name", f"name must be at most 255 characters; got {len(r.name)}")
        if r.calendar_event_visibility not in (None, "default", "private"):
            problems.add("calendar_event_visibility", "calendar_event_visibility must be default or private")

    @staticmethod
    def _activity(session: Session, problems: Problems, org_id: int, activity_id: int | None,
                  application: Application | None) -> Activity | None:
        if activity_id is None:
            return None
        found = records.activity_stage_job(session, org_id, activity_id)
        if found is None:
            problems.add("stage_activity_id", f"stage_activity_id {activity_id} does not exist; use "
                         "get_interview_plan for the application's job")
            return None
        if application is not None and found[1] != application.job_id:
            problems.add("stage_activity_id", f"stage_activity_id {activity_id} belongs to job {found[1]}, but "
                         f"application {application.id} is for job {application.job_id}; call get_interview_plan "
                         f"with job_id {application.job_id}")
            return None
        return found[0]

    @staticmethod
    def _organizer(session: Session, problems: Problems, org_id: int, organizer_id: int,
                   application: Application | None) -> None:
        user = records.get(session, User, org_id, organizer_id)
        if user is None or not user.active:
            problems.add("organizer_id", f"organizer_id {organizer_id} is not an active user; use "
                         "list_valid_organizers with the application's job_id")
        elif application is not None and not records.can_manage_application(session, user, application):
            problems.add("organizer_id", f"user {organizer_id} cannot organize interviews for job "
                         f"{application.job_id}; pick one from list_valid_organizers(job_id={application.job_id})")

    @staticmethod
    def _places(session: Session, problems: Problems, org_id: int, r: AgentBooking) -> None:
        users = records.users_by_ids(session, org_id, r.interviewer_ids)
        for n, uid in enumerate(r.interviewer_ids):
            if uid not in users or not users[uid].active:
                problems.add(f"interviewer_ids[{n}]", f"interviewer_ids[{n}]: {uid} is not an active user; use "
                             "list_users")
        if r.office_id is not None and records.get(session, Office, org_id, r.office_id) is None:
            problems.add("office_id", f"office_id {r.office_id} does not exist; use list_offices")
        if r.host_id is not None and r.location == "zoom":
            host = records.get(session, ConferenceHost, org_id, r.host_id)
            if host is None:
                problems.add("host_id", f"host_id {r.host_id} does not exist; use list_conference_hosts")
            elif host.user_id not in r.interviewer_ids:
                problems.add("host_id", f"host_id {r.host_id} is user {host.user_id}, who must also be one of "
                             f"interviewer_ids; add {host.user_id} to interviewer_ids or choose another host")

    @staticmethod
    def _templates(session: Session, problems: Problems, org_id: int, r: AgentBooking) -> None:
        for name, model in (("interviewer_template_id", EmailTemplate), ("candidate_template_id", EmailTemplate),
                            ("scorecard_template_id", ScorecardTemplate)):
            value = getattr(r, name)
            if name == "scorecard_template_id" and r.stage_activity_id is not None:
                continue  # ignored (and said so): the activity's scorecard applies
            if value is not None and records.get(session, model, org_id, value) is None:
                source = "list_scorecard_templates" if model is ScorecardTemplate else "list_email_templates"
                problems.add(name, f"{name} {value} does not exist; use {source}")

    @staticmethod
    def _attributes(r: AgentBooking, activity: Activity | None, application: Application | None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": r.kind, "location_kind": r.location, "office_id": r.office_id,
            "conference_host_id": r.host_id if r.location == "zoom" else None,
            "candidate_template_id": r.candidate_template_id, "interviewer_template_id": r.interviewer_template_id,
            "extra": {k: v for k, v in (("hackerrank_template_id", r.hackerrank_template_id),
                                        ("calendar_event_visibility", r.calendar_event_visibility or "default"),
                                        ("ai_note_taker_enabled", bool(r.ai_note_taker_enabled)),
                                        ("ai_scorecard_assist_enabled", bool(r.ai_scorecard_assist_enabled)))
                      if v is not None}}
        if activity is not None:
            out.update(activity_id=activity.id, stage_id=activity.stage_id,
                       scorecard_template_id=activity.scorecard_template_id)
        elif application is not None:
            out.update(stage_id=application.current_stage_id, scorecard_template_id=r.scorecard_template_id)
        return out

    @staticmethod
    def _specs(user_ids: list[int]) -> list[InterviewerSpec]:
        return [InterviewerSpec(field=f"interviewer_ids[{n}]", user_id=uid) for n, uid in enumerate(user_ids)]

    @staticmethod
    def _merged(row: ScheduledInterview, changes: dict[str, Any], start: datetime, minutes: int,
                zone: str, interviewer_ids: list[int]) -> AgentBooking:
        current = row.extra or {}

        def pick(name: str, default: Any) -> Any:
            return changes[name] if changes.get(name) is not None else default

        return AgentBooking(
            organizer_id=row.organizer_id or 0, application_id=row.application_id, start_time=start,
            duration_minutes=minutes, timezone=zone, kind=pick("kind", row.kind),
            location=pick("location", row.location_kind or "google_meet"),
            interviewer_ids=pick("interviewer_ids", interviewer_ids), office_id=pick("office_id", row.office_id),
            host_id=pick("host_id", row.conference_host_id),
            hackerrank_template_id=pick("hackerrank_template_id", current.get("hackerrank_template_id")),
            name=pick("name", row.name), calendar_event_visibility=pick(
                "calendar_event_visibility", current.get("calendar_event_visibility")),
            ai_note_taker_enabled=pick("ai_note_taker_enabled", current.get("ai_note_taker_enabled")),
            ai_scorecard_assist_enabled=pick("ai_scorecard_assist_enabled",
                                             current.get("ai_scorecard_assist_enabled")),
            interviewer_template_id=pick("interviewer_template_id", row.interviewer_template_id),
            candidate_template_id=pick("candidate_template_id", row.candidate_template_id))


agent_service = AgentService()
