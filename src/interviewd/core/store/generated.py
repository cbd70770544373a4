"""Generated interviews in bulk, for benchmarks: batched inserts without the ORM, a million in a few minutes."""

from __future__ import annotations

import random
import uuid as uuid_mod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.orm import Session

from interviewd.core import rules
from interviewd.core.model import (
    Activity,
    Application,
    ConferenceHost,
    HiringTeamMember,
    Interviewer,
    Office,
    ScheduledInterview,
    Scorecard,
    Stage,
    User,
)
from interviewd.core.store.records import MANAGING_ROLES
from interviewd.core.store.uow import Database

BATCH = 5_000
# One interviewer for every 400 generated interviews (~2.5 seats each): over three years that is about one
# interview a working day per person, as in a real hiring team; with only the demo's few people every new
# booking would overlap and no search would find a free slot.
INTERVIEWS_PER_INTERVIEWER = 400
BATCHES_PER_TRANSACTION = 5
SPREAD = timedelta(days=3 * 365)
_MS = timedelta(milliseconds=1)
_TABLES = ("scheduled_interviews", "interviewers", "scorecards")
_RECOMMENDATIONS = ("strong_yes", "yes", "yes", "no", "strong_no", "no_decision")
_SI_COLUMNS = ("id", "uuid", "organization_id", "created_at", "updated_at", "application_id", "activity_id",
               "stage_id", "name", "external_event_id", "all_day", "start_at", "end_at", "start_date", "end_date",
               "time_zone", "location", "location_kind", "office_id", "video_conferencing_url",
               "conference_host_id", "organizer_id", "kind", "source", "feedback_complete", "scorecard_template_id",
               "candidate_template_id", "interviewer_template_id", "sequence", "cancelled_at", "deleted_at")
_IV_COLUMNS = ("id", "organization_id", "interview_id", "user_id", "email", "response_status", "scorecard_id",
               "position", "start_at", "end_at")
_SC_COLUMNS = ("id", "uuid", "organization_id", "created_at", "updated_at", "interview_id", "interviewer_user_id",
               "overall_recommendation", "submitted_at")
Row = tuple[Any, ...]


@dataclass
class _Context:
    """What the generator picks from: the organization's people, applications and plan steps."""

    interviewers: list[tuple[int, str, str]]          # (user id, email, time zone)
    organizers: list[int]
    applications: list[tuple[int, int, int | None]]   # (id, job id, current stage id)
    active: list[tuple[int, int, int | None]]
    steps: dict[int, list[tuple[Any, ...]]]           # job id -> activity rows
    hosts: list[int]
    next_ids: dict[str, int] = field(default_factory=dict)


def add_generated_interviews(db: Database, *, org_id: int, count: int, seed: int, now: datetime,
                             progress: Callable[[int], None] | None = None) -> int:
    """Add ``count`` generated interviews (with interviewers and scorecards) to ``org_id``; return how many."""
    if count <= 0:
        return 0
    with db.unit_of_work(write=True) as session:
        _add_interviewers(session, org_id, count // INTERVIEWS_PER_INTERVIEWER, now)
    with db.unit_of_work() as session:
        ctx = _load(session, org_id)
    gen = _Generator(ctx, org_id, now, count, random.Random(f"gen:{seed}:{org_id}:{ctx.next_ids['si']}"), seed)
    done = 0
    while done < count:
        # A few batches per transaction: fewer commits (WAL flushes) without one huge transaction.
        with db.unit_of_work(write=True) as session:
            conn = session.connection()
            for _ in range(BATCHES_PER_TRANSACTION):
                size = min(BATCH, count - done)
                interviews, interviewers, scorecards = gen.batch(done, size)
                _insert(conn, ScheduledInterview.__table__, _SI_COLUMNS, interviews)
                _insert(conn, Scorecard.__table__, _SC_COLUMNS, scorecards)
                _insert(conn, Interviewer.__table__, _IV_COLUMNS, interviewers)
                done += size
                if progress is not None:
                    progress(size)
                if done >= count:
                    break
            if conn.dialect.name == "postgresql" and done >= count:
                for table in _TABLES:
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                      f"(SELECT max(id) FROM {table}))"))
    return done


def _insert(conn: Connection, table: Table, columns: tuple[str, ...], rows: list[Row]) -> None:
    """Insert rows given in ``columns`` order the fastest way the dialect allows.

    Core ``insert()`` executemany spends most of its time building a parameter dict per row, so
    PostgreSQL (psycopg) gets COPY and SQLite a driver-level executemany with the columns' own
    bind processors applied (the stored text stays exactly what SQLAlchemy would write).
    """
    if not rows:
        return
    dialect = conn.dialect
    names = ", ".join(f'"{c}"' for c in columns)
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        with conn.connection.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
    elif dialect.name == "sqlite":
        procs = [(i, p) for i, c in enumerate(columns)
                 if (p := table.c[c].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
        converted = []
        for row in rows:
            values = list(row)
            for i, proc in procs:
                values[i] = proc(values[i])
            converted.append(tuple(values))
        conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(columns))})',
                             converted)
    else:
        conn.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])


def _add_interviewers(session: Session, org_id: int, wanted: int, now: datetime) -> None:
    """Enough people who interview: new ones copy an existing interviewer's zone, hours and e-mail domain."""
    models = session.scalars(select(User).where(User.organization_id == org_id, User.active.is_(True),
                                                User.can_interview.is_(True)).order_by(User.id)).all()
    if not models or len(models) >= wanted:
        return
    have = session.scalar(select(func.count()).select_from(User).where(User.organization_id == org_id)) or 0
    for n in range(have, have + wanted - len(models)):
        model = models[n % len(models)]
        domain = model.email.rpartition("@")[2]
        session.add(User(organization_id=org_id, first_name="Interviewer", last_name=f"{n:05d}",
                         email=f"interviewer.{n:05d}@{domain}", time_zone=model.time_zone,
                         working_hours=dict(model.working_hours or {}), permissions=[], created_at=now,
                         updated_at=now))
    session.flush()


def _load(session: Session, org_id: int) -> _Context:
    users = session.execute(select(User.id, User.email, User.time_zone, User.can_interview, User.site_admin)
                            .where(User.organization_id == org_id, User.active.is_(True)).order_by(User.id)).all()
    if not users:
        raise ValueError(f"organization {org_id} has no active users to interview")
    interviewers = [(u.id, u.email, u.time_zone) for u in users if u.can_interview] or \
                   [(u.id, u.email, u.time_zone) for u in users]
    managers = set(session.scalars(
        select(HiringTeamMember.user_id).join(User, User.id == HiringTeamMember.user_id)
        .where(User.organization_id == org_id, HiringTeamMember.role.in_(MANAGING_ROLES))))
    organizers = [u.id for u in users if u.site_admin or u.id in managers] or [u.id for u in users]
    apps = session.execute(select(Application.id, Application.job_id, Application.current_stage_id,
                                  Application.status)
                           .where(Application.organization_id == org_id).order_by(Application.id)).all()
    if not apps:
        raise ValueError(f"organization {org_id} has no applications to interview for")
    steps: dict[int, list[tuple[Any, ...]]] = {}
    rows = session.execute(
        select(Stage.job_id, Activity.id, Activity.stage_id, Activity.name, Activity.duration_minutes,
               Activity.kind, Activity.location_kind, Activity.office_id,
               func.coalesce(Activity.location, Office.location), Activity.scorecard_template_id)
        .join(Stage, Stage.id == Activity.stage_id).outerjoin(Office, Office.id == Activity.office_id)
        .where(Activity.organization_id == org_id).order_by(Activity.id)).all()
    for job_id, *step in rows:
        steps.setdefault(job_id, []).append(tuple(step))
    hosts = list(session.scalars(select(ConferenceHost.id).where(ConferenceHost.organization_id == org_id)))
    ctx = _Context(interviewers, organizers, [a[:3] for a in apps],
                   [a[:3] for a in apps if a.status == "active"] or [a[:3] for a in apps], steps, hosts)
    for key, model in (("si", ScheduledInterview), ("iv", Interviewer), ("sc", Scorecard)):
        ctx.next_ids[key] = (session.scalar(select(func.max(model.id))) or 0) + 1
    return ctx


class _Generator:
    """Rows for a range of interview numbers; created_at, and so ids, grow with the number."""

    def __init__(self, ctx: _Context, org_id: int, now: datetime, count: int, rng: random.Random,
                 seed: int) -> None:
        self.ctx, self.org_id, self.now, self.count, self.rng, self.seed = ctx, org_id, now, count, rng, seed
        self.t0 = now - SPREAD
        self.step_ms = SPREAD // _MS / count
        self.year_ago = now - timedelta(days=365)
        self.zones: dict[str, ZoneInfo] = {}

    def uuid(self) -> uuid_mod.UUID:
        return uuid_mod.UUID(int=self.rng.getrandbits(128), version=4)

    def batch(self, first: int, size: int) -> tuple[list[Row], list[Row], list[Row]]:
        interviews: list[Row] = []
        interviewers: list[Row] = []
        scorecards: list[Row] = []
        for n in range(first, first + size):
            self.one(n, interviews, interviewers, scorecards)
        return interviews, interviewers, scorecards

    def one(self, n: int, interviews: list[Row], interviewers: list[Row], scorecards: list[Row]) -> None:
        rng, ctx, now = self.rng, self.ctx, self.now
        si_id = ctx.next_ids["si"]
        ctx.next_ids["si"] += 1
        created = self.t0 + _MS * int((n + rng.random() * 0.9) * self.step_ms)
        start = created + timedelta(minutes=rng.randint(2 * 1440, 35 * 1440))
        start -= timedelta(minutes=start.minute % 15, seconds=start.second, microseconds=start.microsecond)
        app_id, job_id, stage_id = rng.choice(ctx.active if start > now else ctx.applications)
        steps = ctx.steps.get(job_id)
        step = rng.choice(steps) if steps else (None, stage_id, "Interview", 60, "panel", "google_meet", None,
                                                None, None)
        act_id, stage_id, name, minutes, kind, where, office_id, location, template_id = step
        minutes = minutes if rng.random() < 0.8 else rng.choice((30, 45, 60))
        k = min(len(ctx.interviewers), rng.choices((1, 2, 3, 4), (15, 35, 35, 15))[0])
        people = rng.sample(ctx.interviewers, k)
        zone = people[0][2]
        start_date = end_date = None
        if all_day := rng.random() < 0.01:
            day = start.astimezone(self._zone(zone)).date()
            span = rules.all_day_span(day, day + timedelta(days=1), zone)
            start, end, start_date, end_date = span.start_at, span.end_at, span.start_date, span.end_date
        else:
            end = start + timedelta(minutes=minutes)
        updated, cancelled_at, deleted_at = self.changes(created, start)
        # Older past interviews mostly have full feedback; recent ones often still await some.
        past = end <= now
        complete = past and cancelled_at is None and rng.random() < (0.85 if now - end > timedelta(days=14) else 0.4)
        carded = k if complete else (rng.randint(0, k - 1) if past and k > 1 and rng.random() < 0.3 else 0)
        self.panel(si_id, people, carded, (start, end), interviewers, scorecards)
        url = _video_url(where, si_id)
        host = ctx.hosts[si_id % len(ctx.hosts)] if where == "zoom" and ctx.hosts else None
        location = location or url or ("Phone call" if where == "phone" else None)
        source = "harvest" if rng.random() < 0.5 else "ui"
        interviews.append((
            si_id, self.uuid(), self.org_id, created, updated, app_id, act_id, stage_id, name,
            f"gen-{self.seed}-{si_id}", all_day, start, end, start_date, end_date, zone, location, where, office_id,
            url, host, rng.choice(ctx.organizers), kind, source, complete, template_id, None, None, 0,
            cancelled_at, deleted_at))

    def changes(self, created: datetime, start: datetime) -> tuple[datetime, datetime | None, datetime | None]:
        """updated_at (40% later than created_at, half of those within the last year), cancelled_at, deleted_at."""
        rng, now = self.rng, self.now
        updated = created
        roll = rng.random()
        if roll < 0.2:
            updated = max(created, self.year_ago) + (now - max(created, self.year_ago)) * rng.random()
        elif roll < 0.4:
            updated = min(created + timedelta(minutes=rng.expovariate(1 / 10_000)), now)
        updated = self.t0 + _MS * ((updated - self.t0) // _MS)
        roll = rng.random()
        if roll >= 0.035:
            return updated, None, None
        stamp = min(created + (start - created) * rng.random(), now)
        stamp = self.t0 + _MS * ((stamp - self.t0) // _MS)
        return max(updated, stamp), stamp if roll < 0.03 else None, stamp if roll >= 0.03 else None

    def panel(self, si_id: int, people: list[tuple[int, str, str]], carded: int, span: tuple[datetime, datetime],
              interviewers: list[Row], scorecards: list[Row]) -> None:
        """Interviewer rows; the first ``carded`` of them with a submitted scorecard."""
        end = span[1]
        rng, ids, past = self.rng, self.ctx.next_ids, end <= self.now
        for pos, (user_id, email, _zone) in enumerate(people):
            scorecard_id = None
            if pos < carded:
                scorecard_id = ids["sc"]
                ids["sc"] += 1
                at = min(end + timedelta(minutes=rng.randint(20, 4320)), self.now)
                scorecards.append((scorecard_id, self.uuid(), self.org_id, at, at, si_id, user_id,
                                   rng.choice(_RECOMMENDATIONS), at))
            r = rng.random()
            status = ("accepted" if r < 0.85 else "tentative" if r < 0.9 else "declined" if r < 0.95
                      else "needs_action") if past else rng.choice(rules.RESPONSE_STATUSES)
            interviewers.append((ids["iv"], self.org_id, si_id, user_id, email, status, scorecard_id, pos, *span))
            ids["iv"] += 1

    def _zone(self, name: str) -> ZoneInfo:
        zone = self.zones.get(name)
        if zone is None:
            zone = self.zones[name] = ZoneInfo(name)
        return zone


def _video_url(location_kind: str, n: int) -> str | None:
    if location_kind == "zoom":
        return f"https://zoom.us/j/{8_000_000_000 + n}"
    if location_kind == "google_meet":
        code = f"{n * 2654435761 % 26**10:010d}"
        return f"https://meet.google.com/gen-{code[:4]}-{code[4:]}"
    if location_kind == "microsoft_teams":
        return f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_gen{n:x}%40thread.v2/0"
    return None
