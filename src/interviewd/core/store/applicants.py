"""Queries on applicants (applications with their candidate, job and pipeline state) and on teams."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, false, func, or_, select
from sqlalchemy.orm import Session

from interviewd.core import pipeline
from interviewd.core.model import (
    Application,
    Candidate,
    Interviewer,
    Job,
    ScheduledInterview,
    Stage,
    Team,
    TeamMember,
    User,
)
from interviewd.core.queries import ApplicantFilter, PageWindow
from interviewd.core.store.ids import equals
from interviewd.core.store.paging import page_by_id
from interviewd.core.views import ApplicantView, Page

app = Application.__table__
cand = Candidate.__table__
job = Job.__table__
stage = Stage.__table__
si = ScheduledInterview.__table__
iv = Interviewer.__table__


def _state_expression() -> Any:
    """core/pipeline.py's rules as one CASE, so a listed state and a filtered state never disagree."""
    stage_name = func.lower(stage.c.name)
    whens: list[tuple[Any, int]] = [(app.c.status == status, state.id) for status, state in pipeline.BY_STATUS.items()]
    whens.append((stage.c.name.is_(None), pipeline.NO_STAGE.id))
    whens += [(stage_name.like(f"%{word}%"), state.id) for word, state in pipeline.STAGE_KEYWORDS]
    return case(*whens, else_=pipeline.ACTIVE_STAGE_DEFAULT.id)


pipeline_state = _state_expression()
_COLUMNS = (app.c.id, app.c.candidate_id, cand.c.first_name, cand.c.last_name, cand.c.email, cand.c.phone,
            app.c.job_id, job.c.name, job.c.status, job.c.team_id, pipeline_state, app.c.applied_at, app.c.updated_at)


def _matches(text: str) -> Any:
    """A case-insensitive substring of the candidate's full name, e-mail address or phone number."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = func.lower(f"%{escaped}%")
    full_name = cand.c.first_name + " " + cand.c.last_name
    return or_(*(func.lower(column).like(pattern, escape="\\")
                 for column in (full_name, cand.c.email, cand.c.phone)))


def _conditions(f: ApplicantFilter) -> list[Any]:
    out = []
    if f.job_id is not None:
        out.append(equals(app.c.job_id, f.job_id))
    if f.team_id is not None:
        out.append(equals(job.c.team_id, f.team_id))
    if f.state is not None:
        state = pipeline.lookup(f.state)
        out.append(pipeline_state == state.id if state else false())
    if f.query:
        out.append(_matches(f.query))
    if f.updated_after is not None:
        out.append(app.c.updated_at >= f.updated_after)
    if f.updated_before is not None:
        out.append(app.c.updated_at < f.updated_before)
    return out


def applicants(session: Session, org_id: int, f: ApplicantFilter, window: PageWindow) -> Page[ApplicantView]:
    """A page of the organization's applications, ordered by id: one query, plus one to count when asked."""
    stmt = (select(*_COLUMNS)
            .select_from(app.join(cand, cand.c.id == app.c.candidate_id).join(job, job.c.id == app.c.job_id)
                         .outerjoin(stage, stage.c.id == app.c.current_stage_id))
            .where(app.c.organization_id == org_id, *_conditions(f)))
    page = page_by_id(session, stmt, app.c.id, window)
    page.items = [ApplicantView(*row[:11], pipeline.BY_ID[row[10]].name, row[11], row[12]) for row in page.items]
    return page


def team(session: Session, org_id: int, team_id: int) -> Team | None:
    return session.scalars(select(Team).where(Team.organization_id == org_id, equals(Team.id, team_id))).first()


def team_member_by_email(session: Session, org_id: int, team_id: int, email: str) -> User | None:
    """The member of the team with this e-mail address (any case), or None."""
    return session.scalars(
        select(User).join(TeamMember, TeamMember.user_id == User.id)
        .where(User.organization_id == org_id, equals(TeamMember.team_id, team_id),
               func.lower(User.email) == func.lower(email))
    ).first()


def same_booking(session: Session, org_id: int, *, application_id: int, user_id: int, start_at: datetime,
                 end_at: datetime, time_zone: str, location: str | None, source: str) -> int | None:
    """The live interview from ``source`` that already books exactly this, if any (a replayed request)."""
    stmt = (select(si.c.id).select_from(si.join(iv, iv.c.interview_id == si.c.id))
            .where(si.c.organization_id == org_id, si.c.application_id == application_id, si.c.source == source,
                   si.c.start_at == start_at, si.c.end_at == end_at, si.c.time_zone == time_zone,
                   si.c.location == location if location is not None else si.c.location.is_(None),
                   si.c.deleted_at.is_(None), si.c.cancelled_at.is_(None), iv.c.user_id == user_id)
            .order_by(si.c.id).limit(1))
    return session.execute(stmt).scalar()
