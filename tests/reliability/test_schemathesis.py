"""Every operation of every REST face, fuzzed by schemathesis from the live server's /openapi.json with real
credentials: never a 5xx, only documented status codes and content types, bodies that match their schemas.

Each operation gets a bounded number of derandomized examples (stable in CI): values generated from the schema
alone (mostly unknown ids), the same with the path ids of real objects of the caller's organization (and a real
On-Behalf-Of user where the operation takes one), and values that break the schema on purpose."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from interviewd.app import create_app
from interviewd.config import Settings
from tests.conftest import LiveServer
from tests.reliability.support import PREFIXES, REST_FACES, Tenant, face_routes, kind_of, path_params
from tests.support.factories import iso, later

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {"real": 4, "positive": 12, "negative": 8}
FUZZ = settings(derandomize=True, database=None, deadline=None, phases=(Phase.explicit, Phase.generate),
                suppress_health_check=list(HealthCheck), print_blob=False)


APP = create_app(Settings(database_url="sqlite://", run_worker=False))


def _operations() -> list[tuple[str, str, str]]:
    """(face, METHOD, path) of every operation in the OpenAPI document, read from the application itself."""
    schema = APP.openapi()
    out = []
    for path, operations in schema["paths"].items():
        face = next((f for f in REST_FACES if path.startswith(PREFIXES[f] + "/")), None)
        assert face is not None, f"{path} belongs to no face"
        out.extend((face, method.upper(), path) for method in operations)
    return out


OPERATIONS = _operations()


def test_every_route_of_every_face_is_in_the_document() -> None:
    """A route left out of /openapi.json would be left out of the fuzzing too."""
    served = {(face, method, path) for face in REST_FACES for method, path in face_routes(APP, face)}
    assert served == set(OPERATIONS)


# The refusals every operation of a face can answer, whatever it does: wrong credentials, bad values, throttling.
REFUSALS = {"harvest": {"401", "403", "422", "429"}, "merge": {"400", "401", "429"},
            "bindbee": {"401", "422", "429"}, "apploi": {"400", "403", "429"}}


def test_every_operation_documents_the_errors_it_can_return() -> None:
    """Auth refusal, bad values and throttling everywhere; 404 with an id in the path; 413 and 415 with a body."""
    document = APP.openapi()
    missing = {}
    for face, method, path in OPERATIONS:
        operation = document["paths"][path][method.lower()]
        expected = set(REFUSALS[face])
        if path_params(path):
            expected.add("404")
        if "requestBody" in operation:
            expected |= {"413", "415"}
        documented = set(operation["responses"])
        if expected - documented:
            missing[f"{method} {path}"] = sorted(expected - documented)
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                assert "application/json" in response.get("content", {}), (method, path, status)
    assert not missing, missing


@pytest.fixture(scope="session")
def api_schema(server: LiveServer) -> Any:
    return schemathesis.openapi.from_url(server.url + "/openapi.json", timeout=30)


@pytest.fixture(scope="session")
def http() -> Any:
    with requests.Session() as session:
        yield session


def _valid_bodies(tenant: Tenant) -> dict[tuple[str, str], Any]:
    """A body each writing operation accepts, for the caller's own objects (the path ids are filled in too)."""
    w, tag = tenant.world, tenant.tag
    create = {"application_id": w.applications["active"], "interview_id": w.activities[0],
              "interviewers": [{"user_id": w.interviewers[1], "response_status": "accepted"}],
              "start": iso(later(days=40)), "end": iso(later(days=40, hours=1)), "external_event_id": f"fuzz-{tag}"}
    return {
        ("POST", "/harvest/v1/scheduled_interviews"): {**create, "external_event_id": f"fuzz-v1-{tag}"},
        ("POST", "/harvest/v2/scheduled_interviews"): create,
        ("PATCH", "/harvest/v1/scheduled_interviews/{id}"): {"location": "Room 7"},
        ("PATCH", "/harvest/v2/scheduled_interviews/{id}"): {"location": None},
        ("POST", "/harvest/v1/webhooks"): {"url": "https://hooks.example.com/fuzz", "dialect": "merge"},
        ("PUT", "/apploi/applicants/{application_form_id}/interviews"): {
            "date": "2031-12-05T17:30:00Z", "duration": "60", "timezone": "America/New_York", "location": "Virtual",
            "interviewerId": str(w.interviewers[2])},
        ("POST", "/merge/api/ats/v1/interviews"): {
            "model": {"application": tenant.uuids["application"], "interviewers": [tenant.uuids["user"]],
                      "start_at": iso(later(days=41)), "end_at": iso(later(days=41, hours=1))},
            "remote_user_id": str(w.admin)},
    }


def _strategies(operation: Any, face: str, method: str, path: str, tenant: Tenant) -> list[tuple[Any, int]]:
    """(strategy, examples): real ids, acting user and a valid body; values from the schema alone; values that
    break the schema on purpose (when anything declared can be broken)."""
    declared = {p.name for p in operation.headers}
    headers = {"On-Behalf-Of": str(tenant.world.admin)} if "On-Behalf-Of" in declared else None
    real = {name: tenant.path_value(face, kind_of(path, name)) for name in path_params(path)}
    body = _valid_bodies(tenant).get((method, path), NOT_SET)
    assert body is not NOT_SET or not operation.body, f"{method} {path}: add a valid body to _valid_bodies"
    out = [(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real or None, headers=headers,
                                  body=body), EXAMPLES["real"]),
           (operation.as_strategy(GenerationMode.POSITIVE), EXAMPLES["positive"])]
    if _negatable(operation):
        out.append((operation.as_strategy(GenerationMode.NEGATIVE), EXAMPLES["negative"]))
    return out


_CONSTRAINTS = {"minimum", "maximum", "maxLength", "minLength", "pattern", "enum", "format"}


def _negatable(operation: Any) -> bool:
    """Whether anything the operation declares can be broken on purpose (a body, a constrained parameter)."""
    if operation.body:
        return True

    def constrained(schema: Any) -> bool:
        if isinstance(schema, dict):
            if schema.get("type") in ("integer", "number", "boolean") or _CONSTRAINTS & set(schema):
                return True
            return any(constrained(v) for v in schema.values())
        return isinstance(schema, list) and any(constrained(v) for v in schema)

    params = [*operation.path_parameters, *operation.query, *operation.headers]
    return any(constrained(p.definition.get("schema", {})) for p in params)


@pytest.mark.parametrize(("face", "method", "path"), OPERATIONS, ids=[f"{m} {p}" for _f, m, p in OPERATIONS])
def test_operation_conforms_to_its_document(api_schema: Any, http: Any, server: LiveServer, tenant: Tenant,
                                            face: str, method: str, path: str) -> None:
    operation = api_schema[path][method]
    auth = tenant.headers(face)
    seen: dict[int, int] = {}

    def check(case: Any) -> None:
        response = case.call(base_url=server.url, session=http, headers=auth, timeout=30)
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        case.validate_response(response, checks=CHECKS, headers=auth)

    for strategy, examples in _strategies(operation, face, method, path, tenant):
        settings(FUZZ, max_examples=examples)(given(case=strategy)(check))()
    assert max(seen) < 500, seen
    assert min(seen) < 300, f"{method} {path} never succeeded: {seen}"
