"""GET /apploi/applicants: the item shape, pipeline states, paging, filters and their errors."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import update

from interviewd.core.model import Job
from interviewd.core.store.uow import Database
from tests.faces.apploi.support import add_applicant
from tests.support.factories import T0, World

ITEM_KEYS = ["id", "applicant_id", "person", "job_id", "job", "team_id", "applicant_state_id", "applicant_state",
             "applied_at", "updated_at"]


def listing(apploi: httpx.Client, **params: Any) -> dict[str, Any]:
    r = apploi.get("/applicants", params=params)
    assert r.status_code == 200, r.text
    return dict(r.json())


def ids(apploi: httpx.Client, **params: Any) -> list[int]:
    return [a["id"] for a in listing(apploi, **params)["data"]]


class TestShape:
    def test_item_and_page(self, apploi: httpx.Client, harvest: httpx.Client, world: World) -> None:
        page = listing(apploi)
        assert list(page) == ["data", "total", "limit", "offset", "has_more"]
        assert (page["total"], page["limit"], page["offset"], page["has_more"]) == (3, 100, 0, False)
        item = page["data"][0]
        assert list(item) == ITEM_KEYS
        app = harvest.get(f"/v1/applications/{item['id']}").json()
        cand = app["candidate_id"]
        assert item == {
            "id": world.applications["active"], "applicant_id": cand,
            "person": {"id": cand, "first_name": "Cara", "last_name": "Active", "email": item["person"]["email"],
                       "mobile_phone_number": None, "home_phone_number": None},
            "job_id": world.job, "job": {"id": world.job, "name": "Backend Engineer", "team_id": world.team,
                                         "archived": False},
            "team_id": world.team, "applicant_state_id": 2, "applicant_state": "Screening",
            "applied_at": "2024-01-01T00:00:00.000Z", "updated_at": "2024-01-01T00:00:00.000Z"}
        assert item["person"]["email"].startswith("cara.active.")

    def test_phone_and_archived_job(self, apploi: httpx.Client, db: Database, world: World) -> None:
        new = add_applicant(db, world, phone="+1 555-0101", job_id=world.other_job, stage_name=None)
        db.run(lambda s: s.execute(update(Job).where(Job.id == world.other_job).values(status="closed")),
               write=True)
        item = listing(apploi, job_id=world.other_job)["data"][0]
        assert item["id"] == new and item["person"]["mobile_phone_number"] == "+1 555-0101"
        assert item["job"]["archived"] is True


class TestPipelineStates:
    def test_status_and_stage_map_to_states(self, apploi: httpx.Client, db: Database, world: World) -> None:
        made = {
            "Applied": add_applicant(db, world, stage_name=None),
            "Screening": add_applicant(db, world, stage_name="Application Review"),
            "Interviewing": add_applicant(db, world, stage_name="Onsite"),
            "Reference Check": add_applicant(db, world, stage_name="Reference Checks"),
            "Offer Extended": add_applicant(db, world, stage_name="Offer"),
            "Withdrawn": add_applicant(db, world, status="converted"),
            "Hired": world.applications["hired"], "Rejected": world.applications["rejected"],
        }
        states = {a["id"]: (a["applicant_state_id"], a["applicant_state"]) for a in listing(apploi)["data"]}
        numbers = {"Applied": 1, "Screening": 2, "Interviewing": 3, "Reference Check": 4, "Offer Extended": 5,
                   "Hired": 6, "Rejected": 7, "Withdrawn": 8}
        for name, app_id in made.items():
            assert states[app_id] == (numbers[name], name), name
            for spelled in (name, name.upper(), name.lower().replace(" ", "_"), str(numbers[name])):
                assert app_id in ids(apploi, state=spelled), (name, spelled)
        assert ids(apploi, state="Screening") == [world.applications["active"], made["Screening"]]

    def test_an_unknown_state_matches_nothing(self, apploi: httpx.Client) -> None:
        for state in ("Interview Scheduled", "99", "0"):
            page = listing(apploi, state=state)
            assert (page["data"], page["total"], page["has_more"]) == ([], 0, False)


class TestPaging:
    def test_limit_and_offset(self, apploi: httpx.Client, db: Database, world: World) -> None:
        extra = [add_applicant(db, world) for _ in range(4)]
        everything = sorted([*world.applications.values(), *extra])
        seen, offset = [], 0
        while True:
            page = listing(apploi, limit=3, offset=offset)
            assert (page["total"], page["limit"], page["offset"]) == (7, 3, offset)
            seen += [a["id"] for a in page["data"]]
            if not page["has_more"]:
                break
            offset += 3
        assert seen == everything
        assert listing(apploi, offset=7)["data"] == [] and listing(apploi, offset=10**12)["has_more"] is False
        assert len(listing(apploi, limit=1000)["data"]) == 7

    def test_bad_parameters(self, apploi: httpx.Client) -> None:
        for params, field in (({"limit": "0"}, "limit"), ({"limit": "1001"}, "limit"), ({"limit": "ten"}, "limit"),
                              ({"offset": "-1"}, "offset"), ({"offset": "x"}, "offset"), ({"job_id": "x"}, "job_id"),
                              ({"team_id": "1.5"}, "team_id"), ({"updated_after": "garbage"}, "updated_after"),
                              ({"updated_before": "2024-02-30"}, "updated_before"), ({"query": "x" * 201}, "query"),
                              ({"query": "a\x00b"}, "query"), ({"state": "\x00"}, "state"),
                              ({"limit": "\u0663"}, "limit"), ({"offset": "1_000"}, "offset"),
                              ({"job_id": " 7"}, "job_id")):
            r = apploi.get("/applicants", params=params)
            assert r.status_code == 400, (params, r.text)
            assert r.json()["field"] == field and field in r.json()["message"], r.json()


class TestFilters:
    def test_job_and_team(self, apploi: httpx.Client, db: Database, world: World) -> None:
        other_job = add_applicant(db, world, job_id=world.other_job)
        assert ids(apploi, job_id=world.other_job) == [other_job]
        assert ids(apploi, job_id=999_999_999_999) == []
        assert len(ids(apploi, team_id=world.team)) == 4
        assert ids(apploi, team_id=world.team + 10_000) == []

    def test_updated_window(self, apploi: httpx.Client, db: Database, world: World) -> None:
        march = add_applicant(db, world, updated_at=datetime(2024, 3, 1, 12, tzinfo=T0.tzinfo))
        april = add_applicant(db, world, updated_at=datetime(2024, 4, 1, 23, 30, tzinfo=T0.tzinfo))
        assert ids(apploi, updated_after="2024-02-01") == [march, april]
        assert ids(apploi, updated_after="2024-03-01T12:00:00") == [march, april]  # inclusive; UTC without offset
        assert ids(apploi, updated_after="2024-03-01T12:00:00.001Z") == [april]
        assert ids(apploi, updated_before="2024-03-01T12:00:00Z") == list(world.applications.values())
        assert ids(apploi, updated_after="2024-02-01", updated_before="2024-04-01") == [march]
        assert ids(apploi, updated_after="2024-04-01T20:00:00-04:00") == []  # 00:00Z on April 2nd
        late = (datetime(2024, 4, 1, 23, 30, tzinfo=T0.tzinfo) - timedelta(seconds=1)).isoformat()
        assert ids(apploi, updated_after=late) == [april]

    def test_query(self, apploi: httpx.Client, db: Database, world: World) -> None:
        zoe = add_applicant(db, world, first="Zoë", last="O'Brien", email="Zoe.OBrien+jobs@Mail.example",
                            phone="+44 20 7946 0018")
        percent = add_applicant(db, world, first="Al", last="100%", email=None)
        assert ids(apploi, query="brien") == [zoe]
        assert ids(apploi, query="ZOE.OBRIEN+JOBS") == [zoe]
        assert ids(apploi, query="o'brien") == [zoe]
        assert ids(apploi, query="Zoë O'Brien") == [zoe]
        assert ids(apploi, query="7946") == [zoe]
        assert ids(apploi, query="%") == [percent]
        assert ids(apploi, query="_") == []
        assert len(ids(apploi, query="cara")) == 3
        item = listing(apploi, query="100%")["data"][0]
        assert item["person"]["email"] is None
