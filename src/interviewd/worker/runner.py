"""The worker assembled: handlers for every outbox topic, over shared HTTP clients; run in or out of serve."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx

from interviewd.core.runtime import Core
from interviewd.core.services.provisioning import InterviewContext, provisioning_service
from interviewd.core.store.outbox import Claimed
from interviewd.worker.caldav import CalDav
from interviewd.worker.conference import Conferencing, TemplateProvider
from interviewd.worker.dispatcher import Dispatcher, Handler, Outcome
from interviewd.worker.errors import Permanent
from interviewd.worker.fanout import EVENT_TOPICS, FanOut
from interviewd.worker.mail import Mailer
from interviewd.worker.webhooks import Sender

log = logging.getLogger("interviewd.worker")


def build(core: Core, client: httpx.AsyncClient, conferencing: Conferencing | None = None) -> Dispatcher:
    """A dispatcher with a handler for every topic the core and the fan-out write."""
    settings = core.settings
    conferencing = conferencing or Conferencing(TemplateProvider(settings.conference_url_template))
    fanout = FanOut(settings, conferencing)
    mailer = Mailer(settings.smtp_url, settings.mail_from) if settings.smtp_url else None
    caldav, sender = CalDav(client), Sender(client)

    async def load(row: Claimed) -> InterviewContext | None:
        return await core.call(lambda s, now: provisioning_service.context(
            s, org_id=row.organization_id, interview_id=row.aggregate_id or 0, now=now))

    async def on_event(row: Claimed) -> Outcome:
        return await fanout.handle(row, load)

    async def on_mail(row: Claimed) -> Outcome:
        if mailer is None:
            raise Permanent("INTERVIEWD_SMTP_URL is not set; no mail can be sent")
        await mailer.send(row.payload)
        return Outcome(status_code=250)

    async def on_caldav(row: Claimed) -> Outcome:
        return Outcome(status_code=await caldav.apply(row.payload))

    async def on_webhook(row: Claimed) -> Outcome:
        sub = await core.call(lambda s, _now: provisioning_service.subscription(
            s, org_id=row.organization_id, subscription_id=row.payload["subscription_id"]))
        if sub is None:
            raise Permanent("the subscription was removed or deactivated")
        return Outcome(status_code=await sender.send(sub, row.payload, int(core.now().timestamp())))

    handlers: dict[str, Handler] = {topic: on_event for topic in EVENT_TOPICS}
    handlers.update({"invite.email": on_mail, "invite.caldav": on_caldav, "webhook.deliver": on_webhook})
    return Dispatcher(core, handlers)


@contextlib.asynccontextmanager
async def running(core: Core, **kwargs: Any) -> AsyncIterator[Dispatcher]:
    """The worker polling in the background for as long as the block runs (used by ``serve``)."""
    async with httpx.AsyncClient(timeout=10, follow_redirects=False) as client:
        dispatcher = build(core, client, **kwargs)
        task = asyncio.create_task(dispatcher.run())
        log.info("outbox worker started (polling every %s s)", core.settings.worker_poll_seconds)
        try:
            yield dispatcher
        finally:
            dispatcher.stop()
            await task
