"""one index on the audit log's record (entity_id, entity) instead of one on each column

Every change writes an audit row, and each index on audit_log is one more B-tree to
update per write. The index on entity alone (a few dozen distinct values) served no
selective search; the composite one serves a record's history and a search by id alone.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 20:45:00
"""
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_entity')
        batch_op.drop_index('ix_audit_log_entity_id')
        batch_op.create_index('ix_audit_log_record', ['entity_id', 'entity'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_record')
        batch_op.create_index('ix_audit_log_entity_id', ['entity_id'], unique=False)
        batch_op.create_index('ix_audit_log_entity', ['entity'], unique=False)
