"""transfers keep when the patient arrived, for the bed ledger (free beds count arrivals
since the facility's last report)

Revision ID: 0006_transfer_arrived_at
Revises: 0005
Create Date: 2026-12-05 19:00:00
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op


revision = '0006_transfer_arrived_at'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_transfers_arrived_at'), ['arrived_at'], unique=False)
    # Transfers that arrived before this column existed: the time of their `arrived` entry.
    transfers = sa.table('transfers', sa.column('id', sa.Integer), sa.column('status', sa.String),
                         sa.column('history', sa.JSON), sa.column('arrived_at', sa.DateTime(timezone=True)))
    bind = op.get_bind()
    for row in bind.execute(sa.select(transfers.c.id, transfers.c.history).where(transfers.c.status == 'arrived')).all():
        at = next((e.get('at') for e in reversed(row.history or []) if e.get('status') == 'arrived'), None)
        if at:
            bind.execute(transfers.update().where(transfers.c.id == row.id).values(arrived_at=dt.datetime.fromisoformat(at)))


def downgrade() -> None:
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transfers_arrived_at'))
        batch_op.drop_column('arrived_at')
