"""Entities of the scheduling core. Every row belongs to one organization and has an int id and a UUID."""

from __future__ import annotations

import uuid as uuid_mod
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from interviewd.core.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _uuid() -> uuid_mod.UUID:
    return uuid_mod.uuid4()


class Identified:
    """The integer id and the stable UUID every entity carries."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[uuid_mod.UUID] = mapped_column(Uuid, default=_uuid, unique=True)


class OrgOwned(Identified):
    """An entity scoped to one organization, with creation and update instants."""

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Organization(Identified, Base):
    __tablename__ = "organizations"
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ApiKey(Base):
    """A credential for one face. Only hashes are stored; ``permissions`` None means every endpoint."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    face: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), default="")
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    secondary_hash: Mapped[str | None] = mapped_column(String(64))
    permissions: Mapped[list[str] | None] = mapped_column(JSON)
    rate_limit_per_10s: Mapped[int] = mapped_column(Integer)
    # The user a key acts as when its dialect names none (Apploi, MCP): organizer of what it books.
    acting_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class User(OrgOwned, Base):
    __tablename__ = "users"
    __table_args__ = (
        Index("uq_users_org_email", "organization_id", func.lower(text("email")), unique=True),
        Index("ix_users_org_employee", "organization_id", "employee_id"),
    )
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(320))
    employee_id: Mapped[str | None] = mapped_column(String(100))
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    working_hours: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    availability_overrides: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    site_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    can_interview: Mapped[bool] = mapped_column(Boolean, default=True)
    permissions: Mapped[list[str]] = mapped_column(JSON, default=list)
    # A CalDAV calendar collection the user's invites are written to (PUT/DELETE of .ics resources).
    caldav_url: Mapped[str | None] = mapped_column(String(2000))
    caldav_username: Mapped[str | None] = mapped_column(String(200))
    caldav_password: Mapped[str | None] = mapped_column(String(500))
    # An ICS feed (webcal/https) whose events count as busy time in availability searches.
    calendar_feed_url: Mapped[str | None] = mapped_column(String(2000))


class Team(OrgOwned, Base):
    __tablename__ = "teams"
    name: Mapped[str] = mapped_column(String(200))


class TeamMember(Base):
    __tablename__ = "team_members"
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)


class Office(OrgOwned, Base):
    __tablename__ = "offices"
    name: Mapped[str] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(500))
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    external_id: Mapped[str | None] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    primary_contact_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Candidate(OrgOwned, Base):
    __tablename__ = "candidates"
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))


class Job(OrgOwned, Base):
    __tablename__ = "jobs"
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="open")
    requisition_id: Mapped[str | None] = mapped_column(String(100))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))


class HiringTeamMember(Base):
    """A user on a job's hiring team; recruiters, coordinators and hiring managers manage its applications."""

    __tablename__ = "hiring_team_members"
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(30), primary_key=True)


class InterviewPlan(OrgOwned, Base):
    __tablename__ = "interview_plans"
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class Stage(OrgOwned, Base):
    """A stage of a job's interview plan (Harvest's job stage)."""

    __tablename__ = "stages"
    plan_id: Mapped[int] = mapped_column(ForeignKey("interview_plans.id"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ScorecardTemplate(OrgOwned, Base):
    __tablename__ = "scorecard_templates"
    name: Mapped[str] = mapped_column(String(200))
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class Activity(OrgOwned, Base):
    """An interview step of a stage (Harvest's ``interviews[]`` of a job stage; Kula's stage activity)."""

    __tablename__ = "activities"
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    schedulable: Mapped[bool] = mapped_column(Boolean, default=True)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    kind: Mapped[str] = mapped_column(String(20), default="panel")
    location_kind: Mapped[str] = mapped_column(String(30), default="google_meet")
    location: Mapped[str | None] = mapped_column(String(500))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    scorecard_template_id: Mapped[int | None] = mapped_column(ForeignKey("scorecard_templates.id"))
    hackerrank_template_id: Mapped[str | None] = mapped_column(String(100))
    kit_content: Mapped[str | None] = mapped_column(Text)
    kit_questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ActivityInterviewer(Base):
    __tablename__ = "activity_interviewers"
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)


class Application(OrgOwned, Base):
    __tablename__ = "applications"
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    current_stage_id: Mapped[int | None] = mapped_column(ForeignKey("stages.id"), index=True)
    source: Mapped[str | None] = mapped_column(String(100))
    credited_to_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ConferenceHost(OrgOwned, Base):
    __tablename__ = "conference_hosts"
    provider: Mapped[str] = mapped_column(String(30), default="zoom")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))


class EmailTemplate(OrgOwned, Base):
    __tablename__ = "email_templates"
    name: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(30), default="email")
    category: Mapped[str] = mapped_column(String(50), default="interview_coordination")
    audience: Mapped[str] = mapped_column(String(20), default="candidate")
    subject: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ScheduledInterview(OrgOwned, Base):
    """An interview on the calendar. Timed ones have UTC instants; all-day ones dates (end exclusive)."""

    __tablename__ = "scheduled_interviews"
    __table_args__ = (
        UniqueConstraint("organization_id", "external_event_id", name="uq_interviews_org_external_event"),
        Index("ix_interviews_org_id", "organization_id", "id"),
        Index("ix_interviews_org_updated", "organization_id", "updated_at", "id"),
        Index("ix_interviews_org_start", "organization_id", "start_at"),
        Index("ix_interviews_app", "application_id"),
    )

    @declared_attr
    def organization_id(cls) -> Mapped[int]:  # noqa: N805 - covered by ix_interviews_org_id
        return mapped_column(ForeignKey("organizations.id"))

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"))
    stage_id: Mapped[int | None] = mapped_column(ForeignKey("stages.id"))
    name: Mapped[str] = mapped_column(String(255))
    external_event_id: Mapped[str | None] = mapped_column(String(255))
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    location: Mapped[str | None] = mapped_column(String(500))
    location_kind: Mapped[str | None] = mapped_column(String(30))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    video_conferencing_url: Mapped[str | None] = mapped_column(String(2000))
    conference_host_id: Mapped[int | None] = mapped_column(ForeignKey("conference_hosts.id"))
    organizer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20), default="panel")
    source: Mapped[str] = mapped_column(String(20))
    feedback_complete: Mapped[bool] = mapped_column(Boolean, default=False)
    scorecard_template_id: Mapped[int | None] = mapped_column(ForeignKey("scorecard_templates.id"))
    candidate_template_id: Mapped[int | None] = mapped_column(ForeignKey("email_templates.id"))
    interviewer_template_id: Mapped[int | None] = mapped_column(ForeignKey("email_templates.id"))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    custom_fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    # Options a face records as given (the agents' face: hackerrank template, calendar visibility, AI flags).
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    # none (nothing to provision) | provisioning (waiting for its conference link and invites) | provisioned
    provisioning_state: Mapped[str] = mapped_column(String(20), default="none", server_default="none")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CustomField(OrgOwned, Base):
    """A custom field an organization defines on interviews; values live in ``custom_fields`` by ``key``."""

    __tablename__ = "custom_fields"
    __table_args__ = (UniqueConstraint("organization_id", "object_type", "key", name="uq_custom_fields_key"),)
    object_type: Mapped[str] = mapped_column(String(40), default="scheduled_interview")
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    value_type: Mapped[str] = mapped_column(String(20), default="short_text")
    options: Mapped[list[str]] = mapped_column(JSON, default=list)


class Interviewer(Base):
    """One interviewer of a scheduled interview: an organization user, or an outside e-mail address."""

    __tablename__ = "interviewers"
    __table_args__ = (
        Index("ix_interviewers_user_start", "organization_id", "user_id", "start_at"),
        Index("ix_interviewers_email", "organization_id", "email"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    interview_id: Mapped[int] = mapped_column(ForeignKey("scheduled_interviews.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(320))
    response_status: Mapped[str] = mapped_column(String(20), default="needs_action")
    scorecard_id: Mapped[int | None] = mapped_column(ForeignKey("scorecards.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The interview's times, copied so one person's bookings in a window are one index seek (conflicts, busy time)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Scorecard(OrgOwned, Base):
    __tablename__ = "scorecards"
    __table_args__ = (UniqueConstraint("interview_id", "interviewer_user_id", name="uq_scorecards_interviewer"),)
    interview_id: Mapped[int] = mapped_column(ForeignKey("scheduled_interviews.id"), index=True)
    interviewer_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    overall_recommendation: Mapped[str | None] = mapped_column(String(30))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxMessage(Base):
    """A side effect to run after commit, written in the same transaction as its cause."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "delivered_at", "available_at"),
                      Index("ix_outbox_org_id", "organization_id", "id"),
                      Index("ix_outbox_status_due", "status", "available_at"),
                      Index("ix_outbox_ordering", "ordering_key", "id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    topic: Mapped[str] = mapped_column(String(60))
    aggregate_id: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    available_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # pending -> delivered, or failed once its attempts are spent (then visible and redeliverable)
    status: Mapped[str] = mapped_column(String(20), default="pending", server_default="pending")
    # Rows with one ordering key run one at a time, oldest first (per interview, per recipient).
    ordering_key: Mapped[str | None] = mapped_column(String(200))
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxAttempt(Base):
    """One try at running an outbox row: when, how long, and what came back."""

    __tablename__ = "outbox_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_ms: Mapped[int] = mapped_column(Integer)
    ok: Mapped[bool] = mapped_column(Boolean)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)


class WebhookSubscription(OrgOwned, Base):
    """Where to send interview events, in which vendor's dialect, signed with ``secret``."""

    __tablename__ = "webhook_subscriptions"
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(200))
    dialect: Mapped[str] = mapped_column(String(20))
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
