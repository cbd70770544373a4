"""What the worker needs to provision an interview and tell the world about it, and the writes it makes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from interviewd.core.model import (
    Candidate,
    EmailTemplate,
    Organization,
    ScheduledInterview,
    User,
    WebhookSubscription,
)
from interviewd.core.store import interviews as interview_repo
from interviewd.core.store import outbox, records, webhooks
from interviewd.core.views import InterviewView

VIDEO_KINDS = frozenset({"zoom", "google_meet", "microsoft_teams"})


@dataclass(slots=True)
class Person:
    name: str
    email: str


@dataclass(slots=True)
class CalendarTarget:
    user_id: int
    email: str
    url: str
    username: str | None
    password: str | None


@dataclass(slots=True)
class Template:
    subject: str
    body: str


@dataclass(slots=True)
class Subscription:
    id: int
    url: str
    secret: str
    dialect: str
    events: list[str]


@dataclass(slots=True)
class InterviewContext:
    """An interview with everyone and everything its side effects concern."""

    interview: InterviewView
    organization_name: str
    organizer: Person | None
    candidate: Person | None
    interviewers: list[Person]
    calendars: list[CalendarTarget]
    candidate_template: Template | None
    interviewer_template: Template | None
    provisioning_state: str
    sequence: int
    subscriptions: list[Subscription] = field(default_factory=list)

    @property
    def needs_conference_link(self) -> bool:
        return (self.interview.location_kind in VIDEO_KINDS and not self.interview.video_conferencing_url
                and self.interview.deleted_at is None and self.interview.cancelled_at is None)


def _template(session: Session, org_id: int, template_id: int | None) -> Template | None:
    found = records.get(session, EmailTemplate, org_id, template_id) if template_id else None
    return Template(found.subject, found.body) if found else None


class ProvisioningService:
    """Reads and writes of the provisioning pipeline (conference links, invites, webhooks)."""

    def context(self, session: Session, *, org_id: int, interview_id: int, now: datetime) -> InterviewContext | None:
        """Everything about one interview that its side effects need, deleted or cancelled ones included."""
        view = interview_repo.get(session, org_id, interview_id, now, include_deleted=True, include_cancelled=True)
        row = records.get(session, ScheduledInterview, org_id, interview_id)
        org = session.get(Organization, org_id)
        if view is None or row is None or org is None:
            return None
        candidate = records.get(session, Candidate, org_id, view.candidate_id)
        users = records.users_by_ids(session, org_id, [i.user.id for i in view.interviewers if i.user])
        calendars = [CalendarTarget(u.id, u.email, u.caldav_url, u.caldav_username, u.caldav_password)
                     for u in users.values() if u.caldav_url]
        organizer = records.get(session, User, org_id, view.organizer.id) if view.organizer else None
        return InterviewContext(
            interview=view, organization_name=org.name,
            organizer=Person(f"{organizer.first_name} {organizer.last_name}", organizer.email) if organizer else None,
            candidate=(Person(f"{candidate.first_name} {candidate.last_name}", candidate.email)
                       if candidate and candidate.email else None),
            interviewers=[Person(i.user.name if i.user else i.email, i.email) for i in view.interviewers],
            calendars=calendars, candidate_template=_template(session, org_id, row.candidate_template_id),
            interviewer_template=_template(session, org_id, row.interviewer_template_id),
            provisioning_state=row.provisioning_state, sequence=row.sequence,
            subscriptions=[subscription_view(s) for s in webhooks.active_subscriptions(session, org_id)],
        )

    def subscription(self, session: Session, *, org_id: int, subscription_id: int) -> Subscription | None:
        """An active subscription, as it is now (its URL or secret may have changed since the event)."""
        sub = records.get(session, WebhookSubscription, org_id, subscription_id)
        return subscription_view(sub) if sub is not None and sub.active else None

    def set_conference_url(self, session: Session, *, org_id: int, interview_id: int, url: str) -> None:
        """Store the minted conference link (part of provisioning: not a change the organizer made)."""
        row = records.get(session, ScheduledInterview, org_id, interview_id)
        if row is not None and not row.video_conferencing_url:
            row.video_conferencing_url = url
            session.flush()

    def mark_provisioned(self, session: Session, *, org_id: int, interview_id: int) -> bool:
        """Provisioning is done; returns whether this call finished it (it was still provisioning)."""
        row = records.get(session, ScheduledInterview, org_id, interview_id)
        if row is None or row.provisioning_state != "provisioning":
            return False
        row.provisioning_state = "provisioned"
        session.flush()
        return True

    def enqueue(self, session: Session, *, org_id: int, topic: str, aggregate_id: int | None,
                payload: dict[str, Any], ordering_key: str | None, now: datetime) -> None:
        """Queue a follow-up side effect in the caller's transaction."""
        outbox.emit(session, org_id=org_id, topic=topic, aggregate_id=aggregate_id, payload=payload, now=now,
                    ordering_key=ordering_key)


def subscription_view(sub: WebhookSubscription) -> Subscription:
    return Subscription(sub.id, sub.url, sub.secret, sub.dialect, list(sub.events or []))


provisioning_service = ProvisioningService()
