"""Where a request's time goes, in process: the figures behind "Targets not met, and why" in the README.

    .venv/bin/python -m benchmarks.inprocess [--rows 1000000]

Runs on a copy of the cached SQLite data set (``python -m benchmarks.run`` builds it) and times, one call
at a time, the parts of the hot requests: the core's page of interviews and its queries, the Harvest
rendering, a retrieve, whole requests through the ASGI app (no network), a create, and the MCP
availability call next to an MCP ``ping``. Medians of a few hundred calls after a warm-up; nothing is
written anywhere. Like every absolute figure here it swings with the machine: compare within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import itertools
import json
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.config import DATA_DIR


def _median_ms(fn: Callable[[], Any], calls: int) -> float:
    for _ in range(10):
        fn()
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e3


async def _amedian_ms(fn: Callable[[], Awaitable[Any]], calls: int) -> float:
    for _ in range(10):
        await fn()
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        await fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e3


class Asgi:
    """Requests straight into the ASGI app, with one organization's credentials."""

    def __init__(self, app: Any, harvest_key: str, mcp_key: str, on_behalf_of: int) -> None:
        self.app = app
        self.basic = b"Basic " + base64.b64encode(f"{harvest_key}:".encode())
        self.bearer = f"Bearer {mcp_key}".encode()
        self.on_behalf_of = str(on_behalf_of).encode()

    async def __call__(self, path: str, method: str = "GET", body: bytes = b"", mcp: bool = False,
                       expect: int = 200) -> bytes:
        """The response body; a status other than ``expect`` stops the measurement (it would time an error)."""
        route, _, query = path.partition("?")
        headers = [(b"host", b"bench"), (b"content-type", b"application/json"),
                   (b"authorization", self.bearer if mcp else self.basic), (b"on-behalf-of", self.on_behalf_of),
                   (b"accept", b"application/json, text/event-stream")]
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
                 "scheme": "http", "path": route, "raw_path": route.encode(), "query_string": query.encode(),
                 "root_path": "", "headers": headers, "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
                 "state": {}}
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        status, answer = 0, b""

        async def receive() -> dict[str, Any]:
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status, answer
            if message["type"] == "http.response.start":
                status = message["status"]
            else:
                answer += message.get("body", b"")

        await self.app(scope, receive, send)
        if status != expect:
            raise RuntimeError(f"{method} {path} answered {status}, not {expect}: {answer[:300]!r}")
        return answer


async def measure(db_path: Path, seed: dict[str, Any], fixtures: dict[str, Any], calls: int) -> list[tuple[str, float]]:
    os.environ.update(INTERVIEWD_DATABASE_URL=f"sqlite:///{db_path}", INTERVIEWD_RATE_LIMIT_PER_10S="0",
                      INTERVIEWD_RUN_WORKER="false")
    import orjson
    from sqlalchemy.orm import Session

    from interviewd.app import create_app
    from interviewd.config import get_settings
    from interviewd.core.queries import InterviewFilter, PageWindow
    from interviewd.core.services import interview_service
    from interviewd.core.store import interviews as store
    from interviewd.core.store.driver import values_for
    from interviewd.faces.harvest import render

    get_settings.cache_clear()
    org = seed["organizations"][0]
    app = create_app(get_settings())
    db = app.state.core.db
    now = datetime.now(UTC)
    one = fixtures["ids"][len(fixtures["ids"]) // 2]
    out: list[tuple[str, float]] = []

    def page() -> Any:
        return db.run(lambda s: interview_service.list(s, org_id=org["id"], filters=InterviewFilter(),
                                                       window=PageWindow(limit=100), now=now))

    items = page().items
    out.append(("core: a page of 100 interviews (unit of work, queries, views)", _median_ms(page, calls)))
    with Session(db.engine) as session:
        prepared = next(p for key, p in store._PREPARED.items() if key[0] == "list")
        rows = prepared.rows(session, {"org": org["id"], "limit": 101})
        ids = [r[0] for r in rows]
        people = store._INTERVIEWERS.rows(session, {"ids": ids})
        named = sorted({r[4] for r in people if r[4]} | {r[30] for r in rows if r[30]})
        values = values_for(session)
        out += [
            ("  query: 101 interviews", _median_ms(lambda: prepared.rows(session, {"org": org["id"], "limit": 101}),
                                                   calls)),
            ("  query: their interviewers", _median_ms(lambda: store._INTERVIEWERS.rows(session, {"ids": ids}),
                                                       calls)),
            (f"  query: the {len(named)} people named", _median_ms(
                lambda: store._USERS.rows(session, {"ids": named}), calls)),
            ("  views from rows (with the two queries above)", _median_ms(
                lambda: store._hydrate(session, rows, now, values), calls)),
        ]
    out.append(("  unit of work alone", _median_ms(lambda: db.run(lambda s: s.connection()), calls)))
    out.append(("face: Harvest rendering of the page + orjson", _median_ms(
        lambda: orjson.dumps([render.interview(v) for v in items]), calls)))
    out.append(("core: one interview by id", _median_ms(lambda: db.run(lambda s: interview_service.get(
        s, org_id=org["id"], interview_id=one, now=now)), calls * 10)))

    asgi = Asgi(app, org["credentials"]["harvest"], org["credentials"]["mcp"], org["on_behalf_of"])
    async with app.router.lifespan_context(app):
        out.append(("request: GET Harvest list per_page=100", await _amedian_ms(
            lambda: asgi("/harvest/v1/scheduled_interviews?per_page=100"), calls)))
        out.append(("request: GET Harvest retrieve", await _amedian_ms(
            lambda: asgi(f"/harvest/v1/scheduled_interviews/{one}"), calls * 10)))
        out.append(("request: a path no route serves (404)", await _amedian_ms(
            lambda: asgi("/nothing", expect=404), calls * 10)))
        out.append(("request: POST Harvest v2 create, 3 interviewers", await _amedian_ms(
            lambda: asgi("/harvest/v2/scheduled_interviews", "POST", _create_body(fixtures), expect=201), calls)))
        start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=7)
        call = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
            "name": "check_interviewers_availability", "arguments": {
                "interviewer_ids": fixtures["interviewers"][:3], "start_time": start.isoformat(),
                "end_time": (start + timedelta(days=7)).isoformat(), "duration_minutes": 60, "timezone": "UTC",
                "interview_kind": "one_on_one"}}}).encode()
        ping = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "ping"}).encode()
        if json.loads(await asgi("/mcp", "POST", call, mcp=True))["result"].get("isError"):
            raise RuntimeError("check_interviewers_availability answered with a tool error")
        out.append(("request: MCP check_interviewers_availability", await _amedian_ms(
            lambda: asgi("/mcp", "POST", call, mcp=True), calls)))
        out.append(("request: MCP ping", await _amedian_ms(lambda: asgi("/mcp", "POST", ping, mcp=True), calls)))
    db.dispose()
    return out


_bodies = itertools.count(1)


def _create_body(fixtures: dict[str, Any]) -> bytes:
    """Like B5's: a fresh external id, three people, a start on the 15-minute grid of the next eight weeks."""
    rng = random.Random(next(_bodies))
    day = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=rng.randint(7, 62))
    start = day + timedelta(minutes=15 * rng.randint(0, 31))
    application, activity = rng.choice(fixtures["targets"])
    return json.dumps({"application_id": application, "interview_id": activity,
                       "external_event_id": f"inprocess-{time.time_ns()}", "start": start.isoformat(),
                       "end": (start + timedelta(hours=1)).isoformat(),
                       "interviewers": [{"user_id": u, "response_status": "accepted"}
                                        for u in rng.sample(fixtures["interviewers"], 3)]}).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    cached = DATA_DIR / f"sqlite-{args.rows}.db"
    if not cached.exists():
        raise SystemExit(f"{cached} is missing: run `python -m benchmarks.run --rows {args.rows}` once first")
    seed = json.loads((DATA_DIR / f"sqlite-{args.rows}.json").read_text())
    fixtures = json.loads((DATA_DIR / f"sqlite-{args.rows}.fixtures.json").read_text())
    with tempfile.TemporaryDirectory(dir=DATA_DIR) as tmp:
        copy = Path(tmp) / "inprocess.db"
        shutil.copyfile(cached, copy)
        for label, ms in asyncio.run(measure(copy, seed, fixtures, args.calls)):
            print(f"{ms:8.3f} ms  {label}")


if __name__ == "__main__":
    main()
