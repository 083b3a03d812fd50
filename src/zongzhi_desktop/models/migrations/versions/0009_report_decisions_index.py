"""The monthly report reads the year's decisions through a partial index instead of every case step (issue 6).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
# An index changes nothing a change carries: the sync's schema_ver stays 8, so PCs of this version
# and of the last one still talk to the same county without either holding its changes back.


def upgrade() -> None:
    op.create_index("ix_dispute_events_decisions", "dispute_events", ["at", "dispute_id", "action"],
                    sqlite_where=sa.text("action IN ('accept', 'reject', 'resolve', 'fail')"))


def downgrade() -> None:
    raise NotImplementedError("stores on township PCs only move forward; restore a backup instead")
