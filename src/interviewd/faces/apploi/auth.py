"""Apploi authentication: the key in ``X-Api-Key``; per-endpoint permissions; rate limits; the acting user."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Security
from fastapi.security import APIKeyHeader
from starlette.requests import Request

from interviewd.core.services import Principal
from interviewd.errors import Forbidden
from interviewd.faces._http.deps import check_query, core_of, count_request

API_KEY = APIKeyHeader(name="X-Api-Key", auto_error=False, scheme_name="ApploiApiKey",
                       description="An interviewd key of the apploi face (`interviewd keys create --face apploi`)")


def apploi_key(permission: str) -> Any:
    """A dependency that admits keys of the Apploi face holding ``permission``, and counts the request."""

    async def dependency(request: Request, key: str | None = Security(API_KEY)) -> Principal:
        principal = await core_of(request).authenticate("apploi", key)
        count_request(request, principal)
        if not principal.allows(permission):
            raise Forbidden(f"This API key does not have the '{permission}' permission; grant it with "
                            f"`interviewd keys create --face apploi --permission {permission}`")
        check_query(request)
        return principal

    return Depends(dependency)


def acting_user(principal: Principal) -> int:
    """The user the key books as (the organizer): Apploi requests name none, so the key must."""
    if principal.acting_user_id is None:
        raise Forbidden("This API key has no acting user, so interviews booked with it would have no organizer. "
                        f"Create a key that acts as a user who may manage applications: `interviewd keys create "
                        f"--org {principal.organization_id} --face apploi --acting-user USER_ID`")
    return principal.acting_user_id
