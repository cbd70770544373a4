"""Merge's interview list and retrieve: envelope, fields, cursors, every filter, deleted data, status, remote data
and expansions."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import UUID

import httpx

from interviewd.core.model import ScheduledInterview
from interviewd.core.store.uow import Database
from tests.faces.harvest.test_listing import STAMP, insert
from tests.support.factories import World
from tests.support.unified import detail, harvest_post, ok

UTC = timezone.utc
LIST = "/ats/v1/interviews"
KEYS = ["id", "remote_id", "created_at", "modified_at", "application", "job_interview_stage", "organizer",
        "interviewers", "location", "start_at", "end_at", "remote_created_at", "remote_updated_at", "status",
        "remote_was_deleted", "field_mappings", "remote_data"]
TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$")


def results(r: httpx.Response) -> list[dict[str, Any]]:
    body = ok(r)
    assert list(body) == ["next", "previous", "results"], body
    return list(body["results"])


def rids(r: httpx.Response) -> list[int]:
    return [int(i["remote_id"]) for i in results(r)]


def walk(merge: httpx.Client, params: dict[str, Any], between: Callable[[int], None] | None = None,
         path: str = LIST) -> Iterator[dict[str, Any]]:
    """Page 1, then every ``next`` cursor, with the same filters; ``between(n)`` runs before page n + 1."""
    body = ok(merge.get(path, params=params))
    for n in range(1, 200):
        yield body
        if body["next"] is None:
            return
        if between is not None:
            between(n)
        body = ok(merge.get(path, params={**params, "cursor": body["next"]}))
    raise AssertionError("the next cursors never end")


def walked(merge: httpx.Client, params: dict[str, Any], **kw: Any) -> list[int]:
    return [int(i["remote_id"]) for body in walk(merge, params, **kw) for i in body["results"]]


def uuid_of(merge: httpx.Client, path: str, remote_id: int) -> str:
    found = results(merge.get(f"/ats/v1/{path}", params={"remote_id": str(remote_id)}))
    assert len(found) == 1, found
    return str(found[0]["id"])


class TestShape:
    def test_envelope_and_fields(self, merge: httpx.Client, harvest: httpx.Client, world: World) -> None:
        made = harvest_post(harvest, world)
        body = ok(merge.get(LIST))
        assert body["next"] is None and body["previous"] is None
        (got,) = body["results"]
        assert list(got) == KEYS
        assert str(UUID(got["id"])) == got["id"] and got["remote_id"] == str(made["id"])
        assert got["application"] == uuid_of(merge, "applications", world.applications["active"])
        assert got["job_interview_stage"] == uuid_of(merge, "job-interview-stages", world.stages[0])
        assert got["organizer"] == uuid_of(merge, "users", world.admin)
        assert got["interviewers"] == [uuid_of(merge, "users", u) for u in world.interviewers[:2]]
        assert got["location"] == "Room 1" and got["status"] == "SCHEDULED"
        assert got["start_at"] == made["start"]["date_time"].replace(".000Z", "Z")
        assert got["end_at"] == made["end"]["date_time"].replace(".000Z", "Z")
        for name in ("created_at", "modified_at", "remote_created_at", "remote_updated_at"):
            assert TS.match(got[name]), got[name]
        assert got["remote_created_at"][:19] == made["created_at"][:19]
        assert got["remote_was_deleted"] is False and got["field_mappings"] is None and got["remote_data"] is None

    def test_outside_interviewers_are_not_remote_users(self, merge: httpx.Client, harvest: httpx.Client,
                                                       world: World) -> None:
        harvest_post(harvest, world, interviewers=[{"email": "guest@elsewhere.example", "response_status": "accepted"},
                                                   {"user_id": world.interviewers[2], "response_status": "accepted"}])
        (got,) = results(merge.get(LIST))
        assert got["interviewers"] == [uuid_of(merge, "users", world.interviewers[2])]

    def test_empty(self, merge: httpx.Client) -> None:
        assert ok(merge.get(LIST)) == {"next": None, "previous": None, "results": []}

    def test_page_size_defaults_to_100_and_is_capped_there(self, merge: httpx.Client, world: World,
                                                           db: Database) -> None:
        made = insert(db, world, 101)
        body = ok(merge.get(LIST))
        assert [int(i["remote_id"]) for i in body["results"]] == made[:100] and body["next"]
        assert rids(merge.get(LIST, params={"page_size": 500})) == made[:100]  # Django REST framework's cutoff
        assert rids(merge.get(LIST, params={"page_size": 1})) == made[:1]
        assert rids(merge.get(LIST, params={"cursor": body["next"]})) == made[100:]

    def test_bad_page_size(self, merge: httpx.Client) -> None:
        for bad in ("0", "-1", "abc", "1.5", ""):
            assert "page_size" in detail(merge.get(LIST, params={"page_size": bad}), 400)


class TestCursors:
    def test_next_and_previous(self, merge: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 7)
        pages = list(walk(merge, {"page_size": 3}))
        assert [[int(i["remote_id"]) for i in p["results"]] for p in pages] == [made[0:3], made[3:6], made[6:7]]
        assert pages[0]["previous"] is None and pages[2]["next"] is None
        assert rids(merge.get(LIST, params={"page_size": 3, "cursor": pages[2]["previous"]})) == made[3:6]
        back = ok(merge.get(LIST, params={"page_size": 3, "cursor": pages[1]["previous"]}))
        assert [int(i["remote_id"]) for i in back["results"]] == made[0:3]
        assert back["previous"] is None and back["next"]
        assert rids(merge.get(LIST, params={"page_size": 3, "cursor": back["next"]})) == made[3:6]
        for cursor in (pages[0]["next"], pages[1]["previous"]):  # opaque, in Django REST framework's shape
            assert base64.b64decode(cursor).decode().replace("r=1&", "").startswith("p=")

    def test_previous_pages_are_full_pages_before_the_first_item(self, merge: httpx.Client, world: World,
                                                                 db: Database) -> None:
        made = insert(db, world, 5)
        last = ok(merge.get(LIST, params={"page_size": 2, "cursor": _forward(made[2])}))
        assert [int(i["remote_id"]) for i in last["results"]] == made[3:5]
        back = ok(merge.get(LIST, params={"page_size": 2, "cursor": last["previous"]}))
        assert [int(i["remote_id"]) for i in back["results"]] == made[1:3] and back["previous"]
        assert rids(merge.get(LIST, params={"page_size": 2, "cursor": back["previous"]})) == made[0:1]

    def test_inserts_between_pages(self, merge: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 5)
        added: list[int] = []

        def more(n: int) -> None:
            if n <= 2:
                added.extend(insert(db, world, 2))

        seen = walked(merge, {"page_size": 2}, between=more)
        assert seen == made + added and len(seen) == len(set(seen))

    def test_updates_between_pages(self, merge: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 6, updated_at=lambda n: STAMP + timedelta(seconds=n))

        def touch(row: int, hours: int) -> Callable[[int], None]:
            return lambda _n: db.run(lambda s: setattr(s.get(ScheduledInterview, row), "updated_at",
                                                       STAMP + timedelta(hours=hours)), write=True)

        assert walked(merge, {"page_size": 2}, between=touch(made[0], 1)) == made  # id order: it stays put
        # modification order (made[0] is last now): a row changed after it was seen comes round again
        seen = walked(merge, {"page_size": 2, "modified_after": "2024-01-01T00:00:00Z"}, between=touch(made[1], 2))
        assert seen == [*made[1:], made[0], made[1]]

    def test_rows_removed_between_pages(self, merge: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 6)

        def drop_next(n: int) -> None:
            db.run(lambda s: setattr(s.get(ScheduledInterview, made[2 * n]), "deleted_at", STAMP), write=True)

        # made[2] goes before it is reached (never shown), made[4] after it was shown; no live row is skipped
        assert walked(merge, {"page_size": 2}, between=drop_next) == [made[0], made[1], made[3], made[4], made[5]]

    def test_garbage_cursors(self, merge: httpx.Client, world: World, db: Database) -> None:
        insert(db, world, 2)
        for bad in ("garbage", "!!!", base64.b64encode(b"p=x").decode(), base64.b64encode(b"o=1&p=1").decode(),
                    base64.b64encode(b"p=2024-01-01T00:00:00|1").decode(), base64.b64encode(b"r=2&p=1").decode()):
            assert "cursor" in detail(merge.get(LIST, params={"cursor": bad}), 400)
        ordered = {"modified_after": "2024-01-01T00:00:00Z", "cursor": _forward(1)}
        assert "cursor" in detail(merge.get(LIST, params=ordered), 400)  # a cursor of the other order

    def test_forged_positions(self, merge: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 2)
        assert rids(merge.get(LIST, params={"cursor": _forward(2**40)})) == []
        assert rids(merge.get(LIST, params={"cursor": _forward(-5)})) == made
        assert rids(merge.get(LIST, params={"cursor": _backward(2**40)})) == made


def _forward(position: int) -> str:
    return base64.b64encode(f"p={position}".encode()).decode()


def _backward(position: int) -> str:
    return base64.b64encode(f"r=1&p={position}".encode()).decode()


class TestFilters:
    def test_references(self, merge: httpx.Client, harvest: httpx.Client, world: World) -> None:
        a = harvest_post(harvest, world, 1)["id"]
        b = harvest_post(harvest, world, 2, interview_id=world.activities[1])["id"]
        r = harvest.post("/v2/scheduled_interviews", headers={"On-Behalf-Of": str(world.recruiter)}, json={
            "application_id": world.applications["rejected"], "interview_id": world.activities[0],
            "interviewers": [], "start": "2031-01-01T10:00:00Z", "end": "2031-01-01T11:00:00Z",
            "external_event_id": f"r-{world.org_id}"})
        c = ok(r, 201)["id"]
        cases = {
            ("application_id", "applications", world.applications["active"]): [a, b],
            ("application_id", "applications", world.applications["rejected"]): [c],
            ("job_interview_stage_id", "job-interview-stages", world.stages[1]): [b],
            ("organizer_id", "users", world.recruiter): [c],
            ("organizer_id", "users", world.admin): [a, b],
            ("job_id", "jobs", world.job): [a, b, c],
            ("job_id", "jobs", world.other_job): [],
        }
        for (param, path, remote), expected in cases.items():
            assert rids(merge.get(LIST, params={param: uuid_of(merge, path, remote)})) == expected, param
        for param in ("application_id", "job_id", "job_interview_stage_id", "organizer_id"):
            assert rids(merge.get(LIST, params={param: "00000000-0000-4000-8000-000000000000"})) == []
            assert param in detail(merge.get(LIST, params={param: "not-a-uuid"}), 400)

    def test_time_windows(self, merge: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 4, created_at=lambda n: STAMP + timedelta(days=n),
                      updated_at=lambda n: STAMP + timedelta(days=3 - n))
        assert rids(merge.get(LIST, params={"created_after": "2024-03-02T12:00:00Z"})) == made[1:]
        assert rids(merge.get(LIST, params={"created_after": "2024-03-02T12:00:00"})) == made[1:]  # no offset: UTC
        assert rids(merge.get(LIST, params={"created_after": "2024-03-02T14:00:00+02:00"})) == made[1:]
        assert rids(merge.get(LIST, params={"created_before": "2024-03-02T12:00:00Z"})) == made[:1]  # exclusive
        assert rids(merge.get(LIST, params={"created_after": "2024-03-02T12:00:01Z"})) == made[2:]
        # a modified_* filter orders by modification: the newest-modified last
        assert rids(merge.get(LIST, params={"modified_after": "2024-03-02T12:00:00Z"})) == made[2::-1]
        assert rids(merge.get(LIST, params={"modified_before": "2024-03-03T12:00:00Z"})) == [made[3], made[2]]
        for name in ("created_after", "created_before", "modified_after", "modified_before"):
            for bad in ("yesterday", "2024-13-01T00:00:00Z", "1714557600"):
                assert name in detail(merge.get(LIST, params={name: bad}), 400)

    def test_remote_id(self, merge: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 3)
        assert rids(merge.get(LIST, params={"remote_id": str(made[1])})) == [made[1]]
        for other in ("abc", "-1", "99999999999999999999", ""):
            assert rids(merge.get(LIST, params={"remote_id": other})) == []

    def test_booleans(self, merge: httpx.Client, world: World, db: Database) -> None:
        insert(db, world, 1)
        for value, present in (("true", True), ("True", True), ("false", False), ("False", False)):
            (got,) = results(merge.get(LIST, params={"include_remote_data": value}))
            assert (got["remote_data"] is not None) is present
        for name in ("include_remote_data", "include_deleted_data", "include_shell_data"):
            for bad in ("yes", "1", "TRUE", ""):
                assert name in detail(merge.get(LIST, params={name: bad}), 400)

    def test_unknown_parameters_are_ignored(self, merge: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 2)
        assert rids(merge.get(LIST, params={"colour": "blue", "include_shell_data": "true"})) == made


class TestDeletedData:
    def test_removed_interviews_only_with_include_deleted_data(self, merge: httpx.Client, world: World,
                                                               db: Database) -> None:
        live, deleted, cancelled = insert(db, world, 3)
        db.run(lambda s: setattr(s.get(ScheduledInterview, deleted), "deleted_at", STAMP), write=True)
        db.run(lambda s: setattr(s.get(ScheduledInterview, cancelled), "cancelled_at", STAMP), write=True)
        assert rids(merge.get(LIST)) == [live]
        shown = results(merge.get(LIST, params={"include_deleted_data": "true"}))
        assert [(int(i["remote_id"]), i["remote_was_deleted"]) for i in shown] == [
            (live, False), (deleted, True), (cancelled, True)]
        assert {i["status"] for i in shown} == {"SCHEDULED"}  # the status it had when it was removed
        assert rids(merge.get(LIST, params={"include_deleted_data": "false"})) == [live]
        one = ok(merge.get(f"{LIST}/{shown[2]['id']}"))
        assert one == shown[2]  # still retrievable by id, marked as deleted


class TestStatus:
    def test_statuses_and_their_origins(self, merge: httpx.Client, world: World, db: Database) -> None:
        past = datetime.now(UTC) - timedelta(days=2)
        future = insert(db, world, 1)[0]
        awaiting = insert(db, world, 1, start_at=past)[0]
        complete = insert(db, world, 1, start_at=past, feedback_complete=True, scorecard=True)[0]
        shown = {int(i["remote_id"]): i["status"] for i in results(merge.get(LIST))}
        assert shown == {future: "SCHEDULED", awaiting: "AWAITING_FEEDBACK", complete: "COMPLETE"}
        for param in ("show_enum_origins", "remote_fields"):
            shown = {int(i["remote_id"]): i["status"] for i in results(merge.get(LIST, params={param: "status"}))}
            assert shown == {future: "scheduled", awaiting: "awaiting_feedback", complete: "complete"}
            assert param in detail(merge.get(LIST, params={param: "access_role"}), 400)


class TestRemoteData:
    def test_is_the_harvest_rendering(self, merge: httpx.Client, harvest: httpx.Client, world: World,
                                      db: Database) -> None:
        made = harvest_post(harvest, world)
        insert(db, world, 1, source="ui")
        for got in results(merge.get(LIST, params={"include_remote_data": "true"})):
            remote = int(got["remote_id"])
            assert got["remote_data"] == [{"path": f"/scheduled_interviews/{remote}",
                                           "data": ok(harvest.get(f"/v1/scheduled_interviews/{remote}"))}]
        one = ok(merge.get(f"{LIST}/{got['id']}", params={"include_remote_data": "True"}))
        assert one["remote_data"] == got["remote_data"]
        assert made["id"] in [int(i["remote_id"]) for i in results(merge.get(LIST))]


class TestExpand:
    def test_ids_become_objects(self, merge: httpx.Client, harvest: httpx.Client, world: World) -> None:
        harvest_post(harvest, world)
        plain = results(merge.get(LIST))[0]
        full = results(merge.get(LIST, params={"expand": "application,interviewers,job_interview_stage,organizer"}))[0]
        assert full["application"] == ok(merge.get(f"/ats/v1/applications/{plain['application']}"))
        assert full["job_interview_stage"] == ok(merge.get(f"/ats/v1/job-interview-stages/"
                                                           f"{plain['job_interview_stage']}"))
        assert full["organizer"] == ok(merge.get(f"/ats/v1/users/{plain['organizer']}"))
        assert full["interviewers"] == [ok(merge.get(f"/ats/v1/users/{u}")) for u in plain["interviewers"]]
        rest = {k: v for k, v in full.items() if k not in ("application", "job_interview_stage", "organizer",
                                                              "interviewers")}
        assert rest == {k: v for k, v in plain.items() if k in rest}

    def test_each_alone_repeated_and_on_retrieve(self, merge: httpx.Client, harvest: httpx.Client,
                                                 world: World) -> None:
        harvest_post(harvest, world)
        plain = results(merge.get(LIST))[0]
        only = results(merge.get(LIST, params={"expand": "organizer"}))[0]
        assert isinstance(only["organizer"], dict) and only["application"] == plain["application"]
        assert only["interviewers"] == plain["interviewers"]
        both = results(merge.get(LIST, params=[("expand", "organizer"), ("expand", "application")]))[0]
        assert isinstance(both["organizer"], dict) and isinstance(both["application"], dict)
        one = ok(merge.get(f"{LIST}/{plain['id']}", params={"expand": "interviewers", "include_remote_data": "true"}))
        assert [u["id"] for u in one["interviewers"]] == plain["interviewers"]
        assert one["interviewers"][0]["remote_data"][0]["path"] == f"/users/{world.interviewers[0]}"

    def test_unknown_relations(self, merge: httpx.Client) -> None:
        for bad in ("candidate", "organizer,nope", "organizer[first_name]", "organizer[", "application]"):
            assert "expand" in detail(merge.get(LIST, params={"expand": bad}), 400)
        assert "expand" in detail(merge.get(f"{LIST}/00000000-0000-4000-8000-000000000000",
                                            params={"expand": "job"}), 400)


class TestRetrieve:
    def test_same_object_as_listed(self, merge: httpx.Client, harvest: httpx.Client, world: World) -> None:
        harvest_post(harvest, world)
        listed = results(merge.get(LIST, params={"show_enum_origins": "status"}))[0]
        assert ok(merge.get(f"{LIST}/{listed['id']}", params={"show_enum_origins": "status"})) == listed

    def test_not_found(self, merge: httpx.Client) -> None:
        for missing in ("00000000-0000-4000-8000-000000000000", "123", "not-a-uuid"):
            assert detail(merge.get(f"{LIST}/{missing}"), 404) == "Not found."
