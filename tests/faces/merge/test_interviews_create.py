"""Creating interviews through Merge: the 201 envelope, warnings (conflicts, ignored fields), refusals as Problem
objects, debug mode, custom fields through integration_params, and the POST metadata."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from interviewd.core.services import custom_field_service
from interviewd.core.store.uow import Database
from tests.faces.merge.test_interviews_list import KEYS, results, uuid_of
from tests.support.factories import T0, World, build_world, iso, later
from tests.support.unified import detail, harvest_post, ok

LIST = "/ats/v1/interviews"
PROBLEM_KEYS = ["source", "title", "detail", "problem_type"]


def body(merge: httpx.Client, world: World, n: int = 1, **model: Any) -> dict[str, Any]:
    out = {"model": {"application": uuid_of(merge, "applications", world.applications["active"]),
                     "job_interview_stage": uuid_of(merge, "job-interview-stages", world.stages[0]),
                     "interviewers": [uuid_of(merge, "users", world.interviewers[0])],
                     "location": "Embarcadero Center 2", "start_at": iso(later(hours=n)),
                     "end_at": iso(later(hours=n + 1))},
           "remote_user_id": uuid_of(merge, "users", world.admin)}
    out["model"].update(model)
    return out


def refused(r: httpx.Response) -> list[dict[str, Any]]:
    """The problems of a refused write (400 ``{"warnings", "errors"}``)."""
    got = ok(r, 400)
    assert list(got) == ["warnings", "errors"] and got["errors"], got
    assert all(list(p) == PROBLEM_KEYS and set(p["source"]) == {"pointer"} for p in got["errors"])
    return list(got["errors"])


def pointers(problems: list[dict[str, Any]]) -> dict[str, str]:
    return {p["source"]["pointer"]: p["problem_type"] for p in problems}


@pytest.fixture
def fields(db: Database, world: World) -> None:
    for key, value_type, options in (("level", "single_select", ["junior", "senior"]), ("notes", "short_text", None),
                                     ("score", "number", None)):
        db.run(lambda s, k=key, t=value_type, o=options: custom_field_service.define(
            s, org_id=world.org_id, key=k, name=k.title(), value_type=t, options=o, now=T0), write=True)


class TestCreate:
    def test_created(self, merge: httpx.Client, harvest: httpx.Client, world: World) -> None:
        sent = body(merge, world)
        got = ok(merge.post(LIST, json=sent), 201)
        assert list(got) == ["model", "warnings", "errors"] and got["warnings"] == [] and got["errors"] == []
        model = got["model"]
        assert list(model) == KEYS
        assert model["application"] == sent["model"]["application"]
        assert model["job_interview_stage"] == sent["model"]["job_interview_stage"]
        assert model["organizer"] == sent["remote_user_id"] and model["interviewers"] == sent["model"]["interviewers"]
        assert model["start_at"] == sent["model"]["start_at"] and model["status"] == "SCHEDULED"
        assert ok(merge.get(f"{LIST}/{model['id']}")) == model
        in_harvest = ok(harvest.get(f"/v1/scheduled_interviews/{model['remote_id']}"))
        assert in_harvest["interview"] == {"id": world.activities[0], "name": "Phone Screen interview"}
        assert in_harvest["organizer"]["id"] == world.admin
        assert [i["id"] for i in in_harvest["interviewers"]] == [world.interviewers[0]]

    def test_remote_user_id_may_be_the_remote_id(self, merge: httpx.Client, world: World) -> None:
        sent = body(merge, world)
        sent["remote_user_id"] = str(world.recruiter)
        model = ok(merge.post(LIST, json=sent), 201)["model"]
        assert model["organizer"] == uuid_of(merge, "users", world.recruiter)

    def test_without_stage_or_interviewers(self, merge: httpx.Client, world: World) -> None:
        sent = body(merge, world)
        del sent["model"]["job_interview_stage"], sent["model"]["interviewers"], sent["model"]["location"]
        model = ok(merge.post(LIST, json=sent), 201)["model"]
        assert model["job_interview_stage"] is None and model["interviewers"] == [] and model["location"] is None

    def test_conflicts_are_warnings(self, merge: httpx.Client, world: World) -> None:
        ok(merge.post(LIST, json=body(merge, world)), 201)
        again = body(merge, world)
        again["model"]["interviewers"].insert(0, uuid_of(merge, "users", world.interviewers[1]))
        got = ok(merge.post(LIST, json=again), 201)
        (warning,) = got["warnings"]
        assert warning["problem_type"] == "SCHEDULING_CONFLICT" and warning["source"] == {
            "pointer": "/model/interviewers/1"}
        assert world.emails[world.interviewers[0]] in warning["detail"]
        assert len(results(merge.get(LIST))) == 2

    def test_ignored_fields_are_warnings(self, merge: httpx.Client, world: World) -> None:
        sent = body(merge, world, status="COMPLETE", organizer=uuid_of(merge, "users", world.recruiter),
                    colour="blue", linked_account_params={"x": 1}, integration_params={"other": 1})
        sent["extra"] = True
        got = ok(merge.post(LIST, json=sent), 201)
        assert pointers(got["warnings"]) == {
            "/extra": "UNSUPPORTED_FIELD", "/model/colour": "UNSUPPORTED_FIELD",
            "/model/linked_account_params": "UNSUPPORTED_FIELD", "/model/integration_params/other":
                "UNSUPPORTED_FIELD", "/model/status": "UNSUPPORTED_FIELD", "/model/organizer": "UNSUPPORTED_FIELD"}
        assert got["model"]["status"] == "SCHEDULED"
        assert got["model"]["organizer"] == sent["remote_user_id"]
        quiet = ok(merge.post(LIST, json=body(merge, world, 3, status="SCHEDULED",
                                              organizer=sent["remote_user_id"])), 201)
        assert quiet["warnings"] == []

    def test_debug_mode_and_run_async(self, merge: httpx.Client, world: World) -> None:
        got = ok(merge.post(LIST, json=body(merge, world), params={"is_debug_mode": "true", "run_async": "True"}),
                 201)
        (log,) = got["logs"]
        assert set(log) == {"log_id", "dashboard_view", "log_summary"}
        assert log["log_summary"]["method"] == "POST" and log["log_summary"]["status_code"] == 201
        assert log["dashboard_view"].endswith(f"/merge/api/ats/v1/interviews/{got['model']['id']}")
        assert "logs" not in ok(merge.post(LIST, json=body(merge, world, 3), params={"is_debug_mode": "false"}), 201)
        for name in ("is_debug_mode", "run_async"):
            assert name in detail(merge.post(LIST, json=body(merge, world, 5), params={name: "yes"}), 400)


class TestRefused:
    def test_every_problem_at_once(self, merge: httpx.Client, world: World) -> None:
        sent = {"model": {"application": "nope", "interviewers": "x", "start_at": "soon", "status": "DONE",
                          "location": 5, "integration_params": []}}
        assert pointers(refused(merge.post(LIST, json=sent))) == {
            "/remote_user_id": "MISSING_REQUIRED_FIELD", "/model/application": "INCORRECT_FIELD_TYPE",
            "/model/interviewers": "INCORRECT_FIELD_TYPE", "/model/start_at": "INCORRECT_FIELD_TYPE",
            "/model/end_at": "MISSING_REQUIRED_FIELD", "/model/status": "INVALID_FIELD_CHOICE",
            "/model/location": "INCORRECT_FIELD_TYPE", "/model/integration_params": "INCORRECT_FIELD_TYPE"}
        assert pointers(refused(merge.post(LIST, json={"remote_user_id": "1"}))) == {
            "/model": "MISSING_REQUIRED_FIELD", "/model/application": "MISSING_REQUIRED_FIELD",
            "/model/start_at": "MISSING_REQUIRED_FIELD", "/model/end_at": "MISSING_REQUIRED_FIELD"}
        assert results(merge.get(LIST)) == []

    def test_unknown_records(self, merge: httpx.Client, world: World, db: Database) -> None:
        other = build_world(db)
        nobody = "00000000-0000-4000-8000-000000000000"
        sent = body(merge, world, interviewers=[uuid_of(merge, "users", world.interviewers[0]), nobody],
                    application=nobody)
        sent["remote_user_id"] = nobody
        assert pointers(refused(merge.post(LIST, json=sent))) == {
            "/remote_user_id": "ERROR", "/model/application": "ERROR", "/model/interviewers/1": "ERROR"}
        with_theirs = body(merge, world)
        with_theirs["remote_user_id"] = str(other.admin)  # an id of another organization
        assert pointers(refused(merge.post(LIST, json=with_theirs))) == {"/remote_user_id": "ERROR"}
        assert results(merge.get(LIST)) == []

    def test_rules(self, merge: httpx.Client, world: World) -> None:
        backwards = body(merge, world, start_at=iso(later(hours=3)), end_at=iso(later(hours=2)))
        assert pointers(refused(merge.post(LIST, json=backwards))) == {"/model/end_at": "ERROR"}
        inactive = body(merge, world, interviewers=[uuid_of(merge, "users", world.inactive)])
        (problem,) = refused(merge.post(LIST, json=inactive))
        assert problem["source"] == {"pointer": "/model/interviewers/0"} and "deactivated" in problem["detail"]
        wrong_stage = body(merge, world)
        other_stages = results(merge.get("/ats/v1/job-interview-stages",
                                         params={"job_id": uuid_of(merge, "jobs", world.other_job)}))
        wrong_stage["model"]["job_interview_stage"] = other_stages[0]["id"]
        assert pointers(refused(merge.post(LIST, json=wrong_stage))) == {"/model/job_interview_stage": "ERROR"}

    def test_acting_user_without_permission(self, merge: httpx.Client, world: World) -> None:
        sent = body(merge, world)
        sent["remote_user_id"] = uuid_of(merge, "users", world.bystander)
        assert "permission" in detail(merge.post(LIST, json=sent), 403)

    def test_bodies_that_are_not_json_objects(self, merge: httpx.Client) -> None:
        assert "JSON" in detail(merge.post(LIST, content=b"{nope", headers={"Content-Type": "application/json"}), 400)
        assert detail(merge.post(LIST, json=[1]), 400)
        assert detail(merge.post(LIST, content=b"a=1", headers={"Content-Type": "application/x-www-form-urlencoded"}),
                      415)


class TestCustomFields:
    def test_set_through_integration_params(self, merge: httpx.Client, world: World, fields: None,
                                            server: Any) -> None:
        sent = body(merge, world, integration_params={"custom_fields": {"level": "senior", "score": 4.5}})
        model = ok(merge.post(LIST, json=sent), 201)["model"]
        key, token = world.keys["bindbee"]
        seen = ok(httpx.get(f"{server.url}/bindbee/api/ats/v1/scheduled-interviews/{model['id']}",
                            params={"include_custom_fields": "true"},
                            headers={"Authorization": f"Bearer {key}", "x-connector-token": token}))
        assert seen["custom_fields"] == {"level": "senior", "score": 4.5}

    def test_values_are_checked(self, merge: httpx.Client, world: World, fields: None) -> None:
        sent = body(merge, world, integration_params={"custom_fields": {"level": "lead", "score": "high",
                                                                        "unknown": 1, "notes": "x" * 300}})
        problems = refused(merge.post(LIST, json=sent))
        base = "/model/integration_params/custom_fields/"
        assert pointers(problems) == {base + k: "ERROR" for k in ("level", "score", "unknown", "notes")}
        assert any("junior, senior" in p["detail"] for p in problems)
        assert results(merge.get(LIST)) == []


class TestMeta:
    def test_schema_of_the_writable_fields(self, merge: httpx.Client, fields: None) -> None:
        got = ok(merge.get(f"{LIST}/meta/post"))
        assert set(got) == {"request_schema", "remote_field_classes", "status", "has_conditional_params",
                            "has_required_linked_account_params"}
        schema = got["request_schema"]
        assert schema["required"] == ["model", "remote_user_id"]
        model = schema["properties"]["model"]
        assert model["required"] == ["application", "start_at", "end_at"]
        assert set(model["properties"]) == {"application", "job_interview_stage", "organizer", "interviewers",
                                            "location", "start_at", "end_at", "status", "integration_params",
                                            "linked_account_params"}
        assert model["properties"]["status"]["enum"] == ["SCHEDULED", "AWAITING_FEEDBACK", "COMPLETE"]
        custom = model["properties"]["integration_params"]["properties"]["custom_fields"]["properties"]
        assert custom["level"]["enum"] == ["junior", "senior"] and custom["score"]["type"] == "number"
        assert got["status"] == {"linked_account_status": "COMPLETE", "can_make_request": True}

    def test_another_organization_has_its_own_fields(self, server: Any, db: Database, fields: None) -> None:
        from tests.support.unified import merge_client

        with merge_client(server.url, build_world(db)) as them:
            schema = ok(them.get(f"{LIST}/meta/post"))["request_schema"]
        assert schema["properties"]["model"]["properties"]["integration_params"]["properties"]["custom_fields"][
            "properties"] == {}


def test_created_through_harvest_is_not_refused_by_conflict_checks(merge: httpx.Client, harvest: httpx.Client,
                                                                   world: World) -> None:
    harvest_post(harvest, world, 1)
    got = ok(merge.post(LIST, json=body(merge, world, 1)), 201)
    assert [w["problem_type"] for w in got["warnings"]] == ["SCHEDULING_CONFLICT"]
