"""Helpers of the Apploi face tests: request bodies as Apploi's documentation sends them, and more applicants."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import select

from interviewd.core.model import Application, Candidate, Stage
from interviewd.core.store.uow import Database
from tests.conftest import LiveServer
from tests.support.factories import T0, World


def client_for(server: LiveServer, key: str | None) -> httpx.Client:
    headers = {"X-Api-Key": key} if key is not None else {}
    return httpx.Client(base_url=server.url + "/apploi", headers=headers, timeout=30)


def body(world: World, **overrides: Any) -> dict[str, Any]:
    """Option 1 of the documentation: the interviewer by user id."""
    out = {"date": "2031-12-05T17:30:00Z", "duration": "60", "timezone": "America/New_York", "location": "Virtual",
           "interviewerId": str(world.interviewers[0])}
    out.update(overrides)
    return {k: v for k, v in out.items() if v is not ...}


def team_body(world: World, **overrides: Any) -> dict[str, Any]:
    """Option 2 of the documentation: the interviewer by team id and e-mail address."""
    values = {"interviewerId": ..., "interviewerEmail": world.emails[world.interviewers[1]],
              "interviewerTeamId": str(world.team), **overrides}
    return body(world, **values)


def put(apploi: httpx.Client, application_id: int | str, payload: Any) -> httpx.Response:
    return apploi.put(f"/applicants/{application_id}/interviews", json=payload)


def add_applicant(db: Database, world: World, *, status: str = "active", stage_name: str | None = "Phone Screen",
                  updated_at: datetime = T0, job_id: int | None = None, email: str | None = "x@example.org",
                  first: str = "Pat", last: str = "Doe", phone: str | None = None) -> int:
    """One more application of ``world`` (at a stage of that name, made if need be); its id."""

    def make(s: Any) -> int:
        job = job_id or world.job
        stage_id = None
        if stage_name is not None:
            stage = s.scalars(select(Stage).where(Stage.job_id == job, Stage.name == stage_name)).first()
            if stage is None:
                plan_of = s.scalars(select(Stage).where(Stage.job_id == job)).first()
                stage = Stage(organization_id=world.org_id, plan_id=plan_of.plan_id, job_id=job, name=stage_name,
                              priority=9, created_at=T0, updated_at=T0)
                s.add(stage)
                s.flush()
            stage_id = stage.id
        cand = Candidate(organization_id=world.org_id, first_name=first, last_name=last, email=email, phone=phone,
                         created_at=T0, updated_at=T0)
        s.add(cand)
        s.flush()
        app = Application(organization_id=world.org_id, candidate_id=cand.id, job_id=job, status=status,
                          current_stage_id=stage_id, applied_at=T0, last_activity_at=T0, created_at=T0,
                          updated_at=updated_at)
        s.add(app)
        s.flush()
        return app.id

    return db.run(make, write=True)
