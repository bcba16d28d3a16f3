"""district geometry and bounding box, proposal place, workshop note point

Revision ID: b2c3d4e5f6a7
Revises: e7f8a9b0c1d2
Create Date: 2026-12-03 17:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2c3d4e5f6a7'
down_revision = 'e7f8a9b0c1d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('districts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('geometry', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('min_lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('min_lon', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('max_lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('max_lon', sa.Float(), nullable=True))

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.String(length=200), nullable=True))

    with op.batch_alter_table('workshop_cards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('lon', sa.Float(), nullable=True))


def downgrade():
    with op.batch_alter_table('workshop_cards', schema=None) as batch_op:
        batch_op.drop_column('lon')
        batch_op.drop_column('lat')

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_column('place')

    with op.batch_alter_table('districts', schema=None) as batch_op:
        batch_op.drop_column('max_lon')
        batch_op.drop_column('max_lat')
        batch_op.drop_column('min_lon')
        batch_op.drop_column('min_lat')
        batch_op.drop_column('geometry')
