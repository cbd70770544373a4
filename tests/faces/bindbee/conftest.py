from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import LiveServer
from tests.support.factories import World
from tests.support.unified import bindbee_client


@pytest.fixture
def bindbee(server: LiveServer, world: World) -> Iterator[httpx.Client]:
    """A Bindbee client of ``world``'s organization (bearer token and connector token), over real HTTP."""
    with bindbee_client(server.url, world) as client:
        yield client

