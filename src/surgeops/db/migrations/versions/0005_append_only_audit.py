"""the audit trail is append-only in the database: triggers refuse UPDATE and DELETE of its rows

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 23:10:00
"""
from alembic import op

from surgeops.db.guards import CREATE, DROP


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in CREATE[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in DROP[op.get_bind().dialect.name]:
        op.execute(statement)
