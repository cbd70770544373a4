"""A published Harvest client (grnhse-api, unmodified) lists, paginates and retrieves against interviewd."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
from grnhse import Harvest
from grnhse.exceptions import HTTPError

from tests.conftest import LiveServer
from tests.faces.harvest.test_scheduled_interviews import create_body, post
from tests.support.factories import World


def client(server: LiveServer, key: str) -> Harvest:
    harvest = Harvest(key)
    harvest._base_url = f"{server.url}/harvest/v1/"  # the library's only knob for its host
    return harvest


def test_lists_paginates_and_retrieves(server: LiveServer, world: World, harvest: httpx.Client) -> None:
    created = [post(harvest, world, create_body(world, n=n)).json()["id"] for n in range(7)]
    gh = client(server, world.keys["harvest"])
    endpoint = gh.interviews(per_page=3)
    seen = [i["id"] for i in endpoint.get()]
    while endpoint.records_remaining:
        seen += [i["id"] for i in endpoint.get_next()]
    assert seen == created
    one = gh.interviews.get(created[4])
    assert one["id"] == created[4] and one["interviewers"][0]["response_status"] == "accepted"
    per_app = gh.applications(world.applications["active"]).interviews.get()
    assert [i["id"] for i in per_app] == created


def test_datetime_filters_as_the_client_formats_them(server: LiveServer, world: World,
                                                     harvest: httpx.Client) -> None:
    first = post(harvest, world, create_body(world, n=1)).json()
    gh = client(server, world.keys["harvest"])
    cutoff = datetime.strptime(first["created_at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    got = gh.interviews.get(created_after=cutoff)
    assert [i["id"] for i in got] == [first["id"]]
    assert gh.interviews.get(created_before=cutoff) == []


def test_errors_surface_through_the_client(server: LiveServer, world: World) -> None:
    gh = client(server, "not-a-key")
    try:
        gh.interviews.get()
    except HTTPError as exc:
        assert "401" in str(exc)
    else:
        raise AssertionError("an invalid key must be refused")
