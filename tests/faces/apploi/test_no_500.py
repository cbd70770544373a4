"""No input makes the Apploi face answer 500: random mixes of awkward values in every field and parameter."""

from __future__ import annotations

import random
from typing import Any

import httpx

from tests.faces.apploi.support import put
from tests.support.factories import World

AWKWARD: tuple[Any, ...] = (
    None, True, 0, -1, 2**64, 1.5, "", " ", "\x00", "٣", "²", "9" * 5000, "x" * 600, [], {}, ["60"], {"a": 1},
    "abc", "a@b", "𝟙𝟚", "\u202e", "%", "_", "Z", "2031-12-05T17:30:00Z", "2024-03-10T02:30:00Z",
    "2031-12-05T17:30:00+14:00", "2031-12-05T17:30:00-23:59", "9999-12-31T23:59:59.999999Z", "America/New_York",
    "Pacific/Kiritimati", "UTC", "60", "1440", "5", "Virtual",
)
FIELDS = ("date", "duration", "timezone", "location", "interviewerId", "interviewerTeamId", "interviewerEmail")
PARAMS = ("limit", "offset", "updated_after", "updated_before", "job_id", "team_id", "state", "query")


def test_schedule_never_fails_with_500(apploi: httpx.Client, world: World) -> None:
    rng = random.Random(4)
    valid = {"date": "2031-12-05T17:30:00Z", "duration": "60", "timezone": "America/New_York", "location": "Virtual",
             "interviewerTeamId": str(world.team), "interviewerEmail": world.emails[world.interviewers[1]]}
    extra = (str(world.interviewers[0]), str(world.team), world.emails[world.interviewers[1]], str(world.inactive))
    forms = [str(v) for v in world.applications.values()] + ["0", "abc", "٣", "9" * 30]
    statuses = set()
    for n in range(150):
        payload = dict(valid, date=f"2031-12-{n % 28 + 1:02d}T{n % 24:02d}:{n % 60:02d}:00Z")
        for field in rng.sample(FIELDS, rng.choice((0, 1, 1, 2, 3))):
            payload[field] = rng.choice(AWKWARD + extra)
        r = put(apploi, rng.choice(forms), {k: v for k, v in payload.items() if v is not None or rng.random() < 0.5})
        assert r.status_code < 500, (payload, r.text)
        statuses.add(r.status_code)
    assert {200, 400, 404, 409} <= statuses


def test_listing_never_fails_with_500(apploi: httpx.Client) -> None:
    rng = random.Random(4)
    for _ in range(80):
        params = {p: str(rng.choice(AWKWARD)) for p in PARAMS if rng.random() < 0.4}
        r = apploi.get("/applicants", params=params)
        assert r.status_code in (200, 400), (params, r.text)
