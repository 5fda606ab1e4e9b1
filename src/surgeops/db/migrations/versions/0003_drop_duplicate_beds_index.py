"""drop ix_beds_latest: the unique (facility, bed_type, as_of) constraint's index is the same

Every bed figure written kept two identical B-trees up to date. The newest-snapshot
probe (capacity reads) uses the unique constraint's index just as well.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 19:05:00
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('bed_snapshots', schema=None) as batch_op:
        batch_op.drop_index('ix_beds_latest')


def downgrade() -> None:
    with op.batch_alter_table('bed_snapshots', schema=None) as batch_op:
        batch_op.create_index('ix_beds_latest', ['facility', 'bed_type', 'as_of'], unique=False)
