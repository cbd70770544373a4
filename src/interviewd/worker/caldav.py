"""Invites pushed to users' CalDAV calendars: PUT of the event resource, DELETE on cancel (httpx)."""

from __future__ import annotations

from typing import Any

import httpx

from interviewd.worker.errors import Permanent, Retryable


def resource_url(collection: str, uid: str) -> str:
    return collection.rstrip("/") + "/" + uid.replace("@", "-at-") + ".ics"


class CalDav:
    """Writes one event resource per interview into a calendar collection."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def apply(self, payload: dict[str, Any]) -> int:
        """PUT (create or replace) or DELETE the interview's resource; returns the server's status."""
        url = resource_url(payload["collection"], payload["uid"])
        auth = (payload["username"], payload.get("password") or "") if payload.get("username") else None
        try:
            if payload["action"] == "delete":
                response = await self.client.delete(url, auth=auth)
                if response.status_code == 404:
                    return 404  # already gone: the goal is met
            else:
                response = await self.client.put(url, content=payload["ics"].encode(), auth=auth,
                                                  headers={"Content-Type": "text/calendar; charset=utf-8"})
        except httpx.HTTPError as exc:
            raise Retryable(f"CalDAV server unreachable: {exc}") from exc
        if response.is_success:
            return response.status_code
        error = Retryable if response.status_code >= 500 or response.status_code in (408, 429) else Permanent
        raise error(f"CalDAV {payload['action']} {url} answered {response.status_code}: {response.text[:200]}",
                    status_code=response.status_code)
