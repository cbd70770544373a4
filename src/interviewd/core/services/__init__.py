"""The core's use cases. Faces import services from here and nothing from the store."""

from interviewd.core.services.applicants import TeamMemberSpec, applicant_service
from interviewd.core.services.catalog import Listing, Proposal, Refs, catalog_service
from interviewd.core.services.custom_fields import custom_field_service
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
    "Listing",
    "Principal",
    "Proposal",
    "Refs",
    "TeamMemberSpec",
    "applicant_service",
    "catalog_service",
    "custom_field_service",
    "directory_service",
    "interview_service",
    "key_service",
]
