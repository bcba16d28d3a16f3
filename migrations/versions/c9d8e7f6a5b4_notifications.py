"""notifications (my activity, notification mails) and the notification choices of users

Revision ID: c9d8e7f6a5b4
Revises: e5a1b2c3d4f5
Create Date: 2026-11-29 08:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9d8e7f6a5b4'
down_revision = 'e5a1b2c3d4f5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=True),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mail_state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.CheckConstraint("kind IN ('comment', 'hidden', 'merged', 'project', 'why_not', "
                       "'project_status')", name=op.f('ck_notifications_kind_valid')),
    sa.CheckConstraint("mail_state IN ('pending', 'sending', 'sent', 'digest', 'skipped', "
                       "'failed')", name=op.f('ck_notifications_mail_state_valid')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_notifications_attempts_positive')),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'],
                            name=op.f('fk_notifications_process_id_processes'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'],
                            name=op.f('fk_notifications_proposal_id_proposals'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'],
                            name=op.f('fk_notifications_recipient_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_mail_state_due', ['mail_state', 'next_attempt_at'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_process_id'), ['process_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_proposal_id'), ['proposal_id'],
                              unique=False)
        batch_op.create_index('ix_notifications_recipient_created',
                              ['recipient_id', 'created_at'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify_mode', sa.String(length=10),
                                      server_default='instant', nullable=False))
        batch_op.add_column(sa.Column('notify_muted', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_users_notify_mode_valid'), "notify_mode IN ('instant', 'daily', 'off')")
        batch_op.create_check_constraint(op.f('ck_users_notify_muted_positive'),
                                         'notify_muted >= 0')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_notify_muted_positive'), type_='check')
        batch_op.drop_constraint(op.f('ck_users_notify_mode_valid'), type_='check')
        batch_op.drop_column('notify_muted')
        batch_op.drop_column('notify_mode')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_recipient_created')
        batch_op.drop_index(batch_op.f('ix_notifications_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_process_id'))
        batch_op.drop_index('ix_notifications_mail_state_due')

    op.drop_table('notifications')
