"""Invites by e-mail: multipart mail with a ``text/calendar; method=...`` part, over SMTP."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Any
from urllib.parse import unquote, urlparse

from interviewd.worker.errors import Permanent, Retryable


def build_message(*, sender: str, payload: dict[str, Any]) -> EmailMessage:
    """The mail for one recipient: a text body, the invite inline and as an attachment."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = formataddr((payload.get("to_name") or "", payload["to"]))
    msg["Subject"] = payload["subject"]
    msg["Message-ID"] = make_msgid(domain="interviewd")
    msg.set_content(payload["text"])
    method = payload["method"]
    msg.add_alternative(payload["ics"], subtype="calendar", params={"method": method})
    msg.add_attachment(payload["ics"].encode(), maintype="application", subtype="ics",
                       filename="invite.ics" if method == "REQUEST" else "cancel.ics")
    return msg


class Mailer:
    """Sends through the server named by INTERVIEWD_SMTP_URL (smtp://, smtps://, smtp+starttls://)."""

    def __init__(self, url: str, sender: str, timeout: float = 30) -> None:
        parsed = urlparse(url)
        if parsed.scheme not in ("smtp", "smtps", "smtp+starttls") or not parsed.hostname:
            raise ValueError(f"INTERVIEWD_SMTP_URL must look like smtp://host:port; got {url!r}")
        self.scheme, self.host = parsed.scheme, parsed.hostname
        self.port = parsed.port or (465 if parsed.scheme == "smtps" else 25)
        self.user = unquote(parsed.username) if parsed.username else None
        self.password = unquote(parsed.password) if parsed.password else None
        self.sender, self.timeout = sender, timeout

    async def send(self, payload: dict[str, Any]) -> None:
        await asyncio.to_thread(self._send, build_message(sender=self.sender, payload=payload))

    def _send(self, msg: EmailMessage) -> None:
        try:
            if self.scheme == "smtps":
                client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                                        context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with client:
                if self.scheme == "smtp+starttls":
                    client.starttls(context=ssl.create_default_context())
                if self.user:
                    client.login(self.user, self.password or "")
                client.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            raise Permanent(f"recipient refused: {exc.recipients}") from exc
        except smtplib.SMTPResponseException as exc:
            error = Permanent if 500 <= exc.smtp_code < 600 else Retryable
            raise error(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", status_code=exc.smtp_code) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise Retryable(f"SMTP server unreachable: {exc}") from exc
