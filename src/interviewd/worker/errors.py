"""What a handler may raise, and whether trying again can help.

    DeliveryError
    ├── Retryable      timeouts, connection failures, 5xx, 429: try again after the backoff
    └── Permanent      a 4xx the receiver will keep giving, a misconfiguration: stop and mark failed
"""

from __future__ import annotations


class DeliveryError(Exception):
    """A side effect that did not happen; ``status_code`` is the receiver's answer when there was one."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class Retryable(DeliveryError):
    pass


class Permanent(DeliveryError):
    pass
