"""Authentication of the unified APIs: ``Authorization: Bearer <api key>`` plus a second token in a header
(Merge's account token, Bindbee's connector token: the key's secondary secret); rate limits per key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Depends
from starlette.requests import Request

from interviewd.core.services import Principal
from interviewd.errors import Unauthenticated
from interviewd.faces._http.deps import bearer, check_query, core_of, count_request


@dataclass(frozen=True, slots=True)
class BearerScheme:
    """One dialect's credentials: its face, the header of the second token, and what each refusal says."""

    face: str
    token_header: str
    no_key: str
    no_token: str
    invalid: str



def principal_of(scheme: BearerScheme) -> Any:
    """A dependency that admits keys of ``scheme.face`` with their second token, and counts the request."""

    async def dependency(request: Request) -> Principal:
        core = core_of(request)
        key = bearer(request.headers.get("authorization"))
        if key is None:
            raise Unauthenticated(scheme.no_key)
        token = request.headers.get(scheme.token_header, "").strip()
        if not token:
            raise Unauthenticated(scheme.no_token)
        try:
            principal = await core.authenticate(scheme.face, key, token)
        except Unauthenticated:
            raise Unauthenticated(scheme.invalid) from None
        count_request(request, principal)
        check_query(request)
        return principal

    return Depends(dependency)
