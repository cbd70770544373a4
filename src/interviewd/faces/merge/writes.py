"""``POST /ats/v1/interviews``: the body read into a core Proposal, and every problem as a Merge Problem object
(``{"source": {"pointer"}, "title", "detail", "problem_type"}``) pointing at the field to fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from interviewd.core.services import Booking, Proposal
from interviewd.errors import Invalid
from interviewd.faces._http.params import parse_instant
from interviewd.faces._unified.objects import STATUSES
from interviewd.faces.merge.errors import WriteRejected

TITLES = {"MISSING_REQUIRED_FIELD": "Missing Required Field", "INCORRECT_FIELD_TYPE": "Incorrect Field Type",
          "INVALID_FIELD_CHOICE": "Invalid Field Choice", "UNSUPPORTED_FIELD": "Unsupported Field",
          "SCHEDULING_CONFLICT": "Scheduling Conflict", "ERROR": "Error"}
MODEL_FIELDS = ("application", "job_interview_stage", "organizer", "interviewers", "location", "start_at", "end_at",
                "status", "integration_params", "linked_account_params")
# Core problems, by the Proposal field they name, point here.
POINTERS = {"actor": "/remote_user_id", "application": "/model/application", "stage": "/model/job_interview_stage",
            "start_at": "/model/start_at", "end_at": "/model/end_at", "location": "/model/location"}


def problem(problem_type: str, pointer: str, detail: str) -> dict[str, Any]:
    return {"source": {"pointer": pointer}, "title": TITLES[problem_type], "detail": detail,
            "problem_type": problem_type}


@dataclass(slots=True)
class Reader:
    """Collects errors and warnings while reading a body."""

    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def error(self, problem_type: str, pointer: str, detail: str) -> None:
        self.errors.append(problem(problem_type, pointer, detail))

    def uuid(self, value: Any, pointer: str, *, required: bool) -> UUID | None:
        """A reference: a UUID string, or an object with an ``id``."""
        if isinstance(value, dict):
            value = value.get("id")
        if value is None:
            if required:
                self.error("MISSING_REQUIRED_FIELD", pointer, f"{pointer.rsplit('/', 1)[-1]} is a required field")
            return None
        if isinstance(value, str):
            try:
                return UUID(value)
            except ValueError:
                pass
        self.error("INCORRECT_FIELD_TYPE", pointer, f"{pointer} must be the id (a UUID) of an object; got {value!r}")
        return None

    def moment(self, value: Any, pointer: str) -> datetime | None:
        name = pointer.rsplit("/", 1)[-1]
        if value is None:
            self.error("MISSING_REQUIRED_FIELD", pointer, f"{name} is a required field")
            return None
        try:
            if isinstance(value, str) and len(value.strip()) > 10:
                return parse_instant(value, name)
        except Invalid:
            pass
        self.error("INCORRECT_FIELD_TYPE", pointer, f"{name} must be an ISO-8601 date-time such as "
                   f"2021-10-15T13:00:00Z (no offset means UTC); got {value!r}")
        return None

    def actor(self, value: Any) -> UUID | int | None:
        """``remote_user_id``: the acting user's UUID, or its integer remote id."""
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        return self.uuid(value, "/remote_user_id", required=True)


@dataclass(slots=True)
class Request:
    """What the client asked for, as far as the core does not keep it."""

    proposal: Proposal
    status: str | None
    organizer: UUID | None
    warnings: list[dict[str, Any]]


def read(body: dict[str, Any]) -> Request:
    """The Proposal in a POST body; WriteRejected lists every problem at once."""
    r = Reader()
    for key in body.keys() - {"model", "remote_user_id"}:
        r.warnings.append(problem("UNSUPPORTED_FIELD", f"/{key}", f"This request contained a field that is not "
                                  f"supported in ScheduledInterview POST requests: {key}"))
    model = body.get("model")
    if not isinstance(model, dict):
        kind = "MISSING_REQUIRED_FIELD" if model is None else "INCORRECT_FIELD_TYPE"
        r.error(kind, "/model", "model is required: an object with the ScheduledInterview's fields")
        model = {}
    actor = r.actor(body.get("remote_user_id"))
    for key in model.keys() - set(MODEL_FIELDS):
        r.warnings.append(problem("UNSUPPORTED_FIELD", f"/model/{key}", "This request contained a field that is "
                                  f"not supported in ScheduledInterview POST requests: {key}"))
    proposal_args = {
        "application": r.uuid(model.get("application"), "/model/application", required=True),
        "stage": r.uuid(model.get("job_interview_stage"), "/model/job_interview_stage", required=False),
        "interviewers": _interviewers(r, model.get("interviewers")),
        "location": _location(r, model.get("location")),
        "start_at": r.moment(model.get("start_at"), "/model/start_at"),
        "end_at": r.moment(model.get("end_at"), "/model/end_at"),
        "custom_fields": _integration_params(r, model.get("integration_params")),
    }
    organizer = r.uuid(model.get("organizer"), "/model/organizer", required=False)
    status = _status(r, model.get("status"))
    if model.get("linked_account_params"):
        r.warnings.append(problem("UNSUPPORTED_FIELD", "/model/linked_account_params",
                                  "linked_account_params are not used by this server and were ignored"))
    if r.errors:
        raise WriteRejected(r.errors, r.warnings)
    assert actor is not None
    return Request(Proposal(actor=actor, **proposal_args), status, organizer, r.warnings)  # type: ignore[arg-type]


def _interviewers(r: Reader, value: Any) -> list[UUID]:
    if value is None:
        return []
    if not isinstance(value, list):
        r.error("INCORRECT_FIELD_TYPE", "/model/interviewers", "interviewers must be an array of RemoteUser ids")
        return []
    found = [r.uuid(item, f"/model/interviewers/{n}", required=True) for n, item in enumerate(value)]
    return [u for u in found if u is not None]


def _location(r: Reader, value: Any) -> str | None:
    if value is not None and (not isinstance(value, str) or len(value) > 500):
        r.error("INCORRECT_FIELD_TYPE", "/model/location", "location must be a string of at most 500 characters")
        return None
    return value


def _status(r: Reader, value: Any) -> str | None:
    if value is not None and value not in STATUSES.values():
        r.error("INVALID_FIELD_CHOICE", "/model/status",
                f"status must be one of {', '.join(STATUSES.values())}; got {value!r}")
        return None
    return value


def _integration_params(r: Reader, value: Any) -> dict[str, Any]:
    """``integration_params.custom_fields``: custom field values by key (see GET .../meta/post)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        r.error("INCORRECT_FIELD_TYPE", "/model/integration_params", "integration_params must be an object")
        return {}
    for key in value.keys() - {"custom_fields"}:
        r.warnings.append(problem("UNSUPPORTED_FIELD", f"/model/integration_params/{key}",
                                  f"integration_params.{key} is not used by this server and was ignored"))
    fields = value.get("custom_fields") or {}
    if not isinstance(fields, dict):
        r.error("INCORRECT_FIELD_TYPE", "/model/integration_params/custom_fields",
                "integration_params.custom_fields must be an object of values by custom field key")
        return {}
    return fields


def rejected(exc: Invalid, warnings: list[dict[str, Any]]) -> WriteRejected:
    """The core's problems (named as Proposal fields) as Merge Problem objects."""
    out = []
    for p in exc.problems or []:
        name = p.field
        if name.startswith("interviewers["):
            pointer = "/model/interviewers/" + name[len("interviewers["):].split("]", 1)[0]
        elif name.startswith("custom_fields."):
            pointer = "/model/integration_params/custom_fields/" + name.split(".", 1)[1]
        else:
            pointer = POINTERS.get(name, "/model")
        out.append(problem("ERROR", pointer, p.message))
    return WriteRejected(out or [problem("ERROR", "/model", exc.message)], warnings)


def outcome_warnings(request: Request, booking: Booking) -> list[dict[str, Any]]:
    """Warnings about what was booked: interviewers already busy, a status or organizer that could not be kept."""
    view, warnings = booking.interview, list(request.warnings)
    index = {i.user.id: n for n, i in enumerate(view.interviewers) if i.user}
    for c in booking.conflicts:
        pointer = f"/model/interviewers/{index[c.user_id]}" if c.user_id in index else "/model/interviewers"
        warnings.append(problem("SCHEDULING_CONFLICT", pointer, f"{c.email} is already booked in interview "
                                f"{c.interview_id} from {c.start_at.isoformat()} to {c.end_at.isoformat()}"))
    shown = STATUSES.get(view.status, view.status)
    if request.status is not None and request.status != shown:
        warnings.append(problem("UNSUPPORTED_FIELD", "/model/status", f"status follows from the interview's time "
                                f"and scorecards and was not set; the interview is {shown}"))
    if request.organizer is not None and (view.organizer is None or view.organizer.uuid != str(request.organizer)):
        warnings.append(problem("UNSUPPORTED_FIELD", "/model/organizer", "the acting user (remote_user_id) "
                                "becomes the organizer, as in Greenhouse; organizer was not used"))
    return warnings
