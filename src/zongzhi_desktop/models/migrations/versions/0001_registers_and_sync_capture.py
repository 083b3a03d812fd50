"""Registers (regions, code tables, grids, workers, departments, residents, key populations) and sync capture.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 22:36:04.914604
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
SCHEMA_VER = 1  # the ordinal of this revision, stamped on every captured change


def upgrade() -> None:
    op.create_table('code_items',
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('parent_code', sa.String(length=32), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('extra', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_code_items'))
    )
    with op.batch_alter_table('code_items', schema=None) as batch_op:
        batch_op.create_index('ix_code_items_kind_sort', ['kind', 'sort_order'], unique=False)

    op.create_table('departments',
    sa.Column('code', sa.String(length=32), nullable=True),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_departments'))
    )
    op.create_table('grid_workers',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('employment', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grid_workers'))
    )
    op.create_table('grids',
    sa.Column('township_code', sa.String(length=12), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('area_desc', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grids'))
    )
    with op.batch_alter_table('grids', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grids_village_code'), ['village_code'], unique=False)

    op.create_table('regions',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('parent_code', sa.String(length=12), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regions'))
    )
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regions_parent_code'), ['parent_code'], unique=False)

    op.create_table('sync_ctx',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('applying', sa.Integer(), nullable=False),
    sa.Column('hlc', sa.Integer(), nullable=False),
    sa.Column('tx_id', sa.String(length=36), nullable=True),
    sa.Column('user_id', sa.String(length=64), nullable=True),
    sa.Column('schema_ver', sa.Integer(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_sync_ctx_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_ctx'))
    )
    op.execute("INSERT INTO sync_ctx (id, applying, hlc, schema_ver) VALUES (1, 0, 0, 0)")
    op.create_table('sync_field_ver',
    sa.Column('tbl', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('server_seq', sa.Integer(), nullable=False),
    sa.Column('hlc', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('tbl', 'row_id', 'field', name=op.f('pk_sync_field_ver'))
    )
    op.create_table('sync_outbox',
    sa.Column('local_seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('op_id', sa.String(length=32), nullable=False),
    sa.Column('tx_id', sa.String(length=48), nullable=False),
    sa.Column('tbl', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('hlc', sa.Integer(), nullable=False),
    sa.Column('wall_ms', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=True),
    sa.Column('schema_ver', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('result', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('insert', 'update', 'delete')", name=op.f('ck_sync_outbox_kind')),
    sa.CheckConstraint("state IN ('pending', 'acked', 'rejected')", name=op.f('ck_sync_outbox_state')),
    sa.PrimaryKeyConstraint('local_seq', name=op.f('pk_sync_outbox')),
    sa.UniqueConstraint('op_id', name=op.f('uq_sync_outbox_op_id'))
    )
    with op.batch_alter_table('sync_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_sync_outbox_row', ['tbl', 'row_id'], unique=False)
        batch_op.create_index('ix_sync_outbox_state', ['state', 'local_seq'], unique=False)

    op.create_table('sync_state',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_state'))
    )
    op.create_table('grid_assignments',
    sa.Column('grid_id', sa.String(length=36), nullable=False),
    sa.Column('worker_id', sa.String(length=36), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('duty', sa.Text(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_grid_assignments_grid_id_grids')),
    sa.ForeignKeyConstraint(['worker_id'], ['grid_workers.id'], name=op.f('fk_grid_assignments_worker_id_grid_workers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grid_assignments'))
    )
    with op.batch_alter_table('grid_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grid_assignments_grid_id'), ['grid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_grid_assignments_worker_id'), ['worker_id'], unique=False)

    op.create_table('households',
    sa.Column('household_no', sa.String(length=32), nullable=True),
    sa.Column('grid_id', sa.String(length=36), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_households_grid_id_grids')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_households'))
    )
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_households_grid_id'), ['grid_id'], unique=False)

    op.create_table('mediators',
    sa.Column('department_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('title', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_mediators_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediators'))
    )
    with op.batch_alter_table('mediators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediators_department_id'), ['department_id'], unique=False)

    op.create_table('residents',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('grid_id', sa.String(length=36), nullable=True),
    sa.Column('household_id', sa.String(length=36), nullable=True),
    sa.Column('merged_into', sa.String(length=36), nullable=True),
    sa.Column('registration_type', sa.String(length=16), nullable=False),
    sa.Column('relation_to_head', sa.String(length=16), nullable=True),
    sa.Column('ethnicity', sa.String(length=16), nullable=True),
    sa.Column('hukou_address', sa.Text(), nullable=True),
    sa.Column('current_address', sa.Text(), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('employer', sa.String(length=128), nullable=True),
    sa.Column('occupation', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('name_pinyin', sa.String(length=128), nullable=True),
    sa.Column('name_initials', sa.String(length=32), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_residents_grid_id_grids')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_residents_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_residents'))
    )
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.create_index('ix_residents_grid_name', ['grid_id', 'name'], unique=False)
        batch_op.create_index(batch_op.f('ix_residents_household_id'), ['household_id'], unique=False)
        batch_op.create_index('ix_residents_id_number', ['id_number'], unique=False)
        batch_op.create_index('ix_residents_name', ['name'], unique=False)
        batch_op.create_index('ix_residents_phone', ['phone'], unique=False)

    op.create_table('key_persons',
    sa.Column('resident_id', sa.String(length=36), nullable=False),
    sa.Column('type_code', sa.String(length=32), nullable=False),
    sa.Column('attention_level', sa.String(length=16), nullable=False),
    sa.Column('helper_name', sa.String(length=64), nullable=True),
    sa.Column('helper_phone', sa.String(length=20), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('visit_interval_days', sa.Integer(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['resident_id'], ['residents.id'], name=op.f('fk_key_persons_resident_id_residents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_persons'))
    )
    with op.batch_alter_table('key_persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_persons_resident_id'), ['resident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_persons_type_code'), ['type_code'], unique=False)

    op.create_table('visits',
    sa.Column('key_person_id', sa.String(length=36), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('visitor', sa.String(length=64), nullable=True),
    sa.Column('method', sa.String(length=16), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['key_person_id'], ['key_persons.id'], name=op.f('fk_visits_key_person_id_key_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_key_person_id'), ['key_person_id'], unique=False)

    op.execute(f"UPDATE sync_ctx SET schema_ver = {SCHEMA_VER} WHERE id = 1")


def downgrade() -> None:
    raise NotImplementedError("stores on township PCs only move forward; restore a backup instead")
