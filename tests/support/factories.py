"""Small, explicit builders of test data; each test gets a fresh organization (tenancy keeps tests apart)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from interviewd.core.model import (
    Activity,
    ActivityInterviewer,
    Application,
    Candidate,
    HiringTeamMember,
    InterviewPlan,
    Job,
    Office,
    Organization,
    Stage,
    Team,
    TeamMember,
    User,
)
from interviewd.core.services.keys import key_service
from interviewd.core.store.uow import Database

UTC = timezone.utc
T0 = datetime(2024, 1, 1, tzinfo=UTC)
_counter = itertools.count(1)
WEEKDAYS = {d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}


@dataclass
class World:
    """One organization with a job, its plan, users in each role, applications in each status and keys."""

    org_id: int
    admin: int
    recruiter: int
    interviewers: list[int]
    bystander: int
    inactive: int
    job: int
    other_job: int
    stages: list[int]
    activities: list[int]
    other_job_activity: int
    applications: dict[str, int]
    office: int
    team: int
    keys: dict[str, Any] = field(default_factory=dict)
    emails: dict[int, str] = field(default_factory=dict)


def _stamp(obj: Any, now: datetime) -> Any:
    obj.created_at = now
    obj.updated_at = now
    return obj


def make_user(session: Any, org_id: int, now: datetime, first: str, last: str, **extra: Any) -> User:
    n = next(_counter)
    user = _stamp(User(organization_id=org_id, first_name=first, last_name=last,
                       email=extra.pop("email", f"{first.lower()}.{last.lower()}.{n}@example.com"),
                       time_zone=extra.pop("time_zone", "America/New_York"),
                       working_hours=extra.pop("working_hours", WEEKDAYS), **extra), now)
    session.add(user)
    session.flush()
    return user


def build_world(db: Database, *, now: datetime = T0, harvest_permissions: list[str] | None = None,
                rate_limit: int = 0) -> World:
    """A complete organization, written in one transaction."""

    def build(session: Any) -> World:
        org = Organization(name=f"Org {next(_counter)}", created_at=now)
        session.add(org)
        session.flush()
        o = org.id
        admin = make_user(session, o, now, "Ada", "Admin", site_admin=True, employee_id=f"E{next(_counter)}")
        recruiter = make_user(session, o, now, "Rita", "Recruiter")
        interviewers = [make_user(session, o, now, name, "Panel", employee_id=f"EMP-{name}-{next(_counter)}",
                                  time_zone=tz)
                        for name, tz in (("Ivan", "Europe/Berlin"), ("Jia", "Asia/Kolkata"), ("Kim", "UTC"))]
        bystander = make_user(session, o, now, "Bo", "Bystander")
        inactive = make_user(session, o, now, "Ina", "Inactive", active=False)
        team = _stamp(Team(organization_id=o, name="Engineering"), now)
        office = _stamp(Office(organization_id=o, name="Berlin", location="Berlin, DE", time_zone="Europe/Berlin"), now)
        session.add_all([team, office])
        session.flush()
        session.add_all([TeamMember(team_id=team.id, user_id=u.id) for u in interviewers])
        jobs = []
        for name in ("Backend Engineer", "Designer"):
            job = _stamp(Job(organization_id=o, name=name, status="open", team_id=team.id), now)
            session.add(job)
            session.flush()
            jobs.append(job)
        session.add(HiringTeamMember(job_id=jobs[0].id, user_id=recruiter.id, role="recruiter"))
        session.add(HiringTeamMember(job_id=jobs[0].id, user_id=bystander.id, role="interviewer"))
        stages, activities = [], []
        for job in jobs:
            plan = _stamp(InterviewPlan(organization_id=o, job_id=job.id, name=f"{job.name} plan"), now)
            session.add(plan)
            session.flush()
            for priority, stage_name in enumerate(("Phone Screen", "Onsite")):
                stage = _stamp(Stage(organization_id=o, plan_id=plan.id, job_id=job.id, name=stage_name,
                                     priority=priority), now)
                session.add(stage)
                session.flush()
                act = _stamp(Activity(organization_id=o, stage_id=stage.id, name=f"{stage_name} interview",
                                      duration_minutes=45, kind="panel", location_kind="google_meet",
                                      kit_content="<p>Be kind</p>", kit_questions=["Why us?"]), now)
                session.add(act)
                session.flush()
                session.add(ActivityInterviewer(activity_id=act.id, user_id=interviewers[0].id))
                if job is jobs[0]:
                    stages.append(stage.id)
                    activities.append(act.id)
                else:
                    other_activity = act.id
        applications = {}
        for status in ("active", "rejected", "hired"):
            cand = _stamp(Candidate(organization_id=o, first_name="Cara", last_name=status.title(),
                                    email=f"cara.{status}.{next(_counter)}@example.org"), now)
            session.add(cand)
            session.flush()
            app = _stamp(Application(organization_id=o, candidate_id=cand.id, job_id=jobs[0].id, status=status,
                                     current_stage_id=stages[0], applied_at=now, last_activity_at=now,
                                     rejected_at=now if status == "rejected" else None,
                                     hired_at=now if status == "hired" else None), now)
            session.add(app)
            session.flush()
            applications[status] = app.id
        world = World(o, admin.id, recruiter.id, [u.id for u in interviewers], bystander.id, inactive.id,
                      jobs[0].id, jobs[1].id, stages, activities, other_activity, applications, office.id, team.id)
        world.emails = {u.id: u.email for u in (admin, recruiter, *interviewers, bystander, inactive)}
        world.keys["harvest"] = key_service.issue(session, org_id=o, face="harvest", now=now,
                                                  rate_limit_per_10s=rate_limit,
                                                  permissions=harvest_permissions).secret
        world.keys["apploi"] = key_service.issue(session, org_id=o, face="apploi", now=now,
                                                 rate_limit_per_10s=rate_limit, acting_user_id=admin.id).secret
        for face in ("merge", "bindbee"):  # (api key, account/connector token)
            issued = key_service.issue(session, org_id=o, face=face, now=now, rate_limit_per_10s=rate_limit,
                                       with_secondary=True)
            world.keys[face] = (issued.secret, issued.secondary)
        return world

    return db.run(build, write=True)


def later(days: int = 0, hours: int = 0) -> datetime:
    """An instant in the real future (face tests run against the wall clock)."""
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=days + 30)
    return base + timedelta(hours=hours)


def iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
