"""``python -m benchmarks.run``: data, servers, rounds of wrk, the JSON result and the README table.

    python -m benchmarks.run                      # 1 M rows, 3 rounds of 10 s, B10 for 2 minutes
    python -m benchmarks.run --quick              # 20 k rows, 1 round of 2 s: proves the harness works
    python -m benchmarks.run --only B1,B3 --rounds 5
    python -m benchmarks.run --postgres           # also PostgreSQL (B9), on a throw-away server
    python -m benchmarks.run --render benchmarks/results/<stamp>.json   # the table of a saved run, again
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
from contextlib import ExitStack
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import availability, report
from benchmarks.analysis import Row, median
from benchmarks.config import DATA_DIR, FULL_ROWS, QUICK_ROWS, Options
from benchmarks.data import Dataset, conflict_share, postgres_dataset, sqlite_dataset
from benchmarks.fixtures import discover
from benchmarks.machine import facts
from benchmarks.mcp import mcp_load
from benchmarks.rows import rows_from
from benchmarks.runner import Runner
from benchmarks.scenarios import Context, Measurement, Scenario, build, harvest_headers, mixed_load
from benchmarks.servers import Server, app_server, reference_server
from benchmarks.wrk import Load, Round, wrk_binary


def parse_args(argv: list[str]) -> tuple[Options, argparse.Namespace]:
    """The options; ``--quick`` sets small defaults that explicit options still override."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smoke run: 20k rows, 1 round of 2 s, B10 for 12 s")
    parser.add_argument("--rows", type=int, help=f"generated interviews (default {FULL_ROWS:,})")
    parser.add_argument("--rounds", type=int, help="rounds (default 3)")
    parser.add_argument("--duration", type=float, help="seconds per measurement (default 10)")
    parser.add_argument("--mixed-duration", type=float, help="seconds of B10's mixed load (default 120)")
    parser.add_argument("--only", help="comma-separated scenario ids, e.g. B1,B3 (B2, B8 and B9 add B1/B5)")
    parser.add_argument("--postgres", action="store_true", help="also measure PostgreSQL (B9)")
    parser.add_argument("--keep-data", action="store_true",
                        help="keep this run's working copy of the database, Lua scripts and server logs")
    parser.add_argument("--readme", action=argparse.BooleanOptionalAction, default=None,
                        help="rewrite the table in benchmarks/README.md (default: yes, except with --quick)")
    parser.add_argument("--render", metavar="JSON", help="measure nothing: print (and --readme) a saved run's table")
    args = parser.parse_args(argv)
    quick = args.quick
    opts = Options(
        rows=args.rows or (QUICK_ROWS if quick else FULL_ROWS),
        rounds=args.rounds or (1 if quick else 3),
        duration=args.duration or (2.0 if quick else 10.0),
        mixed_duration=args.mixed_duration or (12.0 if quick else 120.0),
        only=frozenset(x.strip().upper() for x in args.only.split(",")) if args.only else None,
        postgres=args.postgres, keep_data=args.keep_data, quick=quick, warmup=1.0 if quick else 2.0)
    return opts, args


def start_servers(stack: ExitStack, opts: Options, sqlite: Dataset, pg: Dataset | None,
                  logs: Path) -> dict[str, Server]:
    """The application and the reference (and their 2-worker twins for B8, the PostgreSQL app for B9)."""
    wanted = {"app": app_server("app", sqlite.url, logs), "ref": reference_server("ref", logs)}
    if opts.wants("B8"):
        wanted["app2"] = app_server("app2", sqlite.url, logs, workers=2)
        wanted["ref2"] = reference_server("ref2", logs, workers=2)
    if pg is not None:
        wanted["pg"] = app_server("pg", pg.url, logs)
    for server in wanted.values():
        stack.enter_context(server)
    return wanted


def medians(rounds: list[Round]) -> dict[str, dict[str, float | None]]:
    """Median rps and latencies of every measurement across rounds."""
    names = {name for r in rounds for name in r}
    return {name: {attr: median(getattr(r[name], attr) for r in rounds if name in r)
                   for attr in ("rps", "p50_ms", "p90_ms", "p99_ms")} for name in sorted(names)}


def measure(opts: Options, stamp: str, doc: dict[str, Any]) -> None:
    """Everything that needs the servers: fixtures, warm-up, rounds, B10, B6; fills ``doc``."""
    work_dir = DATA_DIR / f"run-{stamp}"
    try:
        _measure(opts, stamp, doc, work_dir)
    finally:
        if not opts.keep_data:
            shutil.rmtree(work_dir, ignore_errors=True)
        else:
            print(f"kept this run's database copy, Lua scripts and server logs in {work_dir}")


def _context(opts: Options, servers: dict[str, Server], sqlite: Dataset, pg: Dataset | None,
             doc: dict[str, Any]) -> Context:
    """Fixtures of each data set, the faces present and the MCP load, found through the running servers."""
    deep = any(opts.wants(s) for s in ("B2", "B4", "B10"))
    fx, faces = discover(servers["app"].base, sqlite, opts, deep=deep)
    ctx = Context(opts, sqlite.org, fx, faces, set(servers))
    if pg is not None:
        ctx.pg_org, ctx.pg_fixtures = pg.org, discover(servers["pg"].base, pg, opts, deep=False)[0]
    if opts.wants("B7"):
        ctx.mcp, ctx.mcp_note = mcp_load(servers["app"].base, ctx.org, fx)
        doc["mcp"] = ctx.mcp_note
    doc["faces_present"] = sorted(faces)
    doc["fixtures"] = {k: v for k, v in asdict(fx).items() if k not in ("ids", "interviewers", "targets")}
    return ctx


def _measure(opts: Options, stamp: str, doc: dict[str, Any], work_dir: Path) -> None:
    with ExitStack() as stack:
        sqlite = stack.enter_context(sqlite_dataset(opts.rows, work_dir, keep=opts.keep_data))
        pg = stack.enter_context(postgres_dataset(opts.rows, work_dir)) \
            if opts.postgres and opts.wants("B9") else None
        doc["datasets"] = {d.kind: d.describe() for d in (sqlite, pg) if d is not None}
        servers = start_servers(stack, opts, sqlite, pg, work_dir / "logs")
        ctx = _context(opts, servers, sqlite, pg, doc)
        scenarios: list[Scenario] = build(ctx)
        runner = Runner(servers, opts, work_dir, stamp)
        doc["warmup"] = {k: v.as_dict() for k, v in runner.warm_up(scenarios).items()}
        rounds = runner.rounds(scenarios, Load("static", "/", harvest_headers(ctx.org)))
        doc["rounds"] = [{k: v.as_dict() for k, v in r.items()} for r in rounds]
        doc["medians"] = medians(rounds)
        if opts.wants("B10"):
            mixed = runner.mixed(Measurement("B10", "app", mixed_load(ctx)), opts.mixed_duration)
            doc["mixed"] = {**mixed, "result": mixed["result"].as_dict()}
        if opts.wants("B6"):
            doc["availability"] = availability.b6(opts.quick)
        doc["busy_after_run_s"] = runner.drains
        doc["server_alarms"] = {name: server.alarms() for name, server in servers.items()}
        doc["created_interviews"] = conflict_share(sqlite.url, f"bench-{stamp}-")


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM unwind (servers stopped, temporary data removed), even when started in background."""
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)


def publish(doc: dict[str, Any], path: Path, readme: bool) -> None:
    """Print the run's table (and server trouble); rewrite the README's table when ``readme``."""
    rows: list[Row] = rows_from(doc)
    block = report.section(doc, rows, path)
    print("\n" + block + "\n")
    alarms = {name: lines for name, lines in doc.get("server_alarms", {}).items() if lines}
    for name, lines in alarms.items():
        print(f"server {name!r} logged errors (all in {path}, server_alarms):\n" + "\n".join(lines[:40]))
    if readme:
        report.update_readme(block)
        print("benchmarks/README.md updated")


def main(argv: list[str] | None = None) -> int:
    """Run the suite; 0 when it completed (targets missed are results, not failures)."""
    argv = sys.argv[1:] if argv is None else argv
    opts, args = parse_args(argv)
    if args.render:
        path = Path(args.render).resolve()
        doc = json.loads(path.read_text())
        publish(doc, path, bool(args.readme if args.readme is not None else not doc["options"]["quick"]))
        return 0
    _stop_on_signals()
    wrk_binary()
    started = datetime.now(UTC)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    doc: dict[str, Any] = {"started_utc": started.strftime("%Y-%m-%d %H:%M UTC"),
                           "command": " ".join(["python -m benchmarks.run", *argv]).strip(),
                           "options": opts.as_dict(), "machine": facts()}
    try:
        measure(opts, stamp, doc)
    except KeyboardInterrupt:
        print("interrupted: servers stopped, nothing written", file=sys.stderr)
        return 130
    doc["finished_utc"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    doc["rows"] = [row.as_dict() for row in rows_from(doc)]
    path = report.write_json(doc, stamp)
    publish(doc, path, args.readme if args.readme is not None else not opts.quick)
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
