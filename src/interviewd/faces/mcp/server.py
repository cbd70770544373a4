"""The MCP server (official SDK 2.x): streamable HTTP at /mcp with an organization's Bearer key; stdio too."""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.transport_security import TransportSecuritySettings
from starlette.responses import JSONResponse

from interviewd.core.runtime import Core
from interviewd.core.services import Principal
from interviewd.errors import Conflict, InterviewdError, Unauthenticated

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


def bearer(header: str | None) -> str | None:
    if header and header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


def build(core: Core) -> MCPServer:
    """The MCP server with every tool registered."""
    from interviewd.faces.mcp import tools_read, tools_write

    server = MCPServer(name="interviewd", instructions=INSTRUCTIONS, version="1", log_level="WARNING")
    helper = Tools(core)
    tools_read.register(server, helper)
    tools_write.register(server, helper)
    return server


class _Endpoint:
    """An ASGI app (an object, so Starlette's Route passes it the raw scope): the key first, then the SDK."""

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
        await self.inner(scope, receive, send)


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
