"""List-order indexes: residents by (name, id) and by pinyin, cases by (registered_at, id): pages need no sort.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 23:17:01.696782
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
SCHEMA_VER = 4  # the ordinal of this revision, stamped on every captured change


def upgrade() -> None:
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disputes_registered_at'))
        batch_op.create_index('ix_disputes_registered_at_id', ['registered_at', 'id'], unique=False)

    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_residents_name'))
        batch_op.create_index('ix_residents_name_id', ['name', 'id'], unique=False)
        batch_op.create_index('ix_residents_pinyin_order', ['name_pinyin', 'name', 'id', 'grid_id', 'registration_type', 'deleted_at', 'merged_into'], unique=False)

    op.execute(f"UPDATE sync_ctx SET schema_ver = {SCHEMA_VER} WHERE id = 1")


def downgrade() -> None:
    raise NotImplementedError("stores on township PCs only move forward; restore a backup instead")
