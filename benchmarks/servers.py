"""Server processes started by the harness: the application and the reference, on free loopback ports.

Each server runs in its own process group so that stopping it also stops uvicorn's worker processes,
and nothing else. Output goes to a log file whose alarming lines are counted in the report.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import httpx

from benchmarks.config import INTERVIEWD, PROJECT, SERVER_ENV

ALARMS = ("Traceback", "ERROR", "CRITICAL", "database is locked")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """One server subprocess: ``argv`` gets ``--port``; ready when ``health`` answers 200."""

    name: str
    argv: list[str]
    log_path: Path
    workers: int = 1
    health: str = "/healthz"
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def start(self, ready_within: float = 120.0) -> None:
        """Start the process and wait until it answers (raise with the log tail if it does not)."""
        env = {**os.environ, **SERVER_ENV, "PYTHONPATH": str(PROJECT)}
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen([*self.argv, "--port", str(self.port)], cwd=PROJECT, env=env,
                                            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + ready_within
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if httpx.get(self.base + self.health, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not become ready in {ready_within:.0f} s:\n{self.log_tail()}")

    def wait_idle(self, limit: float = 180.0, quick: float = 0.1) -> float:
        """Wait until two health checks in a row answer within ``quick`` seconds; return the seconds waited.

        A load generator that stops leaves requests in flight; a server that works on them (SQLite work runs
        on the event loop) would slow down the next measurement, which must start on an idle server.
        """
        started = time.monotonic()
        fast = 0
        while fast < 2 and time.monotonic() - started < limit:
            began = time.monotonic()
            try:
                ok = httpx.get(self.base + self.health, timeout=limit).status_code == 200
            except httpx.HTTPError:
                ok = False
            fast = fast + 1 if ok and time.monotonic() - began < quick else 0
            if fast < 2:
                time.sleep(0.05)
        return time.monotonic() - started

    def stop(self) -> None:
        """SIGTERM the process group, then SIGKILL what is left after 10 s."""
        if self.process is None or self.process.poll() is not None:
            return
        pgid = self.process.pid  # start_new_session: the group id is our child's pid
        try:
            os.killpg(pgid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass

    def pids(self) -> list[int]:
        """The server process and all of its descendants (uvicorn workers)."""
        if self.process is None:
            return []
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def rss_kib(self) -> int:
        """Resident memory of the whole process tree (VmRSS summed), in KiB."""
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's output."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def alarms(self, context: int = 60, limit: int = 400) -> list[str]:
        """Log lines that look like errors (tracebacks, ERROR records, lock timeouts), each with the
        ``context`` lines that follow it (the traceback itself), at most ``limit`` lines in all."""
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return []
        keep: set[int] = set()
        for n, line in enumerate(lines):
            if any(word in line for word in ALARMS):
                keep.update(range(n, min(len(lines), n + context)))
        return [lines[n] for n in sorted(keep)][:limit]


def app_server(name: str, database_url: str, log_dir: Path, workers: int = 1) -> Server:
    """``interviewd serve --no-worker`` on ``database_url`` with ``workers`` server processes."""
    argv = [str(INTERVIEWD), "serve", "--database-url", database_url, "--no-worker", "--workers", str(workers)]
    return Server(name, argv, log_dir / f"{name}.log", workers)


def reference_server(name: str, log_dir: Path, workers: int = 1) -> Server:
    """The reference app (``benchmarks.reference``) with ``workers`` server processes."""
    argv = [sys.executable, "-m", "benchmarks.reference", "--workers", str(workers)]
    return Server(name, argv, log_dir / f"{name}.log", workers)
