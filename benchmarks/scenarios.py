"""The scenarios of the issue as wrk loads: each is a reference run followed by its own measurements.

Server keys: ``app``/``ref`` (one process each), ``app2``/``ref2`` (two worker processes, B8) and ``pg``
(the application on PostgreSQL, B9). Measurement names are unique within a round; the evaluators in
``benchmarks.analysis`` combine them across scenarios of the same round (B2 uses B1, B8 and B9 too).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from benchmarks.config import PER_PAGE, TITLES, Options
from benchmarks.faces import Face, face_headers
from benchmarks.fixtures import LIST, Fixtures
from benchmarks.wrk import Load

CREATE = "/harvest/v2/scheduled_interviews"
DAY = 86_400
# Extra scenarios another one needs in the same round (``--only B2`` also measures B1).
NEEDS = {"B2": {"B1"}, "B8": {"B1"}, "B9": {"B1", "B5"}}


@dataclass(frozen=True)
class Measurement:
    """One wrk run: ``load`` against the server ``server``."""

    name: str
    server: str
    load: Load


@dataclass(frozen=True)
class Scenario:
    """A scenario: the reference on ``reference`` first, then ``measurements``, back to back."""

    id: str
    title: str
    reference: str
    measurements: tuple[Measurement, ...]


@dataclass
class Context:
    """Everything the scenario builders read: options, discovered fixtures, faces present, servers started."""

    opts: Options
    org: dict[str, Any]
    fixtures: Fixtures
    faces: dict[str, Face]
    servers: set[str]
    pg_org: dict[str, Any] | None = None
    pg_fixtures: Fixtures | None = None
    mcp: Load | None = None
    mcp_note: str = ""
    skipped: dict[str, str] = field(default_factory=dict)


def harvest_headers(org: dict[str, Any]) -> dict[str, str]:
    """Harvest auth for ``org``."""
    headers = face_headers("harvest", org)
    assert headers is not None
    return headers


def list_load(org: dict[str, Any], query: str = "") -> Load:
    """The Harvest list, 100 per page (interviewers nested), with ``query`` appended."""
    return Load("static", f"{LIST}?per_page={PER_PAGE}{query}", harvest_headers(org))


def retrieve_settings(fx: Fixtures) -> dict[str, Any]:
    """Retrieve by a random visible id."""
    return {"id_path": LIST + "/%d", "ids": fx.ids}


def create_settings(org: dict[str, Any], fx: Fixtures) -> dict[str, Any]:
    """POST bodies: 3 of the people who interview, a weekday start 13:00-21:00 UTC over the next 8 weeks.

    Uniform starts on a 15-minute grid over 40 weekdays make a new interview overlap an existing one
    of the same interviewer now and then, as real calendars do, so the conflict check has work to do.
    """
    first = (int(time.time()) // DAY + 7) * DAY
    days = [first + n * DAY for n in range(56) if time.gmtime(first + n * DAY).tm_wday < 5]
    write = {**harvest_headers(org), "On-Behalf-Of": str(org["on_behalf_of"]), "Content-Type": "application/json"}
    return {"create_path": CREATE, "write_headers": write, "targets": fx.targets, "interviewers": fx.interviewers,
            "days": days, "day_start": 13 * 3600, "slots": 32, "minutes": [30, 45, 60, 60]}


def create_load(org: dict[str, Any], fx: Fixtures, connections: int | None = None) -> Load:
    """B5: POST /v2/scheduled_interviews with a fresh body each time."""
    return Load("create", CREATE, harvest_headers(org), create_settings(org, fx), connections)


def mixed_load(ctx: Context) -> Load:
    """B10: 40 % lists (page 1, a followed page, updated_after), 45 % retrieves, 15 % creates."""
    fx = ctx.fixtures
    paths = [list_load(ctx.org).path]
    if "harvest" in fx.deep:
        paths.append(fx.deep["harvest"]["far"])
    if fx.b2_cutoff:
        paths.append(list_load(ctx.org, f"&updated_after={quote(fx.b2_cutoff)}").path)
    settings = {**retrieve_settings(fx), **create_settings(ctx.org, fx), "list_paths": paths,
                "weights": {"list": 0.40, "retrieve": 0.45}}
    return Load("mixed", paths[0], harvest_headers(ctx.org), settings)


def _single(sid: str, load: Load, server: str = "app", reference: str = "ref") -> Scenario:
    return Scenario(sid, TITLES[sid], reference, (Measurement(sid, server, load),))


def build(ctx: Context) -> list[Scenario]:
    """The wrk scenarios this run measures (``--only`` plus what they need), in their base order."""
    opts, fx, org = ctx.opts, ctx.fixtures, ctx.org
    wanted = {sid for sid in ("B1", "B2", "B3", "B4", "B5", "B7", "B8", "B9") if opts.wants(sid)}
    for sid in list(wanted):
        wanted |= NEEDS.get(sid, set())
    out: list[Scenario] = []
    if "B1" in wanted:
        out.append(_single("B1", list_load(org)))
    if "B2" in wanted and fx.b2_cutoff:
        out.append(_single("B2", list_load(org, f"&updated_after={quote(fx.b2_cutoff)}")))
    if "B3" in wanted:
        out.append(_single("B3", Load("ids", f"{LIST}/{fx.ids[0]}", harvest_headers(org), retrieve_settings(fx))))
    if "B4" in wanted:
        runs = []
        for name, deep in fx.deep.items():
            if name in ctx.faces:
                headers = face_headers(name, org) or {}
                runs += [Measurement(f"B4:{name}:page1", "app", Load("static", deep["page1"], headers)),
                         Measurement(f"B4:{name}:far", "app", Load("static", deep["far"], headers))]
        out.append(Scenario("B4", "deep page via next links vs page 1", "ref", tuple(runs)))
    if "B5" in wanted:
        out.append(_single("B5", create_load(org, fx)))
    if "B7" in wanted and "merge" in ctx.faces:
        merge = ctx.faces["merge"]
        out.append(_single("B7", Load("static", merge.first_page, face_headers("merge", org) or {})))
    if "B7" in wanted and ctx.mcp is not None:
        out.append(_single("B7-mcp", ctx.mcp))
    if "B8" in wanted and {"app2", "ref2"} <= ctx.servers:
        out.append(_single("B8", list_load(org), "app2", "ref2"))
    if "B9" in wanted and "pg" in ctx.servers and ctx.pg_org and ctx.pg_fixtures:
        pg_org, pg_fx, writers = ctx.pg_org, ctx.pg_fixtures, opts.writers
        out.append(Scenario("B9", "PostgreSQL vs SQLite", "ref", (
            Measurement("B9:pg:B1", "pg", list_load(pg_org)),
            Measurement("B9:pg:B5", "pg", create_load(pg_org, pg_fx)),
            Measurement(f"B9:pg:B5c{writers}", "pg", create_load(pg_org, pg_fx, writers)),
            Measurement(f"B9:sqlite:B5c{writers}", "app", create_load(org, fx, writers)))))
    return [s for s in out if s.measurements]
