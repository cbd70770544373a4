"""The published Apploi client (apploi-partner-api, unmodified) lists applicants against interviewd; the PUT it
lacks is sent with httpx exactly as Apploi's documentation shows it."""

from __future__ import annotations

from datetime import date, datetime, timezone

import httpx
import pytest
from apploi_partner_api import (
    ApplicationStatus,
    ApploiAPIError,
    ApploiAuthenticationError,
    ApploiClient,
    JobApplication,
)

from interviewd.core.store.uow import Database
from tests.conftest import LiveServer
from tests.faces.apploi.support import add_applicant
from tests.support.factories import World


def client(server: LiveServer, key: str) -> ApploiClient:
    return ApploiClient(api_key=key, base_url=f"{server.url}/apploi", timeout=30)


def test_pages_through_every_applicant(server: LiveServer, db: Database, world: World) -> None:
    extra = [add_applicant(db, world, stage_name=name, first=f"P{n}", phone="+1 555-0100")
             for n, name in enumerate(("Onsite", "Offer", None, "Reference Check"))]
    apploi = client(server, world.keys["apploi"])
    seen: list[JobApplication] = []
    offset = 0
    while True:
        page = apploi.get_job_applications(limit=2, offset=offset)
        assert (page.total, page.limit) == (7, 2)
        seen += page.items
        if not page.has_more:
            break
        offset += 2
    assert [a.id for a in seen] == sorted([*world.applications.values(), *extra])  # none dropped
    by_id = {a.id: a for a in seen}
    hired = by_id[world.applications["hired"]]
    assert hired.status is ApplicationStatus.HIRED and hired.applicant_state == "Hired"
    assert hired.job.name == "Backend Engineer" and hired.job.is_active and hired.team_id == world.team
    assert hired.email == hired.candidate.email and hired.candidate.name == "Cara Hired"
    assert hired.applied_at == datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert [by_id[i].status for i in extra] == [ApplicationStatus.INTERVIEWING, ApplicationStatus.OFFER_EXTENDED,
                                                ApplicationStatus.APPLIED, ApplicationStatus.REFERENCE_CHECK]
    assert by_id[extra[0]].phone == "+1 555-0100"


def test_filters_as_the_client_sends_them(server: LiveServer, db: Database, world: World) -> None:
    later = add_applicant(db, world, job_id=world.other_job, first="Lena",
                          updated_at=datetime(2024, 6, 1, 9, tzinfo=timezone.utc))
    apploi = client(server, world.keys["apploi"])
    assert [a.id for a in apploi.get_job_applications(job_id=world.other_job)] == [later]
    assert [a.id for a in apploi.get_job_applications(updated_after=date(2024, 5, 1))] == [later]
    assert [a.id for a in apploi.get_job_applications(updated_after="2024-06-01T09:00:01")] == []  # UTC
    before = apploi.get_job_applications(updated_before=datetime(2024, 6, 1, 9, tzinfo=timezone.utc))
    assert sorted(a.id for a in before) == sorted(world.applications.values())
    assert [a.id for a in apploi.get_job_applications(state="Rejected")] == [world.applications["rejected"]]
    assert [a.id for a in apploi.get_job_applications(query="lena", team_id=world.team)] == [later]
    assert len(apploi.get_job_applications(team_id=str(world.team + 10_000))) == 0


def test_errors_surface_through_the_client(server: LiveServer, world: World) -> None:
    with pytest.raises(ApploiAuthenticationError):
        client(server, "not-a-key").get_job_applications()
    with pytest.raises(ApploiAPIError) as caught:
        client(server, world.keys["apploi"]).get_job_applications(updated_after="9999-12-31")
    assert "400" in str(caught.value)


def test_an_integration_lists_then_schedules(server: LiveServer, world: World) -> None:
    """What a partner does: find the application form id with the client, then PUT the interview."""
    apploi = client(server, world.keys["apploi"])
    form = next(a for a in apploi.get_job_applications(state="Screening"))
    with httpx.Client(timeout=30) as http:
        r = http.put(f"{server.url}/apploi/applicants/{form.id}/interviews",
                     headers={"X-Api-Key": world.keys["apploi"], "Content-Type": "application/json"},
                     json={"date": "2031-12-05T17:30:00Z", "duration": "60", "timezone": "America/New_York",
                           "location": "Virtual", "interviewerEmail": world.emails[world.interviewers[0]],
                           "interviewerTeamId": str(world.team)})
    assert r.status_code == 200, r.text
    assert r.json()["application_form_id"] == form.id and r.json()["applicant_id"] == form.candidate_id
    assert r.json()["date"] == "2031-12-05T17:30:00-05:00"
