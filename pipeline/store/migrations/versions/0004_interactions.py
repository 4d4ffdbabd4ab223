"""interactions: canonical interactions, and flags of kind interaction (post and prediction become optional)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pipeline.store.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "interactions",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("platform", sa.String(length=40), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.String(length=200), nullable=True),
        sa.Column("object_type", sa.String(length=10), nullable=False),
        sa.Column("object_id", sa.String(length=200), nullable=True),
        sa.Column("object_handle", sa.String(length=200), nullable=True),
        sa.Column("object_handle_norm", sa.String(length=200), nullable=True),
        sa.Column("at", pipeline.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("source", sa.JSON(), nullable=True),
        sa.Column("stored_at", pipeline.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["accounts.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interactions_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interactions_object_id"), ["object_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_interactions_object_handle_norm"), ["object_handle_norm"], unique=False
        )
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default="post"))
        batch_op.add_column(sa.Column("interaction_id", sa.String(length=200), nullable=True))
        batch_op.alter_column("post_id", existing_type=sa.String(length=200), nullable=True)
        batch_op.alter_column("prediction_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key("fk_flags_interaction_id", "interactions", ["interaction_id"], ["id"])
        batch_op.create_unique_constraint("uq_flag_interaction_election", ["interaction_id", "election_id"])
        batch_op.create_index(batch_op.f("ix_flags_interaction_id"), ["interaction_id"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM review_items WHERE flag_id IN (SELECT id FROM flags WHERE kind = 'interaction')")
    op.execute("DELETE FROM flags WHERE kind = 'interaction'")
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flags_interaction_id"))
        batch_op.drop_constraint("uq_flag_interaction_election", type_="unique")
        batch_op.drop_constraint("fk_flags_interaction_id", type_="foreignkey")
        batch_op.alter_column("prediction_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("post_id", existing_type=sa.String(length=200), nullable=False)
        batch_op.drop_column("interaction_id")
        batch_op.drop_column("kind")
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interactions_object_handle_norm"))
        batch_op.drop_index(batch_op.f("ix_interactions_object_id"))
        batch_op.drop_index(batch_op.f("ix_interactions_actor_id"))
    op.drop_table("interactions")
