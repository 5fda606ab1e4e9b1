"""report_jobs: large reports extracted off the request path by the job queue

Revision ID: 0009_report_jobs
Revises: 0008_reserve_actions
Create Date: 2026-12-05 20:05:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0009_report_jobs'
down_revision = '0008_reserve_actions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'report_jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('stage', sa.String(length=32), nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('report', sa.Integer(), nullable=True),
        sa.Column('raw', sa.Text(), nullable=True),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=500), nullable=True),
        sa.Column('source_url', sa.String(length=2000), nullable=True),
        sa.Column('language', sa.String(length=8), nullable=True),
        sa.Column('published', sa.Date(), nullable=True),
        sa.Column('submitted_by', sa.String(length=100), nullable=False),
        sa.Column('remote_addr', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['report'], ['reports.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('report_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_jobs_digest'), ['digest'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('report_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_jobs_digest'))
    op.drop_table('report_jobs')
