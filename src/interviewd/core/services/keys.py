"""API keys: created once (the secret is shown then and never again), stored hashed, checked per request."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from interviewd.core.model import ApiKey, Organization, User
from interviewd.core.store import records
from interviewd.errors import NotFound, RateLimited, Unauthenticated

FACES = ("harvest", "merge", "bindbee", "apploi", "mcp")
_CACHE_SECONDS = 5.0


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a key of one organization, for one face, with its permissions and rate limit."""

    key_id: int
    organization_id: int
    face: str
    permissions: frozenset[str] | None
    rate_limit_per_10s: int
    acting_user_id: int | None = None

    def allows(self, permission: str) -> bool:
        return self.permissions is None or permission in self.permissions


@dataclass(frozen=True, slots=True)
class IssuedKey:
    key_id: int
    secret: str
    secondary: str | None


class KeyService:
    """Issues and checks credentials; checks are cached for a few seconds per process."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str | None], tuple[float, Principal | None]] = {}
        self._lock = threading.Lock()

    def issue(self, session: Session, *, org_id: int, face: str, now: datetime, rate_limit_per_10s: int,
              name: str = "", permissions: list[str] | None = None, secret: str | None = None,
              secondary: str | None = None, with_secondary: bool = False,
              acting_user_id: int | None = None) -> IssuedKey:
        """Create a key for ``face``; Merge and Bindbee keys also get an account/connector token."""
        if face not in FACES:
            raise ValueError(f"face must be one of {', '.join(FACES)}")
        if session.get(Organization, org_id) is None:
            raise NotFound(f"Organization {org_id} does not exist")
        if acting_user_id is not None and records.get(session, User, org_id, acting_user_id) is None:
            raise NotFound(f"User {acting_user_id} does not exist in organization {org_id}")
        secret = secret or secrets.token_hex(20)
        if with_secondary and secondary is None:
            secondary = secrets.token_hex(16)
        key = ApiKey(organization_id=org_id, face=face, name=name, key_hash=hash_secret(secret),
                     secondary_hash=hash_secret(secondary) if secondary else None, permissions=permissions,
                     rate_limit_per_10s=rate_limit_per_10s, acting_user_id=acting_user_id, active=True,
                     created_at=now)
        session.add(key)
        session.flush()
        return IssuedKey(key.id, secret, secondary)

    def cached(self, *, face: str, secret: str, secondary: str | None = None) -> Principal | bool | None:
        """The cached check of these credentials: a Principal, None (refused), or False (not cached)."""
        with self._lock:
            hit = self._cache.get(self._cache_key(face, secret, secondary))
        if hit is None or hit[0] <= time.monotonic():
            return False
        return hit[1]

    def authenticate(self, session: Session, *, face: str, secret: str, secondary: str | None = None) -> Principal:
        """The principal behind ``secret`` for ``face``, or Unauthenticated; remembered for a few seconds."""
        principal = self._lookup(session, face, hash_secret(secret),
                                 hash_secret(secondary) if secondary is not None else None)
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[self._cache_key(face, secret, secondary)] = (time.monotonic() + _CACHE_SECONDS, principal)
        if principal is None:
            raise Unauthenticated("Invalid credentials")
        return principal

    @staticmethod
    def _cache_key(face: str, secret: str, secondary: str | None) -> tuple[str, str | None]:
        return (face + ":" + hash_secret(secret), hash_secret(secondary) if secondary is not None else None)

    def _lookup(self, session: Session, face: str, key_hash: str, secondary_hash: str | None) -> Principal | None:
        key = records.api_key_by_hash(session, key_hash)
        if key is None or not key.active or key.face != face:
            return None
        if key.secondary_hash is not None and key.secondary_hash != secondary_hash:
            return None
        return Principal(key.id, key.organization_id, key.face,
                         frozenset(key.permissions) if key.permissions is not None else None,
                         key.rate_limit_per_10s, key.acting_user_id)

    def forget(self) -> None:
        """Drop cached checks (after keys change in this process)."""
        with self._lock:
            self._cache.clear()


class RateLimiter:
    """Fixed 10-second windows per key, in this process. Returns (limit, remaining, reset epoch)."""

    WINDOW = 10

    def __init__(self) -> None:
        self._windows: dict[int, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def hit(self, principal: Principal, now_epoch: float) -> tuple[int, int, int] | None:
        limit = principal.rate_limit_per_10s
        if limit <= 0:
            return None
        window = int(now_epoch // self.WINDOW)
        reset = (window + 1) * self.WINDOW
        with self._lock:
            start, used = self._windows.get(principal.key_id, (window, 0))
            if start != window:
                used = 0
            if used >= limit:
                raise RateLimited(f"Rate limit of {limit} requests per 10 seconds exceeded; retry after "
                                  f"{max(1, int(reset - now_epoch))} seconds",
                                  retry_after=max(1, int(reset - now_epoch) + 1), limit=limit, reset_at=reset)
            self._windows[principal.key_id] = (window, used + 1)
        return limit, limit - used - 1, reset


key_service = KeyService()
