"""A real, throw-away PostgreSQL server for tests.

``running_postgres()`` starts a private cluster on a free port (as the ``postgres`` user when
we are root, because ``initdb`` refuses to run as root), creates ``interviewd_test`` and yields
its SQLAlchemy URL; on exit it stops the server and deletes its files. When
``INTERVIEWD_TEST_POSTGRES_URL`` is set, that URL is yielded instead and nothing is started.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg

DATABASE = "interviewd_test"
_SERVER_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"


def _bin_dir() -> Path:
    """The bin directory of the highest installed PostgreSQL version."""

    def version(path: str) -> tuple[int, ...]:
        name = Path(path).parent.name
        return tuple(int(p) for p in name.split(".") if p.isdigit())

    found = [d for d in glob.glob("/usr/lib/postgresql/*/bin") if os.path.exists(os.path.join(d, "initdb"))]
    if not found:
        raise RuntimeError(
            "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin: "
            "run `apt-get install -y postgresql` (scripts/test does that when run as root), "
            "or set INTERVIEWD_TEST_POSTGRES_URL to an existing server."
        )
    return Path(max(found, key=version))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(args: list[str], *, as_postgres: bool, cwd: Path) -> None:
    """Run a server tool (through ``runuser`` when root); raise with its output on failure."""
    command = ["runuser", "-u", "postgres", "--", *args] if as_postgres else args
    result = subprocess.run(
        command, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")


def _log_tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


@contextlib.contextmanager
def running_postgres() -> Iterator[str]:
    """Yield the SQLAlchemy URL of a fresh PostgreSQL database; stop and delete it on exit."""
    external = os.environ.get("INTERVIEWD_TEST_POSTGRES_URL")
    if external:
        yield external
        return

    bin_dir = _bin_dir()
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="interviewd-pg-"))
    data, sockets, log = root / "data", root / "sock", root / "server.log"
    port = _free_port()
    pg_ctl = str(bin_dir / "pg_ctl")
    try:
        sockets.mkdir()
        if as_postgres:
            for path in (root, sockets):
                shutil.chown(path, user="postgres", group="postgres")
        initdb = [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--encoding=UTF8"]
        try:
            _run([*initdb, "--locale=C.UTF-8"], as_postgres=as_postgres, cwd=root)
        except RuntimeError:
            shutil.rmtree(data, ignore_errors=True)
            _run([*initdb, "--locale=C"], as_postgres=as_postgres, cwd=root)
        options = f"-p {port} -h 127.0.0.1 -k {sockets} {_SERVER_OPTIONS}"
        _run([pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "start"], as_postgres=as_postgres, cwd=root)
        with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")
    except Exception as exc:
        tail = _log_tail(log)
        _stop(pg_ctl, data, root, as_postgres=as_postgres)
        raise RuntimeError(f"could not start a test PostgreSQL server: {exc}\n--- server log ---\n{tail}") from exc
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{DATABASE}"
    finally:
        _stop(pg_ctl, data, root, as_postgres=as_postgres)


def _stop(pg_ctl: str, data: Path, root: Path, *, as_postgres: bool) -> None:
    """Stop the server (if it may be running) and delete every file of it."""
    if (data / "postmaster.pid").exists():
        with contextlib.suppress(RuntimeError):
            _run([pg_ctl, "-D", str(data), "-m", "immediate", "stop"], as_postgres=as_postgres, cwd=root)
    shutil.rmtree(root, ignore_errors=True)
