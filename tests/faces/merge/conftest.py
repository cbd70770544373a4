from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import LiveServer
from tests.support.factories import World
from tests.support.unified import merge_client


@pytest.fixture
def merge(server: LiveServer, world: World) -> Iterator[httpx.Client]:
    """A Merge client of ``world``'s organization (API key and account token), over real HTTP."""
    with merge_client(server.url, world) as client:
        yield client

