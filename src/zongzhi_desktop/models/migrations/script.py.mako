"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}

revision: str = ${repr(up_revision)}
down_revision: str | None = ${repr(down_revision)}
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
SCHEMA_VER = 0  # set: the ordinal of this revision, stamped on every captured change


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}
    op.execute(f"UPDATE sync_ctx SET schema_ver = {SCHEMA_VER} WHERE id = 1")


def downgrade() -> None:
    raise NotImplementedError("stores on township PCs only move forward; restore a backup instead")
