"""Audit log: who opened, revealed, exported, printed, imported or deleted personal data (issue 10).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 03:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
SCHEMA_VER = 7  # the ordinal of this revision, stamped on every captured change


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('subject_table', sa.String(length=64), nullable=True),
    sa.Column('subject_id', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=True),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_log_device_seq', ['device_id', 'seq'], unique=False)
        batch_op.create_index('ix_audit_log_username_at', ['username', 'at'], unique=False)
    # The capture and append-only guard triggers are rebuilt from the catalogue after every
    # migration (models/migrate.py), so nothing more is needed here.
    op.execute(f"UPDATE sync_ctx SET schema_ver = {SCHEMA_VER} WHERE id = 1")


def downgrade() -> None:
    raise NotImplementedError("stores on township PCs only move forward; restore a backup instead")
