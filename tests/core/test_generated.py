"""Generated data (``seed --interviews N``): enough people to spread the load, and their copies of the times."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from interviewd.core.model import Interviewer, ScheduledInterview, User
from interviewd.core.services.seeding import add_generated_interviews, seed_demo
from interviewd.core.store.generated import INTERVIEWS_PER_INTERVIEWER
from interviewd.core.store.interviews import find_conflicts
from interviewd.core.store.uow import Database

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=timezone.utc)
COUNT = 8_000


def test_interviews_spread_over_enough_people_whose_rows_carry_the_times(db: Database) -> None:
    org_id = seed_demo(db, seed=3, now=NOW, rate_limit_per_10s=0)["organizations"][0]["id"]
    assert add_generated_interviews(db, org_id=org_id, count=COUNT, seed=3, now=NOW) == COUNT
    with db.unit_of_work() as s:
        people = s.scalars(select(User.id).where(User.organization_id == org_id, User.can_interview.is_(True))).all()
        assert len(people) >= COUNT // INTERVIEWS_PER_INTERVIEWER
        busiest = s.execute(select(func.count()).select_from(Interviewer).where(Interviewer.organization_id == org_id)
                            .group_by(Interviewer.user_id).order_by(func.count().desc()).limit(1)).scalar_one()
        assert busiest < 4 * COUNT * 2.5 / len(people)  # no one carries the whole load
        mismatched = s.scalar(select(func.count()).select_from(Interviewer).join(
            ScheduledInterview, ScheduledInterview.id == Interviewer.interview_id).where(
            Interviewer.organization_id == org_id, (Interviewer.start_at != ScheduledInterview.start_at)
            | (Interviewer.end_at != ScheduledInterview.end_at)))
        assert mismatched == 0
        row = s.execute(select(Interviewer.user_id, ScheduledInterview.id, ScheduledInterview.start_at,
                               ScheduledInterview.end_at).join(ScheduledInterview,
                                                               ScheduledInterview.id == Interviewer.interview_id)
                        .where(Interviewer.organization_id == org_id, Interviewer.user_id.is_not(None),
                               ScheduledInterview.cancelled_at.is_(None), ScheduledInterview.deleted_at.is_(None))
                        .order_by(ScheduledInterview.id.desc()).limit(1)).one()
        found = find_conflicts(s, org_id, user_ids=[row[0]], emails=[], start_at=row[2] + timedelta(minutes=1),
                               end_at=row[2] + timedelta(minutes=2))
        assert row[1] in {c.interview_id for c in found}
