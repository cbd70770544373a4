"""UUID-addressed reads (fixed query counts with related objects), backward pages, and custom fields."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from interviewd.core.model import OutboxMessage, ScheduledInterview
from interviewd.core.queries import InterviewFilter, PageWindow
from interviewd.core.services import (
    Listing,
    Refs,
    catalog_service,
    custom_field_service,
    directory_service,
    interview_service,
)
from interviewd.core.store.uow import Database
from interviewd.errors import Conflict, Invalid, NotFound
from tests.core.test_interview_service import NOW, START, book
from tests.support.factories import World, build_world
from tests.support.statements import selects

ALL = frozenset({"users", "applications", "stages"})


class TestFixedQueryCounts:
    def test_a_page_and_everything_it_points_at(self, db: Database) -> None:
        world = build_world(db)
        for n in range(30):
            book(db, world, start=START + timedelta(hours=n), users=world.interviewers)
        counts = {}
        for size in (3, 30):
            bundle, counts[size] = selects(db, lambda s, n=size: catalog_service.interviews(
                s, org_id=world.org_id, filters=InterviewFilter(), refs=Refs(), window=PageWindow(limit=n), now=NOW,
                load=ALL))
            assert len(bundle.page.items) == size
            assert set(bundle.related.users) == {world.admin, *world.interviewers}
            assert list(bundle.related.applications) == [world.applications["active"]]
            assert list(bundle.related.stages) == [world.stages[0]]
        assert counts[3] == counts[30] <= 9

    def test_reference_lists(self, db: Database) -> None:
        world = build_world(db)
        for kind, load in (("applications", frozenset({"candidates", "jobs", "stages", "users"})),
                           ("candidates", frozenset({"applications"})), ("jobs", frozenset({"users"})),
                           ("stages", frozenset({"jobs"})), ("users", frozenset())):
            counts = [selects(db, lambda s, n=n, k=kind, ld=load: catalog_service.listing(
                s, org_id=world.org_id, kind=k, listing=Listing(), window=PageWindow(limit=n), load=ld))[1]
                for n in (1, 50)]
            assert counts[0] == counts[1], kind


class TestBackwardPages:
    def test_interviews(self, db: Database) -> None:
        world = build_world(db)
        made = [book(db, world, start=START + timedelta(hours=n)).interview.id for n in range(5)]

        def page(**window: Any) -> Any:
            return db.run(lambda s: interview_service.list(s, org_id=world.org_id, filters=InterviewFilter(),
                                                           window=PageWindow(limit=2, **window), now=NOW))

        back = page(before=(made[4],))
        assert [v.id for v in back.items] == made[2:4] and back.has_more
        assert back.first_key == (made[2],) and back.last_key == (made[3],) and back.next_key is None
        first = page(before=(made[2],))
        assert [v.id for v in first.items] == made[0:2] and not first.has_more
        by_update = db.run(lambda s: interview_service.list(
            s, org_id=world.org_id, filters=InterviewFilter(),
            window=PageWindow(limit=10, order="updated", before=(NOW + timedelta(days=1), 0)), now=NOW))
        assert [v.id for v in by_update.items] == made

    def test_reference_lists(self, db: Database) -> None:
        world = build_world(db)
        users = db.run(lambda s: directory_service.list_users(s, org_id=world.org_id,
                                                              window=PageWindow(limit=3, before=(world.inactive,))))
        assert [u.id for u in users.items] == [world.interviewers[1], world.interviewers[2], world.bystander]
        assert users.has_more


class TestCustomFields:
    def define(self, db: Database, world: World, key: str, value_type: str, options: list[str] | None = None) -> Any:
        return db.run(lambda s: custom_field_service.define(s, org_id=world.org_id, key=key, name=key.title(),
                                                            value_type=value_type, options=options, now=NOW),
                      write=True)

    def test_definitions(self, db: Database) -> None:
        world = build_world(db)
        made = self.define(db, world, "level", "single_select", ["junior", "senior"])
        assert (made.key, made.value_type, made.options, made.object_type) == (
            "level", "single_select", ["junior", "senior"], "scheduled_interview")
        for key, value_type, options, field in (("Bad Key", "short_text", None, "key"),
                                                ("ok", "colour", None, "value_type"),
                                                ("pick", "single_select", [], "options"),
                                                ("pick", "multi_select", ["a", "a"], "options"),
                                                ("text", "short_text", ["a"], "options")):
            with pytest.raises(Invalid) as exc:
                self.define(db, world, key, value_type, options)
            assert field in [p.field for p in exc.value.problems]
        with pytest.raises(Conflict):
            self.define(db, world, "level", "short_text")
        self.define(db, build_world(db), "level", "short_text")  # keys are per organization
        listed = db.run(lambda s: custom_field_service.list(s, org_id=world.org_id))
        assert [f.key for f in listed] == ["level"]

    def test_values_are_checked_by_type(self, db: Database) -> None:
        world = build_world(db)
        for key, value_type, options in (("a", "short_text", None), ("b", "long_text", None), ("c", "number", None),
                                         ("d", "boolean", None), ("e", "date", None), ("f", "url", None),
                                         ("g", "single_select", ["x", "y"]), ("h", "multi_select", ["x", "y"])):
            self.define(db, world, key, value_type, options)
        good = {"a": "hi", "b": "long " * 100, "c": 3, "d": False, "e": "2024-05-01", "f": "https://x.example/y",
                "g": "y", "h": ["y", "x"]}
        assert db.run(lambda s: custom_field_service.validate(s, org_id=world.org_id, values=good)) == good
        bad = {"a": "x" * 256, "b": 5, "c": True, "d": "yes", "e": "2024-13-01", "f": "ftp://x", "g": "z",
               "h": ["x", "x"], "zz": 1}
        with pytest.raises(Invalid) as exc:
            db.run(lambda s: custom_field_service.validate(s, org_id=world.org_id, values=bad))
        assert sorted(p.field for p in exc.value.problems) == sorted(f"custom_fields.{k}" for k in bad)
        assert db.run(lambda s: custom_field_service.validate(s, org_id=world.org_id, values={"a": None})) == {
            "a": None}

    def test_set_values_on_an_interview(self, db: Database) -> None:
        world = build_world(db)
        self.define(db, world, "room", "short_text")
        self.define(db, world, "score", "number")
        interview = book(db, world).interview

        def put(values: dict[str, Any], org: int = world.org_id, interview_id: int = interview.id) -> Any:
            return db.run(lambda s: custom_field_service.set_values(
                s, org_id=org, interview_id=interview_id, values=values, now=NOW + timedelta(hours=1),
                source="test"), write=True)

        assert put({"room": "4B", "score": 2}).custom_fields == {"room": "4B", "score": 2}
        view = put({"room": None})
        assert view.custom_fields == {"score": 2} and view.updated_at == NOW + timedelta(hours=1)
        topics = db.run(lambda s: list(s.scalars(select(OutboxMessage.topic).where(
            OutboxMessage.aggregate_id == interview.id).order_by(OutboxMessage.id))))
        assert topics == ["interview.created", "interview.updated", "interview.updated"]
        with pytest.raises(NotFound):
            put({"room": "x"}, org=build_world(db).org_id)
        db.run(lambda s: setattr(s.get(ScheduledInterview, interview.id), "cancelled_at", NOW), write=True)
        with pytest.raises(NotFound):
            put({"room": "x"})
