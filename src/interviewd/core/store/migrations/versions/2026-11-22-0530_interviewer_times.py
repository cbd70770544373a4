"""interviewers carry their interview's times, indexed by (organization, user, start)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 05:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import interviewd.core.types

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('interviewers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('start_at', interviewd.core.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('end_at', interviewd.core.types.UTCDateTime(), nullable=True))
    op.execute("UPDATE interviewers SET "
               "start_at = (SELECT s.start_at FROM scheduled_interviews s WHERE s.id = interviewers.interview_id), "
               "end_at = (SELECT s.end_at FROM scheduled_interviews s WHERE s.id = interviewers.interview_id)")
    with op.batch_alter_table('interviewers', schema=None) as batch_op:
        batch_op.alter_column('start_at', existing_type=interviewd.core.types.UTCDateTime(), nullable=False)
        batch_op.alter_column('end_at', existing_type=interviewd.core.types.UTCDateTime(), nullable=False)
        batch_op.drop_index('ix_interviewers_user')
        batch_op.create_index('ix_interviewers_user_start', ['organization_id', 'user_id', 'start_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('interviewers', schema=None) as batch_op:
        batch_op.drop_index('ix_interviewers_user_start')
        batch_op.create_index('ix_interviewers_user', ['user_id'], unique=False)
        batch_op.drop_column('end_at')
        batch_op.drop_column('start_at')
