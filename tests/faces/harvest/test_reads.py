"""The reads around interviews at the Harvest face: users, applications, job stages, offices."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from interviewd.core.model import Office
from interviewd.core.store.uow import Database
from tests.support.factories import T0, World, build_world, iso, later, make_user

TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
LINK = re.compile(r'<([^>]+)>;\s*rel="([a-z]+)"')
T0_TEXT = "2024-01-01T00:00:00.000Z"

USER_KEYS = ["id", "name", "first_name", "last_name", "primary_email_address", "updated_at", "created_at",
             "disabled", "site_admin", "emails", "employee_id", "linked_candidate_ids", "offices", "departments",
             "custom_fields", "keyed_custom_fields"]
APPLICATION_KEYS = ["id", "candidate_id", "prospect", "applied_at", "rejected_at", "last_activity_at", "location",
                    "source", "credited_to", "rejection_reason", "rejection_details", "jobs", "job_post_id",
                    "status", "current_stage", "answers", "prospective_department", "prospective_office",
                    "prospect_detail", "custom_fields", "keyed_custom_fields", "attachments"]
STAGE_KEYS = ["id", "name", "created_at", "updated_at", "active", "job_id", "priority", "interviews"]
STAGE_INTERVIEW_KEYS = ["id", "name", "schedulable", "estimated_minutes", "default_interviewer_users",
                        "interview_kit"]
REDUCED_USER_KEYS = ["id", "first_name", "last_name", "name", "employee_id"]
OFFICE_KEYS = ["id", "name", "location", "primary_contact_user_id", "parent_id", "parent_office_external_id",
               "child_ids", "child_office_external_ids", "external_id"]


def ok(r: httpx.Response) -> Any:
    assert r.status_code == 200, r.text
    return r.json()


def links(r: httpx.Response) -> dict[str, str]:
    return {rel: url for url, rel in LINK.findall(r.headers.get("link", ""))}


def walk(client: httpx.Client, path: str, params: dict[str, Any]) -> Iterator[httpx.Response]:
    r = client.get(path, params=params)
    for _ in range(100):
        assert r.status_code == 200, r.text
        yield r
        if "next" not in links(r):
            return
        r = client.get(links(r)["next"])
    raise AssertionError("the next links never end")


def not_found(r: httpx.Response) -> None:
    assert r.status_code == 404, r.text
    body = r.json()
    assert list(body) == ["message"] and isinstance(body["message"], str) and body["message"]


def check_validation(r: httpx.Response, field: str) -> None:
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["message"] == "Validation error"
    assert field in [e["field"] for e in body["errors"]], body


def add_users(db: Database, world: World, count: int, **extra: Any) -> list[int]:
    now = extra.pop("now", T0)
    return db.run(lambda s: [make_user(s, world.org_id, now, "Extra", f"User{n}", **extra).id
                             for n in range(count)], write=True)


@pytest.fixture
def other(db: Database) -> World:
    """A second organization: its records must be invisible through the first one's key."""
    return build_world(db)


# -- users -------------------------------------------------------------------------------------------


class TestUsers:
    def test_shape(self, harvest: httpx.Client, world: World) -> None:
        users = ok(harvest.get("/v1/users"))
        assert [u["id"] for u in users] == sorted(world.emails)
        for u in users:
            assert list(u) == USER_KEYS
            assert TS.match(u["created_at"]) and TS.match(u["updated_at"])
            assert u["emails"] == [u["primary_email_address"]]
            assert u["name"] == f"{u['first_name']} {u['last_name']}"
            assert u["primary_email_address"] == world.emails[u["id"]]
        by_id = {u["id"]: u for u in users}
        admin = by_id[world.admin]
        assert admin["site_admin"] is True and admin["disabled"] is False
        assert admin["created_at"] == T0_TEXT and admin["updated_at"] == T0_TEXT
        assert admin["linked_candidate_ids"] == [] and admin["offices"] == [] and admin["departments"] == []
        assert admin["custom_fields"] == {} and admin["keyed_custom_fields"] == {}
        recruiter = by_id[world.recruiter]
        assert recruiter["employee_id"] is None and recruiter["site_admin"] is False
        assert by_id[world.inactive]["disabled"] is True
        assert "link" not in harvest.get("/v1/users").headers

    def test_retrieve(self, harvest: httpx.Client, world: World) -> None:
        listed = {u["id"]: u for u in ok(harvest.get("/v1/users"))}
        for user_id in (world.admin, world.interviewers[1], world.inactive):
            assert ok(harvest.get(f"/v1/users/{user_id}")) == listed[user_id]

    def test_unknown_and_foreign_users(self, harvest: httpx.Client, other: World) -> None:
        not_found(harvest.get("/v1/users/999999999"))
        not_found(harvest.get(f"/v1/users/{other.admin}"))
        assert ok(harvest.get("/v1/users", params={"email": other.emails[other.admin]})) == []
        assert harvest.get("/v1/users/abc").status_code == 422

    def test_email_and_employee_id_filters(self, harvest: httpx.Client, world: World) -> None:
        email = world.emails[world.interviewers[1]]
        assert [u["id"] for u in ok(harvest.get("/v1/users", params={"email": email}))] == [world.interviewers[1]]
        assert ok(harvest.get("/v1/users", params={"email": "nobody@example.com"})) == []
        kim = ok(harvest.get(f"/v1/users/{world.interviewers[2]}"))
        found = ok(harvest.get("/v1/users", params={"employee_id": kim["employee_id"]}))
        assert [u["id"] for u in found] == [world.interviewers[2]]
        assert ok(harvest.get("/v1/users", params={"employee_id": "no-such-employee"})) == []

    def test_created_and_updated_windows(self, harvest: httpx.Client, world: World, db: Database) -> None:
        late = add_users(db, world, 2, now=T0 + timedelta(days=10, milliseconds=250))
        everyone = ok(harvest.get("/v1/users"))
        stamp = next(u["created_at"] for u in everyone if u["id"] == late[0])
        assert stamp == "2024-01-11T00:00:00.250Z"
        for field in ("created", "updated"):
            after = ok(harvest.get("/v1/users", params={f"{field}_after": stamp}))
            assert [u["id"] for u in after] == late, field
            before = ok(harvest.get("/v1/users", params={f"{field}_before": stamp}))
            assert [u["id"] for u in before] == sorted(world.emails), field
            window = {f"{field}_after": "2023-12-31T00:00:00Z", f"{field}_before": "2024-01-02T00:00:00Z"}
            assert [u["id"] for u in ok(harvest.get("/v1/users", params=window))] == sorted(world.emails)
            check_validation(harvest.get("/v1/users", params={f"{field}_after": "last week"}), f"{field}_after")
            check_validation(harvest.get("/v1/users", params={f"{field}_before": "2024-02-30"}), f"{field}_before")

    def test_pagination(self, harvest: httpx.Client, world: World, db: Database, server: Any) -> None:
        extra = add_users(db, world, 6)
        everyone = sorted(world.emails) + extra  # 13 users
        pages = list(walk(harvest, "/v1/users", {"per_page": 5}))
        assert [[u["id"] for u in r.json()] for r in pages] == [everyone[0:5], everyone[5:10], everyone[10:]]
        assert [set(links(r)) for r in pages] == [{"next", "last"}, {"next", "prev", "last"}, {"prev", "last"}]
        for r in pages:
            for url in links(r).values():
                assert url.startswith(f"{server.url}/harvest/v1/users?")
                assert parse_qs(urlsplit(url).query)["per_page"] == ["5"]
            assert parse_qs(urlsplit(links(r)["last"]).query)["page"] == ["3"]
        by_number = [[u["id"] for u in ok(harvest.get("/v1/users", params={"per_page": 5, "page": n}))]
                     for n in (1, 2, 3)]
        assert by_number == [everyone[0:5], everyone[5:10], everyone[10:]]
        filtered = list(walk(harvest, "/v1/users", {"per_page": 2, "created_after": "2024-01-01T00:00:00Z",
                                                    "skip_count": "true"}))
        assert [u["id"] for r in filtered for u in r.json()] == everyone
        assert all("last" not in links(r) for r in filtered)
        for r in filtered:
            for url in links(r).values():
                q = parse_qs(urlsplit(url).query)
                assert q["created_after"] == ["2024-01-01T00:00:00Z"] and q["skip_count"] == ["true"]
        check_validation(harvest.get("/v1/users", params={"per_page": 501}), "per_page")
        check_validation(harvest.get("/v1/users", params={"seek": "nonsense"}), "seek")


# -- applications ------------------------------------------------------------------------------------


class TestApplications:
    def test_shape(self, harvest: httpx.Client, world: World) -> None:
        apps = ok(harvest.get("/v1/applications"))
        assert [a["id"] for a in apps] == sorted(world.applications.values())
        by_status = {a["status"]: a for a in apps}
        assert {s: a["id"] for s, a in by_status.items()} == world.applications
        for a in apps:
            assert list(a) == APPLICATION_KEYS
            assert a["jobs"] == [{"id": world.job, "name": "Backend Engineer"}]
            assert a["current_stage"] == {"id": world.stages[0], "name": "Phone Screen"}
            assert a["applied_at"] == T0_TEXT and a["last_activity_at"] == T0_TEXT
            assert a["prospect"] is False
            assert a["location"] is None and a["job_post_id"] is None and a["rejection_reason"] is None
        assert by_status["active"]["rejected_at"] is None
        assert by_status["rejected"]["rejected_at"] == T0_TEXT
        assert ok(harvest.get(f"/v1/applications/{world.applications['rejected']}")) == by_status["rejected"]

    def test_job_and_status_filters(self, harvest: httpx.Client, world: World) -> None:
        def listed(**params: Any) -> list[int]:
            return [a["id"] for a in ok(harvest.get("/v1/applications", params=params))]

        assert listed(job_id=world.job) == sorted(world.applications.values())
        assert listed(job_id=world.other_job) == []
        for status, app_id in world.applications.items():
            assert listed(status=status) == [app_id]
            assert listed(status=status, job_id=world.job) == [app_id]
        # Harvest: "If anything else is used, an empty response will be returned rather than an error."
        for unknown in ("converted", "pending", "x" * 300):
            assert listed(status=unknown) == [], unknown
        check_validation(harvest.get("/v1/applications", params={"job_id": "abc"}), "job_id")
        check_validation(harvest.get("/v1/applications", params={"created_after": "noon"}), "created_after")

    def test_pagination(self, harvest: httpx.Client, world: World) -> None:
        pages = list(walk(harvest, "/v1/applications", {"per_page": 2, "job_id": world.job}))
        assert [a["id"] for r in pages for a in r.json()] == sorted(world.applications.values())
        assert all(parse_qs(urlsplit(u).query)["job_id"] == [str(world.job)]
                   for r in pages for u in links(r).values())

    def test_unknown_and_foreign_applications(self, harvest: httpx.Client, other: World) -> None:
        not_found(harvest.get("/v1/applications/999999999"))
        not_found(harvest.get(f"/v1/applications/{other.applications['active']}"))
        assert ok(harvest.get("/v1/applications", params={"job_id": other.job})) == []


# -- job stages --------------------------------------------------------------------------------------


class TestJobStages:
    def test_stages_of_a_job(self, harvest: httpx.Client, world: World) -> None:
        stages = ok(harvest.get(f"/v1/jobs/{world.job}/stages"))
        assert [s["id"] for s in stages] == world.stages
        ivan = ok(harvest.get(f"/v1/users/{world.interviewers[0]}"))
        for priority, (stage, name) in enumerate(zip(stages, ("Phone Screen", "Onsite"), strict=True)):
            assert list(stage) == STAGE_KEYS
            assert stage["name"] == name and stage["priority"] == priority
            assert stage["job_id"] == world.job and stage["active"] is True
            assert stage["created_at"] == T0_TEXT and stage["updated_at"] == T0_TEXT
            (interview,) = stage["interviews"]
            assert list(interview) == STAGE_INTERVIEW_KEYS
            assert interview["id"] == world.activities[priority]
            assert interview["name"] == f"{name} interview"
            assert interview["schedulable"] is True and interview["estimated_minutes"] == 45
            (default,) = interview["default_interviewer_users"]
            assert list(default) == REDUCED_USER_KEYS
            assert default == {key: ivan[key] for key in REDUCED_USER_KEYS}
            kit = interview["interview_kit"]
            assert list(kit) == ["id", "content", "questions"]
            assert kit["content"] == "<p>Be kind</p>"
            assert kit["questions"] == [{"id": 1, "question": "Why us?"}]

    def test_retrieve_and_list_all(self, harvest: httpx.Client, world: World) -> None:
        mine = ok(harvest.get(f"/v1/jobs/{world.job}/stages"))
        theirs = ok(harvest.get(f"/v1/jobs/{world.other_job}/stages"))
        assert [s["job_id"] for s in theirs] == [world.other_job] * 2
        assert world.other_job_activity in [i["id"] for s in theirs for i in s["interviews"]]
        everything = ok(harvest.get("/v1/job_stages"))
        assert sorted(everything, key=lambda s: s["id"]) == sorted(mine + theirs, key=lambda s: s["id"])
        for stage in mine:
            assert ok(harvest.get(f"/v1/job_stages/{stage['id']}")) == stage
        pages = list(walk(harvest, "/v1/job_stages", {"per_page": 1}))
        assert [r.json()[0]["id"] for r in pages] == [s["id"] for s in everything]
        assert [set(links(r)) for r in pages][1] == {"next", "prev", "last"}
        two = list(walk(harvest, f"/v1/jobs/{world.job}/stages", {"per_page": 1}))
        assert [r.json()[0]["id"] for r in two] == world.stages

    def test_unknown_and_foreign(self, harvest: httpx.Client, other: World) -> None:
        not_found(harvest.get("/v1/jobs/999999999/stages"))
        not_found(harvest.get(f"/v1/jobs/{other.job}/stages"))
        not_found(harvest.get("/v1/job_stages/999999999"))
        not_found(harvest.get(f"/v1/job_stages/{other.stages[0]}"))
        assert other.stages[0] not in [s["id"] for s in ok(harvest.get("/v1/job_stages", params={"per_page": 500}))]

    def test_stage_interview_ids_are_what_post_takes(self, harvest: httpx.Client, world: World) -> None:
        stages = ok(harvest.get(f"/v1/jobs/{world.job}/stages"))
        for n, stage in enumerate(stages):
            interview = stage["interviews"][0]
            body = {"application_id": world.applications["active"], "interview_id": interview["id"],
                    "interviewers": [{"user_id": u["id"], "response_status": "needs_action"}
                                     for u in interview["default_interviewer_users"]],
                    "start": iso(later(hours=n)), "end": iso(later(hours=n) + timedelta(
                        minutes=interview["estimated_minutes"])), "external_event_id": f"st-{world.org_id}-{n}"}
            r = harvest.post("/v2/scheduled_interviews", json=body, headers={"On-Behalf-Of": str(world.admin)})
            assert r.status_code == 201, r.text
            assert r.json()["interview"] == {"id": interview["id"], "name": interview["name"]}
            assert [i["id"] for i in r.json()["interviewers"]] == [world.interviewers[0]]


# -- offices -----------------------------------------------------------------------------------------


class TestOffices:
    def test_shape_and_hierarchy(self, harvest: httpx.Client, world: World, db: Database) -> None:
        def child(session: Any) -> int:
            office = Office(organization_id=world.org_id, name="Berlin Mitte", location=None, time_zone="UTC",
                            external_id="BER-1", parent_id=world.office, primary_contact_user_id=world.admin,
                            created_at=T0, updated_at=T0)
            session.add(office)
            session.flush()
            return office.id

        kid = db.run(child, write=True)
        offices = ok(harvest.get("/v1/offices"))
        assert [o["id"] for o in offices] == [world.office, kid]
        for o in offices:
            assert list(o) == OFFICE_KEYS
        parent, sub = offices
        assert parent["name"] == "Berlin" and parent["location"] == {"name": "Berlin, DE"}
        assert parent["child_ids"] == [kid] and parent["parent_id"] is None
        assert parent["external_id"] is None and parent["primary_contact_user_id"] is None
        assert sub["parent_id"] == world.office and sub["child_ids"] == []
        assert sub["external_id"] == "BER-1" and sub["primary_contact_user_id"] == world.admin
        assert sub["location"] == {"name": None}
        assert ok(harvest.get(f"/v1/offices/{kid}")) == sub
        assert ok(harvest.get(f"/v1/offices/{world.office}")) == parent

    def test_unknown_and_foreign(self, harvest: httpx.Client, other: World) -> None:
        not_found(harvest.get("/v1/offices/999999999"))
        not_found(harvest.get(f"/v1/offices/{other.office}"))
        assert [o["id"] for o in ok(harvest.get("/v1/offices"))] != [other.office]


# -- ids no row can have -----------------------------------------------------------------------------


class TestHugeIds:
    """Ids beyond what the store holds name nothing: 404 (or an empty list), never a server error."""

    HUGE = (2**31, 2**40, 2**62)

    def test_reads(self, harvest: httpx.Client, world: World) -> None:
        for huge in self.HUGE:
            for path in ("/v1/users/{}", "/v1/applications/{}", "/v1/jobs/{}/stages", "/v1/job_stages/{}",
                         "/v1/offices/{}", "/v1/scheduled_interviews/{}", "/v1/applications/{}/scheduled_interviews"):
                not_found(harvest.get(path.format(huge)))
            assert ok(harvest.get("/v1/applications", params={"job_id": huge})) == []

    def test_writes(self, harvest: httpx.Client, world: World) -> None:
        headers = {"On-Behalf-Of": str(world.admin)}
        for huge in self.HUGE:
            not_found(harvest.patch(f"/v2/scheduled_interviews/{huge}", json={"location": "x"}, headers=headers))
            not_found(harvest.delete(f"/v1/scheduled_interviews/{huge}", headers=headers))
            body = {"application_id": world.applications["active"], "interview_id": world.activities[0],
                    "interviewers": [{"user_id": world.interviewers[0], "response_status": "accepted"}],
                    "start": iso(later()), "end": iso(later(hours=1)), "external_event_id": f"h-{huge}"}
            for field, change in (("application_id", {"application_id": huge}),
                                  ("interview_id", {"interview_id": huge}),
                                  ("interviewers[0].user_id",
                                   {"interviewers": [{"user_id": huge, "response_status": "accepted"}]})):
                r = harvest.post("/v2/scheduled_interviews", json={**body, **change}, headers=headers)
                check_validation(r, field)
            r = harvest.post("/v2/scheduled_interviews", json=body, headers={"On-Behalf-Of": str(huge)})
            check_validation(r, "On-Behalf-Of")
