"""The published Merge client (PyPI ``MergePythonClient``, Fern-generated, unmodified) against the Merge face:
list with cursors and expansions, retrieve, create, the POST metadata, and errors."""

from __future__ import annotations

import httpx
import pytest
from merge.client import Merge
from merge.core.api_error import ApiError
from merge.resources.ats import ScheduledInterviewRequest

from interviewd.core.store.uow import Database
from tests.conftest import LiveServer
from tests.faces.harvest.test_listing import insert
from tests.support.factories import World, later


def client(server: LiveServer, world: World, **override: str) -> Merge:
    key, token = world.keys["merge"]
    return Merge(api_key=override.get("api_key", key), account_token=override.get("account_token", token),
                 base_url=f"{server.url}/merge/api", timeout=30)


def test_lists_with_cursors_and_expansions(server: LiveServer, world: World, db: Database) -> None:
    made = insert(db, world, 5)
    merge = client(server, world)
    page = merge.ats.interviews.list(page_size=2, expand=["application", "organizer"])
    seen = []
    while True:
        assert page.results is not None
        seen += [int(i.remote_id or 0) for i in page.results]
        assert all(i.application.remote_id == str(world.applications["active"]) for i in page.results)  # type: ignore[union-attr]
        assert all(i.organizer.first_name == "Ada" for i in page.results)  # type: ignore[union-attr]
        if page.next is None:
            break
        page = merge.ats.interviews.list(page_size=2, cursor=page.next, expand=["application", "organizer"])
    assert seen == made
    back = merge.ats.interviews.list(page_size=2, cursor=page.previous)
    assert [int(i.remote_id or 0) for i in back.results or []] == made[2:4]
    users = merge.ats.users.list(email=world.emails[world.admin])
    assert [u.remote_id for u in users.results or []] == [str(world.admin)]


def test_retrieve_and_create(server: LiveServer, world: World) -> None:
    merge = client(server, world)
    (application,) = merge.ats.applications.list(remote_id=str(world.applications["active"])).results or []
    (stage,) = merge.ats.job_interview_stages.list(remote_id=str(world.stages[1])).results or []
    (admin,) = merge.ats.users.list(remote_id=str(world.admin)).results or []
    (kim,) = merge.ats.users.list(remote_id=str(world.interviewers[2])).results or []
    start = later(hours=5)
    created = merge.ats.interviews.create(
        model=ScheduledInterviewRequest(application=application.id, job_interview_stage=stage.id,
                                        interviewers=[kim.id], location="Room 9", start_at=start,
                                        end_at=later(hours=6)),
        remote_user_id=str(admin.id), is_debug_mode=True)
    assert created.errors == [] and created.warnings == [] and created.logs
    model = created.model
    assert model.start_at == start and model.organizer == admin.id and model.interviewers == [kim.id]
    got = merge.ats.interviews.retrieve(str(model.id), expand=["interviewers", "job_interview_stage"],
                                        show_enum_origins="status", include_remote_data=True)
    assert got.status == "scheduled" and got.interviewers[0].email == world.emails[world.interviewers[2]]  # type: ignore[index,union-attr]
    assert got.job_interview_stage.name == "Onsite"  # type: ignore[union-attr]
    assert got.remote_data and got.remote_data[0].path == f"/scheduled_interviews/{model.remote_id}"
    meta = merge.ats.interviews.meta_post_retrieve()
    assert "model" in meta.request_schema["properties"]


def test_errors_surface_as_api_errors(server: LiveServer, world: World) -> None:
    with pytest.raises(ApiError) as exc:
        client(server, world, account_token="wrong").ats.interviews.list()
    assert exc.value.status_code == 401 and "detail" in exc.value.body
    with pytest.raises(ApiError) as exc:
        client(server, world).ats.interviews.retrieve("00000000-0000-4000-8000-000000000000")
    assert exc.value.status_code == 404 and exc.value.body == {"detail": "Not found."}
    with pytest.raises(ApiError) as exc:
        client(server, world).ats.interviews.create(model=ScheduledInterviewRequest(location="x"),
                                                    remote_user_id=str(world.admin))
    assert exc.value.status_code == 400 and exc.value.body["errors"]
    assert httpx.get(f"{server.url}/merge/api/ats/v1/interviews").status_code == 401
