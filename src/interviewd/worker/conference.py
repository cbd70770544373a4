"""Conference links, minted by a provider chosen by the interview's location kind.

A provider is anything with ``kinds`` and ``async create(request) -> url``. The default mints a unique,
stable URL from INTERVIEWD_CONFERENCE_URL_TEMPLATE (a Jitsi Meet room unless configured), so a fresh
install works with no vendor account; a Zoom or Teams provider drops in by registering for its kind.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

from interviewd.worker.errors import Permanent


@dataclass(frozen=True, slots=True)
class ConferenceRequest:
    interview_uuid: str
    name: str
    location_kind: str
    host_email: str | None


class ConferenceProvider(Protocol):
    kinds: frozenset[str]

    async def create(self, request: ConferenceRequest) -> str: ...


class TemplateProvider:
    """Meeting rooms named by a template: ``{token}`` is stable per interview and hard to guess."""

    kinds = frozenset({"zoom", "google_meet", "microsoft_teams"})

    def __init__(self, template: str) -> None:
        if "{token}" not in template:
            raise ValueError("INTERVIEWD_CONFERENCE_URL_TEMPLATE must contain {token}")
        self.template = template

    async def create(self, request: ConferenceRequest) -> str:
        token = hashlib.sha256(f"interviewd:{request.interview_uuid}".encode()).hexdigest()[:20]
        return self.template.format(token=token, kind=request.location_kind)


class Conferencing:
    """Picks the provider registered for a location kind; later registrations win."""

    def __init__(self, *providers: ConferenceProvider) -> None:
        self._by_kind: dict[str, ConferenceProvider] = {}
        for provider in providers:
            self.register(provider)

    def register(self, provider: ConferenceProvider) -> None:
        for kind in provider.kinds:
            self._by_kind[kind] = provider

    async def create(self, request: ConferenceRequest) -> str:
        provider = self._by_kind.get(request.location_kind)
        if provider is None:
            raise Permanent(f"no conference provider for location kind {request.location_kind!r}")
        return await provider.create(request)
