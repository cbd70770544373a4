"""Interview status, derived from the clock: scheduled -> awaiting_feedback -> complete; cancelled apart."""

from __future__ import annotations

from datetime import datetime

SCHEDULED = "scheduled"
AWAITING_FEEDBACK = "awaiting_feedback"
COMPLETE = "complete"
CANCELLED = "cancelled"

ACTIONABLE_STATUSES = frozenset({SCHEDULED, AWAITING_FEEDBACK})


def status_of(*, end_at: datetime, feedback_complete: bool, cancelled: bool, now: datetime) -> str:
    """The status of an interview at ``now``: its end passing moves it on, full feedback completes it."""
    if cancelled:
        return CANCELLED
    if end_at > now:
        return SCHEDULED
    return COMPLETE if feedback_complete else AWAITING_FEEDBACK


def feedback_complete(scorecard_submitted: list[bool]) -> bool:
    """Feedback is complete when every interviewer has submitted a scorecard (vacuously with none)."""
    return all(scorecard_submitted)
