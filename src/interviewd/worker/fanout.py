"""Turns an interview event into its side effects: conference link, invites, CalDAV copies, webhooks.

The event row is settled in the same transaction that writes its children (see ``Outcome.then``), so
each child exists exactly once. Children that share an interview and a recipient carry one ordering
key, so a subscriber or a calendar sees an interview's changes in the order they happened.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from interviewd.config import Settings
from interviewd.core.services.provisioning import InterviewContext, Person, Template, provisioning_service
from interviewd.core.store.outbox import Claimed
from interviewd.core.views import from_snapshot
from interviewd.worker import ics, webhooks
from interviewd.worker.conference import ConferenceRequest, Conferencing
from interviewd.worker.dispatcher import Outcome

EVENT_TOPICS = {"interview.created": "created", "interview.updated": "updated", "interview.deleted": "deleted",
                "interview.cancelled": "cancelled"}
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _fill(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _mail(ctx: InterviewContext, person: Person, template: Template | None, text_ics: str, method: str,
          start_text: str) -> dict[str, Any]:
    values = {"candidate_name": ctx.candidate.name if ctx.candidate else "", "interview_name": ctx.interview.name,
              "start_time": start_text, "organizer_name": ctx.organizer.name if ctx.organizer else "",
              "conference_url": ctx.interview.video_conferencing_url or "", "location": ctx.interview.location or "",
              "recipient_name": person.name, "scorecard_link": ""}
    verb = "Cancelled" if method == "CANCEL" else "Invitation"
    subject = _fill(template.subject, values) if template else f"{verb}: {ctx.interview.name} ({start_text})"
    body = _fill(template.body, values) if template else (
        f"{verb}: {ctx.interview.name}\nWhen: {start_text}\nWhere: "
        f"{ctx.interview.location or ctx.interview.video_conferencing_url or 'to be announced'}\n")
    return {"to": person.email, "to_name": person.name, "subject": subject, "text": body, "ics": text_ics,
            "method": method}


def _start_text(ctx: InterviewContext) -> str:
    v = ctx.interview
    if v.all_day and v.start_date:
        return f"{v.start_date.isoformat()} (all day)"
    from zoneinfo import ZoneInfo

    return v.start_at.astimezone(ZoneInfo(v.time_zone)).strftime("%Y-%m-%d %H:%M ") + v.time_zone


def as_of_event(ctx: InterviewContext, row: Claimed, minted_url: str | None) -> InterviewContext:
    """The context with the interview as the event saw it (its snapshot), so every change is told as it was."""
    if "snapshot" in row.payload:
        ctx.interview = from_snapshot(row.payload["snapshot"])
        ctx.sequence = int(row.payload.get("sequence", ctx.sequence))
        if minted_url and not ctx.interview.video_conferencing_url:
            ctx.interview.video_conferencing_url = minted_url
    return ctx


class FanOut:
    """The handler for ``interview.*`` events."""

    def __init__(self, settings: Settings, conferencing: Conferencing) -> None:
        self.settings = settings
        self.conferencing = conferencing

    async def handle(self, row: Claimed, load: Any) -> Outcome:
        """Mint a conference link if one is missing, then write the children in the settling transaction."""
        kind = EVENT_TOPICS[row.topic]
        ctx: InterviewContext | None = await load(row)
        if ctx is None:
            return Outcome()
        url = None
        if kind == "created" and ctx.needs_conference_link:
            url = await self.conferencing.create(ConferenceRequest(
                ctx.interview.uuid, ctx.interview.name, ctx.interview.location_kind or "", None))

        def then(session: Session, now: datetime) -> None:
            if url:
                provisioning_service.set_conference_url(session, org_id=row.organization_id,
                                                         interview_id=ctx.interview.id, url=url)
            fresh = provisioning_service.context(session, org_id=row.organization_id, interview_id=ctx.interview.id,
                                                 now=now)
            if fresh is not None:
                self._children(session, row, kind, as_of_event(fresh, row, url), now)

        return Outcome(then=then)

    def _children(self, session: Session, row: Claimed, kind: str, ctx: InterviewContext, now: datetime) -> None:
        org, interview_id = row.organization_id, ctx.interview.id
        if kind == "created" and provisioning_service.mark_provisioned(session, org_id=org, interview_id=interview_id):
            ctx.provisioning_state = "provisioned"
        itip = ics.build(ctx, now=now)
        method = ics.method_for(ctx)
        start = _start_text(ctx)

        def enqueue(topic: str, payload: dict[str, Any], key: str) -> None:
            provisioning_service.enqueue(session, org_id=org, topic=topic, aggregate_id=interview_id,
                                         payload=payload, ordering_key=key, now=now)

        if self.settings.smtp_url:
            for person in ctx.interviewers:
                enqueue("invite.email", _mail(ctx, person, ctx.interviewer_template, itip, method, start),
                        f"mail:{interview_id}:{person.email.lower()}")
            if ctx.candidate:
                enqueue("invite.email", _mail(ctx, ctx.candidate, ctx.candidate_template, itip, method, start),
                        f"mail:{interview_id}:{ctx.candidate.email.lower()}")
        if ctx.calendars:
            stored = ics.build(ctx, now=now, itip=False)
            for cal in ctx.calendars:
                enqueue("invite.caldav", {"collection": cal.url, "username": cal.username, "password": cal.password,
                                          "uid": ics.uid(ctx), "ics": stored,
                                          "action": "delete" if method == "CANCEL" else "put"},
                        f"caldav:{interview_id}:{cal.user_id}")
        for sub in ctx.subscriptions:
            payload = webhooks.delivery(kind, ctx, sub, now)
            if payload is not None:
                enqueue("webhook.deliver", payload, f"webhook:{sub.id}:{interview_id}")
