"""PUT /apploi/applicants/{id}/interviews refused: every field rule, the body, the organizer, double booking."""

from __future__ import annotations

from typing import Any

import httpx

from interviewd.core.services.keys import key_service
from interviewd.core.store.uow import Database
from tests.conftest import LiveServer
from tests.faces.apploi.support import body, client_for, put, team_body
from tests.support.factories import T0, World, build_world


def refused(r: httpx.Response, field: str, fragment: str) -> None:
    assert r.status_code == 400, r.text
    got = r.json()
    assert list(got) == ["message", "field", "errors"], got
    assert got["message"] == got["errors"][0]["message"] and got["field"] == got["errors"][0]["field"]
    messages = {e["field"]: e["message"] for e in got["errors"]}
    assert field in messages, (field, got)
    assert fragment in messages[field], (fragment, messages[field])


class TestFieldRules:
    def cases(self, world: World, other: World) -> list[tuple[dict[str, Any], str, str]]:
        w, member = world, world.emails[world.interviewers[2]]
        return [
            (body(w, date=...), "date", "date is required"),
            (body(w, date=20221205), "date", "must be a string"),
            (body(w, date="2031-12-05T17:30:00"), "date", "must carry a UTC offset or Z"),
            (body(w, date="2031-12-05"), "date", "ISO 8601"),
            (body(w, date="next tuesday"), "date", "ISO 8601"),
            (body(w, date="2031-13-05T17:30:00Z"), "date", "ISO 8601"),
            (body(w, date="2031-12-05 17:30:00Z"), "date", "ISO 8601"),
            (body(w, date="2031-12-05T17:30:00 EST"), "date", "ISO 8601"),
            (body(w, date="1700-01-01T10:00:00Z"), "date", "between 1970 and 9000"),
            (body(w, date="9999-12-31T23:59:00Z"), "date", "between 1970 and 9000"),
            (body(w, timezone=...), "timezone", "timezone is required"),
            (body(w, timezone="Mars/Olympus_Mons"), "timezone", "IANA time zone"),
            (body(w, timezone=""), "timezone", "IANA time zone"),
            (body(w, timezone="america/new_york"), "timezone", "IANA time zone"),
            (body(w, timezone=-5), "timezone", "must be a string"),
            (body(w, duration=60), "duration", "must be a string"),
            (body(w, duration="sixty"), "duration", "digits"),
            (body(w, duration="60.5"), "duration", "digits"),
            (body(w, duration="-30"), "duration", "digits"),
            (body(w, duration=" 60"), "duration", "digits"),
            (body(w, duration="²"), "duration", "digits"),
            (body(w, duration="9" * 30), "duration", "digits"),
            (body(w, duration="4"), "duration", "between 5 and 1440"),
            (body(w, duration="1441"), "duration", "between 5 and 1440"),
            (body(w, duration="0"), "duration", "between 5 and 1440"),
            (body(w, location=7), "location", "must be a string"),
            (body(w, location=["Virtual"]), "location", "must be a string"),
            (body(w, location="x" * 501), "location", "at most 500"),
            (body(w, location="Room\x001"), "location", "NUL"),
            (body(w, interviewerId=int(w.interviewers[0])), "interviewerId", "must be a string"),
            (body(w, interviewerId="abc"), "interviewerId", "integer string"),
            (body(w, interviewerId="12.0"), "interviewerId", "integer string"),
            (body(w, interviewerId="-5"), "interviewerId", "integer string"),
            (body(w, interviewerId=""), "interviewerId", "integer string"),
            (body(w, interviewerId="1" * 40), "interviewerId", "integer string"),
            (body(w, interviewerId=...), "interviewerId", "an interviewer is required"),
            (team_body(w, interviewerId="5"), "interviewerId", "not both"),
            (body(w, interviewerEmail=member), "interviewerId", "not both"),
            (team_body(w, interviewerEmail=...), "interviewerEmail", "required with interviewerTeamId"),
            (team_body(w, interviewerTeamId=...), "interviewerTeamId", "required with interviewerEmail"),
            (team_body(w, interviewerTeamId="eng"), "interviewerTeamId", "integer string"),
            (team_body(w, interviewerTeamId=w.team), "interviewerTeamId", "must be a string"),
            (team_body(w, interviewerEmail="not-an-address"), "interviewerEmail", "e-mail address"),
            (team_body(w, interviewerEmail=True), "interviewerEmail", "must be a string"),
            # well-formed, but naming nobody who may interview here
            (body(w, interviewerId="999999999"), "interviewerId", "no user with id 999999999"),
            (body(w, interviewerId="99999999999999999"), "interviewerId", "no user with id"),
            (body(w, interviewerId=str(other.interviewers[0])), "interviewerId", "no user with id"),
            (body(w, interviewerId=str(w.inactive)), "interviewerId", "deactivated"),
            (team_body(w, interviewerTeamId="999999999"), "interviewerTeamId", "no team with id"),
            (team_body(w, interviewerTeamId=str(other.team)), "interviewerTeamId", "no team with id"),
            (team_body(w, interviewerEmail=w.emails[w.admin]), "interviewerEmail", "no member of team"),
            (team_body(w, interviewerEmail="nobody@example.com"), "interviewerEmail", "no member of team"),
            (team_body(w, interviewerEmail=other.emails[other.interviewers[0]]), "interviewerEmail",
             "no member of team"),
        ]

    def test_each_rule_names_its_field(self, apploi: httpx.Client, harvest: httpx.Client, db: Database,
                                       world: World) -> None:
        other = build_world(db)
        for payload, field, fragment in self.cases(world, other):
            refused(put(apploi, world.applications["active"], payload), field, fragment)
        assert harvest.get("/v1/scheduled_interviews").json() == []

    def test_every_problem_is_reported_at_once(self, apploi: httpx.Client, world: World) -> None:
        r = put(apploi, world.applications["active"], {"duration": 5.5, "location": None})
        refused(r, "date", "required")
        assert [e["field"] for e in r.json()["errors"]] == ["date", "timezone", "duration", "interviewerId"]


class TestBody:
    def test_not_json(self, apploi: httpx.Client, world: World) -> None:
        url = f"/applicants/{world.applications['active']}/interviews"
        r = apploi.put(url, content=b"date=2031-12-05", headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 415 and list(r.json()) == ["message"]
        for content, fragment in ((b"{not json", "not valid JSON"), (b"[1, 2]", "JSON object"), (b"", "empty"),
                                  (b'"text"', "JSON object"), (b'{"date": "\\ud800"}', "not valid JSON")):
            r = apploi.put(url, content=content, headers={"Content-Type": "application/json"})
            assert r.status_code == 400, (content, r.text)
            assert fragment in r.json()["message"]

    def test_too_large(self, apploi: httpx.Client, world: World) -> None:
        r = put(apploi, world.applications["active"], body(world, location="x" * 2_000_000))
        assert r.status_code == 413 and "larger than" in r.json()["message"]


class TestApplicationForm:
    def test_unknown_ids_are_not_found(self, apploi: httpx.Client, world: World) -> None:
        for form_id in ("999999999", "99999999999999999999999", "abc", "-1", "0", "1.5", "%20"):
            r = put(apploi, form_id, body(world))
            assert r.status_code == 404, (form_id, r.text)
            assert list(r.json()) == ["message"] and "not" in r.json()["message"]

    def test_another_organizations_application_is_not_found(self, server: LiveServer, db: Database,
                                                            apploi: httpx.Client, world: World) -> None:
        other = build_world(db)
        with client_for(server, other.keys["apploi"]) as them:
            r = put(them, world.applications["active"], body(other))
            assert r.status_code == 404, r.text
        assert put(apploi, other.applications["active"], body(world)).status_code == 404


class TestOrganizer:
    def key(self, db: Database, world: World, acting_user: int | None) -> str:
        return db.run(lambda s: key_service.issue(s, org_id=world.org_id, face="apploi", now=T0,
                                                  rate_limit_per_10s=0, acting_user_id=acting_user).secret,
                      write=True)

    def test_key_without_acting_user(self, server: LiveServer, db: Database, world: World) -> None:
        with client_for(server, self.key(db, world, None)) as client:
            r = put(client, world.applications["active"], body(world))
            assert r.status_code == 403, r.text
            assert "--acting-user" in r.json()["message"] and "interviewd keys create" in r.json()["message"]
            assert client.get("/applicants").status_code == 200

    def test_acting_user_who_may_not_manage_the_application(self, server: LiveServer, db: Database,
                                                            world: World) -> None:
        for user, fragment in ((world.bystander, "may not manage application"), (world.inactive, "deactivated")):
            with client_for(server, self.key(db, world, user)) as client:
                r = put(client, world.applications["active"], body(world))
                assert r.status_code == 403, r.text
                assert fragment in r.json()["message"] and "acting user" in r.json()["message"]

    def test_recruiter_of_the_job_organizes(self, server: LiveServer, db: Database, world: World) -> None:
        with client_for(server, self.key(db, world, world.recruiter)) as client:
            r = put(client, world.applications["active"], body(world))
            assert r.status_code == 200, r.text
            assert r.json()["organizer"]["id"] == world.recruiter


class TestDoubleBooking:
    def test_refused_with_the_conflict_named(self, apploi: httpx.Client, world: World) -> None:
        ivan, active, rejected = world.interviewers[0], world.applications["active"], world.applications["rejected"]
        first = put(apploi, active, body(world, date="2031-12-05T10:00:00Z")).json()
        r = put(apploi, rejected, body(world, date="2031-12-05T10:30:00Z"))
        assert r.status_code == 409, r.text
        got = r.json()
        assert list(got) == ["message", "conflicts"]
        assert world.emails[ivan] in got["message"] and str(first["id"]) in got["message"]
        assert got["conflicts"] == [{"interview_id": first["id"], "interviewer_email": world.emails[ivan],
                                     "start": "2031-12-05T15:00:00.000Z", "end": "2031-12-05T16:00:00.000Z"}]
        other_place = put(apploi, active, body(world, date="2031-12-05T10:00:00Z", location="Room 1"))
        assert other_place.status_code == 409
        by_team = put(apploi, rejected, team_body(world, date="2031-12-05T09:30:00Z", duration="31",
                                                  interviewerEmail=world.emails[ivan]))
        assert by_team.status_code == 409

    def test_back_to_back_and_other_interviewers_are_fine(self, apploi: httpx.Client, world: World) -> None:
        active = world.applications["active"]
        assert put(apploi, active, body(world, date="2031-12-05T10:00:00Z")).status_code == 200
        assert put(apploi, active, body(world, date="2031-12-05T11:00:00Z")).status_code == 200
        assert put(apploi, active, body(world, date="2031-12-05T09:00:00Z")).status_code == 200
        r = put(apploi, active, body(world, date="2031-12-05T10:00:00Z", interviewerId=str(world.interviewers[1])))
        assert r.status_code == 200, r.text

    def test_an_interview_booked_through_harvest_counts(self, apploi: httpx.Client, harvest: httpx.Client,
                                                        world: World) -> None:
        made = harvest.post("/v2/scheduled_interviews", headers={"On-Behalf-Of": str(world.admin)}, json={
            "application_id": world.applications["hired"], "interview_id": world.activities[0],
            "external_event_id": f"gh-{world.org_id}", "start": "2031-12-05T15:00:00Z", "end": "2031-12-05T16:00:00Z",
            "interviewers": [{"user_id": world.interviewers[2], "response_status": "accepted"}]})
        assert made.status_code == 201, made.text
        r = put(apploi, world.applications["active"], body(world, date="2031-12-05T10:45:00Z",
                                                           interviewerId=str(world.interviewers[2])))
        assert r.status_code == 409 and r.json()["conflicts"][0]["interview_id"] == made.json()["id"]
