"""Tool argument values read strictly, with messages an agent can act on."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from mcp.server.mcpserver.exceptions import ToolError

from interviewd.core.rules import zone as iana_zone
from interviewd.errors import Invalid


def instant(text: str, field: str, zone: ZoneInfo) -> datetime:
    """An ISO 8601 date-time; without an offset it is wall-clock time in ``zone``."""
    try:
        value = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except (ValueError, AttributeError):
        raise ToolError(f"{field} must be an ISO 8601 date-time such as 2030-05-01T09:00:00 (read in timezone) "
                        f"or 2030-05-01T09:00:00-04:00; got {text!r}") from None
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


def tool_zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``, or a tool error saying what a zone name looks like."""
    try:
        return iana_zone(name, field="timezone")
    except Invalid as exc:
        raise ToolError(exc.message) from None


def paged(items: list[Any], total: int, page: int, limit: int) -> dict[str, Any]:
    return {"items": items, "page": page, "limit": limit, "total": total, "has_more": page * limit < total}
