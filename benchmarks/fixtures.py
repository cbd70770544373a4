"""What the loads need, discovered through the faces themselves (httpx) and cached per data set.

Visible interview ids (B3), active applications with their plan steps and people who interview (B5),
the ``updated_after`` cut-off that matches 60 % of the rows (B2), and the deep page of every paginated
face reached by following its own ``next`` links (B4).
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from benchmarks.config import B2_FRACTION, PER_PAGE, Options
from benchmarks.data import Dataset
from benchmarks.faces import FACES, Face, basic, face_headers

LIST = "/harvest/v1/scheduled_interviews"


@dataclass
class Fixtures:
    """Discovered once per data set; ``deep`` maps a face name to {"page1", "far", "page", "seconds"}."""

    ids: list[int] = field(default_factory=list)
    interviewers: list[int] = field(default_factory=list)
    targets: list[list[int]] = field(default_factory=list)
    total: int = 0
    b2_cutoff: str | None = None
    b2_matches: int = 0
    deep: dict[str, dict[str, Any]] = field(default_factory=dict)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _get(client: httpx.Client, path: str, **params: Any) -> httpx.Response:
    response = client.get(path, params=params or None)
    if response.status_code != 200:
        raise RuntimeError(f"GET {response.request.url} answered {response.status_code}: {response.text[:300]}")
    return response


def count(client: httpx.Client, **filters: Any) -> int:
    """How many interviews Harvest lists with ``filters`` (from ``rel="last"`` at one row per page)."""
    response = _get(client, LIST, per_page=1, **filters)
    last = response.links.get("last")
    if last is None:
        return len(response.json())
    return int(dict(httpx.URL(last["url"]).params)["page"])


def _sample(client: httpx.Client, fx: Fixtures, pages: int = 12) -> None:
    """Ids and interviewers from pages spread over the whole list (OFFSET is fine once, here)."""
    last_page = max(1, fx.total // PER_PAGE)
    seen_ids: set[int] = set()
    people: set[int] = set()
    for n in range(pages):
        page = 1 + (last_page - 1) * n // max(1, pages - 1)
        for row in _get(client, LIST, per_page=PER_PAGE, page=page, skip_count="true").json():
            seen_ids.add(row["id"])
            people.update(i["id"] for i in row["interviewers"] if i["id"] is not None)
    fx.ids, fx.interviewers = sorted(seen_ids), sorted(people)


def _targets(client: httpx.Client) -> list[list[int]]:
    """(application id, plan step id) pairs of active applications: what B5 schedules."""
    pairs, steps = [], {}
    apps = _get(client, "/harvest/v1/applications", per_page=500).json()
    for app in apps:
        if app["status"] != "active" or not app["jobs"]:
            continue
        job = app["jobs"][0]["id"]
        if job not in steps:
            stages = _get(client, f"/harvest/v1/jobs/{job}/stages").json()
            steps[job] = [i["id"] for s in stages for i in s["interviews"]]
        pairs.extend([app["id"], step] for step in steps[job])
    return pairs


def _b2_cutoff(client: httpx.Client, fx: Fixtures) -> None:
    """The ``updated_after`` instant (to the second) at which B2_FRACTION of the rows match, by bisection."""
    want = fx.total * B2_FRACTION
    low, high = datetime(2000, 1, 1, tzinfo=UTC).timestamp(), time.time() + 86400
    for _ in range(40):
        if high - low < 1:
            break
        middle = (low + high) / 2
        n = count(client, updated_after=datetime.fromtimestamp(middle, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        low, high = (middle, high) if n > want else (low, middle)
    fx.b2_cutoff = datetime.fromtimestamp(high, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    fx.b2_matches = count(client, updated_after=fx.b2_cutoff)


def follow(client: httpx.Client, face: Face, first: str, pages: int) -> dict[str, Any]:
    """Follow the face's own ``next`` links from ``first`` to page ``pages``; the paths of page 1 and that page."""
    started, url = time.monotonic(), first
    for _ in range(pages - 1):
        nxt = face.next_url(_get(client, url))
        if nxt is None:
            raise RuntimeError(f"{face.name}: the list ended before page {pages}")
        url = _path(nxt)
    return {"page1": first, "far": url, "page": pages, "seconds": round(time.monotonic() - started, 1)}


def discover(base: str, dataset: Dataset, opts: Options, *, deep: bool) -> tuple[Fixtures, dict[str, Face]]:
    """The fixtures of ``dataset`` (from its cache file when present) and the faces this server has."""
    cache = dataset.fixtures_cache
    fx = Fixtures(**json.loads(cache.read_text())) if cache.exists() else Fixtures()
    org = dataset.org
    faces: dict[str, Face] = {}
    with httpx.Client(base_url=base, headers=basic(org["credentials"]["harvest"]), timeout=120) as client:
        if not fx.ids:
            fx.total = count(client)
            _sample(client, fx)
            fx.targets = _targets(client)
        if deep and fx.b2_cutoff is None:
            _b2_cutoff(client, fx)
        for face in FACES:
            headers = face_headers(face.name, org)
            if headers is None or client.get(face.list_path, headers=headers).status_code == 404:
                continue
            faces[face.name] = face
            if deep and face.name not in fx.deep:
                print(f"following {face.name} next links to page {opts.far_page:,} (once per data set)")
                with httpx.Client(base_url=base, headers=headers, timeout=120) as face_client:
                    fx.deep[face.name] = follow(face_client, face, face.first_page, opts.far_page)
    if len(fx.interviewers) < 3 or not fx.targets or not fx.ids:
        raise RuntimeError(f"the data set is too small to benchmark: {fx}")
    cache.write_text(json.dumps(asdict(fx)))
    return fx, faces
