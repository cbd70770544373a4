"""Real peers on loopback for the worker's tests: an HTTP webhook receiver, an SMTP sink, a CalDAV server."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import httpx
import uvicorn
from aiosmtpd.controller import Controller
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(app: Starlette, port: int) -> Iterator[None]:
    """``app`` served by uvicorn on a loopback port, in a thread, for as long as the block runs."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookReceiver:
    """Records every POST; answers ``fail_with`` to the first ``fail_first`` requests of each path."""

    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)
    fail_first: int = 0
    fail_with: int = 500
    _seen: dict[str, int] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _handle(self, request: Request) -> Response:
        body = await request.body()
        path = request.url.path
        self._seen[path] = self._seen.get(path, 0) + 1
        if self._seen[path] <= self.fail_first:
            return Response("failing on purpose", status_code=self.fail_with)
        self.received.append(Received(path, {k.lower(): v for k, v in request.headers.items()}, body))
        return Response("ok")

    @contextmanager
    def running(self) -> Iterator[WebhookReceiver]:
        with serving(Starlette(routes=[Route("/{path:path}", self._handle, methods=["POST"])]), self.port):
            yield self


class _Sink:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's API
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


@contextmanager
def smtp_sink() -> Iterator[tuple[str, list[EmailMessage]]]:
    """An aiosmtpd server on a free port (its Controller cannot take port 0); yields (url, messages)."""
    sink = _Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", sink.messages
    finally:
        controller.stop()


@contextmanager
def radicale() -> Iterator[str]:
    """A Radicale CalDAV server with no authentication; yields its base URL."""
    root = tempfile.mkdtemp(prefix="radicale-")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "radicale", f"--server-hosts=127.0.0.1:{port}", "--auth-type=none",
         f"--storage-filesystem-folder={root}/collections", "--rights-type=owner_only", "--logging-level=warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"radicale did not start: {proc.stderr.read() if proc.stderr else ''}") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(root, ignore_errors=True)


def make_calendar(base: str, user: str, name: str = "interviews") -> str:
    """Create a calendar collection for ``user`` (MKCALENDAR) and return its URL."""
    url = f"{base}/{user}/{name}/"
    response = httpx.request("MKCALENDAR", url, auth=(user, "secret"), timeout=10)
    assert response.status_code in (201, 405), response.text
    return url


@dataclass
class FeedServer:
    """Serves one ICS text at /feed.ics (GET), as a calendar feed would."""

    text: str = ""
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/feed.ics"

    async def _handle(self, request: Request) -> Response:
        return Response(self.text, media_type="text/calendar")

    @contextmanager
    def running(self) -> Iterator[FeedServer]:
        with serving(Starlette(routes=[Route("/feed.ics", self._handle)]), self.port):
            yield self
