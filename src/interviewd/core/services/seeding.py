"""The demo data set: two realistic organizations, deterministic from a seed, plus their API keys."""

from __future__ import annotations

import hashlib
import random
import uuid as uuid_mod
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from interviewd.core import rules
from interviewd.core.model import (
    Activity,
    ActivityInterviewer,
    Application,
    Candidate,
    ConferenceHost,
    EmailTemplate,
    HiringTeamMember,
    Interviewer,
    InterviewPlan,
    Job,
    Office,
    Organization,
    ScheduledInterview,
    Scorecard,
    ScorecardTemplate,
    Stage,
    Team,
    TeamMember,
    User,
)
from interviewd.core.services.keys import FACES, hash_secret, key_service
from interviewd.core.store import records
from interviewd.core.store.generated import add_generated_interviews
from interviewd.core.store.uow import Database

__all__ = ["add_generated_interviews", "seed_demo"]

# Per organization: name, e-mail domain, 12 users (first, last, zone), two teams, three offices, three jobs.
# User roles by position: 0 site admin, 1 recruiter, 2 coordinator, 3-10 interviewers, 11 deactivated.
_ORGS: tuple[dict[str, Any], ...] = (
    {"name": "Acme Robotics", "domain": "acme.example",
     "users": [("Morgan", "Price", "America/New_York"), ("Riley", "Chen", "America/New_York"),
               ("Sam", "Okafor", "Europe/London"), ("Priya", "Raman", "Asia/Kolkata"),
               ("Jonas", "Becker", "Europe/Berlin"), ("Elena", "Rossi", "Europe/Berlin"),
               ("Marcus", "Hill", "America/Los_Angeles"), ("Grace", "Kim", "America/Los_Angeles"),
               ("Oliver", "Walsh", "Europe/London"), ("Aisha", "Bello", "America/New_York"),
               ("Liam", "Turner", "Australia/Sydney"), ("Hannah", "Vogel", "Europe/Berlin")],
     "teams": ("Robotics Engineering", "Product & Design"),
     "offices": [("New York HQ", "350 Fifth Avenue, New York, NY 10118", "America/New_York"),
                 ("London Studio", "1 Canada Square, London E14 5AB", "Europe/London"),
                 ("Berlin Lab", "Friedrichstrasse 68, 10117 Berlin", "Europe/Berlin")],
     "jobs": ("Senior Robotics Engineer", "Embedded Firmware Engineer", "Product Designer")},
    {"name": "Globex Health", "domain": "globex.example",
     "users": [("Taylor", "Brooks", "America/Chicago"), ("Jordan", "Patel", "America/New_York"),
               ("Casey", "Nguyen", "America/Los_Angeles"), ("Ananya", "Iyer", "Asia/Kolkata"),
               ("Noah", "Fischer", "Europe/Berlin"), ("Chloe", "Martin", "Europe/London"),
               ("Ethan", "Wright", "America/Denver"), ("Mia", "Thompson", "Australia/Sydney"),
               ("Lucas", "Silva", "America/Sao_Paulo"), ("Zara", "Ahmed", "Europe/London"),
               ("Kenji", "Sato", "Asia/Tokyo"), ("Ruth", "Adler", "America/New_York")],
     "teams": ("Clinical Data", "Platform Engineering"),
     "offices": [("Boston HQ", "100 Summer Street, Boston, MA 02110", "America/New_York"),
                 ("Bengaluru", "Embassy Golf Links, Bengaluru 560071", "Asia/Kolkata"),
                 ("Sydney", "1 Martin Place, Sydney NSW 2000", "Australia/Sydney")],
     "jobs": ("Clinical Data Analyst", "Backend Engineer (Python)", "Patient Experience Lead")},
)
_FIRST = ("Ada Ben Carla Dev Eva Femi Gus Hiro Ines Jack Kara Leo Maya Nico Omar Pia Quinn Rosa Saul Tara Uma Vik "
          "Wes Xena Yusuf Zoe").split()
_LAST = ("Anders Baptiste Castillo Dubois Eklund Ferreira Gallo Haddad Ito Jensen Kowalski Larsen Moreau Novak Ortiz "
         "Petrov Quinlan Reyes Schmidt Tanaka Ueda Varga Weber Young").split()
_STAGES = ("Application Review", "Phone Screen", "Technical Interview", "Onsite", "Offer")
_ACTIVITIES: dict[str, tuple[tuple[str, int, str, str], ...]] = {
    "Phone Screen": (("Recruiter Phone Screen", 30, "one_on_one", "phone"),),
    "Technical Interview": (("Technical Deep Dive", 60, "one_on_one", "zoom"),
                            ("Take-home Review", 45, "panel", "google_meet")),
    "Onsite": (("System Design", 60, "panel", "onsite"), ("Team Collaboration", 45, "panel", "microsoft_teams"),
               ("Hiring Manager Conversation", 30, "one_on_one", "onsite")),
}
_QUESTIONS = ("Walk me through a project you are proud of.", "How do you handle conflicting priorities?",
              "Describe a time you changed your mind after feedback.", "How would you test this design?",
              "What trade-offs did you make and why?", "Tell me about a failure and what you learned.")
_RECOMMENDATIONS = ("strong_yes", "yes", "yes", "no", "strong_no", "no_decision")
_SOURCES = ("LinkedIn", "Referral", "Company website", "Indeed", "Agency")
_TEMPLATES = (
    ("Candidate interview invitation", "candidate", "email", "interview_coordination",
     "Your interview with {{company_name}}",
     "<p>Hi {{candidate_name}},</p><p>You are confirmed for {{interview_name}} for {{job_name}} on "
     "{{start_time}} ({{time_zone}}) at {{location}}.</p>"),
    ("Candidate calendar invite", "candidate", "calendar_invite", "interview_coordination",
     "{{interview_name}} - {{company_name}}",
     "Interview for {{job_name}} with {{interviewer_names}}. Join: {{video_conferencing_url}}"),
    ("Interviewer calendar invite", "interviewer", "calendar_invite", "interviewer_coordination",
     "Interview: {{candidate_name}} - {{interview_name}}",
     "Candidate: {{candidate_name}} for {{job_name}}. Kit: {{interview_kit_url}}"),
    ("Interviewer feedback reminder", "interviewer", "email", "interviewer_coordination",
     "Scorecard due for {{candidate_name}}",
     "<p>Please submit your scorecard for {{candidate_name}} ({{interview_name}}): {{scorecard_link}}</p>"),
)
_DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def seed_demo(db: Database, *, seed: int = 1, now: datetime, rate_limit_per_10s: int) -> dict[str, Any]:
    """Create the demo organizations and return their credentials in the `interviewd seed --json` shape."""
    rng = random.Random(seed)
    with db.unit_of_work(write=True) as session:
        # A second run must not reuse UUIDs, so they come from a stream keyed by what already exists.
        base = records.max_id(session, Organization)
        ids = random.Random(f"demo-uuid:{seed}:{base}")
        out = [_OrgSeeder(session, rng, ids, now, index, spec).build(seed, rate_limit_per_10s)
               for index, spec in enumerate(_ORGS)]
    key_service.forget()
    return {"organizations": out}


class _OrgSeeder:
    """Builds one organization's data inside the caller's transaction."""

    def __init__(self, session: Session, rng: random.Random, ids: random.Random, now: datetime, index: int,
                 spec: dict[str, Any]) -> None:
        self.s, self.rng, self.ids, self.now, self.index, self.spec = session, rng, ids, now, index, spec
        self.born = now - timedelta(days=1100 + 30 * index)

    def add(self, obj: Any, created: datetime | None = None, updated: datetime | None = None) -> Any:
        obj.uuid = uuid_mod.UUID(int=self.ids.getrandbits(128), version=4)
        obj.organization_id = self.org.id
        obj.created_at = created or self.born
        obj.updated_at = updated or obj.created_at
        self.s.add(obj)
        return obj

    def ago(self, lo_days: float, hi_days: float) -> datetime:
        return self.now - timedelta(minutes=self.rng.randint(int(lo_days * 1440), int(hi_days * 1440)))

    def build(self, seed: int, rate_limit: int) -> dict[str, Any]:
        self.org = Organization(name=self.spec["name"], created_at=self.born,
                                uuid=uuid_mod.UUID(int=self.ids.getrandbits(128), version=4))
        self.s.add(self.org)
        self.s.flush()
        self.people()
        self.places()
        self.jobs()
        self.applications()
        self.interviews()
        user = self.users[3]
        return {"id": self.org.id, "name": self.org.name, "credentials": self.keys(seed, rate_limit),
                "on_behalf_of": self.users[0].id,
                "interviewer": {"id": user.id, "email": user.email, "team_id": self.teams[0].id}}

    def people(self) -> None:
        rng, domain = self.rng, self.spec["domain"]
        self.users = []
        for i, (first, last, zone) in enumerate(self.spec["users"]):
            self.users.append(self.add(User(
                first_name=first, last_name=last, email=f"{first.lower()}.{last.lower()}@{domain}",
                employee_id=f"E{1001 + i}" if i < 3 or rng.random() < 0.6 else None, time_zone=zone,
                working_hours=_working_hours(rng), availability_overrides={}, active=i != 11,
                site_admin=i == 0, can_interview=i not in (0, 2), permissions=[]),
                self.born + timedelta(days=i * 20), self.ago(1, 200)))
        self.teams = [self.add(Team(name=name)) for name in self.spec["teams"]]
        self.s.flush()
        for team, members in zip(self.teams, ((0, 3, 4, 5, 6, 11), (2, 7, 8, 9, 10)), strict=True):
            self.s.add_all(TeamMember(team_id=team.id, user_id=self.users[m].id) for m in members)
        self.hosts = [self.add(ConferenceHost(provider="zoom", user_id=self.users[m].id,
                                              name=f"{self.users[m].first_name} {self.users[m].last_name}",
                                              email=self.users[m].email)) for m in (1, 3)]

    def places(self) -> None:
        self.offices = [self.add(Office(name=n, location=loc, time_zone=tz, external_id=f"OFF-{i + 1}"))
                        for i, (n, loc, tz) in enumerate(self.spec["offices"])]
        self.scorecards = [
            self.add(ScorecardTemplate(name="Engineering interview", questions=[
                {"id": 1, "text": "Technical depth", "type": "rating"},
                {"id": 2, "text": "Problem solving", "type": "rating"},
                {"id": 3, "text": "Notes for the hiring team", "type": "text"}])),
            self.add(ScorecardTemplate(name="General interview", questions=[
                {"id": 1, "text": "Communication", "type": "rating"},
                {"id": 2, "text": "Values alignment", "type": "rating"},
                {"id": 3, "text": "Overall notes", "type": "text"}]))]
        self.templates = [self.add(EmailTemplate(name=n, audience=a, channel=c, category=cat, subject=subj,
                                                 body=body, owner_id=self.users[1].id))
                          for n, a, c, cat, subj, body in _TEMPLATES]
        self.s.flush()

    def jobs(self) -> None:
        u = self.users
        self.job_list: list[Job] = []
        self.stages: dict[int, list[Stage]] = {}
        self.activities: dict[int, list[Activity]] = {}
        self.pool: dict[int, list[User]] = {}
        self.defaults: dict[int, list[User]] = {}
        for j, name in enumerate(self.spec["jobs"]):
            job = self.add(Job(name=name, status="closed" if j == 2 else "open",
                               requisition_id=f"REQ-{self.index + 1}{j + 1:02d}", office_id=self.offices[j].id,
                               team_id=self.teams[0 if j < 2 else 1].id), self.born + timedelta(days=300 + j))
            self.s.flush()
            manager, panel = (u[3], [u[4], u[5], u[6], u[8]]) if j < 2 else (u[7], [u[8], u[9], u[10], u[5]])
            members = [(u[1], "recruiter"), (u[2], "coordinator"), (manager, "hiring_manager")]
            members += [(p, "interviewer") for p in panel]
            self.s.add_all(HiringTeamMember(job_id=job.id, user_id=m.id, role=r) for m, r in members)
            self.pool[job.id] = [manager, *panel]
            plan = self.add(InterviewPlan(job_id=job.id, name=f"{name} interview plan"), job.created_at)
            self.s.flush()
            names = [n for n in _STAGES if j < 2 or n != "Technical Interview"]
            stages = [self.add(Stage(plan_id=plan.id, job_id=job.id, name=n, priority=p, active=True),
                               job.created_at) for p, n in enumerate(names)]
            self.s.flush()
            self.job_list.append(job)
            self.stages[job.id] = stages
            self.activities[job.id] = [a for st in stages for a in self.stage_activities(job, st)]

    def stage_activities(self, job: Job, stage: Stage) -> list[Activity]:
        out = []
        for pos, (name, minutes, kind, where) in enumerate(_ACTIVITIES.get(stage.name, ())):
            office = self.offices[job.id % 3] if where == "onsite" else None
            act = self.add(Activity(
                stage_id=stage.id, name=name, schedulable=True, duration_minutes=minutes, kind=kind,
                location_kind=where, location=office.location if office else None,
                office_id=office.id if office else None, position=pos,
                scorecard_template_id=self.scorecards[0 if stage.name != "Phone Screen" else 1].id,
                kit_content=f"<h2>{name}</h2><p>Focus: {stage.name.lower()} for <b>{job.name}</b>.</p>"
                            "<ul><li>Introduce yourself and the team</li><li>Leave 5 minutes for questions"
                            "</li></ul>",
                kit_questions=self.rng.sample(_QUESTIONS, 3)), job.created_at)
            self.s.flush()
            picks = [self.users[1]] if stage.name == "Phone Screen" else self.rng.sample(self.pool[job.id], 2)
            self.defaults[act.id] = picks[:1 if kind == "one_on_one" else 2]
            self.s.add_all(ActivityInterviewer(activity_id=act.id, user_id=d.id) for d in self.defaults[act.id])
            out.append(act)
        return out

    def applications(self) -> None:
        rng = self.rng
        names = list(zip(rng.sample(_FIRST, 20), rng.sample(_LAST, 20), strict=True))
        self.candidates = [self.add(Candidate(
            first_name=f, last_name=la, email=f"{f.lower()}.{la.lower()}{k}@mail.example",
            phone=f"+1 555-01{k:02d}" if rng.random() < 0.8 else None), self.ago(170, 360))
            for k, (f, la) in enumerate(names)]
        self.s.flush()
        plan = [(c, c % 2, "rejected" if c in (12, 13) else "hired" if c == 14 else "active") for c in range(15)]
        plan += [(c, 2, "hired" if c < 17 else "rejected") for c in range(15, 20)]
        plan += [(c, c % 2, "active") for c in (17, 18, 19)] + [(0, 1, "active"), (1, 0, "rejected")]
        self.apps: list[Application] = []
        for c, j, status in plan:
            job = self.job_list[j]
            stages = self.stages[job.id]
            applied = self.ago(40, 160)
            stage = stages[-1] if status == "hired" else stages[rng.choice((0, 1, 1, 2, 2, 3, 3))]
            app = self.add(Application(
                candidate_id=self.candidates[c].id, job_id=job.id, status=status, current_stage_id=stage.id,
                source=rng.choice(_SOURCES), credited_to_user_id=self.users[1].id, applied_at=applied,
                rejected_at=self.ago(1, 3) if status == "rejected" else None,
                hired_at=self.ago(1, 3) if status == "hired" else None, last_activity_at=applied), applied)
            app.updated_at = app.last_activity_at = app.rejected_at or app.hired_at or applied
            self.apps.append(app)
        self.s.flush()

    def interviews(self) -> None:
        # One (kind, source) per interview, so every status and both sources always appear: "future" is
        # scheduled, "awaiting"/"complete" are past, plus cancelled, soft-deleted and all-day ones.
        recipe = [("future", "harvest")] * 6 + [("future", "ui")] * 4 + [("awaiting", "harvest")] * 3
        recipe += [("awaiting", "ui")] * 4 + [("complete", "harvest")] * 2 + [("complete", "ui")] * 6
        recipe += [("cancelled_future", "harvest"), ("cancelled_past", "ui"), ("deleted", "harvest"),
                   ("allday_future", "ui"), ("allday_past", "harvest")]
        active = [a for a in self.apps if a.status == "active" and self.interview_acts(a)]
        for n, (kind, source) in enumerate(recipe):
            past = kind in ("awaiting", "complete", "cancelled_past", "allday_past")
            pool = [a for a in self.apps if self.interview_acts(a)] if kind in ("complete", "allday_past") else active
            app = pool[n % len(pool)] if kind == "complete" else self.rng.choice(pool)
            self.interview(n, kind, source, app, past)

    def interview_acts(self, app: Application) -> list[Activity]:
        acts = [a for a in self.activities[app.job_id] if a.stage_id == app.current_stage_id]
        return acts or (list(self.activities[app.job_id]) if app.status != "active" else [])

    def interview(self, n: int, kind: str, source: str, app: Application, past: bool) -> None:
        rng = self.rng
        act = rng.choice(self.interview_acts(app))
        defaults = self.defaults[act.id]
        people = defaults + [p for p in rng.sample(self.pool[app.job_id], 4) if p not in defaults]
        people = people[:1 if act.kind == "one_on_one" else rng.choice((2, 3))]
        organizer = self.users[0 if source == "harvest" else rng.choice((1, 2))]
        office = next((o for o in self.offices if o.id == act.office_id), None)
        zone = office.time_zone if office else people[0].time_zone
        if kind.startswith("allday"):
            start = self.now.astimezone(ZoneInfo(zone)).date() + timedelta(days=-6 if past else 3)
            span = rules.all_day_span(start, start + timedelta(days=1 if past else 2), zone)
        else:
            # Past interviews of closed applications end before the rejection or hire (1-3 days ago).
            offset = rng.randint(-21, -1 if app.status == "active" else -5) if past else rng.randint(1, 14)
            start_at = _local_slot(self.now, zone, offset, rng)
            span = rules.Span(start_at, start_at + timedelta(minutes=act.duration_minutes))
        created = span.start_at - timedelta(minutes=rng.randint(2 * 1440, 10 * 1440)) if past else self.ago(1, 10)
        created = max(created, app.applied_at + timedelta(hours=1))
        url = _video_url(act.location_kind, rng)
        si = self.add(ScheduledInterview(
            application_id=app.id, activity_id=act.id, stage_id=act.stage_id, name=act.name,
            external_event_id=f"demo{rng.getrandbits(40):010x}{n:03d}", all_day=span.all_day,
            start_at=span.start_at, end_at=span.end_at, start_date=span.start_date, end_date=span.end_date,
            time_zone=zone, location=act.location or ("Phone call: +1 555-0199" if act.location_kind == "phone"
                                                      else url),
            location_kind=act.location_kind, office_id=act.office_id, video_conferencing_url=url,
            conference_host_id=self.hosts[n % 2].id if act.location_kind == "zoom" else None,
            organizer_id=organizer.id, kind=act.kind, source=source, feedback_complete=False,
            scorecard_template_id=act.scorecard_template_id, candidate_template_id=self.templates[1].id,
            interviewer_template_id=self.templates[2].id, sequence=0), created, created)
        self.s.flush()
        rows = [self.add_interviewer(si, p, pos, past) for pos, p in enumerate(people)]
        self.s.flush()
        self.finish(si, kind, rows, people)
        app.last_activity_at = max(app.last_activity_at, si.updated_at)
        app.updated_at = max(app.updated_at, app.last_activity_at)

    def add_interviewer(self, si: ScheduledInterview, user: User, pos: int, past: bool) -> Interviewer:
        weights = (0, 0, 1, 9) if past else (3, 1, 2, 6)
        status = self.rng.choices(rules.RESPONSE_STATUSES, weights)[0]
        row = Interviewer(organization_id=self.org.id, interview_id=si.id, user_id=user.id, email=user.email,
                          response_status=status, position=pos, start_at=si.start_at, end_at=si.end_at)
        self.s.add(row)
        return row

    def finish(self, si: ScheduledInterview, kind: str, rows: list[Interviewer], people: list[User]) -> None:
        rng, now = self.rng, self.now
        if kind in ("complete", "allday_past", "awaiting"):
            # Awaiting feedback keeps at least one interviewer without a scorecard.
            count = len(rows) if kind != "awaiting" else rng.randint(0, len(rows) - 1)
            for row, user in list(zip(rows, people, strict=True))[:count]:
                at = min(si.end_at + timedelta(minutes=rng.randint(20, 2880)), now)
                card = self.add(Scorecard(interview_id=si.id, interviewer_user_id=user.id, submitted_at=at,
                                          overall_recommendation=rng.choice(_RECOMMENDATIONS)), at, at)
                self.s.flush()
                row.scorecard_id = card.id
                si.updated_at = max(si.updated_at, at)
            si.feedback_complete = all(r.scorecard_id is not None for r in rows)
        elif kind.startswith("cancelled"):
            si.cancelled_at = min(si.created_at + timedelta(minutes=rng.randint(60, 4000)), now)
            si.updated_at = si.cancelled_at
        elif kind == "deleted":
            si.deleted_at = min(si.created_at + timedelta(minutes=rng.randint(30, 600)), now)
            si.updated_at = si.deleted_at
        elif rng.random() < 0.5:
            si.updated_at = min(si.created_at + timedelta(minutes=rng.randint(5, 3000)), now)

    def keys(self, seed: int, rate_limit: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for face in FACES:
            secret, secondary = self.secrets(seed, face)
            issued = key_service.issue(self.s, org_id=self.org.id, face=face, now=self.now,
                                       rate_limit_per_10s=rate_limit, name=f"Demo {face} key", secret=secret,
                                       secondary=secondary, acting_user_id=self.users[0].id)
            if face == "merge":
                out[face] = {"api_key": issued.secret, "account_token": issued.secondary}
            elif face == "bindbee":
                out[face] = {"api_key": issued.secret, "connector_token": issued.secondary}
            else:
                out[face] = issued.secret
        return out

    def secrets(self, seed: int, face: str) -> tuple[str, str | None]:
        """Deterministic secrets; a counter is mixed in when an earlier run already holds the first choice."""
        for attempt in range(10_000):
            suffix = f":{attempt}" if attempt else ""
            secret = hashlib.sha256(f"{seed}:{self.index}:{face}{suffix}".encode()).hexdigest()[:40]
            if records.api_key_by_hash(self.s, hash_secret(secret)) is None:
                break
        secondary = None
        if face in ("merge", "bindbee"):
            secondary = hashlib.sha256(f"{seed}:{self.index}:{face}:secondary{suffix}".encode()).hexdigest()[:32]
        return secret, secondary


def _working_hours(rng: random.Random) -> dict[str, list[list[str]]]:
    start = rng.choice(("08:00", "08:30", "09:00", "09:00", "10:00"))
    end = {"08:00": "16:00", "08:30": "17:00", "09:00": "17:00", "10:00": "18:00"}[start]
    day = [[start, "12:00"], ["13:00", end]] if rng.random() < 0.3 else [[start, end]]
    hours = {key: [list(p) for p in day] for key in _DAY_KEYS[:4]}
    hours["fri"] = [[start, "13:00"]]
    if rng.random() < 0.15:
        del hours["wed"]
    return hours


def _local_slot(now: datetime, zone: str, day_offset: int, rng: random.Random) -> datetime:
    """A weekday slot between 09:00 and 16:45 local, ``day_offset`` days from today (weekends skipped)."""
    tz = ZoneInfo(zone)
    day: date = now.astimezone(tz).date() + timedelta(days=day_offset)
    while day.weekday() >= 5:
        day += timedelta(days=1 if day_offset > 0 else -1)
    local = datetime.combine(day, time(rng.randint(9, 15), rng.choice((0, 15, 30, 45))), tz)
    return local.astimezone(rules.UTC)


def _video_url(location_kind: str, rng: random.Random) -> str | None:
    if location_kind == "zoom":
        return f"https://zoom.us/j/{rng.randint(10**9, 10**10 - 1)}"
    if location_kind == "google_meet":
        letters = "".join(rng.choice("abcdefghijkmnopqrstuvwxyz") for _ in range(10))
        return f"https://meet.google.com/{letters[:3]}-{letters[3:7]}-{letters[7:]}"
    if location_kind == "microsoft_teams":
        return f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{rng.getrandbits(64):016x}%40thread.v2/0"
    return None
