"""Listing scheduled interviews at the Harvest face: paging, Link headers, every filter, status, tenancy."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from interviewd.core.model import Interviewer, ScheduledInterview
from interviewd.core.services import interview_service
from interviewd.core.store.uow import Database
from tests.support.factories import World, build_world, iso, later

UTC = timezone.utc
LIST = "/v1/scheduled_interviews"
LINK = re.compile(r'<([^>]+)>;\s*rel="([a-z]+)"')
STAMP = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


# -- helpers -----------------------------------------------------------------------------------------


def links(r: httpx.Response) -> dict[str, str]:
    """rel -> URL of an RFC 5988 Link header (empty when there is none)."""
    header = r.headers.get("link")
    if header is None:
        return {}
    found = LINK.findall(header)
    assert found, header
    return {rel: url for url, rel in found}


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def ids(r: httpx.Response) -> list[int]:
    assert r.status_code == 200, r.text
    body = r.json()
    assert isinstance(body, list)
    return [item["id"] for item in body]


def walk(client: httpx.Client, path: str, params: dict[str, Any],
         between: Callable[[int], None] | None = None) -> Iterator[httpx.Response]:
    """Page 1, then every ``next`` link as given; ``between(n)`` runs before fetching page n + 1."""
    r = client.get(path, params=params)
    n = 1
    while True:
        assert r.status_code == 200, r.text
        yield r
        nxt = links(r).get("next")
        if nxt is None:
            return
        if between is not None:
            between(n)
        r = client.get(nxt)
        n += 1
        assert n < 200, "the next links never end"


def every_id(client: httpx.Client, path: str, params: dict[str, Any]) -> list[int]:
    return [i for r in walk(client, path, params) for i in ids(r)]


def insert(db: Database, world: World, count: int = 1, **fields: Any) -> list[int]:
    """``count`` interviews written straight to the store, as another source (or the core) would.

    A field given as a callable is called with the row's index. Each row gets one interviewer
    (with a submitted scorecard when ``scorecard=True``).
    """
    scorecard = fields.pop("scorecard", False)

    def value(name: str, n: int, default: Any) -> Any:
        v = fields.get(name, default)
        return v(n) if callable(v) else v

    def write(session: Any) -> list[int]:
        out = []
        for n in range(count):
            start = value("start_at", n, later(hours=n))
            row = ScheduledInterview(
                organization_id=world.org_id,
                application_id=value("application_id", n, world.applications["active"]),
                activity_id=world.activities[0], stage_id=world.stages[0], name="Phone Screen interview",
                external_event_id=value("external_event_id", n, None), all_day=False, start_at=start,
                end_at=value("end_at", n, start + timedelta(hours=1)), time_zone="UTC",
                organizer_id=world.admin, kind="panel", source=value("source", n, "harvest"),
                feedback_complete=value("feedback_complete", n, False),
                created_at=value("created_at", n, STAMP), updated_at=value("updated_at", n, STAMP), sequence=0,
                deleted_at=value("deleted_at", n, None),
            )
            session.add(row)
            session.flush()
            session.add(Interviewer(organization_id=world.org_id, interview_id=row.id,
                                    user_id=world.interviewers[0], email=world.emails[world.interviewers[0]],
                                    response_status="accepted", position=0, start_at=row.start_at,
                                    end_at=row.end_at))
            session.flush()
            if scorecard:
                interview_service.submit_scorecard(session, org_id=world.org_id, interview_id=row.id,
                                                   interviewer_id=world.interviewers[0], now=STAMP)
            out.append(row.id)
        session.flush()
        return out

    return db.run(write, write=True)


def create_body(world: World, n: int, **overrides: Any) -> dict[str, Any]:
    body = {
        "application_id": world.applications["active"],
        "interview_id": world.activities[0],
        "interviewers": [{"user_id": world.interviewers[0], "response_status": "accepted"}],
        "start": iso(later(hours=n)),
        "end": iso(later(hours=n + 1)),
        "external_event_id": f"list-{world.org_id}-{n}",
    }
    body.update(overrides)
    return body


def post(harvest: httpx.Client, world: World, n: int, **overrides: Any) -> dict[str, Any]:
    r = harvest.post("/v2/scheduled_interviews", json=create_body(world, n, **overrides),
                     headers={"On-Behalf-Of": str(world.admin)})
    assert r.status_code == 201, r.text
    created: dict[str, Any] = r.json()
    return created


def check_validation(r: httpx.Response, field: str) -> None:
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["message"] == "Validation error"
    assert all(set(e) == {"message", "field"} for e in body["errors"]), body
    assert field in [e["field"] for e in body["errors"]], body


def cursor(parts: Any) -> str:
    """A seek token made by hand, the way the server encodes its own."""
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


# -- the list itself ---------------------------------------------------------------------------------


class TestShape:
    def test_bare_array_in_id_order_without_link_when_one_page(self, harvest: httpx.Client, world: World,
                                                               db: Database) -> None:
        made = insert(db, world, 3)
        r = harvest.get(LIST)
        assert r.headers["content-type"].startswith("application/json")
        assert ids(r) == made
        assert "link" not in r.headers

    def test_empty_organization_lists_nothing(self, harvest: httpx.Client) -> None:
        r = harvest.get(LIST)
        assert r.status_code == 200 and r.json() == [] and "link" not in r.headers

    def test_default_per_page_is_100(self, harvest: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 101)
        r = harvest.get(LIST)
        assert ids(r) == made[:100]
        assert set(links(r)) == {"next", "last"}
        assert query(links(r)["last"])["page"] == ["2"]
        assert ids(harvest.get(links(r)["next"])) == made[100:]

    def test_exactly_one_full_page_has_no_link(self, harvest: httpx.Client, world: World, db: Database) -> None:
        insert(db, world, 3)
        r = harvest.get(LIST, params={"per_page": 3})
        assert len(ids(r)) == 3 and "link" not in r.headers

    def test_per_page_bounds(self, harvest: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 3)
        assert ids(harvest.get(LIST, params={"per_page": 1})) == made[:1]
        assert ids(harvest.get(LIST, params={"per_page": 500})) == made
        for bad in ("0", "501", "abc", "-1", "1.5"):
            check_validation(harvest.get(LIST, params={"per_page": bad}), "per_page")

    def test_page_must_be_a_positive_integer(self, harvest: httpx.Client) -> None:
        for bad in ("0", "-3", "abc"):
            check_validation(harvest.get(LIST, params={"page": bad}), "page")

    def test_page_beyond_the_end_is_empty(self, harvest: httpx.Client, world: World, db: Database) -> None:
        insert(db, world, 2)
        r = harvest.get(LIST, params={"per_page": 2, "page": 5})
        assert ids(r) == []
        assert set(links(r)) == {"prev", "last"}
        assert query(links(r)["last"])["page"] == ["1"]


class TestLinks:
    def test_next_prev_last_on_each_page(self, harvest: httpx.Client, world: World, db: Database,
                                         server: Any) -> None:
        made = insert(db, world, 5)
        pages = list(walk(harvest, LIST, {"per_page": 2}))
        assert [ids(r) for r in pages] == [made[0:2], made[2:4], made[4:5]]
        rels = [set(links(r)) for r in pages]
        assert rels == [{"next", "last"}, {"next", "prev", "last"}, {"prev", "last"}]
        for r in pages:
            for url in links(r).values():
                assert url.startswith(f"{server.url}/harvest/v1/scheduled_interviews?"), url
                assert query(url)["per_page"] == ["2"]
            assert query(links(r)["last"])["page"] == ["3"]
        assert query(links(pages[0])["next"])["page"] == ["2"]
        assert query(links(pages[1])["next"])["page"] == ["3"]
        assert query(links(pages[1])["prev"])["page"] == ["1"]
        assert query(links(pages[2])["prev"])["page"] == ["2"]
        assert ids(harvest.get(links(pages[2])["prev"])) == made[2:4]
        assert ids(harvest.get(links(pages[2])["last"])) == made[4:5]

    def test_links_carry_every_query_parameter(self, harvest: httpx.Client, world: World, db: Database) -> None:
        insert(db, world, 2, created_at=STAMP - timedelta(days=1))
        made = insert(db, world, 5)
        params = {"per_page": "2", "created_after": "2024-03-01T00:00:00Z", "starts_after": "2000-01-01T00:00:00Z",
                  "ends_after": "2000-01-01T02:00:00+02:00", "note": "a b&c=d/é"}
        pages = list(walk(harvest, LIST, params))
        assert [i for r in pages for i in ids(r)] == made
        for r in pages:
            for rel, url in links(r).items():
                q = query(url)
                for name, value in params.items():
                    assert q.get(name) == [value], (rel, url)
        assert query(links(pages[0])["last"])["page"] == ["3"]

    def test_skip_count_drops_last(self, harvest: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 5)
        pages = list(walk(harvest, LIST, {"per_page": 2, "skip_count": "true"}))
        assert [i for r in pages for i in ids(r)] == made
        assert [set(links(r)) for r in pages] == [{"next"}, {"next", "prev"}, {"prev"}]
        for r in pages:
            assert all(query(url)["skip_count"] == ["true"] for url in links(r).values())
        r = harvest.get(LIST, params={"per_page": 2, "skip_count": "false"})
        assert set(links(r)) == {"next", "last"}
        check_validation(harvest.get(LIST, params={"skip_count": "perhaps"}), "skip_count")

    def test_following_next_visits_each_once_in_id_order(self, harvest: httpx.Client, world: World,
                                                         db: Database) -> None:
        made = insert(db, world, 23)
        for per_page in (1, 4, 7, 23, 50):
            assert every_id(harvest, LIST, {"per_page": per_page}) == made, per_page

    def test_page_numbers_without_seek_give_the_same_rows(self, harvest: httpx.Client, world: World,
                                                          db: Database) -> None:
        insert(db, world, 11)
        followed = [ids(r) for r in walk(harvest, LIST, {"per_page": 3})]
        by_number = [ids(harvest.get(LIST, params={"per_page": 3, "page": n})) for n in range(1, 5)]
        assert followed == by_number
        assert len(followed) == 4
        r = harvest.get(LIST, params={"per_page": 3, "page": 2})
        assert set(links(r)) == {"next", "prev", "last"}
        assert ids(harvest.get(links(r)["next"])) == by_number[2]

    def test_ordered_by_updated_at_then_id_when_updated_after_is_given(self, harvest: httpx.Client, world: World,
                                                                       db: Database) -> None:
        # updated_at not in id order, with ties (rows 0 and 5, 1 and 6, ...) broken by id
        made = insert(db, world, 10, updated_at=lambda n: STAMP + timedelta(seconds=(n * 3) % 5))
        listed = harvest.get(LIST, params={"per_page": 500}).json()
        expected = [i["id"] for i in sorted(listed, key=lambda i: (i["updated_at"], i["id"]))]
        assert sorted(expected) == made and expected != made
        params = {"updated_after": "2024-03-01T00:00:00Z"}
        for per_page in (1, 2, 3, 4, 10):
            assert every_id(harvest, LIST, {**params, "per_page": per_page}) == expected, per_page
            pages = len(expected) // per_page + bool(len(expected) % per_page)
            by_number = [i for n in range(1, pages + 1)
                         for i in ids(harvest.get(LIST, params={**params, "per_page": per_page, "page": n}))]
            assert by_number == expected, per_page
        params = {"updated_before": "2030-01-01T00:00:00Z", "per_page": 3}
        assert every_id(harvest, LIST, params) == expected

    def test_garbage_seek_is_refused(self, harvest: httpx.Client, world: World, db: Database) -> None:
        insert(db, world, 3)
        for bad in ("garbage", "!!!", cursor(["x"]), cursor([1, 2]), cursor([True]), cursor({"a": 1}),
                    cursor([2**70]), cursor([-(2**70)]), cursor([1.5])):
            check_validation(harvest.get(LIST, params={"seek": bad, "page": 2}), "seek")
        params = {"updated_after": "2024-01-01T00:00:00Z", "page": 2}
        for bad in (cursor([5]), cursor(["not a date", 5]), cursor(["2024-03-01T12:00:00+00:00", "5"])):
            check_validation(harvest.get(LIST, params={**params, "seek": bad}), "seek")

    def test_forged_positions_beyond_every_id_are_just_past_the_end(self, harvest: httpx.Client, world: World,
                                                                    db: Database) -> None:
        made = insert(db, world, 3)
        for huge in (2**31, 2**40, 2**63 - 1, 2**63, 2**64 - 1):
            assert ids(harvest.get(LIST, params={"seek": cursor([huge]), "page": 2})) == []
            r = harvest.get(LIST, params={"seek": cursor(["2024-03-01T12:00:00+00:00", huge]), "page": 2,
                                          "updated_after": "2024-01-01T00:00:00Z"})
            assert ids(r) == []
            assert ids(harvest.get("/v1/users", params={"seek": cursor([huge]), "page": 2})) == []
        assert ids(harvest.get(LIST, params={"seek": cursor([-(2**40)]), "page": 2})) == made
        r = harvest.get(LIST, params={"seek": cursor(["2024-03-01T12:00:00+00:00", -(2**40)]), "page": 2,
                                      "updated_after": "2024-01-01T00:00:00Z"})
        assert ids(r) == made

    def test_next_links_survive_inserts_between_pages(self, harvest: httpx.Client, world: World,
                                                      db: Database) -> None:
        made = insert(db, world, 5)
        added: list[int] = []

        def more(n: int) -> None:
            if n <= 2:
                added.extend(insert(db, world, 2 if n == 1 else 1))

        seen = [i for r in walk(harvest, LIST, {"per_page": 2}, between=more) for i in ids(r)]
        assert seen == made + added
        assert len(seen) == len(set(seen))

    def test_next_links_do_not_skip_when_seen_rows_disappear(self, harvest: httpx.Client, world: World,
                                                             db: Database) -> None:
        made = insert(db, world, 6)
        seen: list[int] = []

        def drop_one_seen(n: int) -> None:
            victim = seen[n - 1]
            db.run(lambda s: setattr(s.get(ScheduledInterview, victim), "deleted_at", STAMP), write=True)

        for r in walk(harvest, LIST, {"per_page": 2}, between=drop_one_seen):
            seen.extend(ids(r))
        assert seen == made  # an OFFSET would have skipped a row on each page after a deletion
        assert ids(harvest.get(LIST)) == made[2:]

    def test_updated_order_survives_updates_between_pages(self, harvest: httpx.Client, world: World,
                                                          db: Database) -> None:
        made = insert(db, world, 6, updated_at=lambda n: STAMP + timedelta(seconds=n))

        def touch_first(_n: int) -> None:
            db.run(lambda s: setattr(s.get(ScheduledInterview, made[0]), "updated_at", STAMP + timedelta(hours=1)),
                   write=True)

        seen = [i for r in walk(harvest, LIST, {"per_page": 2, "updated_after": "2024-01-01T00:00:00Z"},
                                between=touch_first) for i in ids(r)]
        assert seen == [*made, made[0]]  # the changed row shows up again, at its new place; nothing skipped


class TestForApplication:
    PATH = "/v1/applications/{}/scheduled_interviews"

    def test_only_that_applications_interviews(self, harvest: httpx.Client, world: World, db: Database) -> None:
        active = insert(db, world, 3)
        rejected = insert(db, world, 2, application_id=world.applications["rejected"])
        assert ids(harvest.get(self.PATH.format(world.applications["active"]))) == active
        assert ids(harvest.get(self.PATH.format(world.applications["rejected"]))) == rejected
        assert ids(harvest.get(self.PATH.format(world.applications["hired"]))) == []
        assert ids(harvest.get(LIST)) == sorted(active + rejected)

    def test_paging_and_filters(self, harvest: httpx.Client, world: World, db: Database, server: Any) -> None:
        insert(db, world, 2, application_id=world.applications["rejected"])
        made = insert(db, world, 5)
        path = self.PATH.format(world.applications["active"])
        pages = list(walk(harvest, path, {"per_page": 2, "created_after": "2024-01-01T00:00:00Z"}))
        assert [i for r in pages for i in ids(r)] == made
        for r in pages:
            for url in links(r).values():
                assert url.startswith(f"{server.url}/harvest{path}?")
                assert query(url)["created_after"] == ["2024-01-01T00:00:00Z"]
        check_validation(harvest.get(path, params={"per_page": 0}), "per_page")
        check_validation(harvest.get(path, params={"updated_after": "soon"}), "updated_after")

    def test_unknown_application(self, harvest: httpx.Client) -> None:
        r = harvest.get(self.PATH.format(999_999_999))
        assert r.status_code == 404
        assert set(r.json()) == {"message"} and r.json()["message"]
        assert harvest.get(self.PATH.format("abc")).status_code == 422


# -- filters -----------------------------------------------------------------------------------------


def _pick(field: str) -> Callable[[dict[str, Any]], str]:
    if field in ("starts", "ends"):
        key = "start" if field == "starts" else "end"
        return lambda item: str(item[key]["date_time"])
    return lambda item: str(item[f"{field}_at"])


class TestTimeFilters:
    def check_boundary(self, harvest: httpx.Client, field: str, items: list[dict[str, Any]]) -> None:
        """``<field>_after`` includes the pivot instant itself; ``<field>_before`` excludes it."""
        pick = _pick(field)
        values = sorted({pick(i) for i in items})
        assert len(values) >= 3, values
        # an updated_* filter orders by (updated_at, id); every other list is in id order
        order = (lambda i: (i["updated_at"], i["id"])) if field == "updated" else (lambda i: i["id"])
        for pivot in [*values[1:-1], values[0], values[-1]]:
            after = ids(harvest.get(LIST, params={f"{field}_after": pivot}))
            assert after == [i["id"] for i in sorted(items, key=order) if pick(i) >= pivot], (field, pivot)
            before = ids(harvest.get(LIST, params={f"{field}_before": pivot}))
            assert before == [i["id"] for i in sorted(items, key=order) if pick(i) < pivot], (field, pivot)
            both = ids(harvest.get(LIST, params={f"{field}_after": pivot, f"{field}_before": pivot}))
            assert both == []
            assert sorted(after + before) == sorted(i["id"] for i in items)

    def test_created_and_updated_use_the_stamps_the_api_shows(self, harvest: httpx.Client, world: World) -> None:
        made = [post(harvest, world, n) for n in range(4)]
        listed = harvest.get(LIST).json()
        assert [i["id"] for i in listed] == [m["id"] for m in made]
        self.check_boundary(harvest, "created", listed)
        # touch the first two, so updated_at differs from created_at
        for m in made[:2]:
            r = harvest.patch(f"/v2/scheduled_interviews/{m['id']}", json={"location": "Room 2"},
                              headers={"On-Behalf-Of": str(world.admin)})
            assert r.status_code == 200, r.text
        listed = harvest.get(LIST).json()
        self.check_boundary(harvest, "updated", listed)

    def test_millisecond_stamps_written_by_the_core(self, harvest: httpx.Client, world: World,
                                                    db: Database) -> None:
        insert(db, world, 5, created_at=lambda n: STAMP + timedelta(milliseconds=1500 * n + 7),
               updated_at=lambda n: STAMP + timedelta(milliseconds=250 * (4 - n) + 1))
        listed = harvest.get(LIST).json()
        assert listed[1]["created_at"] == "2024-03-01T12:00:01.507Z"
        self.check_boundary(harvest, "created", listed)
        self.check_boundary(harvest, "updated", listed)

    def test_starts_and_ends(self, harvest: httpx.Client, world: World) -> None:
        base = later()
        made = []
        for n, (start, minutes) in enumerate(((0, 60), (30, 15), (90, 90), (90, 30), (200, 45))):
            s = base + timedelta(minutes=start, milliseconds=n * 111)
            made.append(post(harvest, world, n, start=s.isoformat(), end=(s + timedelta(minutes=minutes)).isoformat()))
        listed = harvest.get(LIST).json()
        assert listed[1]["start"]["date_time"].endswith(".111Z")
        self.check_boundary(harvest, "starts", listed)
        self.check_boundary(harvest, "ends", listed)

    def test_timestamp_formats(self, harvest: httpx.Client, world: World) -> None:
        base = later().replace(hour=10)
        made = [post(harvest, world, n, start=iso(base + timedelta(hours=n)), end=iso(base + timedelta(hours=n + 1)))
                for n in range(3)]
        pivot = base + timedelta(hours=1)
        expected = [m["id"] for m in made[1:]]
        day = pivot.strftime("%Y-%m-%d")
        for text in (f"{day}T{pivot:%H:%M:%S}Z", f"{day}T{pivot:%H:%M:%S}.000000Z", f"{day}T{pivot:%H:%M:%S}.000Z",
                     f"{day}T{pivot:%H:%M:%S}", f"{day}T{pivot:%H:%M:%S}+00:00",
                     f"{day}T{pivot + timedelta(hours=2):%H:%M:%S}+02:00",
                     f"{day}T{pivot - timedelta(hours=5):%H:%M:%S}-05:00"):
            assert ids(harvest.get(LIST, params={"starts_after": text})) == expected, text
        # a client that forgets to escape "+" sends a space; it still means the offset
        raw = f"{LIST}?starts_after={day}T{pivot + timedelta(hours=2):%H:%M:%S}+02:00"
        assert ids(harvest.get(raw)) == expected
        assert ids(harvest.get(LIST, params={"starts_before": f"{day}T{pivot:%H:%M:%S}"})) == [made[0]["id"]]

    def test_malformed_timestamps_name_the_field(self, harvest: httpx.Client) -> None:
        for name in ("created_before", "created_after", "updated_before", "updated_after", "starts_before",
                     "starts_after", "ends_before", "ends_after"):
            for bad in ("yesterday", "2024-13-01T00:00:00Z", "2024-01-01T25:00:00Z", "1714557600"):
                r = harvest.get(LIST, params={name: bad})
                check_validation(r, name)
                assert bad in r.json()["errors"][0]["message"]


class TestOtherFilters:
    def test_external_event_id(self, harvest: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 3, external_event_id=lambda n: f"evt-{world.org_id}-{n}")
        assert ids(harvest.get(LIST, params={"external_event_id": f"evt-{world.org_id}-1"})) == [made[1]]
        assert ids(harvest.get(LIST, params={"external_event_id": "nope"})) == []
        check_validation(harvest.get(LIST, params={"external_event_id": "x" * 256}), "external_event_id")
        path = f"/v1/applications/{world.applications['active']}/scheduled_interviews"
        assert ids(harvest.get(path, params={"external_event_id": f"evt-{world.org_id}-2"})) == [made[2]]

    def test_actionable(self, harvest: httpx.Client, world: World, db: Database) -> None:
        past = datetime.now(UTC) - timedelta(days=2)
        scheduled = post(harvest, world, 1)["id"]
        awaiting = post(harvest, world, 2, start=iso(past), end=iso(past + timedelta(hours=1)))["id"]
        on_rejected = post(harvest, world, 3, application_id=world.applications["rejected"])["id"]
        on_hired = post(harvest, world, 4, application_id=world.applications["hired"])["id"]
        from_ui = insert(db, world, 1, source="ui")[0]
        complete = insert(db, world, 1, start_at=past, feedback_complete=True, scorecard=True)[0]
        deleted = insert(db, world, 1, deleted_at=STAMP)[0]
        everything = ids(harvest.get(LIST))
        assert everything == sorted([scheduled, awaiting, on_rejected, on_hired, from_ui, complete])
        assert deleted not in everything
        assert ids(harvest.get(LIST, params={"actionable": "true"})) == [scheduled, awaiting]
        assert ids(harvest.get(LIST, params={"actionable": "false"})) == everything
        path = f"/v1/applications/{world.applications['rejected']}/scheduled_interviews"
        assert ids(harvest.get(path, params={"actionable": "true"})) == []
        check_validation(harvest.get(LIST, params={"actionable": "sometimes"}), "actionable")

    def test_filters_combine(self, harvest: httpx.Client, world: World, db: Database) -> None:
        made = insert(db, world, 4, created_at=lambda n: STAMP + timedelta(days=n),
                      external_event_id=lambda n: f"c-{world.org_id}-{n}")
        params = {"created_after": "2024-03-02T12:00:00Z", "created_before": "2024-03-04T12:00:00Z"}
        assert ids(harvest.get(LIST, params=params)) == made[1:3]
        assert ids(harvest.get(LIST, params={**params, "external_event_id": f"c-{world.org_id}-3"})) == []


# -- status as the face shows it ---------------------------------------------------------------------


class TestStatus:
    def test_scheduled_then_awaiting_feedback_then_complete(self, harvest: httpx.Client, world: World,
                                                            db: Database) -> None:
        past = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
        future = post(harvest, world, 1)
        ended = post(harvest, world, 2, start=iso(past), end=iso(past + timedelta(minutes=30)),
                     interviewers=[{"user_id": world.interviewers[0], "response_status": "accepted"},
                                   {"user_id": world.interviewers[1], "response_status": "accepted"}])
        assert future["status"] == "scheduled"
        assert ended["status"] == "awaiting_feedback"
        assert harvest.get(f"{LIST}/{ended['id']}").json()["status"] == "awaiting_feedback"

        def submit(user: int) -> int:
            return db.run(lambda s: interview_service.submit_scorecard(
                s, org_id=world.org_id, interview_id=ended["id"], interviewer_id=user, now=STAMP), write=True)

        first = submit(world.interviewers[0])
        got = harvest.get(f"{LIST}/{ended['id']}").json()
        assert got["status"] == "awaiting_feedback"
        assert [i["scorecard_id"] for i in got["interviewers"]] == [first, None]
        second = submit(world.interviewers[1])
        got = harvest.get(f"{LIST}/{ended['id']}").json()
        assert got["status"] == "complete"
        assert [i["scorecard_id"] for i in got["interviewers"]] == [first, second]
        listed = {i["id"]: i["status"] for i in harvest.get(LIST).json()}
        assert listed == {future["id"]: "scheduled", ended["id"]: "complete"}
        assert ids(harvest.get(LIST, params={"actionable": "true"})) == [future["id"]]

    def test_complete_interviews_cannot_be_changed(self, harvest: httpx.Client, world: World,
                                                   db: Database) -> None:
        past = datetime.now(UTC) - timedelta(days=3)
        done = insert(db, world, 1, start_at=past, feedback_complete=True, scorecard=True)[0]
        headers = {"On-Behalf-Of": str(world.admin)}
        r = harvest.patch(f"/v2/scheduled_interviews/{done}", json={"location": "x"}, headers=headers)
        assert r.status_code == 422 and "complete" in r.json()["message"]
        assert harvest.delete(f"{LIST}/{done}", headers=headers).status_code == 422


# -- tenancy -----------------------------------------------------------------------------------------


class TestTenancy:
    def test_another_organization_sees_nothing(self, harvest: httpx.Client, world: World, db: Database,
                                               server: Any) -> None:
        mine = [post(harvest, world, n)["id"] for n in range(2)] + insert(db, world, 1)
        other = build_world(db)
        with httpx.Client(base_url=server.url + "/harvest", auth=(other.keys["harvest"], ""), timeout=30) as them:
            theirs = post(them, other, 1)["id"]
            assert ids(them.get(LIST, params={"per_page": 500})) == [theirs]
            for eid in (f"list-{world.org_id}-0", f"list-{world.org_id}-1"):
                assert ids(them.get(LIST, params={"external_event_id": eid})) == []
            for interview_id in mine:
                assert them.get(f"{LIST}/{interview_id}").status_code == 404
                r = them.patch(f"/v2/scheduled_interviews/{interview_id}", json={"location": "x"},
                               headers={"On-Behalf-Of": str(other.admin)})
                assert r.status_code == 404 and "message" in r.json()
                r = them.delete(f"{LIST}/{interview_id}", headers={"On-Behalf-Of": str(other.admin)})
                assert r.status_code == 404 and "message" in r.json()
            path = f"/v1/applications/{world.applications['active']}/scheduled_interviews"
            assert them.get(path).status_code == 404
            # their user cannot act on our application either
            r = them.post("/v2/scheduled_interviews", json=create_body(world, 9),
                          headers={"On-Behalf-Of": str(other.admin)})
            assert r.status_code == 422
        assert ids(harvest.get(LIST)) == sorted(mine)
        assert all(harvest.get(f"{LIST}/{i}").status_code == 200 for i in mine)
        assert harvest.get(f"{LIST}/{theirs}").status_code == 404
