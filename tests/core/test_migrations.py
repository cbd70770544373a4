"""The migrations build exactly the schema the model declares, on both databases."""

from __future__ import annotations

import warnings
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from interviewd.core.model import Base
from interviewd.core.store.engine import make_engine
from interviewd.core.store.migrate import downgrade, upgrade
from interviewd.core.store.uow import Database


def test_migrations_match_the_model(db: Database) -> None:
    with db.engine.connect() as connection, warnings.catch_warnings():
        # SQLite cannot reflect the case-insensitive e-mail index; PostgreSQL compares it.
        warnings.simplefilter("ignore")
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_user_emails_stay_unique_ignoring_case_after_every_migration(db: Database) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    from tests.support.factories import T0, build_world, make_user

    world = build_world(db)
    taken = world.emails[world.admin].upper()
    with pytest.raises(IntegrityError):
        db.run(lambda s: make_user(s, world.org_id, T0, "Dup", "Licate", email=taken), write=True)


def test_every_migration_upgrades_a_database_that_holds_data(database_url: str, tmp_path: Path) -> None:
    """Rows written at the first revision survive every later one (SQLite batch mode copies tables)."""
    engine = _scratch_database(database_url, tmp_path)
    try:
        upgrade(engine, "0001")
        with engine.begin() as c:
            for statement in _FIRST_REVISION_ROWS:
                c.exec_driver_sql(statement.replace("TRUE", _true(engine)).replace("FALSE", _false(engine)))
        upgrade(engine)
        with engine.connect() as c:
            assert c.exec_driver_sql("select count(*) from interviewers").scalar_one() == 1
            extra, fields = c.exec_driver_sql("select extra, custom_fields from scheduled_interviews").one()
            assert extra in ("{}", {}) and fields in ("{}", {})
        downgrade(engine, "0001")
        upgrade(engine)
    finally:
        engine.dispose()


def _scratch_database(database_url: str, tmp_path: Path) -> Engine:
    if database_url.startswith("sqlite"):
        return make_engine(f"sqlite:///{tmp_path / 'upgrade.db'}")
    admin = make_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql("DROP DATABASE IF EXISTS upgrade_check")
        c.exec_driver_sql("CREATE DATABASE upgrade_check")
    admin.dispose()
    return make_engine(database_url.rsplit("/", 1)[0] + "/upgrade_check")


def _true(engine: Engine) -> str:
    return "1" if engine.dialect.name == "sqlite" else "true"


def _false(engine: Engine) -> str:
    return "0" if engine.dialect.name == "sqlite" else "false"


_T = "'2024-01-01 00:00:00'"
_FIRST_REVISION_ROWS = [
    f"insert into organizations (id, uuid, name, created_at) values (1, '{'1' * 32}', 'Org', {_T})",
    "insert into users (id, uuid, organization_id, first_name, last_name, email, time_zone, working_hours, "
    f"availability_overrides, active, site_admin, can_interview, permissions, created_at, updated_at) values "
    f"(1, '{'2' * 32}', 1, 'A', 'B', 'a@b.c', 'UTC', '{{}}', '{{}}', TRUE, TRUE, TRUE, '[]', {_T}, {_T})",
    "insert into candidates (id, uuid, organization_id, first_name, last_name, created_at, updated_at) values "
    f"(1, '{'3' * 32}', 1, 'C', 'D', {_T}, {_T})",
    "insert into jobs (id, uuid, organization_id, name, status, created_at, updated_at) values "
    f"(1, '{'4' * 32}', 1, 'Job', 'open', {_T}, {_T})",
    "insert into applications (id, uuid, organization_id, candidate_id, job_id, status, applied_at, "
    f"last_activity_at, created_at, updated_at) values (1, '{'5' * 32}', 1, 1, 1, 'active', {_T}, {_T}, {_T}, {_T})",
    "insert into scheduled_interviews (id, uuid, organization_id, application_id, name, all_day, start_at, end_at, "
    "time_zone, kind, source, feedback_complete, sequence, created_at, updated_at) values "
    f"(1, '{'6' * 32}', 1, 1, 'I', FALSE, {_T}, {_T}, 'UTC', 'panel', 'harvest', FALSE, 0, {_T}, {_T})",
    "insert into interviewers (id, organization_id, interview_id, user_id, email, response_status, position) "
    "values (1, 1, 1, 1, 'a@b.c', 'accepted', 0)",
]
