"""The worker: runs outbox rows (fan-out, conference links, invites, CalDAV, webhooks) with retries."""
