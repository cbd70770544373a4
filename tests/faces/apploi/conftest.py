"""Fixtures of the Apploi face tests: a client of ``world``'s organization over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import LiveServer
from tests.faces.apploi.support import client_for
from tests.support.factories import World


@pytest.fixture
def apploi(server: LiveServer, world: World) -> Iterator[httpx.Client]:
    """An Apploi client of ``world``'s organization (its key acts as ``world.admin``)."""
    with client_for(server, world.keys["apploi"]) as client:
        yield client
