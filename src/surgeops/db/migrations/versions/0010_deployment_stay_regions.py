"""deployments keep every region their team stays in, so that a region's listing finds a
team re-tasked to it (not only the first stay's region)

Revision ID: 0010_deployment_stay_regions
Revises: 0009_report_jobs
Create Date: 2026-12-05 20:10:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0010_deployment_stay_regions'
down_revision = '0009_report_jobs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deployments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stay_regions', sa.Text(), nullable=True))
    deployments = sa.table('deployments', sa.column('id', sa.Integer), sa.column('destinations', sa.JSON),
                           sa.column('stay_regions', sa.Text))
    bind = op.get_bind()
    for row in bind.execute(sa.select(deployments.c.id, deployments.c.destinations)).all():
        codes = [s.get('region') for s in row.destinations or [] if isinstance(s, dict) and s.get('region')]
        bind.execute(deployments.update().where(deployments.c.id == row.id)
                     .values(stay_regions='|' + '|'.join(dict.fromkeys(codes)) + '|'))


def downgrade() -> None:
    with op.batch_alter_table('deployments', schema=None) as batch_op:
        batch_op.drop_column('stay_regions')
