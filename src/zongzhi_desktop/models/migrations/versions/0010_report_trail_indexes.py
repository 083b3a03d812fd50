"""The monthly report reads each case's decisions, and the 考核 the route and check-in steps, from partial covering indexes by case (issue 6).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
# Indexes change nothing a change carries: the sync's schema_ver stays 8, so PCs of this version
# and of the last one still talk to the same county without either holding its changes back.


def upgrade() -> None:
    # By case instead of by time: one search per case beats grouping the year's decisions by case
    # (a sort of every decision) and joining the groups back; 0009's index by time has no reader left.
    op.drop_index("ix_dispute_events_decisions", "dispute_events")
    op.create_index("ix_dispute_events_case_decisions", "dispute_events", ["dispute_id", "at", "action"],
                    sqlite_where=sa.text("action IN ('accept', 'reject', 'resolve', 'fail')"))
    op.create_index("ix_dispute_events_routing", "dispute_events",
                    ["dispute_id", "action", "at", "department_id", "data"],
                    sqlite_where=sa.text("action IN ('route', 'checkin')"))


def downgrade() -> None:
    raise NotImplementedError("stores on township PCs only move forward; restore a backup instead")
