"""Shared fixtures: every store and face test runs on SQLite and on a real PostgreSQL, built by Alembic."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from interviewd.app import create_app
from interviewd.config import Settings
from interviewd.core.store.engine import make_engine
from interviewd.core.store.migrate import upgrade
from interviewd.core.store.uow import Database
from tests.support.factories import World, build_world
from tests.support.postgres import running_postgres


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with running_postgres() as url:
        yield url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'interviewd.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="session")
def db(database_url: str) -> Iterator[Database]:
    engine = make_engine(database_url)
    upgrade(engine)
    database = Database(engine)
    yield database
    database.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving the app on a free loopback port, in a thread."""

    def __init__(self, db: Database, database_url: str) -> None:
        self.port = free_port()
        settings = Settings(database_url=database_url, rate_limit_per_10s=0, run_worker=False)
        config = uvicorn.Config(create_app(settings, database=db), host="127.0.0.1", port=self.port,
                                log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="session")
def server(db: Database, database_url: str) -> Iterator[LiveServer]:
    with LiveServer(db, database_url) as live:
        yield live


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)


@pytest.fixture
def harvest(server: LiveServer, world: World) -> Iterator[httpx.Client]:
    """A Harvest client of ``world``'s organization, over real HTTP."""
    with httpx.Client(base_url=server.url + "/harvest", auth=(world.keys["harvest"], ""), timeout=30) as client:
        yield client


@pytest.fixture
def seeds_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "shared" / "seeds"
