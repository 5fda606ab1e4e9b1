"""bed figures keep when their occupancy was last stated, for the bed ledger (a change of
the beds or the reserve alone is no new report of the patients)

Revision ID: 0011_bed_occupied_at
Revises: 0010_deployment_stay_regions
Create Date: 2026-12-05 21:10:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0011_bed_occupied_at'
down_revision = '0010_deployment_stay_regions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('bed_snapshots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('occupied_at', sa.DateTime(timezone=True), nullable=True))
    # Figures stored before: their last change is the best moment known.
    op.execute("UPDATE bed_snapshots SET occupied_at = updated_at")


def downgrade() -> None:
    with op.batch_alter_table('bed_snapshots', schema=None) as batch_op:
        batch_op.drop_column('occupied_at')
