"""proposal and project images: up to three pictures of an idea or a candidate project,
with alt text

Revision ID: c3d4e5f6a7b8
Revises: b2c3d4e5f6a7
Create Date: 2026-12-03 17:30:00.000000

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'c3d4e5f6a7b8'
down_revision = 'b2c3d4e5f6a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'proposal_images',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('proposal_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=True),
        sa.Column('file_name', sa.String(length=80), nullable=True),
        sa.Column('thumb_name', sa.String(length=80), nullable=True),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('thumb_width', sa.Integer(), nullable=False),
        sa.Column('thumb_height', sa.Integer(), nullable=False),
        sa.Column('alt', sa.String(length=250), nullable=False),
        sa.Column('uploader_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('removed_reason', sa.Text(), nullable=True),
        sa.CheckConstraint('position IS NULL OR (position >= 0 AND position < 3)',
                           name=op.f('ck_proposal_images_position_range')),
        sa.CheckConstraint('(position IS NULL) = (removed_at IS NOT NULL)',
                           name=op.f('ck_proposal_images_removed_or_shown')),
        sa.CheckConstraint('(file_name IS NULL) = (removed_at IS NOT NULL) AND '
                           '(thumb_name IS NULL) = (removed_at IS NOT NULL)',
                           name=op.f('ck_proposal_images_files_if_shown')),
        sa.CheckConstraint('width > 0 AND height > 0 AND thumb_width > 0 AND thumb_height > 0',
                           name=op.f('ck_proposal_images_sizes_positive')),
        sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'],
                                name=op.f('fk_proposal_images_proposal_id_proposals'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['uploader_id'], ['users.id'],
                                name=op.f('fk_proposal_images_uploader_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_images')),
        sa.UniqueConstraint('proposal_id', 'position', name='uq_proposal_images_position'),
    )
    with op.batch_alter_table('proposal_images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_images_file_name'), ['file_name'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_images_proposal_id'), ['proposal_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_images_thumb_name'), ['thumb_name'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_images_uploader_id'), ['uploader_id'],
                              unique=False)


    op.create_table(
        'project_images',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('file_name', sa.String(length=80), nullable=False),
        sa.Column('thumb_name', sa.String(length=80), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('thumb_width', sa.Integer(), nullable=False),
        sa.Column('thumb_height', sa.Integer(), nullable=False),
        sa.Column('alt', sa.String(length=250), nullable=False),
        sa.Column('uploader_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('position >= 0 AND position < 3',
                           name=op.f('ck_project_images_position_range')),
        sa.CheckConstraint('width > 0 AND height > 0 AND thumb_width > 0 AND thumb_height > 0',
                           name=op.f('ck_project_images_sizes_positive')),
        sa.ForeignKeyConstraint(['project_id'], ['candidate_projects.id'],
                                name=op.f('fk_project_images_project_id_candidate_projects'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['uploader_id'], ['users.id'],
                                name=op.f('fk_project_images_uploader_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_project_images')),
        sa.UniqueConstraint('project_id', 'position', name='uq_project_images_position'),
    )
    with op.batch_alter_table('project_images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_images_file_name'), ['file_name'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_project_images_project_id'), ['project_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_project_images_thumb_name'), ['thumb_name'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_project_images_uploader_id'), ['uploader_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('project_images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_images_uploader_id'))
        batch_op.drop_index(batch_op.f('ix_project_images_thumb_name'))
        batch_op.drop_index(batch_op.f('ix_project_images_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_images_file_name'))
    op.drop_table('project_images')
    with op.batch_alter_table('proposal_images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_images_uploader_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_images_thumb_name'))
        batch_op.drop_index(batch_op.f('ix_proposal_images_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_images_file_name'))
    op.drop_table('proposal_images')
