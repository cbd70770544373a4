"""The core's use cases. Faces import services from here and nothing from the store."""

from interviewd.core.services.directory import directory_service
from interviewd.core.services.interviews import (
    Booking,
    Changes,
    ConflictPolicy,
    InterviewerSpec,
    interview_service,
)
from interviewd.core.services.keys import Principal, key_service

__all__ = [
    "Booking",
    "Changes",
    "ConflictPolicy",
    "InterviewerSpec",
    "Principal",
    "directory_service",
    "interview_service",
    "key_service",
]
