"""Fixtures of the agents' face: an MCP client session over HTTP for the test organization."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from mcp.client.session import ClientSession

from interviewd.core.store.uow import Database
from tests.conftest import LiveServer
from tests.faces.mcp.support import http_session, mcp_key
from tests.support.factories import World


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def agent(server: LiveServer, db: Database, world: World) -> AsyncIterator[ClientSession]:
    async with http_session(server, mcp_key(db, world)) as session:
        yield session
