"""Queries on flags that more than one stage needs (scan queues a post once per election; import skips one
already queued)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.store import tables

__all__ = ["is_flagged"]


def is_flagged(session: Session, post_id: str, election_id: str) -> bool:
    """Whether the post has a flag for the election (one flag per post and election)."""
    flag_id = session.scalar(
        select(tables.Flag.id).where(tables.Flag.post_id == post_id, tables.Flag.election_id == election_id)
    )
    return flag_id is not None
