"""PUT /apploi/applicants/{id}/interviews: the documented bodies, the wall-clock reading, and the answer."""

from __future__ import annotations

import re

import httpx

from tests.faces.apploi.support import body, put, team_body
from tests.support.factories import World

KEYS = ["id", "application_form_id", "applicant_id", "job_id", "date", "end_date", "duration", "timezone",
        "location", "interviewerId", "interviewerEmail", "interviewerTeamId", "interviewer", "organizer", "status",
        "created_at", "updated_at"]
TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def person(world: World, user_id: int, first: str, last: str) -> dict[str, object]:
    return {"id": user_id, "first_name": first, "last_name": last, "email": world.emails[user_id]}


class TestSchedule:
    def test_option_one_exactly_as_documented(self, apploi: httpx.Client, harvest: httpx.Client,
                                              world: World) -> None:
        app_id = world.applications["active"]
        r = put(apploi, app_id, {"date": "2031-12-05T17:30:00Z", "duration": "60", "timezone": "America/New_York",
                                 "location": "Virtual", "interviewerId": str(world.interviewers[0])})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/json"
        got = r.json()
        assert list(got) == KEYS
        candidate_id = harvest.get(f"/v1/applications/{app_id}").json()["candidate_id"]
        assert got == {
            "id": got["id"], "application_form_id": app_id, "applicant_id": candidate_id, "job_id": world.job,
            "date": "2031-12-05T17:30:00-05:00", "end_date": "2031-12-05T18:30:00-05:00", "duration": "60",
            "timezone": "America/New_York", "location": "Virtual", "interviewerId": str(world.interviewers[0]),
            "interviewerEmail": world.emails[world.interviewers[0]], "interviewerTeamId": None,
            "interviewer": person(world, world.interviewers[0], "Ivan", "Panel"),
            "organizer": person(world, world.admin, "Ada", "Admin"), "status": "scheduled",
            "created_at": got["created_at"], "updated_at": got["updated_at"]}
        assert TS.match(got["created_at"]) and got["created_at"] == got["updated_at"]

    def test_option_two_team_and_email(self, apploi: httpx.Client, world: World) -> None:
        jia = world.interviewers[1]
        r = put(apploi, world.applications["active"], team_body(world, interviewerEmail=world.emails[jia].upper()))
        assert r.status_code == 200, r.text
        got = r.json()
        assert got["interviewerId"] == str(jia) and got["interviewerTeamId"] == str(world.team)
        assert got["interviewerEmail"] == world.emails[jia]
        assert got["interviewer"] == person(world, jia, "Jia", "Panel")

    def test_defaults_and_nulls(self, apploi: httpx.Client, world: World) -> None:
        r = put(apploi, world.applications["active"], body(world, duration=..., location=...))
        assert r.status_code == 200, r.text
        assert (r.json()["duration"], r.json()["location"]) == ("60", "Virtual")
        r = put(apploi, world.applications["active"], body(world, date="2031-12-06T09:00:00Z", duration=None,
                                                           location=None, interviewerTeamId=None, extra="ignored"))
        assert r.status_code == 200, r.text
        assert (r.json()["duration"], r.json()["location"]) == ("60", "Virtual")

    def test_any_location_text(self, apploi: httpx.Client, world: World) -> None:
        for n, where in enumerate(("123 Main St, New York, NY 10001", "https://meet.google.com/abc-123-xyz", "",
                                   "Zoom ☎ «Raum 4»", "x" * 500)):
            r = put(apploi, world.applications["active"], body(world, date=f"2031-12-0{n + 1}T09:00:00Z",
                                                               location=where))
            assert r.status_code == 200, r.text
            assert r.json()["location"] == where

    def test_visible_through_harvest_with_the_same_times(self, apploi: httpx.Client, harvest: httpx.Client,
                                                         world: World) -> None:
        made = put(apploi, world.applications["active"], body(world, date="2031-07-08T09:15:00+02:00",
                                                              timezone="Europe/Berlin", duration="45",
                                                              location="Room 4")).json()
        seen = harvest.get(f"/v1/scheduled_interviews/{made['id']}")
        assert seen.status_code == 200, seen.text
        got = seen.json()
        assert got["start"] == {"date_time": "2031-07-08T07:15:00.000Z"}
        assert got["end"] == {"date_time": "2031-07-08T08:00:00.000Z"}
        assert made["date"] == "2031-07-08T09:15:00+02:00" and made["end_date"] == "2031-07-08T10:00:00+02:00"
        assert got["application_id"] == world.applications["active"] and got["location"] == "Room 4"
        assert got["organizer"]["id"] == world.admin and got["status"] == "scheduled"
        assert [(i["id"], i["response_status"]) for i in got["interviewers"]] == [(world.interviewers[0],
                                                                                     "needs_action")]
        assert got["created_at"] == made["created_at"]
        listed = harvest.get(f"/v1/applications/{world.applications['active']}/scheduled_interviews").json()
        assert [i["id"] for i in listed] == [made["id"]]

    def test_a_replayed_request_returns_the_interview_it_made(self, apploi: httpx.Client, harvest: httpx.Client,
                                                               world: World) -> None:
        first = put(apploi, world.applications["active"], body(world))
        again = put(apploi, world.applications["active"], body(world))
        assert first.status_code == again.status_code == 200, again.text
        assert again.json() == first.json()
        assert len(harvest.get("/v1/scheduled_interviews").json()) == 1

    def test_past_dates_are_accepted(self, apploi: httpx.Client, world: World) -> None:
        r = put(apploi, world.applications["active"], body(world, date="2022-12-05T17:30:00Z"))
        assert r.status_code == 200, r.text
        assert r.json()["date"] == "2022-12-05T17:30:00-05:00" and r.json()["status"] == "awaiting_feedback"


class TestWallClock:
    """``date``'s wall-clock time is read in ``timezone``; its own offset is ignored (seed 004)."""

    # date sent, timezone, start in UTC (Harvest) or None when refused, start as echoed
    TABLE = (
        ("2031-12-05T17:30:00Z", "America/New_York", "2031-12-05T22:30:00.000Z", "2031-12-05T17:30:00-05:00"),
        ("2031-07-08T17:30:00+09:00", "America/New_York", "2031-07-08T21:30:00.000Z", "2031-07-08T17:30:00-04:00"),
        ("2031-07-09T09:00:00-07:00", "Asia/Kolkata", "2031-07-09T03:30:00.000Z", "2031-07-09T09:00:00+05:30"),
        ("2031-07-10T09:00:00.000+0000", "Asia/Kathmandu", "2031-07-10T03:15:00.000Z", "2031-07-10T09:00:00+05:45"),
        ("2031-07-11T09:00z", "UTC", "2031-07-11T09:00:00.000Z", "2031-07-11T09:00:00+00:00"),
        ("2031-07-12T09:00:00.250Z", "Asia/Tokyo", "2031-07-12T00:00:00.250Z", "2031-07-12T09:00:00.250+09:00"),
        # fall-back overlaps: the first occurrence (the offset before the change)
        ("2024-11-03T01:30:00Z", "America/New_York", "2024-11-03T05:30:00.000Z", "2024-11-03T01:30:00-04:00"),
        ("2024-10-27T02:30:00Z", "Europe/Berlin", "2024-10-27T00:30:00.000Z", "2024-10-27T02:30:00+02:00"),
        ("2024-10-27T01:30:00Z", "Europe/London", "2024-10-27T00:30:00.000Z", "2024-10-27T01:30:00+01:00"),
        ("2024-04-07T02:30:00Z", "Australia/Sydney", "2024-04-06T15:30:00.000Z", "2024-04-07T02:30:00+11:00"),
        ("2024-04-07T01:45:00Z", "Australia/Lord_Howe", "2024-04-06T14:45:00.000Z", "2024-04-07T01:45:00+11:00"),
        # either side of a spring-forward gap
        ("2024-03-10T01:59:00Z", "America/New_York", "2024-03-10T06:59:00.000Z", "2024-03-10T01:59:00-05:00"),
        ("2024-03-10T03:00:00Z", "America/New_York", "2024-03-10T07:00:00.000Z", "2024-03-10T03:00:00-04:00"),
        # inside one: refused
        ("2024-03-10T02:00:00Z", "America/New_York", None, "03:00"),
        ("2024-03-10T02:30:00-05:00", "America/New_York", None, "03:30"),
        ("2024-03-31T02:30:00+01:00", "Europe/Berlin", None, "03:30"),
        ("2024-03-31T01:30:00Z", "Europe/London", None, "02:30"),
        ("2024-10-06T02:30:00Z", "Australia/Sydney", None, "03:30"),
        ("2024-10-06T02:15:00Z", "Australia/Lord_Howe", None, "30 minutes"),
    )

    def test_table(self, apploi: httpx.Client, harvest: httpx.Client, world: World) -> None:
        people = [*world.interviewers, world.admin, world.recruiter, world.bystander]
        for n, (date, zone, utc, shown) in enumerate(self.TABLE):
            payload = body(world, date=date, timezone=zone, duration="30", interviewerId=str(people[n % 6]))
            r = put(apploi, world.applications["active"], payload)
            if utc is None:
                assert r.status_code == 400, (date, zone, r.text)
                assert r.json()["field"] == "date", r.text
                assert "does not exist in " + zone in r.json()["message"] and shown in r.json()["message"]
                continue
            assert r.status_code == 200, (date, zone, r.text)
            assert r.json()["date"] == shown, (date, zone)
            assert r.json()["timezone"] == zone
            start = harvest.get(f"/v1/scheduled_interviews/{r.json()['id']}").json()["start"]
            assert start == {"date_time": utc}, (date, zone)

    def test_duration_is_elapsed_time_across_a_transition(self, apploi: httpx.Client, harvest: httpx.Client,
                                                          world: World) -> None:
        r = put(apploi, world.applications["active"], body(world, date="2024-03-10T01:30:00Z", duration="60"))
        assert r.status_code == 200, r.text
        got = r.json()
        assert (got["date"], got["end_date"], got["duration"]) == ("2024-03-10T01:30:00-05:00",
                                                                   "2024-03-10T03:30:00-04:00", "60")
        seen = harvest.get(f"/v1/scheduled_interviews/{got['id']}").json()
        assert (seen["start"], seen["end"]) == ({"date_time": "2024-03-10T06:30:00.000Z"},
                                                {"date_time": "2024-03-10T07:30:00.000Z"})
