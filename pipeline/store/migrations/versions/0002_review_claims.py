"""review claims: claim time on review items, one decision per reviewer and item

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pipeline.store.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # claimed_at: when the current claim began, so a decision can record the time spent on it.
    with op.batch_alter_table("review_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("claimed_at", pipeline.store.types.UTCDateTime(timezone=True), nullable=True)
        )
    # A reviewer decides an item once (an adjudicator may add one adjudication on top).
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            "uq_decision_item_reviewer", ["item_id", "reviewer", "is_adjudication"]
        )


def downgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_constraint("uq_decision_item_reviewer", type_="unique")
    with op.batch_alter_table("review_items", schema=None) as batch_op:
        batch_op.drop_column("claimed_at")
