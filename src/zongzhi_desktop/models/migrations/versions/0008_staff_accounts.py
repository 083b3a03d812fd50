"""Staff accounts: the township's users travel by sync; passwords and key wraps stay on each PC (issue 10).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
SCHEMA_VER = 8  # the ordinal of this revision, stamped on every captured change


def upgrade() -> None:
    # No password hash, key wrap or lock-out counter: see models/staff.py.
    op.create_table('staff_accounts',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('department_id', sa.String(length=36), nullable=True),
    sa.Column('worker_id', sa.String(length=36), nullable=True),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_accounts'))
    )
    with op.batch_alter_table('staff_accounts', schema=None) as batch_op:
        batch_op.create_index('ix_staff_accounts_username', ['username'], unique=True)
    # The capture triggers are rebuilt from the catalogue after every migration (models/migrate.py).
    # The accounts made before this revision get their rows at the first administrator's login
    # (the migration cannot read the accounts file, and rows written here would not be captured).
    op.execute("INSERT INTO sync_state (key, value) VALUES ('staff_fill', 'pending')")
    op.execute(f"UPDATE sync_ctx SET schema_ver = {SCHEMA_VER} WHERE id = 1")


def downgrade() -> None:
    raise NotImplementedError("stores on township PCs only move forward; restore a backup instead")
