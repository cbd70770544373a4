"""One core, three dialects: an interview written through one face reads the same through the others."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import LiveServer
from tests.faces.merge.test_interviews_create import body
from tests.faces.merge.test_interviews_list import results, uuid_of
from tests.support.factories import World, iso, later
from tests.support.unified import bindbee_client, harvest_post, ok


def z(harvest_time: str) -> str:
    return harvest_time.replace(".000Z", "Z")


def test_created_in_harvest_reads_alike_in_merge_and_bindbee(merge: httpx.Client, harvest: httpx.Client,
                                                             server: LiveServer, world: World) -> None:
    made = harvest_post(harvest, world)
    (in_merge,) = results(merge.get("/ats/v1/interviews", params={"expand": "interviewers,organizer"}))
    with bindbee_client(server.url, world) as bindbee:
        in_bindbee = ok(bindbee.get(f"/ats/v1/scheduled-interviews/{in_merge['id']}",
                                    params={"expand": "interviewers,organizer", "include_raw_data": "true"}))
    assert in_merge["remote_id"] == in_bindbee["remote_id"] == str(made["id"])
    assert in_bindbee["raw_data"] == made
    for view in (in_merge, in_bindbee):
        assert view["start_at"] == z(made["start"]["date_time"]) and view["end_at"] == z(made["end"]["date_time"])
        assert view["location"] == made["location"] and view["status"] == made["status"].upper()
        assert [int(u["remote_id"]) for u in view["interviewers"]] == [i["id"] for i in made["interviewers"]]
        assert [u["email"] for u in view["interviewers"]] == [i["email"] for i in made["interviewers"]]
        assert int(view["organizer"]["remote_id"]) == made["organizer"]["id"]
        assert view["remote_created_at"][:19] == made["created_at"][:19]


def test_created_in_merge_reads_alike_in_harvest(merge: httpx.Client, harvest: httpx.Client, world: World) -> None:
    sent = body(merge, world, interviewers=[uuid_of(merge, "users", u) for u in world.interviewers])
    model = ok(merge.post("/ats/v1/interviews", json=sent), 201)["model"]
    in_harvest = ok(harvest.get(f"/v1/scheduled_interviews/{model['remote_id']}"))
    assert z(in_harvest["start"]["date_time"]) == model["start_at"] and in_harvest["location"] == model["location"]
    assert [i["id"] for i in in_harvest["interviewers"]] == world.interviewers
    assert all(i["response_status"] == "needs_action" for i in in_harvest["interviewers"])
    assert in_harvest["organizer"]["id"] == world.admin and in_harvest["status"] == "scheduled"
    assert in_harvest["external_event_id"] is None
    # Harvest changes only what was created through Harvest ("actionable"), as Greenhouse documents
    r = harvest.patch(f"/v2/scheduled_interviews/{model['remote_id']}", json={"location": "x"},
                      headers={"On-Behalf-Of": str(world.admin)})
    assert r.status_code == 422 and "Harvest" in r.json()["message"]


def test_harvest_changes_and_deletions_show_in_merge_and_bindbee(merge: httpx.Client, harvest: httpx.Client,
                                                                server: LiveServer, world: World) -> None:
    made = harvest_post(harvest, world)
    (before,) = results(merge.get("/ats/v1/interviews"))
    start = iso(later(days=3))
    patched = ok(harvest.patch(f"/v2/scheduled_interviews/{made['id']}", headers={"On-Behalf-Of": str(world.admin)},
                               json={"start": start, "end": iso(later(days=3, hours=1)), "location": "Room 2"}))
    (after,) = results(merge.get("/ats/v1/interviews", params={"modified_after": before["modified_at"]}))
    assert after["start_at"] == start and after["location"] == "Room 2"
    assert after["modified_at"][:19] == patched["updated_at"][:19] >= before["modified_at"][:19]
    ok(harvest.delete(f"/v1/scheduled_interviews/{made['id']}", headers={"On-Behalf-Of": str(world.admin)}))
    assert results(merge.get("/ats/v1/interviews")) == []
    (gone,) = results(merge.get("/ats/v1/interviews", params={"include_deleted_data": "true"}))
    assert gone["remote_was_deleted"] is True and gone["id"] == before["id"]
    with bindbee_client(server.url, world) as bindbee:
        assert ok(bindbee.get("/ats/v1/scheduled-interviews"))["items"] == []
        assert bindbee.get(f"/ats/v1/scheduled-interviews/{before['id']}").status_code == 404


def _ids(listing: list[dict[str, Any]]) -> list[str]:
    return [i["id"] for i in listing]


def test_expanded_objects_match_their_own_endpoints_across_faces(merge: httpx.Client, harvest: httpx.Client,
                                                                 server: LiveServer, world: World) -> None:
    harvest_post(harvest, world)
    (interview,) = results(merge.get("/ats/v1/interviews", params={"expand": "application,job_interview_stage"}))
    with bindbee_client(server.url, world) as bindbee:
        (same,) = ok(bindbee.get("/ats/v1/scheduled-interviews",
                                 params={"expand": "application,job_interview_stage"}))["items"]
    for name in ("application", "job_interview_stage"):
        shared = set(interview[name]) & set(same[name]) - {"custom_fields"}
        assert {k: interview[name][k] for k in shared} == {k: same[name][k] for k in shared}, name
    assert _ids(results(merge.get("/ats/v1/applications"))).count(interview["application"]["id"]) == 1
