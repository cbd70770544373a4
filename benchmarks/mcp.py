"""B7 (MCP part): ``check_interviewers_availability`` over streamable HTTP at ``/mcp``.

The face is stateless with JSON responses, so every request is one POST of a JSON-RPC ``tools/call``
with the organization's MCP key as Bearer. A tool error still answers HTTP 200 (``isError``), which wrk
cannot see, so one call is checked with httpx before the load is used.
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from benchmarks.fixtures import Fixtures
from benchmarks.wrk import Load

PATH = "/mcp"
DAY = 86_400


def _call(arguments: dict[str, Any]) -> str:
    return json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                       "params": {"name": "check_interviewers_availability", "arguments": arguments}})


def availability_arguments(fx: Fixtures) -> dict[str, Any]:
    """Three people who interview, one-on-one, 60 minutes, the week that starts in 7 days (UTC)."""
    start = (int(time.time()) // DAY + 7) * DAY
    iso = "%Y-%m-%dT%H:%M:%SZ"
    return {"interviewer_ids": fx.interviewers[:3], "start_time": time.strftime(iso, time.gmtime(start)),
            "end_time": time.strftime(iso, time.gmtime(start + 7 * DAY)), "duration_minutes": 60,
            "timezone": "UTC", "interview_kind": "one_on_one"}


def mcp_load(base: str, org: dict[str, Any], fx: Fixtures) -> tuple[Load | None, str]:
    """The wrk load, or None and why it cannot be measured (face absent, no key, or the call fails)."""
    key = org.get("credentials", {}).get("mcp")
    if not key:
        return None, "not measurable yet (the seed has no MCP key)"
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json",
               "Accept": "application/json, text/event-stream"}
    body = _call(availability_arguments(fx))
    try:
        response = httpx.post(base + PATH, content=body, headers=headers, timeout=60)
    except httpx.HTTPError as exc:
        return None, f"not measurable: {exc!r}"
    if response.status_code == 404:
        return None, "not measurable yet (MCP face not built: /mcp 404)"
    try:
        result = response.json()["result"]
        if result.get("isError"):
            raise ValueError(result)
        slots = result["structuredContent"]["slot_count"]
    except (ValueError, KeyError, TypeError):
        return None, f"MCP call failed ({response.status_code}): {response.text[:300]}"
    load = Load("static", PATH, headers, {"method": "POST", "body": body})
    return load, f"one-on-one of 3 people over 7 days: {slots} slots"
