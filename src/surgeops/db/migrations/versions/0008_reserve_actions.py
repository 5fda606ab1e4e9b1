"""reserve beds are opened and closed by explicit actions: who, when, why, how many

Revision ID: 0008_reserve_actions
Revises: 0007_conversions_as_actions
Create Date: 2026-12-05 19:10:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0008_reserve_actions'
down_revision = '0007_conversions_as_actions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'reserve_actions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('facility', sa.String(length=40), nullable=False),
        sa.Column('bed_type', sa.String(length=16), nullable=False),
        sa.Column('action', sa.String(length=8), nullable=False),
        sa.Column('beds', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('actor', sa.String(length=120), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('capacity_after', sa.Integer(), nullable=False),
        sa.Column('reserve_after', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['facility'], ['facilities.key']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('reserve_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reserve_actions_facility'), ['facility'], unique=False)
        batch_op.create_index(batch_op.f('ix_reserve_actions_at'), ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reserve_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reserve_actions_at'))
        batch_op.drop_index(batch_op.f('ix_reserve_actions_facility'))
    op.drop_table('reserve_actions')
