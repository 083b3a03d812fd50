"""Resident search keys (pinyin of every surname reading, reversed ID and phone numbers).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 22:41:23.562780
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
SCHEMA_VER = 2  # the ordinal of this revision, stamped on every captured change


def upgrade() -> None:
    op.create_table('resident_keys',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('key', 'resident_id', name=op.f('pk_resident_keys')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('resident_keys', schema=None) as batch_op:
        batch_op.create_index('ix_resident_keys_resident', ['resident_id'], unique=False)

    # Existing residents get their keys now (derived data, so computed here rather than synced).
    from zongzhi_desktop.models.search import rebuild_all

    rebuild_all(op.get_bind())
    op.execute(f"UPDATE sync_ctx SET schema_ver = {SCHEMA_VER} WHERE id = 1")


def downgrade() -> None:
    raise NotImplementedError("stores on township PCs only move forward; restore a backup instead")
