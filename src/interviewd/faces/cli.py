"""The ``interviewd`` command: serve, demo, seed, db upgrade, keys."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from interviewd.config import Settings, get_settings

app = typer.Typer(help="interviewd: interview scheduling that speaks Harvest, Merge, Bindbee, Apploi and MCP.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
db_app = typer.Typer(help="Database schema commands.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys.", no_args_is_help=True)
hooks_app = typer.Typer(help="Webhook subscriptions and their deliveries.", no_args_is_help=True)
users_app = typer.Typer(help="People's scheduling settings.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
app.add_typer(hooks_app, name="webhooks")
app.add_typer(users_app, name="users")
err = Console(stderr=True)

DatabaseUrl = Annotated[str | None, typer.Option("--database-url", help="Overrides INTERVIEWD_DATABASE_URL")]
FACE_PATHS = {"harvest": "/harvest", "merge": "/merge/api", "bindbee": "/bindbee/api", "apploi": "/apploi",
              "mcp": "/mcp"}


def _settings(database_url: str | None) -> Settings:
    if database_url:
        os.environ["INTERVIEWD_DATABASE_URL"] = database_url
        get_settings.cache_clear()
    return get_settings()


def _database(settings: Settings) -> Any:
    from interviewd.core.store.engine import make_engine
    from interviewd.core.store.migrate import upgrade
    from interviewd.core.store.uow import Database

    engine = make_engine(settings.database_url)
    upgrade(engine)
    return Database(engine)


def _now() -> Any:
    from interviewd.core.clock import SystemClock

    return SystemClock().now()


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, database_url: DatabaseUrl = None,
          workers: Annotated[int, typer.Option(help="Server processes")] = 1,
          no_worker: Annotated[bool, typer.Option("--no-worker", help="Do not run the outbox worker")] = False,
          log_level: str = "warning") -> None:
    """Serve every face (the schema is brought up to date first)."""
    import uvicorn

    # set before the settings are read: the app factory reads them again, in this very process with one worker
    os.environ["INTERVIEWD_RUN_WORKER"] = "false" if no_worker else "true"
    get_settings.cache_clear()
    settings = _settings(database_url)
    _database(settings).dispose()
    uvicorn.run("interviewd.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level=log_level, access_log=False)


@app.command()
def demo(port: int = 8000, host: str = "127.0.0.1",
         database_url: Annotated[str, typer.Option(help="Recreated from scratch")] = "sqlite:///./interviewd-demo.db",
         seed: int = 1) -> None:
    """Create a fresh demo database, seed it, print credentials and base URLs, and serve."""
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    settings = _settings(database_url)
    data = _seed(settings, seed=seed, interviews=0)
    out = Console(soft_wrap=True)  # keys must stay on one line to be copied
    out.print(f"[bold]interviewd demo[/bold] on {database_url}")
    for org in data["organizations"]:
        out.print(f"\n[bold]{org['name']}[/bold] (organization {org['id']}, On-Behalf-Of: {org['on_behalf_of']})")
        for face, creds in org["credentials"].items():
            shown = creds if isinstance(creds, str) else "  ".join(f"{k}={v}" for k, v in creds.items())
            out.print(f"  {face:8} http://{host}:{port}{FACE_PATHS[face]}  {shown}", highlight=False)
    first = data["organizations"][0]["credentials"]["harvest"]
    out.print(f"\ntry: curl -u {first}: http://{host}:{port}/harvest/v1/scheduled_interviews\n")
    serve(host=host, port=port, database_url=database_url, workers=1, no_worker=False, log_level="warning")


def _seed(settings: Settings, *, seed: int, interviews: int) -> dict[str, Any]:
    from interviewd.core.services.seeding import add_generated_interviews, seed_demo

    db = _database(settings)
    try:
        data = seed_demo(db, seed=seed, now=_now(), rate_limit_per_10s=settings.rate_limit_per_10s)
        if interviews > 0:
            from rich.progress import Progress

            with Progress(console=err, transient=False) as progress:
                task = progress.add_task("interviews", total=interviews)
                add_generated_interviews(db, org_id=data["organizations"][0]["id"], count=interviews, seed=seed,
                                         now=_now(), progress=lambda n: progress.advance(task, n))
        return data
    finally:
        db.dispose()


@app.command("seed")
def seed_command(demo: Annotated[bool, typer.Option("--demo", help="Seed the demo data set")] = False,
                 as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout")] = False,
                 database_url: DatabaseUrl = None, seed: int = 1,
                 interviews: Annotated[int, typer.Option(help="Also generate N interviews, for benchmarks")] = 0,
                 ) -> None:
    """Seed a realistic, deterministic data set."""
    if not demo:
        err.print("Only the demo data set exists: pass --demo")
        raise typer.Exit(2)
    data = _seed(_settings(database_url), seed=seed, interviews=interviews)
    if as_json:
        sys.stdout.write(json.dumps(data) + "\n")
    else:
        Console().print_json(json.dumps(data))


@db_app.command("upgrade")
def db_upgrade(database_url: DatabaseUrl = None) -> None:
    """Bring the schema to the newest migration."""
    _database(_settings(database_url)).dispose()
    err.print("schema is up to date")


@keys_app.command("create")
def keys_create(org: Annotated[int, typer.Option("--org", help="Organization id")],
                face: Annotated[str, typer.Option(help="harvest, merge, bindbee, apploi or mcp")],
                permission: Annotated[list[str] | None, typer.Option(help="Limit the key (repeatable)")] = None,
                rate_limit: Annotated[int | None, typer.Option(help="Requests per 10 s; 0 = off")] = None,
                acting_user: Annotated[int | None, typer.Option(
                    help="User the key acts as where its dialect names none (Apploi, MCP)")] = None,
                name: str = "", database_url: DatabaseUrl = None) -> None:
    """Create an API key; its secret is printed once, as JSON."""
    from interviewd.core.services.keys import FACES, key_service
    from interviewd.errors import NotFound

    if face not in FACES:
        err.print(f"--face must be one of {', '.join(FACES)}")
        raise typer.Exit(2)
    settings = _settings(database_url)
    db = _database(settings)
    limit = settings.rate_limit_per_10s if rate_limit is None else rate_limit
    try:
        issued = db.run(lambda s: key_service.issue(
            s, org_id=org, face=face, now=_now(), rate_limit_per_10s=limit, name=name, permissions=permission,
            with_secondary=face in ("merge", "bindbee"), acting_user_id=acting_user), write=True)
    except NotFound as exc:
        err.print(exc.message)
        raise typer.Exit(1) from None
    finally:
        db.dispose()
    sys.stdout.write(json.dumps({"id": issued.key_id, "organization_id": org, "face": face, "key": issued.secret,
                                 "secondary": issued.secondary, "permissions": permission,
                                 "rate_limit_per_10s": limit, "acting_user_id": acting_user}) + "\n")


@app.command()
def worker(database_url: DatabaseUrl = None) -> None:
    """Run the outbox worker alone (several may run against PostgreSQL)."""
    import asyncio
    import signal

    from interviewd.core.runtime import Core
    from interviewd.worker.runner import running

    settings = _settings(database_url)
    db = _database(settings)

    async def main_loop() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        async with running(Core(db, settings)):
            err.print("worker running; Ctrl-C stops it")
            await stop.wait()

    try:
        asyncio.run(main_loop())
    finally:
        db.dispose()


@app.command("mcp")
def mcp_stdio(database_url: DatabaseUrl = None) -> None:
    """Serve the MCP tools on stdin/stdout for the organization of INTERVIEWD_MCP_KEY."""
    import asyncio

    from interviewd.core.runtime import Core
    from interviewd.errors import Unauthenticated
    from interviewd.faces.mcp.server import run_stdio

    settings = _settings(database_url)
    db = _database(settings)
    try:
        asyncio.run(run_stdio(Core(db, settings), settings.mcp_key))
    except Unauthenticated:
        err.print("INTERVIEWD_MCP_KEY must hold an MCP key of the organization (interviewd keys create --face mcp)")
        raise typer.Exit(1) from None
    finally:
        db.dispose()


def _print_json(value: Any) -> None:
    import dataclasses
    from datetime import datetime

    def default(obj: Any) -> Any:
        if dataclasses.is_dataclass(obj):
            return dataclasses.asdict(obj)  # type: ignore[arg-type]
        if isinstance(obj, datetime):
            return obj.isoformat().replace("+00:00", "Z")
        raise TypeError(type(obj).__name__)

    sys.stdout.write(json.dumps(value, default=default) + "\n")


def _webhooks(database_url: str | None, fn: Any, *, write: bool = False) -> Any:
    from interviewd.errors import InterviewdError

    settings = _settings(database_url)
    db = _database(settings)
    try:
        return db.run(lambda s: fn(s, _now()), write=write)
    except InterviewdError as exc:
        err.print(f"error: {exc.message}")
        raise typer.Exit(1) from None
    finally:
        db.dispose()


@hooks_app.command("create")
def webhooks_create(org: Annotated[int, typer.Option("--org", help="Organization id")],
                    url: Annotated[str, typer.Option(help="Receiver URL (http or https)")],
                    dialect: Annotated[str, typer.Option(help="greenhouse, merge, kula or standard")],
                    secret: Annotated[str | None, typer.Option(help="Signing secret (random if left out)")] = None,
                    events: Annotated[list[str] | None, typer.Option(help="Only these events (repeatable)")] = None,
                    database_url: DatabaseUrl = None) -> None:
    """Subscribe a URL to interview events; prints the subscription (with its secret) as JSON."""
    from interviewd.core.services.webhooks import webhook_service

    _print_json(_webhooks(database_url, lambda s, now: webhook_service.create(
        s, org_id=org, url=url, dialect=dialect, secret=secret, events=events, now=now), write=True))


@hooks_app.command("list")
def webhooks_list(org: Annotated[int, typer.Option("--org")], database_url: DatabaseUrl = None) -> None:
    """The organization's subscriptions as JSON."""
    from interviewd.core.services.webhooks import webhook_service

    _print_json(_webhooks(database_url, lambda s, _now: webhook_service.list(s, org_id=org)))


@hooks_app.command("deliveries")
def webhooks_deliveries(org: Annotated[int, typer.Option("--org")],
                        status: Annotated[str | None, typer.Option(help="pending, delivered or failed")] = None,
                        limit: int = 100, database_url: DatabaseUrl = None) -> None:
    """The newest deliveries with every attempt, as JSON."""
    from interviewd.core.services.webhooks import webhook_service

    _print_json(_webhooks(database_url, lambda s, _now: webhook_service.deliveries(
        s, org_id=org, status=status, limit=limit)))


@hooks_app.command("redeliver")
def webhooks_redeliver(org: Annotated[int, typer.Option("--org")],
                       delivery: Annotated[int, typer.Option("--delivery", help="Delivery id")],
                       database_url: DatabaseUrl = None) -> None:
    """Queue a delivery again, due now."""
    from interviewd.core.services.webhooks import webhook_service

    _print_json(_webhooks(database_url, lambda s, now: webhook_service.redeliver(
        s, org_id=org, delivery_id=delivery, now=now), write=True))


@users_app.command("configure")
def users_configure(
        org: Annotated[int, typer.Option("--org")], user: Annotated[int, typer.Option("--user", help="User id")],
        time_zone: Annotated[str | None, typer.Option(help="IANA zone")] = None,
        working_hours: Annotated[str | None, typer.Option(help='JSON, e.g. {"mon": [["09:00", "17:00"]]}')] = None,
        overrides: Annotated[str | None, typer.Option(help='JSON by date, e.g. {"2031-05-01": []}')] = None,
        caldav_url: Annotated[str | None, typer.Option(help="CalDAV collection for invites and busy time")] = None,
        caldav_username: str | None = None, caldav_password: str | None = None,
        calendar_feed_url: Annotated[str | None, typer.Option(help="ICS feed counted as busy time")] = None,
        database_url: DatabaseUrl = None) -> None:
    """Set a user's time zone, working hours, date overrides and calendars; prints them as JSON."""
    from interviewd.core.services.people import people_service

    try:
        settings = {k: v for k, v in (
            ("time_zone", time_zone), ("working_hours", json.loads(working_hours) if working_hours else None),
            ("availability_overrides", json.loads(overrides) if overrides else None), ("caldav_url", caldav_url),
            ("caldav_username", caldav_username), ("caldav_password", caldav_password),
            ("calendar_feed_url", calendar_feed_url)) if v is not None}
    except json.JSONDecodeError as exc:
        err.print(f"error: --working-hours and --overrides take JSON ({exc})")
        raise typer.Exit(2) from None
    _print_json(_webhooks(database_url, lambda s, now: people_service.configure(
        s, org_id=org, user_id=user, now=now, settings=settings), write=True))


def main() -> None:
    from interviewd import logs

    logs.configure()
    app()


if __name__ == "__main__":
    main()
