"""The Harvest scheduled-interview endpoints at the face: shapes, writes, errors, permissions."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.support.factories import World, iso, later

KEYS = ["id", "application_id", "external_event_id", "start", "end", "location", "video_conferencing_url",
        "status", "created_at", "updated_at", "interview", "organizer", "interviewers"]
TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def create_body(world: World, **overrides: Any) -> dict[str, Any]:
    body = {
        "application_id": world.applications["active"],
        "interview_id": world.activities[0],
        "interviewers": [{"user_id": world.interviewers[0], "response_status": "accepted"},
                         {"email": "outside.person@elsewhere.example", "response_status": "declined"}],
        "start": iso(later(hours=13)),
        "end": iso(later(hours=14)),
        "external_event_id": f"evt-{world.org_id}-{overrides.pop('n', 1)}",
        "location": "Big Conference Room",
        "video_conferencing_url": "http://example.com",
    }
    body.update(overrides)
    return body


def post(harvest: httpx.Client, world: World, body: dict[str, Any], actor: int | None = None) -> httpx.Response:
    return harvest.post("/v2/scheduled_interviews", json=body,
                        headers={"On-Behalf-Of": str(actor or world.admin)})


class TestCreate:
    def test_returns_the_seed_shape(self, harvest: httpx.Client, world: World) -> None:
        body = create_body(world)
        r = post(harvest, world, body)
        assert r.status_code == 201, r.text
        got = r.json()
        assert list(got) == KEYS
        assert got["application_id"] == world.applications["active"]
        assert got["start"] == {"date_time": body["start"].replace("Z", ".000Z")}
        assert got["end"] == {"date_time": body["end"].replace("Z", ".000Z")}
        assert got["status"] == "scheduled"
        assert TS.match(got["created_at"]) and TS.match(got["updated_at"])
        assert got["interview"] == {"id": world.activities[0], "name": "Phone Screen interview"}
        assert got["organizer"] == {"id": world.admin, "first_name": "Ada", "last_name": "Admin",
                                    "name": "Ada Admin", "employee_id": got["organizer"]["employee_id"]}
        assert got["organizer"]["employee_id"].startswith("E")
        first, outside = got["interviewers"]
        assert first == {"id": world.interviewers[0], "employee_id": first["employee_id"], "name": "Ivan Panel",
                         "email": world.emails[world.interviewers[0]], "response_status": "accepted",
                         "scorecard_id": None}
        assert outside == {"id": None, "employee_id": None, "name": "outside.person@elsewhere.example",
                           "email": "outside.person@elsewhere.example", "response_status": "declined",
                           "scorecard_id": None}
        again = harvest.get(f"/v1/scheduled_interviews/{got['id']}")
        assert again.status_code == 200 and again.json() == got

    def test_interviewers_by_email_and_employee_id(self, harvest: httpx.Client, world: World) -> None:
        listing = harvest.get("/v1/users", params={"per_page": 500}).json()
        kim = next(u for u in listing if u["id"] == world.interviewers[2])
        body = create_body(world, interviewers=[
            {"email": world.emails[world.interviewers[1]].upper(), "response_status": "tentative"},
            {"employee_id": kim["employee_id"], "response_status": "needs_action"}])
        r = post(harvest, world, body)
        assert r.status_code == 201, r.text
        assert [i["id"] for i in r.json()["interviewers"]] == world.interviewers[1:]

    def test_all_day_interview_uses_dates(self, harvest: httpx.Client, world: World) -> None:
        r = post(harvest, world, create_body(world, start="2031-08-22", end="2031-08-23"))
        assert r.status_code == 201, r.text
        assert r.json()["start"] == {"date": "2031-08-22"} and r.json()["end"] == {"date": "2031-08-23"}

    def test_conflicts_are_accepted_as_greenhouse_does(self, harvest: httpx.Client, world: World) -> None:
        assert post(harvest, world, create_body(world, n=1)).status_code == 201
        assert post(harvest, world, create_body(world, n=2)).status_code == 201

    def test_v1_refuses_outside_emails(self, harvest: httpx.Client, world: World) -> None:
        r = harvest.post("/v1/scheduled_interviews", json=create_body(world),
                         headers={"On-Behalf-Of": str(world.admin)})
        assert r.status_code == 422
        assert r.json()["errors"][0]["field"] == "interviewers[1].email"
        ok = create_body(world, interviewers=[{"user_id": world.interviewers[0], "response_status": "accepted"}])
        r = harvest.post("/v1/scheduled_interviews", json=ok, headers={"On-Behalf-Of": str(world.admin)})
        assert r.status_code == 201, r.text


class TestCreateErrors:
    def check(self, r: httpx.Response, field: str, fragment: str) -> None:
        assert r.status_code == 422, r.text
        body = r.json()
        assert body["message"] == "Validation error"
        fields = {e["field"]: e["message"] for e in body["errors"]}
        assert field in fields, body
        assert fragment in fields[field], fields[field]

    def test_missing_required_fields_are_each_named(self, harvest: httpx.Client, world: World) -> None:
        r = post(harvest, world, {})
        assert r.status_code == 422
        named = {e["field"] for e in r.json()["errors"]}
        assert named == {"application_id", "interview_id", "interviewers", "start", "end", "external_event_id"}

    def test_wrong_types(self, harvest: httpx.Client, world: World) -> None:
        self.check(post(harvest, world, create_body(world, application_id="abc")), "application_id", "integer")
        self.check(post(harvest, world, create_body(world, location=5)), "location", "string")
        self.check(post(harvest, world, create_body(world, interviewers={"user_id": 1})), "interviewers", "array")

    def test_end_before_start(self, harvest: httpx.Client, world: World) -> None:
        body = create_body(world, start=iso(later(hours=14)), end=iso(later(hours=13)))
        self.check(post(harvest, world, body), "end", "must be after")

    def test_malformed_date(self, harvest: httpx.Client, world: World) -> None:
        self.check(post(harvest, world, create_body(world, start="next tuesday")), "start", "ISO-8601")

    def test_unknown_application_and_user(self, harvest: httpx.Client, world: World) -> None:
        self.check(post(harvest, world, create_body(world, application_id=999_999_999)), "application_id",
                   "no application")
        body = create_body(world, interviewers=[{"user_id": 999_999_999, "response_status": "accepted"}])
        self.check(post(harvest, world, body), "interviewers[0].user_id", "no user")

    def test_response_status_required_and_checked(self, harvest: httpx.Client, world: World) -> None:
        body = create_body(world, interviewers=[{"user_id": world.interviewers[0]}])
        self.check(post(harvest, world, body), "interviewers[0].response_status", "required")
        body = create_body(world, interviewers=[{"user_id": world.interviewers[0], "response_status": "maybe"}])
        self.check(post(harvest, world, body), "interviewers[0].response_status", "needs_action")

    def test_interview_of_another_job(self, harvest: httpx.Client, world: World) -> None:
        self.check(post(harvest, world, create_body(world, interview_id=world.other_job_activity)),
                   "interview_id", "not an interview of the job")

    def test_duplicate_external_event_id(self, harvest: httpx.Client, world: World) -> None:
        assert post(harvest, world, create_body(world, n=7)).status_code == 201
        self.check(post(harvest, world, create_body(world, n=7)), "external_event_id", "already been taken")

    def test_deactivated_interviewer(self, harvest: httpx.Client, world: World) -> None:
        body = create_body(world, interviewers=[{"user_id": world.inactive, "response_status": "accepted"}])
        self.check(post(harvest, world, body), "interviewers[0].user_id", "deactivated")

    def test_body_that_is_not_json(self, harvest: httpx.Client, world: World) -> None:
        headers = {"On-Behalf-Of": str(world.admin)}
        r = harvest.post("/v2/scheduled_interviews", content=b"application_id=1&interview_id=2",
                         headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 415 and "JSON" in r.json()["message"]
        r = harvest.post("/v2/scheduled_interviews", content=b"{not json", headers={
            **headers, "Content-Type": "application/json"})
        assert r.status_code == 400 and "not valid JSON" in r.json()["message"]
        r = harvest.post("/v2/scheduled_interviews", json=[1, 2], headers=headers)
        assert r.status_code == 400 and "JSON object" in r.json()["message"]

    def test_odd_characters_are_answered_not_crashed_on(self, harvest: httpx.Client, world: World) -> None:
        self.check(post(harvest, world, create_body(world, application_id="²")), "application_id", "integer")
        self.check(post(harvest, world, create_body(world, location="a\x00b")), "location", "NUL")
        body = create_body(world, interviewers=[{"email": "x\x00@y.z", "response_status": "accepted"}])
        self.check(post(harvest, world, body), "interviewers[0].email", "NUL")
        r = harvest.post("/v2/scheduled_interviews", json=create_body(world), headers={"On-Behalf-Of": "²".encode()})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "On-Behalf-Of"
        r = harvest.get("/v1/scheduled_interviews", params={"external_event_id": "a\x00b"})
        assert r.status_code in (200, 422) and r.status_code != 500

    def test_huge_body_is_refused(self, harvest: httpx.Client, world: World) -> None:
        r = post(harvest, world, create_body(world, location="x" * 2_000_000))
        assert r.status_code == 413


class TestOnBehalfOf:
    def test_required(self, harvest: httpx.Client, world: World) -> None:
        r = harvest.post("/v2/scheduled_interviews", json=create_body(world))
        assert r.status_code == 422
        assert r.json()["errors"][0]["field"] == "On-Behalf-Of"

    def test_unknown_user(self, harvest: httpx.Client, world: World) -> None:
        r = post(harvest, world, create_body(world), actor=999_999_999)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "On-Behalf-Of"

    def test_user_who_cannot_manage_the_application_is_forbidden(self, harvest: httpx.Client, world: World) -> None:
        r = post(harvest, world, create_body(world), actor=world.bystander)
        assert r.status_code == 403 and "permission to manage application" in r.json()["message"]

    def test_recruiter_of_the_job_may_and_becomes_organizer(self, harvest: httpx.Client, world: World) -> None:
        r = post(harvest, world, create_body(world), actor=world.recruiter)
        assert r.status_code == 201 and r.json()["organizer"]["id"] == world.recruiter


class TestPatch:
    def test_moves_and_replaces_interviewers(self, harvest: httpx.Client, world: World) -> None:
        created = post(harvest, world, create_body(world)).json()
        new_start, new_end = iso(later(days=2, hours=9)), iso(later(days=2, hours=10))
        r = harvest.patch(f"/v2/scheduled_interviews/{created['id']}", headers={"On-Behalf-Of": str(world.recruiter)},
                          json={"start": new_start, "end": new_end, "location": None,
                                "interviewers": [{"user_id": world.interviewers[1], "response_status": "accepted"}]})
        assert r.status_code == 200, r.text
        got = r.json()
        assert got["start"]["date_time"] == new_start.replace("Z", ".000Z")
        assert got["location"] is None and got["video_conferencing_url"] == "http://example.com"
        assert [i["id"] for i in got["interviewers"]] == [world.interviewers[1]]
        assert got["organizer"]["id"] == world.recruiter
        assert got["updated_at"] >= created["updated_at"]

    def test_start_alone_must_stay_before_end(self, harvest: httpx.Client, world: World) -> None:
        created = post(harvest, world, create_body(world)).json()
        r = harvest.patch(f"/v2/scheduled_interviews/{created['id']}", headers={"On-Behalf-Of": str(world.admin)},
                          json={"start": iso(later(hours=15))})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "end"

    def test_only_actionable_interviews(self, harvest: httpx.Client, world: World) -> None:
        body = create_body(world, application_id=world.applications["rejected"])
        created = post(harvest, world, body).json()
        r = harvest.patch(f"/v2/scheduled_interviews/{created['id']}", headers={"On-Behalf-Of": str(world.admin)},
                          json={"location": "Elsewhere"})
        assert r.status_code == 422 and "not active" in r.json()["message"]
        r = harvest.delete(f"/v1/scheduled_interviews/{created['id']}", headers={"On-Behalf-Of": str(world.admin)})
        assert r.status_code == 422

    def test_unknown_interview(self, harvest: httpx.Client, world: World) -> None:
        r = harvest.patch("/v2/scheduled_interviews/999999999", headers={"On-Behalf-Of": str(world.admin)},
                          json={"location": "x"})
        assert r.status_code == 404 and "message" in r.json()


class TestDelete:
    def test_delete_hides_the_interview(self, harvest: httpx.Client, world: World) -> None:
        created = post(harvest, world, create_body(world)).json()
        r = harvest.delete(f"/v1/scheduled_interviews/{created['id']}", headers={"On-Behalf-Of": str(world.admin)})
        assert r.status_code == 200
        assert r.json() == {"message": f"Interview {created['id']} has been deleted."}
        assert harvest.get(f"/v1/scheduled_interviews/{created['id']}").status_code == 404
        assert created["id"] not in [i["id"] for i in harvest.get("/v1/scheduled_interviews").json()]
        again = harvest.delete(f"/v1/scheduled_interviews/{created['id']}", headers={"On-Behalf-Of": str(world.admin)})
        assert again.status_code == 404

    def test_requires_on_behalf_of(self, harvest: httpx.Client, world: World) -> None:
        created = post(harvest, world, create_body(world)).json()
        assert harvest.delete(f"/v1/scheduled_interviews/{created['id']}").status_code == 422
