"""conversions keep the services the facility admits while converted and before; facilities
may open on a later day

Revision ID: 0007_conversions_as_actions
Revises: 0006_transfer_arrived_at
Create Date: 2026-12-05 19:10:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0007_conversions_as_actions'
down_revision = '0006_transfer_arrived_at'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('conversions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('services', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('previous_services', sa.JSON(), nullable=True))
    with op.batch_alter_table('facilities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opens_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('facilities', schema=None) as batch_op:
        batch_op.drop_column('opens_on')
    with op.batch_alter_table('conversions', schema=None) as batch_op:
        batch_op.drop_column('previous_services')
        batch_op.drop_column('services')
