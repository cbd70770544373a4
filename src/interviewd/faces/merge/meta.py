"""``GET /ats/v1/interviews/meta/post``: the JSON schema of a POST body, custom fields included."""

from __future__ import annotations

from typing import Any

from interviewd.core.views import CustomFieldView
from interviewd.faces._unified.objects import STATUSES

_REF = {"type": "string", "format": "uuid"}
_VALUE_SCHEMAS: dict[str, dict[str, Any]] = {
    "short_text": {"type": "string", "maxLength": 255}, "long_text": {"type": "string", "maxLength": 10_000},
    "number": {"type": "number"}, "boolean": {"type": "boolean"}, "date": {"type": "string", "format": "date"},
    "url": {"type": "string", "format": "uri", "maxLength": 2000},
}


def _custom_field(f: CustomFieldView) -> dict[str, Any]:
    if f.value_type == "single_select":
        schema: dict[str, Any] = {"type": "string", "enum": f.options}
    elif f.value_type == "multi_select":
        schema = {"type": "array", "items": {"type": "string", "enum": f.options}, "uniqueItems": True}
    else:
        schema = dict(_VALUE_SCHEMAS[f.value_type])
    return {**schema, "title": f.name, "description": f"Custom field {f.key!r} ({f.value_type}); null clears it"}


def request_schema(fields: list[CustomFieldView]) -> dict[str, Any]:
    """The schema of ``{"model": ..., "remote_user_id": ...}``."""
    model = {
        "type": "object",
        "properties": {
            "application": {**_REF, "description": "The Application to interview for (required)"},
            "job_interview_stage": {**_REF, "description": "A JobInterviewStage of the application's job; the "
                                    "interview takes that stage's first interview step"},
            "organizer": {**_REF, "description": "The acting user (remote_user_id) becomes the organizer"},
            "interviewers": {"type": "array", "items": _REF, "description": "RemoteUser ids of the interviewers"},
            "location": {"type": "string", "maxLength": 500},
            "start_at": {"type": "string", "format": "date-time"},
            "end_at": {"type": "string", "format": "date-time", "description": "After start_at, within 14 days"},
            "status": {"type": "string", "enum": list(STATUSES.values()),
                       "description": "Follows from the time and scorecards; a different value gives a warning"},
            "integration_params": {"type": "object", "properties": {"custom_fields": {
                "type": "object", "properties": {f.key: _custom_field(f) for f in fields},
                "additionalProperties": False}}},
            "linked_account_params": {"type": "object", "description": "Not used by this server"},
        },
        "required": ["application", "start_at", "end_at"],
    }
    return {"type": "object", "properties": {
        "model": model,
        "remote_user_id": {"type": "string", "description": "The acting user: a RemoteUser id, or its remote_id"},
    }, "required": ["model", "remote_user_id"]}


def post_meta(fields: list[CustomFieldView]) -> dict[str, Any]:
    """Merge's MetaResponse."""
    return {"request_schema": request_schema(fields), "remote_field_classes": {},
            "status": {"linked_account_status": "COMPLETE", "can_make_request": True},
            "has_conditional_params": False, "has_required_linked_account_params": False}
