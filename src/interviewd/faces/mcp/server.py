"""The MCP server (official SDK 2.x): streamable HTTP at /mcp with an organization's Bearer key; stdio too."""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.transport_security import TransportSecuritySettings
from starlette.responses import JSONResponse

from interviewd.core.runtime import Core
from interviewd.core.services import Principal
from interviewd.errors import Conflict, InterviewdError, Unauthenticated
from interviewd.faces._http.body import nul_path
from interviewd.faces._http.deps import bearer

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]
_stdio_principal: contextvars.ContextVar[Principal | None] = contextvars.ContextVar("stdio_principal", default=None)

INSTRUCTIONS = """Schedule, move and cancel interviews in interviewd.
Plan-driven: get_interview_plan -> pick a stage_activity_id -> check_interviewers_availability -> create_interview.
Ad hoc: list_valid_organizers -> list_applications -> check_interviewers_availability -> create_interview.
Fix mistakes with get_interview, list_interviews, update_interview and cancel_interview.
Every error says which field is wrong and how to fix it."""


class Tools:
    """What every tool needs: the core, and the organization of the caller."""

    def __init__(self, core: Core) -> None:
        self.core = core

    async def principal(self, ctx: Context) -> Principal:
        headers = ctx.headers
        if headers is None:
            found = _stdio_principal.get()
            if found is None:
                raise ToolError("no credentials: set INTERVIEWD_MCP_KEY for `interviewd mcp`")
            return found
        return await self.core.authenticate("mcp", bearer(headers.get("authorization")))

    async def call(self, ctx: Context, fn: Callable[[Any, Any, int], Any], *, write: bool = False) -> Any:
        """Run ``fn(session, now, org_id)`` in one unit of work; core errors become tool errors."""
        principal = await self.principal(ctx)
        try:
            return await self.core.call(lambda s, now: fn(s, now, principal.organization_id), write=write)
        except InterviewdError as exc:
            raise ToolError(describe(exc)) from None


def describe(exc: InterviewdError) -> str:
    """One message an agent can act on: every problem, each with its field and fix."""
    if len(exc.problems) > 1:
        return "; ".join(p.message if p.message.startswith(p.field) else f"{p.field}: {p.message}"
                         for p in exc.problems)
    if isinstance(exc, Conflict):
        return f"{exc.message} (or pass allow_conflicts=true to book it anyway)"
    return exc.message


def build(core: Core) -> MCPServer:
    """The MCP server with every tool registered."""
    from interviewd.faces.mcp import tools_read, tools_write

    server = MCPServer(name="interviewd", instructions=INSTRUCTIONS, version="1", log_level="WARNING")
    helper = Tools(core)
    tools_read.register(server, helper)
    tools_write.register(server, helper)
    return server


class _Endpoint:
    """An ASGI app (an object, so Starlette's Route passes it the raw scope): the key first, then the body (as
    every face reads one: at most ``max_body_bytes``, no NUL characters), then the SDK."""

    def __init__(self, inner: ASGIApp, core: Core) -> None:
        self.inner, self.core = inner, core

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        headers = {k.decode().lower(): v.decode() for k, v in scope.get("headers", [])}
        try:
            await self.core.authenticate("mcp", bearer(headers.get("authorization")))
        except Unauthenticated as exc:
            reply = JSONResponse({"error": "unauthorized", "error_description": f"{exc.message}: send "
                                  "Authorization: Bearer <the organization's MCP key>"}, status_code=401,
                                 headers={"WWW-Authenticate": 'Bearer realm="interviewd"'})
            await reply(scope, receive, send)
            return
        body, refusal = await _read_body(receive, headers, self.core.settings.max_body_bytes)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.inner(scope, _replay(body, receive), send)


def _rpc_error(status: int, code: int, message: str, request_id: Any = None) -> JSONResponse:
    return JSONResponse({"jsonrpc": "2.0", "id": request_id, "error": {"code": code, "message": message}},
                        status_code=status)


async def _read_body(receive: Any, headers: dict[str, str], limit: int) -> tuple[bytes, JSONResponse | None]:
    """The whole request body, or the JSON-RPC error that refuses it (too large: 413; NUL characters: 400)."""
    too_large = _rpc_error(413, -32600, f"Request body is larger than {limit} bytes")
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return b"", too_large
    body = b""
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return body, None
        body += message.get("body", b"")
        if len(body) > limit:
            return b"", too_large
        if not message.get("more_body", False):
            break
    if b"\\u0000" in body:
        try:
            value = orjson.loads(body)
        except orjson.JSONDecodeError:
            return body, None  # the SDK answers the parse error
        where = nul_path(value, "")
        if where is not None:
            request_id = value.get("id") if isinstance(value, dict) else None
            return b"", _rpc_error(400, -32602, f"Invalid params: {where or 'the message'} must not contain NUL "
                                   "(\\u0000) characters", request_id)
    return body, None


def _replay(body: bytes, receive: Any) -> Any:
    """A ``receive`` that hands the body read already to the SDK, then whatever comes next (a disconnect)."""
    sent = False

    async def replay() -> Any:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def http_endpoint(server: MCPServer, core: Core) -> ASGIApp:
    """The /mcp endpoint: a Bearer key of the organization, then the SDK's stateless streamable HTTP."""
    app = server.streamable_http_app(
        streamable_http_path="/mcp", stateless_http=True, json_response=True,
        # The Bearer key already stops forged cross-site requests; deployments use any host name.
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False))
    return _Endpoint(app.routes[0].endpoint, core)  # type: ignore[attr-defined]


async def run_stdio(core: Core, key: str | None) -> None:
    """Serve the tools on stdin/stdout for the organization whose MCP key is ``key``."""
    principal = await core.authenticate("mcp", key)
    _stdio_principal.set(principal)
    await build(core).run_stdio_async()
