"""Facts about the machine and the software a run measured, for the result file and the table."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.config import PROJECT
from benchmarks.wrk import wrk_version

PACKAGES = ("interviewd", "fastapi", "starlette", "uvicorn", "uvloop", "httptools", "sqlalchemy", "psycopg",
            "orjson", "pydantic")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=PROJECT, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else "unknown"


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def facts() -> dict[str, Any]:
    """nproc, memory, CPU model, load average, Python and package versions, wrk, git commit (and dirty)."""
    return {
        "nproc": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "cpu_model": _cpu_model(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "kernel": platform.release(),
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in PACKAGES},
        "wrk": wrk_version().split(" Copyright")[0],
        "git_commit": _git("rev-parse", "HEAD"),
        "git_dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
    }


def one_line(machine: dict[str, Any]) -> str:
    """The machine in one line for the README table's heading."""
    return (f"{machine['cpu_model']}, {machine['nproc']} cores, {machine['memory_gib']} GiB, "
            f"Python {machine['python']}, {machine['wrk']}, commit {machine['git_commit'][:10]}"
            f"{' (with uncommitted changes)' if machine['git_dirty'] else ''}")
