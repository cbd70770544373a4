"""Bad input, table-driven, on every face: malformed JSON, JSON of the wrong type, strings where numbers go, huge
bodies, invalid zones, dates out of range, SQL and HTML injection, NUL characters, unicode oddities and unknown
ids. Each is answered with a 4xx in the face's own envelope whose message names what to fix; never a 5xx; every
status is one the operation documents; and the database is unharmed afterwards. Text that is merely odd (an
injection string in a free-text field) is data: stored and returned verbatim, never interpreted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from interviewd.core.model import Base, Organization, ScheduledInterview, User
from interviewd.core.store.uow import Database
from tests.conftest import LiveServer
from tests.reliability.support import ADDRESSING, Tenant, envelope, face_routes, items_of, path_params
from tests.support.factories import iso, later

MIB = 1024 * 1024
DROP = "'; DROP TABLE users;--"
SCRIPT = "<script>alert(1)</script>"
UNSET: Any = object()
# What each face answers for a value it cannot use.
INVALID = {"harvest": 422, "merge": 400, "bindbee": 422, "apploi": 400}


@dataclass(frozen=True)
class Bad:
    """One bad request: a JSON value, or raw bytes (``chunks`` of them, sent chunked), and what must come back."""

    label: str
    json: Any = UNSET
    raw: bytes | None = None
    chunks: int = 0
    content_type: str = "application/json"
    status: int | None = None  # None: the face's status for a value it cannot use
    names: str | None = None  # what the message must name (the field or parameter to fix)
    params: dict[str, str] = field(default_factory=dict)


def structural(base: dict[str, Any]) -> list[Bad]:
    """Bodies that are not a JSON object, or too big to read: the same for every face that takes a body."""
    return [
        Bad("truncated JSON", raw=b'{"location": "Room 1", ', status=400),
        Bad("single quotes", raw=b"{'location': 'Room 1'}", status=400),
        Bad("trailing garbage", raw=b'{"location": "Room 1"} and more', status=400),
        Bad("invalid UTF-8", raw=b'{"location": "\xff\xfe"}', status=400),
        Bad("lone surrogate", raw=b'{"location": "\\ud800"}', status=400),
        Bad("empty body", raw=b"", status=400),
        Bad("JSON array", json=[base], status=400),
        Bad("JSON string", json="location", status=400),
        Bad("JSON number", json=42, status=400),
        Bad("JSON null", json=None, status=400),
        Bad("form-encoded", raw=b"location=Room+1", content_type="application/x-www-form-urlencoded", status=415),
        Bad("over 1 MiB", json={**base, "location": "x" * (MIB + 1)}, status=413),
        Bad("over 1 MiB, chunked", raw=b"x" * (MIB // 8), chunks=10, status=413),
    ]


def fields(base: dict[str, Any], cases: dict[str, list[Any]], *, status: int | None = None,
           nest: str | None = None) -> list[Bad]:
    """The valid body ``base`` with one field at a time replaced by each bad value (inside ``nest`` if given)."""
    out = []
    for name, values in cases.items():
        for value in values:
            body = json.loads(json.dumps(base))
            (body[nest] if nest else body)[name] = value
            out.append(Bad(f"{name}={value!r:.40}", json=body, status=status, names=name))
    return out


UNKNOWN_INTS = [0, -1, 2**31, 2**63, 10**30, 2_147_483_000]
BAD_INTS = ["abc", DROP, 1.5, True, [], {}, "٣", "１２"]
BAD_DATES = [12345, "", "0000-01-01T00:00:00Z", "99999-01-01T00:00:00Z", "2031-02-30T10:00:00Z",
             "2031-13-01T10:00:00Z", "２０３１-05-01T10:00:00Z", "2031-05-01T10:00:00Z\u202e", SCRIPT, DROP]


def harvest_create(t: Tenant) -> dict[str, Any]:
    w = t.world
    return {"application_id": w.applications["active"], "interview_id": w.activities[0],
            "interviewers": [{"user_id": w.interviewers[0], "response_status": "accepted"}],
            "start": iso(later(days=70)), "end": iso(later(days=70, hours=1)), "external_event_id": f"bad-{t.tag}"}


def harvest_cases(t: Tenant) -> Iterator[tuple[str, str, list[Bad]]]:
    base = harvest_create(t)
    later_start = {**base, "start": base["end"], "end": base["start"]}
    yield "POST", "/harvest/v2/scheduled_interviews", [*structural(base), *fields(base, {
        "application_id": [*BAD_INTS, *UNKNOWN_INTS, None],
        "interview_id": [*BAD_INTS, *UNKNOWN_INTS],
        "interviewers": ["everyone", [1], [{"user_id": SCRIPT, "response_status": "accepted"}],
                         [{"user_id": 2**63, "response_status": "accepted"}],
                         [{"email": DROP, "response_status": "accepted"}],
                         [{"user_id": t.world.interviewers[0], "response_status": DROP}], None],
        "start": BAD_DATES, "end": BAD_DATES,
        "external_event_id": [42, "x" * 256, "a\u0000b", None],
        "location": [42, "a\u0000b", "x" * 501], "video_conferencing_url": [[], "y" * 2001]}),
        Bad("end before start", json=later_start, names="end")]
    yield "PATCH", f"/harvest/v2/scheduled_interviews/{t.ids['interview']}", [
        *structural({"location": "Room 1"}), *fields({"location": "Room 1"}, {
            "start": BAD_DATES, "interviewers": ["everyone", [{"user_id": 2**63, "response_status": "accepted"}]],
            "external_event_id": [None, 7], "location": ["a\u0000b", 7]})]
    yield "GET", "/harvest/v1/scheduled_interviews", [Bad(f"{k}={v!r:.30}", params={k: v}, names=k) for k, v in (
        ("per_page", "abc"), ("per_page", "0"), ("per_page", "501"), ("per_page", DROP), ("page", "-1"),
        ("created_after", "99999-01-01T00:00:00Z"), ("created_before", "0000-01-01"), ("updated_after", SCRIPT),
        ("starts_before", "2031-02-30"), ("ends_after", "２０３１-01-01"), ("skip_count", "maybe"),
        ("actionable", "yes please"), ("seek", DROP), ("external_event_id", "a\x00b"),
        ("external_event_id", "e" * 256))]
    yield "GET", "/harvest/v1/users", [Bad(f"{k}={v!r:.30}", params={k: v}, names=k) for k, v in (
        ("email", "a\x00b"), ("employee_id", "\x00"), ("created_after", DROP), ("per_page", "１２３４"))]


def merge_cases(t: Tenant) -> Iterator[tuple[str, str, list[Bad]]]:
    model = {"application": t.uuids["application"], "interviewers": [t.uuids["user"]],
             "start_at": iso(later(days=71)), "end_at": iso(later(days=71, hours=1)), "location": "Room 1"}
    base = {"model": model, "remote_user_id": str(t.world.admin)}
    missing = "00000000-0000-4000-8000-000000000000"
    bad_uuids = ["not-a-uuid", DROP, SCRIPT, 12, missing, "a\u0000b"]
    yield "POST", "/merge/api/ats/v1/interviews", [
        *structural(base), *fields(base, {"model": ["x", [], 12, None], "remote_user_id": [DROP, 12.5, None, missing]}),
        *fields(base, {"application": bad_uuids, "job_interview_stage": bad_uuids[:-1],
                       "interviewers": ["abc", ["not-a-uuid"], [missing], [12]],
                       "start_at": BAD_DATES, "end_at": BAD_DATES, "location": ["a\u0000b", 12, "x" * 501]},
               nest="model"),
        Bad("end before start", json={**base, "model": {**model, "start_at": model["end_at"],
                                                         "end_at": model["start_at"]}}, names="end_at")]
    yield "GET", "/merge/api/ats/v1/interviews", [Bad(f"{k}={v!r:.30}", params={k: v}, names=k) for k, v in (
        ("page_size", "abc"), ("page_size", "0"), ("page_size", "9" * 13), ("created_after", "99999-01-01T00:00:00Z"),
        ("modified_before", SCRIPT), ("cursor", DROP), ("expand", SCRIPT), ("include_deleted_data", "maybe"),
        ("application_id", "not-a-uuid"), ("organizer_id", DROP), ("remote_id", "a\x00b"), ("job_id", "٣"))]
    yield "GET", "/merge/api/ats/v1/users", [Bad(f"{k}={v!r:.30}", params={k: v}, names=k) for k, v in (
        ("email", "a\x00b@example.com"), ("created_before", "0000-01-01T00:00:00Z"), ("remote_fields", DROP))]


def bindbee_cases(t: Tenant) -> Iterator[tuple[str, str, list[Bad]]]:
    yield "GET", "/bindbee/api/ats/v1/scheduled-interviews", [
        Bad(f"{k}={v!r:.30}", params={k: v}, names=k) for k, v in (
            ("page_size", "abc"), ("page_size", "0"), ("page_size", "101"), ("page_size", DROP),
            ("modified_after", "0000-01-01T00:00:00Z"), ("modified_after", "99999-01-01T00:00:00Z"),
            ("modified_after", SCRIPT), ("cursor", DROP), ("expand", SCRIPT), ("expand", "organizer[password]"),
            ("include_raw_data", "yes"), ("include_custom_fields", "1"), ("remote_id", "a\x00b"))]
    yield "GET", f"/bindbee/api/ats/v1/scheduled-interviews/{t.uuids['interview']}", [
        Bad(f"{k}={v!r:.30}", params={k: v}, names=k) for k, v in (
            ("expand", DROP), ("include_raw_data", "\x00"))]


def apploi_cases(t: Tenant) -> Iterator[tuple[str, str, list[Bad]]]:
    base = {"date": "2031-12-05T17:30:00Z", "duration": "60", "timezone": "America/New_York", "location": "Virtual",
            "interviewerId": str(t.world.interviewers[0])}
    yield "PUT", f"/apploi/applicants/{t.ids['application']}/interviews", [*structural(base), *fields(base, {
        "date": BAD_DATES, "duration": ["sixty", "0", "100000", "-60", "٣", 60.5, DROP],
        "timezone": ["Mars/Olympus", DROP, "", "UTC+25", 42, "../../etc/passwd", "Europe/Berlin\u202e", "a\u0000b"],
        "interviewerId": ["abc", SCRIPT, "2147483000", "9" * 30, "0"],
        "location": ["a\u0000b", 7, "x" * 501]})]
    yield "GET", "/apploi/applicants", [Bad(f"{k}={v!r:.30}", params={k: v}, names=k) for k, v in (
        ("limit", "abc"), ("limit", "0"), ("limit", "100000"), ("offset", "-1"), ("offset", DROP),
        ("updated_after", "99999-01-01"), ("updated_before", SCRIPT), ("job_id", "abc"), ("team_id", DROP),
        ("query", "a\x00b"), ("state", "\x00"))]


CASES = {"harvest": harvest_cases, "merge": merge_cases, "bindbee": bindbee_cases, "apploi": apploi_cases}


@pytest.fixture(scope="module")
def document(server: LiveServer) -> dict[str, Any]:
    return httpx.get(server.url + "/openapi.json", timeout=30).json()


def documented(document: dict[str, Any], method: str, path: str) -> set[str]:
    """The statuses the OpenAPI document gives for the operation that serves ``path``."""
    for template, operations in document["paths"].items():
        pattern = template.split("/")
        parts = path.split("?")[0].split("/")
        same = len(pattern) == len(parts) and all(p.startswith("{") or p == q for p, q in zip(pattern, parts,
                                                                                               strict=True))
        if same and method.lower() in operations:
            return set(operations[method.lower()]["responses"])
    raise AssertionError(f"{method} {path} is not in the document")


def send(http: httpx.Client, face: str, method: str, path: str, bad: Bad, tenant: Tenant) -> httpx.Response:
    headers = {**tenant.headers(face), "Content-Type": bad.content_type}
    if face == "harvest" and method != "GET":
        headers["On-Behalf-Of"] = str(tenant.world.admin)
    if bad.raw is not None:
        content: Any = (bad.raw for _ in range(bad.chunks)) if bad.chunks else bad.raw
    elif bad.json is not UNSET:
        content = json.dumps(bad.json, ensure_ascii=False).encode("utf-8", "surrogatepass")
    else:
        content, headers = None, tenant.headers(face)
    return http.request(method, path, headers=headers, content=content, params=bad.params)


class Snapshot:
    """Row counts of every table (and of the caller's interviews): what bad input must leave as it was."""

    def __init__(self, db: Database, org_id: int) -> None:
        def read(s: Any) -> dict[str, int]:
            counts = {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
            counts["own interviews"] = s.scalar(select(func.count()).select_from(ScheduledInterview).where(
                ScheduledInterview.organization_id == org_id))
            counts["own users"] = s.scalar(select(func.count()).select_from(User).where(User.organization_id == org_id))
            counts["organizations"] = s.scalar(select(func.count()).select_from(Organization))
            return counts

        self.counts = db.run(read)


@pytest.mark.parametrize("face", sorted(CASES))
def test_bad_input_is_refused_in_the_dialect(server: LiveServer, db: Database, tenant: Tenant,
                                             document: dict[str, Any], face: str) -> None:
    before = Snapshot(db, tenant.world.org_id).counts
    problems = []
    with httpx.Client(base_url=server.url, timeout=60) as http:
        for method, path, corpus in CASES[face](tenant):
            allowed = documented(document, method, path)
            for bad in corpus:
                r = send(http, face, method, path, bad, tenant)
                what = f"{method} {path} [{bad.label}]"
                expected = bad.status or INVALID[face]
                if r.status_code != expected:
                    problems.append(f"{what}: {r.status_code} (expected {expected}) {r.text[:300]}")
                    continue
                message = envelope(face, r)
                if bad.names and bad.names.lower() not in message.lower():
                    problems.append(f"{what}: the message does not name {bad.names!r}: {message[:300]}")
                if str(r.status_code) not in allowed:
                    problems.append(f"{what}: {r.status_code} is not documented ({sorted(allowed)})")
    assert not problems, "\n".join(problems)
    after = Snapshot(db, tenant.world.org_id).counts
    # nothing was written (the outbox and webhooks aside: other tests' workers may run), no table lost a row
    assert {k: v for k, v in after.items() if k in ("own interviews", "own users", "organizations", "users",
                                                    "scheduled_interviews", "interviewers")} == \
        {k: v for k, v in before.items() if k in ("own interviews", "own users", "organizations", "users",
                                                  "scheduled_interviews", "interviewers")}
    assert all(after[k] >= v for k, v in before.items())


UNKNOWN_PATH_IDS = ["0", "-1", "2147483648", str(2**62), str(2**63), "9" * 30, "abc", DROP, SCRIPT, "٣", "１",
                    "%00", "1.5", "00000000-0000-4000-8000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"]


@pytest.mark.parametrize("face", sorted(CASES))
def test_unknown_ids_in_every_path_are_refused(server: LiveServer, db: Database, tenant: Tenant,
                                               document: dict[str, Any], face: str) -> None:
    """Every route with an id in its path, walked from the application's routes: ids nobody has, of every shape."""
    before = Snapshot(db, tenant.world.org_id).counts
    problems = []
    with httpx.Client(base_url=server.url, timeout=30) as http:
        for method, template in face_routes(server.server.config.app, face):
            if not path_params(template):
                continue
            allowed = documented(document, method, template)
            for value in UNKNOWN_PATH_IDS:
                path = template
                for param in path_params(template):
                    path = path.replace("{" + param + "}", value)
                headers = {**tenant.headers(face), **({"On-Behalf-Of": str(tenant.world.admin)}
                                                      if face == "harvest" and method != "GET" else {})}
                r = http.request(method, path, headers=headers, json={} if method in ("PUT", "PATCH") else None)
                what = f"{method} {path}"
                # a malformed id names no object (404) or is a bad value (the face's status); never anything else
                if r.status_code not in (404, INVALID[face]):
                    problems.append(f"{what}: {r.status_code} {r.text[:200]}")
                    continue
                envelope(face, r)
                if str(r.status_code) not in allowed:
                    problems.append(f"{what}: {r.status_code} is not documented ({sorted(allowed)})")
                if ADDRESSING[face] == "uuid" and value.count("-") == 4 and r.status_code != 404:
                    problems.append(f"{what}: a well-formed UUID nobody has is a 404, got {r.status_code}")
    assert not problems, "\n".join(problems)
    assert Snapshot(db, tenant.world.org_id).counts["own interviews"] == before["own interviews"]


def test_odd_text_is_data_stored_verbatim(server: LiveServer, tenant: Tenant) -> None:
    """Injection strings and unicode oddities in free-text fields are kept as sent and answered as JSON."""
    oddities = [DROP, SCRIPT, "\u202eevil\u202c", "𝟙٣１ 👩‍💻 e\u0301", "Robert'); DROP TABLE students;--", "%00",
                "\\u0000"]
    with httpx.Client(base_url=server.url + "/harvest", timeout=30,
                      headers={**tenant.headers("harvest"), "On-Behalf-Of": str(tenant.world.admin)}) as harvest:
        for n, text in enumerate(oddities):
            body = {**harvest_create(tenant), "external_event_id": f"{text}-{n}", "location": text,
                    "start": iso(later(days=72, hours=n)), "end": iso(later(days=72, hours=n + 1))}
            made = harvest.post("/v2/scheduled_interviews", json=body)
            assert made.status_code == 201 and made.headers["content-type"] == "application/json", made.text
            again = harvest.get(f"/v1/scheduled_interviews/{made.json()['id']}").json()
            assert (again["location"], again["external_event_id"]) == (text, f"{text}-{n}")
            found = harvest.get("/v1/scheduled_interviews", params={"external_event_id": f"{text}-{n}"}).json()
            assert [i["id"] for i in found] == [made.json()["id"]]
        for params in ({"email": DROP}, {"employee_id": SCRIPT}):
            r = harvest.get("/v1/users", params=params)
            assert r.status_code == 200 and r.json() == [], r.text
    for face, path, params in (("apploi", "/apploi/applicants", {"query": DROP}),
                               ("apploi", "/apploi/applicants", {"query": SCRIPT}),
                               ("merge", "/merge/api/ats/v1/interviews", {"remote_id": DROP}),
                               ("merge", "/merge/api/ats/v1/users", {"email": SCRIPT}),
                               ("bindbee", "/bindbee/api/ats/v1/scheduled-interviews", {"remote_id": DROP})):
        r = httpx.get(server.url + path, headers=tenant.headers(face), params=params, timeout=30)
        assert r.status_code == 200, (path, params, r.text)
        assert items_of(r.json()) == [], (path, params, r.text)


# The agents' face: a bad argument is a tool error (isError) that names it; a bad JSON-RPC message is a JSON-RPC
# error with a 4xx status.
def mcp_base(t: Tenant) -> dict[str, Any]:
    w = t.world
    return {"organizer_id": w.admin, "application_id": w.applications["active"],
            "start_time": "2031-06-02T10:00:00Z", "duration_minutes": 45, "timezone": "UTC", "kind": "panel",
            "location": "google_meet", "interviewer_ids": [w.interviewers[2]]}


MCP_FIELDS: dict[str, list[Any]] = {
    "timezone": ["Mars/Olympus", DROP, "", "UTC+25", 42, "Europe/Berlin\u202e"],
    "start_time": ["0000-01-01T00:00:00Z", "99999-01-01T00:00:00Z", "tomorrow", SCRIPT, "2031-02-30T10:00:00Z", 12],
    "duration_minutes": ["sixty", 7, 10**9, -45, 45.5],
    "application_id": ["abc", 2**63, 2_147_483_000, 0, DROP],
    "organizer_id": [2_147_483_000, "٣"],
    "interviewer_ids": ["all", [2**63], [2_147_483_000], [SCRIPT]],
    "kind": [DROP, ""], "location": [SCRIPT, 12],
}


def rpc(http: httpx.Client, tenant: Tenant, payload: Any = UNSET, raw: bytes | None = None,
        chunks: int = 0) -> httpx.Response:
    headers = {**tenant.headers("mcp"), "Accept": "application/json, text/event-stream",
               "Content-Type": "application/json"}
    content: Any = raw if raw is not None else json.dumps(payload).encode()
    if chunks:
        content = (raw for _ in range(chunks))
    return http.post("/mcp", headers=headers, content=content)


def tool_call(arguments: Any, n: int = 1) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": n, "method": "tools/call",
            "params": {"name": "create_interview", "arguments": arguments}}


def test_bad_input_to_the_agents_face(server: LiveServer, db: Database, tenant: Tenant) -> None:
    before = Snapshot(db, tenant.world.org_id).counts
    base = mcp_base(tenant)
    problems = []
    with httpx.Client(base_url=server.url, timeout=60) as http:
        for name, values in MCP_FIELDS.items():
            for value in values:
                r = rpc(http, tenant, tool_call({**base, name: value}))
                result = r.json().get("result", {})
                text = "".join(c.get("text", "") for c in result.get("content", []))
                if r.status_code != 200 or not result.get("isError"):
                    problems.append(f"{name}={value!r:.40}: {r.status_code} {r.text[:300]}")
                elif name not in text:
                    problems.append(f"{name}={value!r:.40}: the error does not name {name}: {text[:300]}")
        missing = {k: v for k, v in base.items() if k != "timezone"}
        r = rpc(http, tenant, tool_call(missing))
        assert r.json()["result"]["isError"] and "timezone" in r.json()["result"]["content"][0]["text"]
        # NUL characters anywhere: refused before the tool runs, naming the argument (SQLite would store them)
        r = rpc(http, tenant, tool_call({**base, "name": "a\u0000b"}, n=7))
        assert r.status_code == 400 and r.json()["id"] == 7, r.text
        assert "params.arguments.name" in r.json()["error"]["message"] and "NUL" in r.json()["error"]["message"]
        # messages that are not JSON-RPC, or too big to read
        for label, raw, status, code in (
                ("truncated JSON", b'{"jsonrpc": "2.0", "id": 1, "method": ', 400, -32700),
                ("JSON array", b"[]", 400, -32602), ("JSON string", b'"tools/call"', 400, -32602),
                ("over 1 MiB", json.dumps(tool_call({**base, "name": "x" * (MIB + 1)})).encode(), 413, -32600)):
            r = rpc(http, tenant, raw=raw)
            if r.status_code != status or r.json()["error"]["code"] != code or not r.json()["error"]["message"]:
                problems.append(f"{label}: {r.status_code} {r.text[:300]}")
        r = rpc(http, tenant, raw=b"x" * (MIB // 8), chunks=10)
        assert r.status_code == 413 and r.json()["error"]["code"] == -32600, r.text
        r = rpc(http, tenant, {"jsonrpc": "2.0", "id": 3, "method": "tools/call",
                               "params": {"name": "create_interview", "arguments": []}})
        assert "error" in r.json() and r.json()["error"]["message"], r.text
        r = rpc(http, tenant, {"jsonrpc": "2.0", "id": 4, "method": "tools/call",
                               "params": {"name": DROP, "arguments": {}}})
        assert r.json()["result"]["isError"] and "Unknown tool" in r.json()["result"]["content"][0]["text"]
    assert not problems, "\n".join(problems)
    after = Snapshot(db, tenant.world.org_id).counts
    assert after["own interviews"] == before["own interviews"] and after["users"] == before["users"]
