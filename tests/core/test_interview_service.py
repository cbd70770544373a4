"""The interview service on a real store (SQLite and PostgreSQL): lifecycle, conflicts, races, query counts."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from interviewd.core.queries import InterviewFilter, PageWindow
from interviewd.core.services import ConflictPolicy, InterviewerSpec, interview_service
from interviewd.core.store.totals import FRESH
from interviewd.core.store.uow import Database
from interviewd.errors import Conflict, Forbidden, Invalid
from tests.support.factories import World, build_world
from tests.support.statements import captured, selects

UTC = timezone.utc
NOW = datetime(2025, 3, 8, 12, 0, tzinfo=UTC)
START = datetime(2025, 3, 10, 14, 0, tzinfo=UTC)


def book(db: Database, world: World, *, start: datetime = START, minutes: int = 60, users: list[int] | None = None,
         policy: ConflictPolicy = ConflictPolicy.ACCEPT, now: datetime = NOW, **extra: Any) -> Any:
    specs = [InterviewerSpec(field=f"interviewers[{n}]", user_id=u, response_status="accepted")
             for n, u in enumerate(users if users is not None else world.interviewers[:2])]
    return db.run(lambda s: interview_service.schedule(
        s, org_id=world.org_id, actor_id=extra.pop("actor", world.admin), application_id=world.applications["active"],
        activity_id=world.activities[0], start=start, end=start + timedelta(minutes=minutes), interviewers=specs,
        external_event_id=extra.pop("external_event_id", None), source="test", now=now, policy=policy, **extra),
        write=True)


def status_at(db: Database, world: World, interview_id: int, now: datetime) -> str:
    return db.run(lambda s: interview_service.get(s, org_id=world.org_id, interview_id=interview_id, now=now)).status


class TestLifecycle:
    def test_scheduled_then_awaiting_feedback_then_complete(self, db: Database) -> None:
        world = build_world(db)
        interview = book(db, world).interview
        end = START + timedelta(hours=1)
        assert status_at(db, world, interview.id, end - timedelta(seconds=1)) == "scheduled"
        assert status_at(db, world, interview.id, end) == "awaiting_feedback"
        for user in world.interviewers[:2]:
            db.run(lambda s, u=user: interview_service.submit_scorecard(
                s, org_id=world.org_id, interview_id=interview.id, interviewer_id=u, now=end), write=True)
            expected = "complete" if user == world.interviewers[1] else "awaiting_feedback"
            assert status_at(db, world, interview.id, end + timedelta(hours=1)) == expected

    def test_organizer_in_a_zone_across_dst(self, db: Database) -> None:
        world = build_world(db)
        # New York springs forward on 2025-03-09: the all-day interview is 23 hours long.
        day = START.date() - timedelta(days=1)
        view = book(db, world, start=START).interview
        all_day = db.run(lambda s: interview_service.schedule(
            s, org_id=world.org_id, actor_id=world.admin, application_id=world.applications["active"],
            activity_id=None, start=day, end=day + timedelta(days=1), interviewers=[], external_event_id=None,
            source="test", now=NOW), write=True).interview
        assert all_day.time_zone == "America/New_York" and all_day.all_day
        assert all_day.end_at - all_day.start_at == timedelta(hours=23)
        assert view.time_zone == "America/New_York"


class TestConflicts:
    def test_every_overlap_is_reported(self, db: Database) -> None:
        world = build_world(db)
        first = book(db, world).interview
        second = book(db, world, start=START + timedelta(minutes=30)).interview
        third = book(db, world, start=START + timedelta(minutes=15), minutes=30)
        assert sorted({c.interview_id for c in third.conflicts}) == [first.id, second.id]
        assert {c.user_id for c in third.conflicts} == set(world.interviewers[:2])

    def test_adjacent_bookings_do_not_conflict(self, db: Database) -> None:
        world = build_world(db)
        book(db, world)
        assert book(db, world, start=START + timedelta(hours=1)).conflicts == []
        assert book(db, world, start=START - timedelta(hours=1)).conflicts == []

    def test_other_interviewers_and_deleted_interviews_do_not_conflict(self, db: Database) -> None:
        world = build_world(db)
        first = book(db, world, users=[world.interviewers[0]]).interview
        assert book(db, world, users=[world.interviewers[2]]).conflicts == []
        db.run(lambda s: interview_service.delete(s, org_id=world.org_id, interview_id=first.id,
                                                  actor_id=world.admin, source="test", now=NOW), write=True)
        assert book(db, world, users=[world.interviewers[0]]).conflicts == []

    def test_outside_emails_conflict_by_address(self, db: Database) -> None:
        world = build_world(db)
        spec = [InterviewerSpec(field="interviewers[0]", email="guest@outside.example")]

        def run(s: Any) -> Any:
            return interview_service.schedule(
                s, org_id=world.org_id, actor_id=world.admin, application_id=world.applications["active"],
                activity_id=None, start=START, end=START + timedelta(hours=1), interviewers=spec,
                external_event_id=None, source="test", now=NOW)

        db.run(run, write=True)
        assert len(db.run(run, write=True).conflicts) == 1

    def test_refuse_policy_names_the_conflict(self, db: Database) -> None:
        world = build_world(db)
        first = book(db, world).interview
        with pytest.raises(Conflict) as exc:
            book(db, world, start=START + timedelta(minutes=45), policy=ConflictPolicy.REFUSE)
        assert f"interview {first.id}" in exc.value.message
        assert exc.value.extra["conflicts"][0].interview_id == first.id

    def test_rescheduling_does_not_conflict_with_itself(self, db: Database) -> None:
        world = build_world(db)
        from interviewd.core.services import Changes

        first = book(db, world).interview
        moved = db.run(lambda s: interview_service.update(
            s, org_id=world.org_id, interview_id=first.id, actor_id=world.admin, source="test", now=NOW,
            changes=Changes(start=START + timedelta(minutes=30), end=START + timedelta(minutes=90)),
            policy=ConflictPolicy.REFUSE), write=True)
        assert moved.conflicts == []
        assert moved.interview.start_at == START + timedelta(minutes=30)

    def test_a_moved_interview_conflicts_at_its_new_time_only(self, db: Database) -> None:
        world = build_world(db)
        from interviewd.core.services import Changes

        first = book(db, world).interview
        db.run(lambda s: interview_service.update(
            s, org_id=world.org_id, interview_id=first.id, actor_id=world.admin, source="test", now=NOW,
            changes=Changes(start=START + timedelta(hours=3), end=START + timedelta(hours=4))), write=True)
        with pytest.raises(Conflict) as exc:
            book(db, world, start=START + timedelta(hours=3, minutes=30), policy=ConflictPolicy.REFUSE)
        assert exc.value.extra["conflicts"][0].interview_id == first.id
        assert book(db, world, start=START, policy=ConflictPolicy.REFUSE).conflicts == []

    @pytest.mark.parametrize("racers", [8])
    def test_concurrent_refusing_bookings_never_both_win(self, db: Database, racers: int) -> None:
        world = build_world(db)
        barrier = threading.Barrier(racers)
        outcomes: list[str] = []
        lock = threading.Lock()

        def attempt(n: int) -> None:
            barrier.wait()
            try:
                # Each racer shares interviewer 0 with every other; the second interviewer differs.
                users = [world.interviewers[0], world.interviewers[1 + n % 2]]
                book(db, world, users=users, policy=ConflictPolicy.REFUSE,
                     start=START + timedelta(minutes=15 * (n % 3)))
                result = "won"
            except Conflict:
                result = "refused"
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=attempt, args=(n,)) for n in range(racers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert sorted(outcomes) == ["refused"] * (racers - 1) + ["won"]
        page = db.run(lambda s: interview_service.list(s, org_id=world.org_id, filters=InterviewFilter(),
                                                       window=PageWindow(limit=100), now=NOW))
        assert len(page.items) == 1


class TestRules:
    def test_actor_must_manage_the_application(self, db: Database) -> None:
        world = build_world(db)
        with pytest.raises(Forbidden):
            book(db, world, actor=world.bystander)

    def test_external_event_id_is_unique_per_organization_only(self, db: Database) -> None:
        one, two = build_world(db), build_world(db)
        book(db, one, external_event_id="shared-id")
        book(db, two, external_event_id="shared-id")
        with pytest.raises(Invalid) as exc:
            book(db, one, external_event_id="shared-id")
        assert exc.value.field == "external_event_id"


def recounts(statements: list[str]) -> int:
    return len([s for s in statements if "count(" in s.lower()])


class TestQueryCount:
    def test_a_page_loads_in_a_fixed_number_of_queries(self, db: Database) -> None:
        world = build_world(db)
        for n in range(30):
            book(db, world, start=START + timedelta(hours=n), users=world.interviewers)
        counts = {}
        for size in (3, 30):
            page, counts[size] = selects(db, lambda s, n=size: interview_service.list(
                s, org_id=world.org_id, filters=InterviewFilter(), window=PageWindow(limit=n), now=NOW))
            assert len(page.items) == size and all(len(i.interviewers) == 3 for i in page.items)
        assert counts[3] == counts[30] == 3  # interviews, their interviewers, the people named

    def test_the_total_is_counted_once_while_nothing_changes(self, db: Database) -> None:
        world = build_world(db)
        for n in range(3):
            book(db, world, start=START + timedelta(hours=n))
        def total() -> int | None:
            return db.run(lambda s: interview_service.list(s, org_id=world.org_id, filters=InterviewFilter(),
                                                           window=PageWindow(limit=1, count=True), now=NOW)).total

        def settles_at(expected: int) -> None:
            """Once stale, a total is answered as it was while one recount runs off the request."""
            deadline = time.monotonic() + 10
            while (found := total()) != expected and time.monotonic() < deadline:
                time.sleep(0.05)
            assert found == expected

        with captured(db) as statements:
            assert total() == 3
            book(db, world, start=START + timedelta(hours=9))
            assert total() == 3  # a total younger than FRESH is used as it is
            time.sleep(FRESH + 0.1)
            settles_at(4)  # older, it is checked against the organization's newest change
            first = db.run(lambda s: interview_service.list(s, org_id=world.org_id, filters=InterviewFilter(),
                                                            window=PageWindow(limit=1), now=NOW)).items[0]
            time.sleep(FRESH + 0.1)
            before = recounts(statements)
            assert total() == 4
            assert recounts(statements) == before  # nothing changed: no recount
            db.run(lambda s: interview_service.delete(s, org_id=world.org_id, interview_id=first.id,
                                                      actor_id=world.admin, source="test", now=NOW), write=True)
            time.sleep(FRESH + 0.1)
            settles_at(3)
