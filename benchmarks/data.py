"""The data sets: ``interviewd seed --demo --json --interviews N`` into SQLite (cached) or PostgreSQL.

SQLite: built once per N under ``benchmarks/data/sqlite-N.db`` with the seed's JSON next to it; each run
serves a fresh copy, so the rows a run writes (B5, B10) never leak into the next run's data.
PostgreSQL: a throw-away server from ``tests/support/postgres.py`` each run, restored from the cached
``benchmarks/data/postgres-N-<schema>.dump``, which the first run makes by seeding with the CLI. Measured
at a million rows: seeding 195 s, pg_dump 6 s (205 MB), pg_restore 28 s.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.config import DATA_DIR, INTERVIEWD, PROJECT, SERVER_ENV


@dataclass(frozen=True)
class Dataset:
    """A seeded database: its URL, the seed's JSON, where discovered fixtures are cached, how it was made."""

    kind: str
    url: str
    seed: dict[str, Any]
    fixtures_cache: Path
    how: str
    seconds: float

    @property
    def org(self) -> dict[str, Any]:
        """The first organization (the one ``--interviews N`` fills)."""
        return dict(self.seed["organizations"][0])

    def describe(self) -> dict[str, Any]:
        """Plain facts for the result file (no credentials)."""
        return {"kind": self.kind, "how": self.how, "seconds": round(self.seconds, 1)}


def seed(url: str, rows: int) -> tuple[dict[str, Any], float]:
    """Run the CLI seed into ``url`` (keys without rate limits); return its JSON and the seconds it took."""
    started = time.monotonic()
    env = {**os.environ, **SERVER_ENV}
    done = subprocess.run([str(INTERVIEWD), "seed", "--demo", "--json", "--interviews", str(rows),
                           "--database-url", url], cwd=PROJECT, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=None, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"interviewd seed failed ({done.returncode}) for {url}")
    return json.loads(done.stdout), time.monotonic() - started


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{path.resolve()}"


def _sqlite_files(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]


def schema_head() -> str:
    """The newest migration of the code being measured."""
    from alembic.script import ScriptDirectory

    from interviewd.core.store.migrate import alembic_config

    return ",".join(sorted(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()))


def _revision(db: Path) -> str | None:
    try:
        with sqlite3.connect(f"file:{db}?immutable=1", uri=True) as conn:
            found = ",".join(sorted(row[0] for row in conn.execute("SELECT version_num FROM alembic_version")))
        conn.close()
        return found
    except sqlite3.Error:
        return None


def build_sqlite(rows: int) -> tuple[Path, dict[str, Any], str, float]:
    """The cached SQLite data set for ``rows`` (built when missing): file, seed JSON, how, seconds.

    A cache made at another schema revision is rebuilt rather than migrated: the data set should be what
    the current seed command makes, and a migration's speed on a million rows is not what B1-B10 measure.
    """
    db, meta = DATA_DIR / f"sqlite-{rows}.db", DATA_DIR / f"sqlite-{rows}.json"
    if db.exists() and meta.exists():
        head, found = schema_head(), _revision(db)
        if found == head:
            return db, json.loads(meta.read_text()), "cached", 0.0
        print(f"the cached data set is at schema revision {found}, the code at {head}: rebuilding it")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    partial = DATA_DIR / f"sqlite-{rows}.building.db"
    fixtures = DATA_DIR / f"sqlite-{rows}.fixtures.json"
    for stale in [*_sqlite_files(partial), *_sqlite_files(db), meta, fixtures]:
        stale.unlink(missing_ok=True)
    print(f"building the SQLite data set: {rows:,} interviews (once; cached in {db.relative_to(PROJECT)})")
    data, seconds = seed(sqlite_url(partial), rows)
    with sqlite3.connect(partial) as conn:  # fold the WAL in, so the cache is one self-contained file
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for extra in _sqlite_files(partial)[1:]:
        extra.unlink(missing_ok=True)
    partial.rename(db)
    meta.write_text(json.dumps(data, indent=1))
    return db, data, "seeded", seconds


@contextmanager
def sqlite_dataset(rows: int, work_dir: Path, *, keep: bool) -> Iterator[Dataset]:
    """A private copy of the cached SQLite data set for this run; deleted afterwards unless ``keep``."""
    cached, data, how, seconds = build_sqlite(rows)
    work_dir.mkdir(parents=True, exist_ok=True)
    copy = work_dir / f"sqlite-{rows}.db"
    shutil.copyfile(cached, copy)
    try:
        yield Dataset("sqlite", sqlite_url(copy), data, DATA_DIR / f"sqlite-{rows}.fixtures.json", how, seconds)
    finally:
        if not keep:
            for path in _sqlite_files(copy):
                path.unlink(missing_ok=True)


_CONFLICTS = """
WITH made AS (SELECT id, organization_id, start_at, end_at FROM scheduled_interviews
              WHERE external_event_id LIKE ? AND all_day = 0)
SELECT count(*), sum(EXISTS (
    SELECT 1 FROM scheduled_interviews other JOIN interviewers person ON person.interview_id = other.id
    WHERE other.organization_id = made.organization_id AND other.start_at < made.end_at
      AND other.start_at > datetime(made.start_at, '-1 day') AND other.end_at > made.start_at
      AND other.id <> made.id AND other.deleted_at IS NULL AND other.cancelled_at IS NULL
      AND person.user_id IN (SELECT user_id FROM interviewers WHERE interview_id = made.id)))
FROM made
"""


def conflict_share(url: str, prefix: str) -> dict[str, int]:
    """How many interviews the run created (external_event_id starting ``prefix``) and how many overlap
    another interview of one of their interviewers: evidence that B5's conflict check finds conflicts."""
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        created, conflicting = conn.execute(_CONFLICTS, (prefix + "%",)).fetchone()
    conn.close()
    return {"created": created or 0, "conflicting": conflicting or 0}


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _pg_tool(name: str, *args: str) -> None:
    tool = shutil.which(name)
    if tool is None:
        raise RuntimeError(f"{name} not found (apt-get install -y postgresql-client)")
    done = subprocess.run([tool, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed ({done.returncode}):\n{done.stdout}{done.stderr}")


def _timed(label: str, call: Callable[[], object]) -> float:
    started = time.monotonic()
    call()
    seconds = time.monotonic() - started
    print(f"{label}: {seconds:.0f} s")
    return seconds


@contextmanager
def postgres_dataset(rows: int, work_dir: Path) -> Iterator[Dataset]:
    """A throw-away PostgreSQL server (the tests' own helper) holding the data set; gone afterwards.

    Restored from ``benchmarks/data/postgres-N-<schema>.dump`` when that exists, else seeded by the CLI
    and dumped for the next run (restoring is 7× faster than seeding). Then ANALYZE, as autovacuum would
    do a minute later anyway: the measurements should not depend on whether it has run yet. Fixtures are
    discovered again each run.
    """
    from tests.support.postgres import running_postgres

    stem = f"postgres-{rows}-{schema_head()}"
    dump, meta = DATA_DIR / f"{stem}.dump", DATA_DIR / f"{stem}.json"
    with running_postgres() as url:
        libpq, box = _libpq(url), dict[str, Any]()
        if dump.exists() and meta.exists():
            seconds = _timed("PostgreSQL restored from pg_dump", lambda: _pg_tool(
                "pg_restore", "--no-owner", "--jobs=2", "-d", libpq, str(dump)))
            data, how = json.loads(meta.read_text()), "restored from pg_dump"
        else:
            print(f"seeding PostgreSQL: {rows:,} interviews")
            seconds = _timed("PostgreSQL seeded", lambda: box.update(data=seed(url, rows)[0]))
            data, how = box["data"], "seeded"
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            partial = dump.with_suffix(".partial")
            dumped = _timed("pg_dump written", lambda: _pg_tool("pg_dump", "-Fc", "-Z1", "-f", str(partial), libpq))
            partial.rename(dump)
            meta.write_text(json.dumps(data, indent=1))
            for stale in DATA_DIR.glob(f"postgres-{rows}-*"):  # dumps of older schemas
                if not stale.name.startswith(stem + "."):
                    stale.unlink()
            how += f", pg_dump written in {dumped:.0f} s"
        seconds += _timed("ANALYZE", lambda: _pg_tool("psql", "-q", "-d", libpq, "-c", "ANALYZE"))
        yield Dataset("postgresql", url, data, work_dir / "postgres.fixtures.json", how, seconds)
