"""Applicants: applications as pipeline entries, and interviews booked for them with one interviewer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from interviewd.core.model import Application, User
from interviewd.core.queries import ApplicantFilter, PageWindow
from interviewd.core.services.interviews import Booking, ConflictPolicy, InterviewerSpec, interview_service
from interviewd.core.store import applicants as repo
from interviewd.core.store import interviews as interviews_repo
from interviewd.core.store import records
from interviewd.core.views import ApplicantView, Page
from interviewd.errors import Forbidden, Invalid, NotFound


@dataclass(frozen=True, slots=True)
class TeamMemberSpec:
    """An interviewer named by a team and a member's e-mail address; the fields as the calling face names them."""

    team_id: int
    email: str
    team_field: str = "team_id"
    email_field: str = "email"


class ApplicantService:
    """Applicants and the interviews booked for them."""

    def list(self, session: Session, *, org_id: int, filters: ApplicantFilter,
             window: PageWindow) -> Page[ApplicantView]:
        """A page of the organization's applicants, ordered by application id."""
        return repo.applicants(session, org_id, filters, window)

    def schedule_interview(self, session: Session, *, org_id: int, actor_id: int, application_id: int,
                           start: datetime, end: datetime, time_zone: str, location: str | None,
                           interviewer: InterviewerSpec | TeamMemberSpec, source: str, now: datetime) -> Booking:
        """Book one interviewer for an application, refusing double booking; a replay returns what it booked."""
        application = records.get(session, Application, org_id, application_id)
        if application is None:
            raise NotFound(f"Application {application_id} does not exist")
        self._check_organizer(session, org_id, actor_id, application)
        user, field = self._interviewer(session, org_id, interviewer)
        # Locked before looking for a replay, so two identical requests at once book once (PostgreSQL).
        interviews_repo.lock_interviewers(session, org_id, [user.id])
        replayed = repo.same_booking(session, org_id, application_id=application.id, user_id=user.id,
                                     start_at=start, end_at=end, time_zone=time_zone, location=location,
                                     source=source)
        if replayed is not None:
            return Booking(interview_service.get(session, org_id=org_id, interview_id=replayed, now=now), [])
        return interview_service.schedule(
            session, org_id=org_id, actor_id=actor_id, application_id=application.id, activity_id=None,
            start=start, end=end, interviewers=[InterviewerSpec(field=field, user_id=user.id)],
            external_event_id=None, source=source, now=now, policy=ConflictPolicy.REFUSE, location=location,
            time_zone=time_zone, allow_outside_emails=False)

    @staticmethod
    def _check_organizer(session: Session, org_id: int, actor_id: int, application: Application) -> None:
        actor = records.get(session, User, org_id, actor_id)
        if actor is not None and records.can_manage_application(session, actor, application):
            return
        if actor is None:
            why = f"user {actor_id}, who no longer exists"
        elif not actor.active:
            why = f"user {actor.id} ({actor.email}), who is deactivated"
        else:
            why = f"user {actor.id} ({actor.email}), who may not manage application {application.id}"
        raise Forbidden(f"This API key acts as {why}. Give the key an acting user who is an active site admin, "
                        "has the manage_all_applications permission, or is a recruiter, coordinator or hiring "
                        "manager of the job.")

    @staticmethod
    def _interviewer(session: Session, org_id: int, spec: InterviewerSpec | TeamMemberSpec) -> tuple[User, str]:
        if isinstance(spec, TeamMemberSpec):
            team = repo.team(session, org_id, spec.team_id)
            if team is None:
                raise Invalid(f"{spec.team_field}: no team with id {spec.team_id} in this organization",
                              field=spec.team_field)
            user = repo.team_member_by_email(session, org_id, team.id, spec.email)
            field = spec.email_field
            if user is None:
                raise Invalid(f"{field}: no member of team {team.id} ({team.name}) has the e-mail address "
                              f"{spec.email!r}", field=field)
        else:
            user = records.get(session, User, org_id, spec.user_id) if spec.user_id is not None else None
            field = spec.field
            if user is None:
                raise Invalid(f"{field}: no user with id {spec.user_id} in this organization", field=field)
        if not user.active:
            raise Invalid(f"{field}: user {user.id} ({user.email}) is deactivated and cannot interview", field=field)
        return user, field


applicant_service = ApplicantService()
