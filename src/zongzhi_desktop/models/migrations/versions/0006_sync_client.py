"""Sync client: row marks, the county's number for each acked op, conflict and duplicate inboxes,
rows handed to another township, the history.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 00:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
SCHEMA_VER = 6  # the ordinal of this revision, stamped on every captured change


def upgrade() -> None:
    op.create_table('sync_row_ver',
    sa.Column('tbl', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('server_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('tbl', 'row_id', name=op.f('pk_sync_row_ver'))
    )
    op.create_table('sync_conflicts',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tbl', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('policy', sa.String(length=12), nullable=False),
    sa.Column('winner_val', sa.Text(), nullable=True),
    sa.Column('loser_val', sa.Text(), nullable=True),
    sa.Column('winner_origin', sa.Text(), nullable=False),
    sa.Column('loser_origin', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('restored_at', sa.String(length=32), nullable=True),
    sa.Column('restored_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflicts'))
    )
    with op.batch_alter_table('sync_conflicts', schema=None) as batch_op:
        batch_op.create_index('ix_sync_conflicts_status', ['status', 'created_at'], unique=False)
    op.create_table('sync_runs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('started_at', sa.String(length=32), nullable=False),
    sa.Column('finished_at', sa.String(length=32), nullable=True),
    sa.Column('ok', sa.Integer(), nullable=False),
    sa.Column('pushed', sa.Integer(), nullable=False),
    sa.Column('pulled', sa.Integer(), nullable=False),
    sa.Column('conflicts', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_runs'))
    )
    op.create_table('sync_duplicates',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tbl', sa.String(length=64), nullable=False),
    sa.Column('row_a', sa.String(length=64), nullable=False),
    sa.Column('row_b', sa.String(length=64), nullable=False),
    sa.Column('township_a', sa.String(length=12), nullable=False),
    sa.Column('township_b', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_duplicates'))
    )
    op.create_table('sync_evictions',
    sa.Column('tbl', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('evicted_at', sa.String(length=32), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('tbl', 'row_id', name=op.f('pk_sync_evictions'))
    )
    with op.batch_alter_table('sync_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('server_seq', sa.Integer(), nullable=True))
        batch_op.create_index('ix_sync_outbox_server_seq', ['server_seq'], unique=False)
    op.execute(f"UPDATE sync_ctx SET schema_ver = {SCHEMA_VER} WHERE id = 1")


def downgrade() -> None:
    raise NotImplementedError("stores on township PCs only move forward; restore a backup instead")
