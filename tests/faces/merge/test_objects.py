"""What interviews point at, as Merge serves it: users, applications, job interview stages, candidates, jobs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from interviewd.core.model import HiringTeamMember, User
from interviewd.core.store.uow import Database
from tests.faces.merge.test_interviews_list import TS, results, rids, uuid_of, walked
from tests.support.factories import T0, World
from tests.support.unified import detail, ok

COMMON = ["id", "remote_id", "created_at", "modified_at"]
TAIL = ["remote_was_deleted", "field_mappings", "remote_data"]
KEYS = {
    "users": [*COMMON, "first_name", "last_name", "email", "disabled", "remote_created_at", "access_role", *TAIL],
    "applications": [*COMMON, "candidate", "job", "applied_at", "rejected_at", "offers", "source", "credited_to",
                     "screening_question_answers", "current_stage", "reject_reason", *TAIL],
    "job-interview-stages": [*COMMON, "name", "job", "stage_order", *TAIL],
    "candidates": [*COMMON, "first_name", "last_name", "company", "title", "remote_created_at", "remote_updated_at",
                   "last_interaction_at", "is_private", "can_email", "locations", "phone_numbers", "email_addresses",
                   "urls", "tags", "applications", "attachments", *TAIL],
    "jobs": [*COMMON, "name", "description", "code", "status", "type", "job_postings", "job_posting_urls",
             "remote_created_at", "remote_updated_at", "confidential", "departments", "offices", "hiring_managers",
             "recruiters", *TAIL],
}
HARVEST_PATHS = {"users": "/users", "applications": "/applications", "job-interview-stages": "/job_stages"}


COUNTS = {"users": 7, "applications": 3, "job-interview-stages": 4, "candidates": 3, "jobs": 2}  # of build_world


@pytest.mark.parametrize("path", list(KEYS))
class TestEveryResource:
    def test_list_retrieve_and_page(self, merge: httpx.Client, world: World, path: str) -> None:
        listed = results(merge.get(f"/ats/v1/{path}"))
        assert len(listed) == COUNTS[path]
        for item in listed:
            assert list(item) == KEYS[path]
            assert (item["remote_was_deleted"], item["field_mappings"], item["remote_data"]) == (False, None, None)
            assert TS.match(item["created_at"]) and TS.match(item["modified_at"])
            assert ok(merge.get(f"/ats/v1/{path}/{item['id']}")) == item
        assert walked(merge, {"page_size": 2}, path=f"/ats/v1/{path}") == [int(i["remote_id"]) for i in listed]
        body = ok(merge.get(f"/ats/v1/{path}", params={"page_size": 1}))
        back = ok(merge.get(f"/ats/v1/{path}", params={"page_size": 1, "cursor": body["next"]}))
        assert back["previous"] and ok(merge.get(f"/ats/v1/{path}", params={"cursor": back["previous"]}))[
            "results"] == body["results"]

    def test_filters(self, merge: httpx.Client, world: World, path: str) -> None:
        listed = results(merge.get(f"/ats/v1/{path}"))
        one = listed[-1]
        assert results(merge.get(f"/ats/v1/{path}", params={"remote_id": one["remote_id"]})) == [one]
        assert results(merge.get(f"/ats/v1/{path}", params={"remote_id": "x"})) == []
        assert len(results(merge.get(f"/ats/v1/{path}", params={"created_after": "2024-01-01T00:00:00Z"}))) == len(
            listed)
        assert results(merge.get(f"/ats/v1/{path}", params={"created_before": "2024-01-01T00:00:00Z"})) == []
        assert results(merge.get(f"/ats/v1/{path}", params={"modified_after": "2024-01-01T00:00:01+00:00"})) == []
        assert len(results(merge.get(f"/ats/v1/{path}", params={"include_deleted_data": "true"}))) == len(listed)
        for name, bad in (("created_after", "x"), ("page_size", "0"), ("include_remote_data", "yes"),
                          ("cursor", "x"), ("expand", "nope")):
            assert name in detail(merge.get(f"/ats/v1/{path}", params={name: bad}), 400)

    def test_not_found(self, merge: httpx.Client, path: str) -> None:
        for missing in ("00000000-0000-4000-8000-000000000000", "1"):
            assert detail(merge.get(f"/ats/v1/{path}/{missing}"), 404) == "Not found."

    def test_remote_data(self, merge: httpx.Client, harvest: httpx.Client, world: World, path: str) -> None:
        for item in results(merge.get(f"/ats/v1/{path}", params={"include_remote_data": "true"})):
            (remote,) = item["remote_data"]
            prefix = HARVEST_PATHS.get(path, f"/{path}")
            assert remote["path"] == f"{prefix}/{item['remote_id']}" and remote["data"]["id"] == int(item["remote_id"])
            if path in HARVEST_PATHS:
                assert remote["data"] == ok(harvest.get(f"/v1{remote['path']}"))


class TestUsers:
    def test_roles_and_filters(self, merge: httpx.Client, world: World, db: Database) -> None:
        db.run(lambda s: setattr(s.get(User, world.recruiter), "permissions", ["manage_all_applications"]),
               write=True)
        roles = {int(u["remote_id"]): u["access_role"] for u in results(merge.get("/ats/v1/users"))}
        assert roles[world.admin] == "SUPER_ADMIN" and roles[world.recruiter] == "ADMIN"
        assert roles[world.interviewers[0]] == "INTERVIEWER"
        origins = {int(u["remote_id"]): u["access_role"]
                   for u in results(merge.get("/ats/v1/users", params={"show_enum_origins": "access_role"}))}
        assert origins[world.admin] == "site_admin" and origins[world.recruiter] == "admin"
        email = world.emails[world.interviewers[1]]
        assert rids(merge.get("/ats/v1/users", params={"email": email.upper()})) == [world.interviewers[1]]
        inactive = ok(merge.get(f"/ats/v1/users/{uuid_of(merge, 'users', world.inactive)}"))
        assert inactive["disabled"] is True
        assert "show_enum_origins" in detail(merge.get("/ats/v1/users", params={"show_enum_origins": "status"}), 400)


class TestApplications:
    def test_references_and_expansions(self, merge: httpx.Client, world: World, db: Database) -> None:
        def credit(s: Any) -> None:
            from interviewd.core.model import Application

            s.get(Application, world.applications["active"]).credited_to_user_id = world.recruiter

        db.run(credit, write=True)
        plain = ok(merge.get(f"/ats/v1/applications/{uuid_of(merge, 'applications', world.applications['active'])}"))
        assert plain["job"] == uuid_of(merge, "jobs", world.job)
        assert plain["current_stage"] == uuid_of(merge, "job-interview-stages", world.stages[0])
        assert plain["credited_to"] == uuid_of(merge, "users", world.recruiter)
        full = ok(merge.get(f"/ats/v1/applications/{plain['id']}",
                            params={"expand": "candidate,job,current_stage,credited_to"}))
        for name, path in (("candidate", "candidates"), ("job", "jobs"), ("current_stage", "job-interview-stages"),
                           ("credited_to", "users")):
            assert full[name] == ok(merge.get(f"/ats/v1/{path}/{plain[name]}")), name
        rejected = results(merge.get("/ats/v1/applications", params={"candidate_id": plain["candidate"]}))
        assert [a["id"] for a in rejected] == [plain["id"]]
        by_job = results(merge.get("/ats/v1/applications", params={"job_id": plain["job"]}))
        assert len(by_job) == 3
        assert results(merge.get("/ats/v1/applications",
                                 params={"job_id": uuid_of(merge, "jobs", world.other_job)})) == []
        assert "job_id" in detail(merge.get("/ats/v1/applications", params={"job_id": "x"}), 400)


class TestStagesCandidatesJobs:
    def test_stages(self, merge: httpx.Client, world: World) -> None:
        job = uuid_of(merge, "jobs", world.job)
        stages = results(merge.get("/ats/v1/job-interview-stages", params={"job_id": job, "expand": "job"}))
        assert [int(s["remote_id"]) for s in stages] == world.stages
        assert [s["stage_order"] for s in stages] == [0, 1] and stages[0]["name"] == "Phone Screen"
        assert stages[0]["job"] == ok(merge.get(f"/ats/v1/jobs/{job}"))
        missing = {"job_id": "00000000-0000-4000-8000-000000000000"}
        assert results(merge.get("/ats/v1/job-interview-stages", params=missing)) == []

    def test_candidates(self, merge: httpx.Client, world: World) -> None:
        (cand,) = [c for c in results(merge.get("/ats/v1/candidates", params={"expand": "applications"}))
                   if c["last_name"] == "Active"]
        assert [a["remote_id"] for a in cand["applications"]] == [str(world.applications["active"])]
        assert cand["email_addresses"][0]["email_address_type"] == "PERSONAL" and cand["can_email"] is True
        assert cand["last_interaction_at"] == "2024-01-01T00:00:00Z"

    def test_jobs(self, merge: httpx.Client, world: World, db: Database) -> None:
        db.run(lambda s: s.add(HiringTeamMember(job_id=world.job, user_id=world.admin, role="hiring_manager")),
               write=True)
        job = ok(merge.get(f"/ats/v1/jobs/{uuid_of(merge, 'jobs', world.job)}"))
        assert job["status"] == "OPEN" and job["hiring_managers"] == [uuid_of(merge, "users", world.admin)]
        assert job["recruiters"] == [uuid_of(merge, "users", world.recruiter)]
        full = ok(merge.get(f"/ats/v1/jobs/{job['id']}", params={"expand": "recruiters,hiring_managers",
                                                                  "show_enum_origins": "status"}))
        assert full["status"] == "open" and full["recruiters"][0]["first_name"] == "Rita"
        assert "expand" in detail(merge.get(f"/ats/v1/jobs/{job['id']}", params={"expand": "offices"}), 400)


def test_modified_windows_on_users(merge: httpx.Client, world: World, db: Database) -> None:
    db.run(lambda s: setattr(s.get(User, world.bystander), "updated_at", T0 + timedelta(days=2)), write=True)
    assert rids(merge.get("/ats/v1/users", params={"modified_after": "2024-01-02T00:00:00Z"})) == [world.bystander]
    assert world.bystander not in rids(merge.get("/ats/v1/users", params={"modified_before": "2024-01-02T00:00:00Z"}))
