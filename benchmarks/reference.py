"""The reference app: bare Starlette returning a fixed 1 KB JSON object (pre-serialized bytes).

Served with the uvicorn settings ``interviewd serve`` uses (default loop and HTTP implementation,
``log_level="warning"``, no access log, the same worker count), so that every ratio compares the
application's work with the cost of the server, the loopback and wrk themselves.

``python -m benchmarks.reference --port P [--workers N]``
"""

from __future__ import annotations

import argparse
import json

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

BODY_BYTES = 1024


def _fixed_body(size: int = BODY_BYTES) -> bytes:
    """A JSON object of exactly ``size`` bytes, shaped like a small API record."""
    record = {"id": 1, "status": "scheduled", "name": "Reference", "padding": ""}
    base = len(json.dumps(record, separators=(",", ":")).encode())
    record["padding"] = "x" * (size - base)
    body = json.dumps(record, separators=(",", ":")).encode()
    assert len(body) == size
    return body


BODY = _fixed_body()


async def fixed(_request: Request) -> Response:
    """Always the same 1 KB body."""
    return Response(BODY, media_type="application/json")


app = Starlette(routes=[Route("/", fixed), Route("/healthz", fixed)])


def main() -> None:
    """Serve the reference app on 127.0.0.1 with ``interviewd serve``'s uvicorn settings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    uvicorn.run("benchmarks.reference:app", host="127.0.0.1", port=args.port, workers=args.workers,
                log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
