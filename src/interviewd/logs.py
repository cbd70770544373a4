"""Plain log lines on stderr for the processes interviewd starts (server, worker, MCP over stdio).

Set up before the MCP face is built: the MCP SDK calls ``logging.basicConfig`` with a Rich handler,
which then finds the root logger configured and leaves it alone.
"""

from __future__ import annotations

import logging

from interviewd.config import get_settings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure() -> None:
    """Root logging at INTERVIEWD_LOG_LEVEL (default WARNING), once per process."""
    logging.basicConfig(level=get_settings().log_level, format=FORMAT)
