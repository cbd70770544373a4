"""The `interviewd` command as a user runs it: seed's JSON contract, keys, and the demo server."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import free_port

CLI = [sys.executable, "-m", "interviewd.faces.cli"]


def run(*args: str, url: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTERVIEWD_DATABASE_URL": url}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout, env=env, check=False)


def fresh_url(database_url: str, tmp_path: Path) -> str:
    """A database of its own for each CLI test: a new SQLite file, or the shared PostgreSQL test database."""
    return f"sqlite:///{tmp_path / 'cli.db'}" if database_url.startswith("sqlite") else database_url


class TestSeed:
    def test_json_contract(self, database_url: str, tmp_path: Path) -> None:
        done = run("seed", "--demo", "--json", "--interviews", "1200", url=fresh_url(database_url, tmp_path))
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)  # exactly one JSON object on stdout, nothing else
        assert list(data) == ["organizations"] and len(data["organizations"]) >= 2
        for org in data["organizations"][-2:]:
            assert set(org) == {"id", "name", "credentials", "on_behalf_of", "interviewer"}
            creds = org["credentials"]
            assert set(creds) == {"harvest", "merge", "bindbee", "apploi", "mcp"}
            assert set(creds["merge"]) == {"api_key", "account_token"}
            assert set(creds["bindbee"]) == {"api_key", "connector_token"}
            assert isinstance(creds["harvest"], str) and isinstance(creds["apploi"], str)
            assert set(org["interviewer"]) == {"id", "email", "team_id"}
        assert "interviews" in done.stderr  # the progress bar goes to stderr

    def test_is_deterministic(self, tmp_path: Path) -> None:
        first = run("seed", "--demo", "--json", "--seed", "7", url=f"sqlite:///{tmp_path / 'a.db'}")
        second = run("seed", "--demo", "--json", "--seed", "7", url=f"sqlite:///{tmp_path / 'b.db'}")
        assert first.returncode == second.returncode == 0
        assert json.loads(first.stdout) == json.loads(second.stdout)

    def test_requires_demo_flag(self, tmp_path: Path) -> None:
        done = run("seed", url=f"sqlite:///{tmp_path / 'x.db'}")
        assert done.returncode == 2 and "--demo" in done.stderr


class TestKeys:
    def test_create_prints_a_working_key(self, tmp_path: Path) -> None:
        url = f"sqlite:///{tmp_path / 'k.db'}"
        org = json.loads(run("seed", "--demo", "--json", url=url).stdout)["organizations"][0]
        done = run("keys", "create", "--org", str(org["id"]), "--face", "harvest", "--permission",
                   "users.list", "--rate-limit", "5", url=url)
        assert done.returncode == 0, done.stderr
        key = json.loads(done.stdout)
        assert key["face"] == "harvest" and key["permissions"] == ["users.list"] and len(key["key"]) >= 32

    def test_unknown_organization(self, tmp_path: Path) -> None:
        done = run("keys", "create", "--org", "999", "--face", "harvest", url=f"sqlite:///{tmp_path / 'k.db'}")
        assert done.returncode == 1 and "999" in done.stderr

    def test_unknown_face(self, tmp_path: Path) -> None:
        done = run("keys", "create", "--org", "1", "--face", "nope", url=f"sqlite:///{tmp_path / 'k.db'}")
        assert done.returncode == 2


class TestUsers:
    def test_configure_scheduling_settings(self, tmp_path: Path) -> None:
        url = f"sqlite:///{tmp_path / 'u.db'}"
        org = json.loads(run("seed", "--demo", "--json", url=url).stdout)["organizations"][0]
        done = run("users", "configure", "--org", str(org["id"]), "--user", str(org["interviewer"]["id"]),
                   "--time-zone", "Europe/Paris", "--working-hours", '{"mon": [["08:00", "12:00"]]}',
                   "--overrides", '{"2031-05-01": []}', "--calendar-feed-url", "https://cal.example/a.ics", url=url)
        assert done.returncode == 0, done.stderr
        got = json.loads(done.stdout)
        assert got["time_zone"] == "Europe/Paris" and got["working_hours"] == {"mon": [["08:00", "12:00"]]}
        assert got["availability_overrides"] == {"2031-05-01": []}
        bad = run("users", "configure", "--org", str(org["id"]), "--user", str(org["interviewer"]["id"]),
                  "--working-hours", '{"mon": [["18:00", "12:00"]]}', url=url)
        assert bad.returncode == 1 and "working_hours.mon" in bad.stderr
        assert run("users", "configure", "--org", "1", "--user", "99999", url=url).returncode == 1


def wait_for(url: str, proc: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("server did not come up")


def test_demo_serves_what_it_prints(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen([*CLI, "demo", "--port", str(port), "--database-url", f"sqlite:///{tmp_path / 'd.db'}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
                            env={**os.environ, "COLUMNS": "60"})
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", proc)
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    key = re.search(r"harvest\s+http://127\.0\.0\.1:\d+/harvest\s+([0-9a-f]+)\n", output)
    assert key, output
    proc = subprocess.Popen([*CLI, "serve", "--port", str(port), "--database-url", f"sqlite:///{tmp_path / 'd.db'}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", proc)
        listing: Any = httpx.get(f"http://127.0.0.1:{port}/harvest/v1/scheduled_interviews",
                                 auth=(key.group(1), "")).json()
        assert len(listing) >= 20 and {i["status"] for i in listing} >= {"scheduled", "awaiting_feedback", "complete"}
        assert any("date" in i["start"] for i in listing)
    finally:
        proc.terminate()
        proc.wait(30)


class TestLogging:
    def test_server_processes_write_plain_lines_at_the_configured_level(self, tmp_path: Path) -> None:
        probe = ("import logging; from interviewd.app import app_from_env; app_from_env(); "
                 "root = logging.getLogger(); "
                 "print(root.level, [type(h).__name__ for h in root.handlers]); "
                 "logging.getLogger('interviewd.probe').info('probe line')")
        env = {**os.environ, "INTERVIEWD_DATABASE_URL": f"sqlite:///{tmp_path / 'log.db'}",
               "INTERVIEWD_LOG_LEVEL": "info"}
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=env,
                              check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["20", "['StreamHandler']"]  # not the MCP SDK's Rich handler
        assert re.search(r"^\S+ \S+ INFO interviewd\.probe: probe line$", done.stderr, re.MULTILINE)


class TestServe:
    @pytest.mark.parametrize(("flags", "worker"), [([], True), (["--no-worker"], False)])
    def test_the_outbox_worker_runs_unless_told_not_to(self, tmp_path: Path, flags: list[str], worker: bool) -> None:
        port = free_port()
        proc = subprocess.Popen([*CLI, "serve", "--port", str(port), *flags, "--database-url",
                                 f"sqlite:///{tmp_path / 's.db'}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, env={**os.environ, "INTERVIEWD_LOG_LEVEL": "info"})
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz", proc)
        finally:
            proc.terminate()
            output, _ = proc.communicate(timeout=30)
        assert ("outbox worker started" in output) is worker, output
