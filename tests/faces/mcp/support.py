"""Helpers for the agents' face tests: keys, SDK sessions over HTTP, tool calls, dates."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx2
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client

from interviewd.core.services.keys import key_service
from interviewd.core.store.uow import Database
from tests.conftest import LiveServer
from tests.support.factories import T0, World

UTC = timezone.utc


def mcp_key(db: Database, world: World) -> str:
    return db.run(lambda s: key_service.issue(s, org_id=world.org_id, face="mcp", now=T0, rate_limit_per_10s=0,
                                              acting_user_id=world.admin).secret, write=True)


@asynccontextmanager
async def http_session(server: LiveServer, key: str) -> AsyncIterator[ClientSession]:
    async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}, timeout=30) as http, \
            streamable_http_client(server.url + "/mcp", http_client=http) as streams, \
            ClientSession(streams[0], streams[1]) as session:
        await session.initialize()
        yield session


async def call(session: ClientSession, tool: str, **args: Any) -> tuple[bool, Any]:
    result = await session.call_tool(tool, args)
    text = result.content[0].text  # type: ignore[union-attr]
    return bool(result.is_error), (text if result.is_error else json.loads(text))


def monday(weeks: int = 6, hour: int = 13) -> datetime:
    """A Monday some weeks out, at ``hour`` UTC (inside Berlin's and UTC's working hours)."""
    day = datetime.now(UTC).replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(weeks=weeks)
    return day - timedelta(days=day.weekday())
