"""Scheduling use cases: schedule, change, delete, cancel, read. Services flush; the unit of work commits."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy import insert as sql_insert
from sqlalchemy import select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from interviewd.core import lifecycle, rules
from interviewd.core.model import Application, Interviewer, ScheduledInterview, Scorecard, User
from interviewd.core.queries import InterviewFilter, PageWindow
from interviewd.core.store import interviews as repo
from interviewd.core.store import outbox, records
from interviewd.core.views import Conflict, InterviewView, Page, snapshot
from interviewd.errors import Conflict as ConflictError
from interviewd.errors import Forbidden, Invalid, NotFound, Problems


class ConflictPolicy(enum.Enum):
    """What a face does when an interviewer is already booked: accept silently, report, or refuse."""

    ACCEPT = "accept"
    WARN = "warn"
    REFUSE = "refuse"


@dataclass(slots=True)
class InterviewerSpec:
    """An interviewer as a face names one: by user id, e-mail or employee id, with a response status."""

    field: str
    response_status: str = "needs_action"
    user_id: int | None = None
    email: str | None = None
    employee_id: str | None = None


@dataclass(slots=True)
class Changes:
    """A partial update; fields left as None are kept."""

    start: datetime | date | None = None
    end: datetime | date | None = None
    interviewers: list[InterviewerSpec] | None = None
    external_event_id: str | None = None
    location: str | None = None
    video_conferencing_url: str | None = None
    clear: set[str] = field(default_factory=set)
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Booking:
    """The interview after a write, with the conflicts found (accepted or reported)."""

    interview: InterviewView
    conflicts: list[Conflict]


@dataclass(slots=True)
class _Resolved:
    user: User | None
    email: str
    response_status: str


ATTRIBUTES = frozenset({"kind", "location_kind", "office_id", "conference_host_id", "scorecard_template_id",
                        "candidate_template_id", "interviewer_template_id", "name", "time_zone", "extra",
                        "activity_id", "stage_id"})


def _touch(application: Application | None, now: datetime) -> None:
    """Interview activity is application activity: readers of changed applications see it."""
    if application is not None:
        application.updated_at = application.last_activity_at = now


def _assign(interview: ScheduledInterview, attributes: dict[str, Any]) -> None:
    unknown = set(attributes) - ATTRIBUTES
    if unknown:
        raise ValueError(f"not settable through attributes: {sorted(unknown)}")
    for name, value in attributes.items():
        setattr(interview, name, value)


class InterviewService:
    """The scheduled-interview aggregate."""

    def list(self, session: Session, *, org_id: int, filters: InterviewFilter, window: PageWindow,
             now: datetime) -> Page[InterviewView]:
        """A page of the organization's interviews matching ``filters``."""
        return repo.list_page(session, org_id, filters, window, now)

    def get(self, session: Session, *, org_id: int, interview_id: int, now: datetime,
            include_deleted: bool = False, include_cancelled: bool = False) -> InterviewView:
        """One interview, or NotFound."""
        found = repo.get(session, org_id, interview_id, now, include_deleted=include_deleted,
                         include_cancelled=include_cancelled)
        if found is None:
            raise NotFound(f"Scheduled interview {interview_id} does not exist")
        return found

    def schedule(self, session: Session, *, org_id: int, actor_id: int, application_id: int,
                 activity_id: int | None, start: datetime | date, end: datetime | date,
                 interviewers: list[InterviewerSpec],
                 external_event_id: str | None, source: str, now: datetime,
                 policy: ConflictPolicy = ConflictPolicy.ACCEPT, location: str | None = None,
                 video_conferencing_url: str | None = None, name: str | None = None,
                 time_zone: str | None = None, allow_outside_emails: bool = True,
                 location_kind: str | None = None, provision: bool = False,
                 attributes: dict[str, Any] | None = None) -> Booking:
        """Book a new interview for an application; the actor becomes its organizer.

        With ``provision`` it starts as "provisioning" until the worker has its conference link and invites.
        ``attributes`` sets further columns (see ATTRIBUTES) that the calling service has already checked.
        """
        application = self._application(session, org_id, application_id)
        actor = self._actor_who_manages(session, org_id, actor_id, application)
        problems = Problems()
        activity = None
        if activity_id is not None:
            found = records.activity_stage_job(session, org_id, activity_id)
            if found is None or found[1] != application.job_id:
                problems.add("interview_id", f"interview_id {activity_id} is not an interview of the job of "
                             f"application {application_id}; use an interviews[].id from "
                             f"GET /v1/jobs/{application.job_id}/stages")
            else:
                activity = found[0]
        time_zone = rules.zone(time_zone or actor.time_zone, field="time_zone").key
        span = self._span(problems, start, end, time_zone)
        resolved = self._resolve(session, org_id, interviewers, problems, allow_outside_emails)
        if external_event_id is not None and repo.external_event_taken(session, org_id, external_event_id, None):
            problems.add("external_event_id", f"external_event_id {external_event_id!r} has already been taken")
        problems.raise_if_any()
        assert span is not None
        conflicts = self._check_conflicts(session, org_id, resolved, span, None, policy)
        interview = ScheduledInterview(
            organization_id=org_id, application_id=application.id,
            activity_id=activity.id if activity else None, stage_id=activity.stage_id if activity else None,
            name=name or (activity.name if activity else "Interview"), external_event_id=external_event_id,
            all_day=span.all_day, start_at=span.start_at, end_at=span.end_at, start_date=span.start_date,
            end_date=span.end_date, time_zone=time_zone, location=location,
            location_kind=location_kind or (activity.location_kind if activity else None),
            video_conferencing_url=video_conferencing_url,
            provisioning_state="provisioning" if provision else "none",
            organizer_id=actor.id, kind=activity.kind if activity else "panel", source=source,
            feedback_complete=not resolved, created_at=now, updated_at=now, sequence=0,
        )
        _assign(interview, attributes or {})
        _touch(application, now)
        session.add(interview)
        session.flush()
        self._write_interviewers(session, interview, resolved, new=True)
        return Booking(self._announce(session, interview, "interview.created", source, now), conflicts)

    def update(self, session: Session, *, org_id: int, interview_id: int, actor_id: int, changes: Changes,
               source: str, now: datetime, policy: ConflictPolicy = ConflictPolicy.ACCEPT,
               only_from_source: str | None = None, allow_outside_emails: bool = True) -> Booking:
        """Change an interview; the actor becomes its organizer."""
        interview = self._changeable(session, org_id, interview_id, only_from_source, now, "updated")
        application = self._application(session, org_id, interview.application_id)
        actor = self._actor_who_manages(session, org_id, actor_id, application)
        problems = Problems()
        if changes.external_event_id is not None and repo.external_event_taken(
                session, org_id, changes.external_event_id, interview.id):
            problems.add("external_event_id",
                         f"external_event_id {changes.external_event_id!r} has already been taken")
        resolved = (self._resolve(session, org_id, changes.interviewers, problems, allow_outside_emails)
                    if changes.interviewers is not None else None)
        span = self._span(problems, changes.start if changes.start is not None else self._start_of(interview),
                          changes.end if changes.end is not None else self._end_of(interview), interview.time_zone)
        problems.raise_if_any()
        assert span is not None
        if resolved is None:
            resolved = self._current_interviewers(session, org_id, interview.id)
        conflicts = self._check_conflicts(session, org_id, resolved, span, interview.id, policy)
        if changes.start is not None or changes.end is not None:
            interview.start_at, interview.end_at = span.start_at, span.end_at
            interview.start_date, interview.end_date, interview.all_day = span.start_date, span.end_date, span.all_day
            session.execute(sql_update(Interviewer).where(Interviewer.interview_id == interview.id)
                            .values(start_at=span.start_at, end_at=span.end_at))
        for attr in ("external_event_id", "location", "video_conferencing_url"):
            value = getattr(changes, attr)
            if value is not None or attr in changes.clear:
                setattr(interview, attr, value)
        _assign(interview, changes.attributes)
        _touch(application, now)
        interview.organizer_id = actor.id
        if changes.interviewers is not None:
            self._write_interviewers(session, interview, resolved)
        interview.sequence += 1
        interview.updated_at = now
        session.flush()
        return Booking(self._announce(session, interview, "interview.updated", source, now), conflicts)

    def delete(self, session: Session, *, org_id: int, interview_id: int, actor_id: int, source: str,
               now: datetime, only_from_source: str | None = None) -> None:
        """Soft-delete an interview: hidden from the faces that do not report deletions, kept in the store."""
        interview = self._changeable(session, org_id, interview_id, only_from_source, now, "deleted")
        actor = records.get(session, User, org_id, actor_id)
        if actor is None:
            raise Invalid(f"On-Behalf-Of: no user with id {actor_id} in this organization", field="On-Behalf-Of")
        interview.deleted_at = now
        interview.updated_at = now
        _touch(records.get(session, Application, org_id, interview.application_id), now)
        interview.sequence += 1
        session.flush()
        self._announce(session, interview, "interview.deleted", source, now, actor_id=actor.id)

    def cancel(self, session: Session, *, org_id: int, interview_id: int, actor_id: int, source: str,
               now: datetime) -> InterviewView:
        """Cancel an interview that has not happened: kept with its status, invites cancelled, webhooks told."""
        interview = records.get(session, ScheduledInterview, org_id, interview_id)
        if interview is None or interview.deleted_at is not None:
            raise NotFound(f"Interview {interview_id} does not exist")
        if interview.cancelled_at is not None:
            raise Invalid(f"Interview {interview_id} is already cancelled (err_interview_already_cancelled)")
        if interview.end_at <= now:
            raise Invalid(f"Interview {interview_id} has already taken place and cannot be cancelled")
        interview.cancelled_at, interview.updated_at = now, now
        _touch(records.get(session, Application, org_id, interview.application_id), now)
        interview.sequence += 1
        session.flush()
        return self._announce(session, interview, "interview.cancelled", source, now, actor_id=actor_id)

    def submit_scorecard(self, session: Session, *, org_id: int, interview_id: int, interviewer_id: int,
                         now: datetime, overall_recommendation: str | None = None) -> int:
        """Record an interviewer's submitted scorecard; the interview completes when every one is in."""
        interview = records.get(session, ScheduledInterview, org_id, interview_id)
        if interview is None or interview.deleted_at is not None:
            raise NotFound(f"Scheduled interview {interview_id} does not exist")
        row = session.scalars(select(Interviewer).where(Interviewer.interview_id == interview_id,
                                                        Interviewer.user_id == interviewer_id)).first()
        if row is None:
            raise Invalid(f"user {interviewer_id} is not an interviewer of interview {interview_id}",
                          field="interviewer_id")
        card = Scorecard(organization_id=org_id, interview_id=interview_id, interviewer_user_id=interviewer_id,
                         overall_recommendation=overall_recommendation, submitted_at=now, created_at=now,
                         updated_at=now)
        session.add(card)
        session.flush()
        row.scorecard_id = card.id
        session.flush()
        interview.feedback_complete = repo.count_missing_scorecards(session, interview_id) == 0
        interview.updated_at = now
        session.flush()
        self._announce(session, interview, "interview.updated", "scorecard", now)
        return card.id

    # -- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _announce(session: Session, interview: ScheduledInterview, topic: str, source: str, now: datetime,
                  **extra: object) -> InterviewView:
        """Write the event to the outbox with the interview as it is now, and return that view.

        The snapshot lets the worker describe each change as it was, even when it runs after later ones.
        """
        view = repo.get(session, interview.organization_id, interview.id, now, include_deleted=True,
                        include_cancelled=True)
        assert view is not None
        outbox.emit(session, org_id=interview.organization_id, topic=topic, aggregate_id=interview.id, now=now,
                    payload={"interview_id": interview.id, "sequence": interview.sequence, "source": source,
                             "snapshot": snapshot(view), **extra})
        return view

    @staticmethod
    def _span(problems: Problems, start: datetime | date, end: datetime | date, time_zone: str) -> rules.Span | None:
        try:
            return rules.make_span(start, end, time_zone)
        except Invalid as exc:
            problems.add(exc.field or "start", exc.message)
            return None

    @staticmethod
    def _start_of(interview: ScheduledInterview) -> datetime | date:
        return interview.start_date if interview.all_day and interview.start_date else interview.start_at

    @staticmethod
    def _end_of(interview: ScheduledInterview) -> datetime | date:
        return interview.end_date if interview.all_day and interview.end_date else interview.end_at

    def _application(self, session: Session, org_id: int, application_id: int) -> Application:
        application = records.get(session, Application, org_id, application_id)
        if application is None:
            raise Invalid(f"application_id: no application with id {application_id} in this organization",
                          field="application_id")
        return application

    def _actor_who_manages(self, session: Session, org_id: int, actor_id: int, application: Application) -> User:
        actor = records.get(session, User, org_id, actor_id)
        if actor is None:
            raise Invalid(f"On-Behalf-Of: no user with id {actor_id} in this organization", field="On-Behalf-Of")
        if not records.can_manage_application(session, actor, application):
            raise Forbidden(f"User {actor_id} does not have permission to manage application {application.id}; "
                            "act on behalf of a site admin or a recruiter, coordinator or hiring manager of "
                            "its job")
        return actor

    def _changeable(self, session: Session, org_id: int, interview_id: int, only_from_source: str | None,
                    now: datetime, verb: str) -> ScheduledInterview:
        interview = records.get(session, ScheduledInterview, org_id, interview_id)
        if interview is None or interview.deleted_at is not None or interview.cancelled_at is not None:
            raise NotFound(f"Scheduled interview {interview_id} does not exist")
        application = records.get(session, Application, org_id, interview.application_id)
        status = lifecycle.status_of(end_at=interview.end_at, feedback_complete=interview.feedback_complete,
                                     cancelled=False, now=now)
        reasons = []
        if only_from_source is not None and interview.source != only_from_source:
            reasons.append(f"it was not created through {only_from_source.title()}")
        if status not in lifecycle.ACTIONABLE_STATUSES:
            reasons.append(f"its status is {status}")
        if application is None or application.status != "active":
            reasons.append(f"its application is {application.status if application else 'gone'}, not active")
        if reasons:
            raise Invalid(f"Scheduled interview {interview_id} cannot be {verb}: {'; '.join(reasons)}. Only "
                          "interviews that are scheduled or awaiting feedback on an active application"
                          + (f" and were created through {only_from_source.title()}" if only_from_source else "")
                          + f" can be {verb}.")
        return interview

    def _resolve(self, session: Session, org_id: int, specs: list[InterviewerSpec], problems: Problems,
                 allow_outside_emails: bool) -> list[_Resolved]:
        by_id = records.users_by_ids(session, org_id, [s.user_id for s in specs if s.user_id is not None])
        out: list[_Resolved] = []
        seen: set[str] = set()
        for spec in specs:
            user, where = self._find_user(session, org_id, spec, by_id)
            email = user.email if user else (spec.email or "")
            if user is None and not (spec.email and allow_outside_emails and spec.user_id is None
                                     and spec.employee_id is None):
                problems.add(where, self._missing_user_message(spec, where, allow_outside_emails))
                continue
            if user is not None and not user.active:
                problems.add(where, f"{where}: user {user.id} ({user.email}) is deactivated and cannot interview")
                continue
            key = f"u{user.id}" if user else email.lower()
            if key in seen:
                problems.add(spec.field, f"{spec.field}: {email} is listed more than once")
                continue
            seen.add(key)
            out.append(_Resolved(user, email, spec.response_status))
        return out

    @staticmethod
    def _find_user(session: Session, org_id: int, spec: InterviewerSpec,
                   by_id: dict[int, User]) -> tuple[User | None, str]:
        if spec.user_id is not None:
            return by_id.get(spec.user_id), f"{spec.field}.user_id"
        if spec.employee_id is not None:
            return records.user_by_employee_id(session, org_id, spec.employee_id), f"{spec.field}.employee_id"
        return records.user_by_email(session, org_id, spec.email or ""), f"{spec.field}.email"

    @staticmethod
    def _missing_user_message(spec: InterviewerSpec, where: str, allow_outside_emails: bool) -> str:
        if spec.user_id is not None:
            return f"{where}: no user with id {spec.user_id} in this organization"
        if spec.employee_id is not None:
            return f"{where}: no user with employee_id {spec.employee_id!r} in this organization"
        suffix = "" if allow_outside_emails else " (this endpoint accepts only users of the organization)"
        return f"{where}: no user with e-mail {spec.email!r} in this organization{suffix}"

    def _current_interviewers(self, session: Session, org_id: int, interview_id: int) -> list[_Resolved]:
        view = repo.get(session, org_id, interview_id, datetime.max.replace(tzinfo=rules.UTC))
        users = records.users_by_ids(session, org_id, [i.user.id for i in view.interviewers if i.user] if view else [])
        return [_Resolved(users.get(i.user.id) if i.user else None, i.email, i.response_status)
                for i in (view.interviewers if view else [])]

    def _check_conflicts(self, session: Session, org_id: int, resolved: list[_Resolved], span: rules.Span,
                         exclude_id: int | None, policy: ConflictPolicy) -> list[Conflict]:
        user_ids = [r.user.id for r in resolved if r.user]
        emails = [r.email for r in resolved if r.user is None]
        if policy is ConflictPolicy.REFUSE:
            repo.lock_interviewers(session, org_id, user_ids)
        conflicts = repo.find_conflicts(session, org_id, user_ids=user_ids, emails=emails, start_at=span.start_at,
                                        end_at=span.end_at, exclude_id=exclude_id)
        if conflicts and policy is ConflictPolicy.REFUSE:
            first = conflicts[0]
            raise ConflictError(
                f"{first.email} is already booked in interview {first.interview_id} from "
                f"{first.start_at.isoformat()} to {first.end_at.isoformat()}; choose another time or interviewer",
                conflicts=conflicts)
        return conflicts

    def _write_interviewers(self, session: Session, interview: ScheduledInterview,
                            resolved: list[_Resolved], *, new: bool = False) -> None:
        kept: dict[tuple[int | None, str], int | None] = {}
        if not new:  # a new interview has no interviewers (nor scorecards) to keep or replace
            kept = {(row.user_id, row.email.lower()): row.scorecard_id for row in
                    session.scalars(select(Interviewer).where(Interviewer.interview_id == interview.id))}
            session.execute(sql_delete(Interviewer).where(Interviewer.interview_id == interview.id))
        rows = [{"organization_id": interview.organization_id, "interview_id": interview.id,
                 "user_id": r.user.id if r.user else None, "email": r.email, "response_status": r.response_status,
                 "scorecard_id": kept.get((r.user.id if r.user else None, r.email.lower())), "position": position,
                 "start_at": interview.start_at, "end_at": interview.end_at} for position, r in enumerate(resolved)]
        if rows:  # one INSERT for the whole panel (nothing reads these rows as objects)
            session.execute(sql_insert(Interviewer), rows)
        interview.feedback_complete = lifecycle.feedback_complete([row["scorecard_id"] is not None for row in rows])
        session.flush()


interview_service = InterviewService()
