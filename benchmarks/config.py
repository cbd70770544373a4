"""Paths, run options and the scenario targets of the issue, in one place."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PROJECT = ROOT.parent
DATA_DIR = ROOT / "data"
RESULTS_DIR = ROOT / "results"
LUA_DIR = ROOT / "lua"
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
INTERVIEWD = BIN / "interviewd"

FULL_ROWS = 1_000_000
QUICK_ROWS = 20_000
PER_PAGE = 100
FAR_PAGE = 5_000
B2_FRACTION = 0.60
# Server and seed environment: keys of the seeded data set are not rate limited.
SERVER_ENV = {"INTERVIEWD_RATE_LIMIT_PER_10S": "0"}


def wanted(only: frozenset[str] | None, scenario_id: str) -> bool:
    """True when ``only`` is None or names the scenario (``B4`` covers ``B4-merge``, ``B7`` covers ``B7-mcp``)."""
    return only is None or scenario_id.split("-")[0] in only


@dataclass(frozen=True)
class Options:
    """What one run measures and how long; ``quick`` is a smoke run that proves the harness works."""

    rows: int = FULL_ROWS
    rounds: int = 3
    duration: float = 10.0
    mixed_duration: float = 120.0
    only: frozenset[str] | None = None
    postgres: bool = False
    keep_data: bool = False
    quick: bool = False
    threads: int = 2
    connections: int = 16
    writers: int = 8
    warmup: float = 2.0
    timeout: str = "30s"

    def wants(self, scenario_id: str) -> bool:
        """True when ``--only`` is absent or names the scenario."""
        return wanted(self.only, scenario_id)

    @property
    def far_page(self) -> int:
        """The deep page of B4: 5,000 when the data set has that many pages, else the deepest full one."""
        return max(2, min(FAR_PAGE, int(self.rows * 0.95) // PER_PAGE))

    def as_dict(self) -> dict[str, object]:
        """The options as plain JSON values, for the result file."""
        return {"rows": self.rows, "rounds": self.rounds, "duration_s": self.duration,
                "mixed_duration_s": self.mixed_duration, "only": sorted(self.only) if self.only else None,
                "postgres": self.postgres, "keep_data": self.keep_data, "quick": self.quick,
                "wrk_threads": self.threads, "wrk_connections": self.connections, "writers": self.writers,
                "warmup_s": self.warmup, "far_page": self.far_page, "per_page": PER_PAGE,
                "timeout_s": float(self.timeout.removesuffix("s"))}


@dataclass(frozen=True)
class Target:
    """A scenario's goal: ``value`` compared with ``limit`` by ``op`` (``>=`` or ``<=``)."""

    op: str
    limit: float
    stretch: float | None = None
    text: str = ""

    def met(self, value: float | None) -> bool | None:
        """True/False, or None when there is nothing to compare."""
        if value is None:
            return None
        return value >= self.limit if self.op == ">=" else value <= self.limit

    def describe(self) -> str:
        """The target as the README states it."""
        return self.text or f"{self.op} {self.limit:g}"


TITLES = {
    "B1": "Harvest list, per_page=100, interviewers nested",
    "B2": "Harvest list, updated_after matching 60 %",
    "B3": "Harvest retrieve by id",
    "B5": "Harvest POST v2, 3 interviewers, conflict check, outbox",
    "B7": "Merge list, page_size=100",
    "B7-mcp": "MCP check_interviewers_availability over HTTP",
    "B8": "2 server workers vs 1 (B1 list)",
}

TARGETS: dict[str, Target] = {
    "B1": Target(">=", 0.05, 0.08, "≥ 5 % of reference (stretch 8 %)"),
    "B2": Target("<=", 2.0, text="≤ 2× B1's cost per page"),
    "B3": Target(">=", 0.35, text="≥ 35 % of reference"),
    "B4": Target("<=", 1.5, text="deep page ≤ 1.5× page 1"),
    "B5": Target(">=", 0.20, text="≥ 20 % of reference"),
    "B6": Target("<=", 2.0, text="< 2 ms median; 20×200 events < 20 ms; equals oracle"),
    "B7": Target(">=", 0.05, text="≥ 5 % of reference"),
    "B7-mcp": Target(">=", 0.20, text="≥ 20 % of reference"),
    "B8": Target(">=", 1.6, text="≥ 1.6× one worker"),
    "B9": Target("<=", 3.0, text="PostgreSQL cost ≤ 3× SQLite"),
    "B10-rss": Target("<=", 0.10, text="RSS growth < 10 %"),
    "B10-tail": Target("<=", 5.0, text="p99 ≤ 5× p50 at 16 connections"),
}
