"""Fixtures of the reliability tests: two populated organizations on the live test server."""

from __future__ import annotations

import pytest

from interviewd.core.store.uow import Database
from tests.conftest import LiveServer
from tests.reliability.support import Tenant, populate
from tests.support.factories import World, build_world


@pytest.fixture
def tenant(db: Database, server: LiveServer, world: World) -> Tenant:
    """``world``'s organization, populated: the caller's own."""
    return populate(db, server.url, world)


@pytest.fixture
def other(db: Database, server: LiveServer) -> Tenant:
    """Another organization, populated, whose tell-tale strings must never reach ``tenant``'s callers."""
    return populate(db, server.url, build_world(db))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
