"""The migrations build exactly the schema the model declares, on both databases."""

from __future__ import annotations

import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from interviewd.core.model import Base
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
