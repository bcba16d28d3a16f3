"""accessibility feedback (the accessibility statement's feedback form)

Revision ID: a10b2c3d4e5f
Revises: 9b2f3c4d5e6a
Create Date: 2026-11-29 07:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a10b2c3d4e5f'
down_revision = '9b2f3c4d5e6a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('accessibility_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('page', sa.String(length=500), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("message <> ''", name=op.f('ck_accessibility_feedback_message_not_empty')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accessibility_feedback'))
    )
    with op.batch_alter_table('accessibility_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accessibility_feedback_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('accessibility_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accessibility_feedback_created_at'))

    op.drop_table('accessibility_feedback')
