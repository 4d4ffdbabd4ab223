"""SQLAlchemy 2 tables of the store. The schema itself is created by the Alembic migrations.

Model output and human input live apart (after Argilla): ``predictions`` and ``flags`` hold what a
model suggested and are never updated by reviewers; ``decisions`` hold what reviewers said;
``review_items`` hold the workflow state; ``audit_log`` is append-only (triggers refuse UPDATE and DELETE).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from pipeline.store.types import UTCDateTime, utcnow


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Account(Base):
    """A platform account (post author) and its latest ASN score."""

    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(
        String(200), primary_key=True
    )  # "<platform>:<platform user id or handle>"
    platform: Mapped[str | None] = mapped_column(String(40))
    handle: Mapped[str | None] = mapped_column(String(200))
    handle_norm: Mapped[str | None] = mapped_column(String(200), index=True)  # lower case, no @, no URL
    name: Mapped[str | None] = mapped_column(String(300))
    bio: Mapped[str | None] = mapped_column(Text)
    asn_class: Mapped[str | None] = mapped_column(String(10))  # ASN | NON_ASN | UNKNOWN
    asn_score: Mapped[float | None] = mapped_column(Float)
    asn_reasons: Mapped[list[Any] | None] = mapped_column(JSON)
    nip_masked: Mapped[str | None] = mapped_column(String(40))  # never the full NIP
    registry_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("registry_entries.id", ondelete="SET NULL")
    )
    scored_at: Mapped[datetime | None]
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    posts: Mapped[list[Post]] = relationship(back_populates="author")


class Post(Base):
    """A canonical post (CONTRACT); ``extra`` keeps fields a collector added beyond the contract."""

    __tablename__ = "posts"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    platform: Mapped[str | None] = mapped_column(String(40), index=True)
    platform_id: Mapped[str | None] = mapped_column(String(100))
    url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime | None] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(10), default="post")
    parent_id: Mapped[str | None] = mapped_column(String(200))
    parent_text: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(10))
    author_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64))
    metrics: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    source: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    stored_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[Account | None] = relationship(back_populates="posts")


class Interaction(Base):
    """A canonical interaction (CONTRACT): an account followed, liked, shared, commented on, joined or subscribed
    to an account or a post (migration 0004). ``object_id`` is the object's canonical id when the source gave
    one; ``object_handle_norm`` lets a campaign account configured by handle match it."""

    __tablename__ = "interactions"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    platform: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))  # follow | like | share | comment | member | subscribe
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    object_type: Mapped[str] = mapped_column(String(10))  # account | post
    object_id: Mapped[str | None] = mapped_column(String(200), index=True)
    object_handle: Mapped[str | None] = mapped_column(String(200))
    object_handle_norm: Mapped[str | None] = mapped_column(String(200), index=True)
    at: Mapped[datetime | None]
    source: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    stored_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[Account | None] = relationship()


class RegistryEntry(Base):
    """A known ASN account from a monitoring team's registry CSV."""

    __tablename__ = "registry_entries"
    __table_args__ = (UniqueConstraint("platform", "handle_norm", name="uq_registry_platform_handle"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str | None] = mapped_column(String(300))
    nip_masked: Mapped[str | None] = mapped_column(String(40))
    nip_sha256: Mapped[str | None] = mapped_column(
        String(64)
    )  # lets re-imports match without keeping the NIP
    nip_kind: Mapped[str | None] = mapped_column(String(10))
    agency: Mapped[str | None] = mapped_column(String(300))
    region: Mapped[str | None] = mapped_column(String(300))
    platform: Mapped[str] = mapped_column(String(40))
    handle: Mapped[str] = mapped_column(String(200))
    handle_norm: Mapped[str] = mapped_column(String(200))
    source_file: Mapped[str | None] = mapped_column(Text)
    source_line: Mapped[int | None]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Prediction(Base):
    """One model's output for one post in one election. Never edited after it is written."""

    __tablename__ = "predictions"
    __table_args__ = (
        UniqueConstraint("post_id", "election_id", "model_name", "model_version", name="uq_prediction"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    post_id: Mapped[str] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    election_id: Mapped[str] = mapped_column(String(100))
    model_name: Mapped[str] = mapped_column(String(100))
    model_version: Mapped[str] = mapped_column(String(100))
    labels: Mapped[list[Any]] = mapped_column(JSON)
    partisan_score: Mapped[float] = mapped_column(Float)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON)
    targets: Mapped[list[Any]] = mapped_column(JSON)
    flags: Mapped[list[Any]] = mapped_column(JSON)
    evidence: Mapped[list[Any]] = mapped_column(JSON)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # evidence spans, phase, extra model output
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Flag(Base):
    """What ``scan`` suggested, with its evidence; never overwritten. ``kind`` ``post``: a partisan post by a
    likely ASN (``post_id``, ``prediction_id``); ``interaction``: a likely ASN's interaction with a campaign
    account or a partisan post (``interaction_id``; migration 0004 made the post columns nullable)."""

    __tablename__ = "flags"
    __table_args__ = (
        UniqueConstraint("post_id", "election_id", name="uq_flag_post_election"),
        UniqueConstraint("interaction_id", "election_id", name="uq_flag_interaction_election"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20), default="post")
    post_id: Mapped[str | None] = mapped_column(ForeignKey("posts.id"), index=True)
    interaction_id: Mapped[str | None] = mapped_column(ForeignKey("interactions.id"), index=True)
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    election_id: Mapped[str] = mapped_column(String(100), index=True)
    prediction_id: Mapped[int | None] = mapped_column(ForeignKey("predictions.id"))
    model: Mapped[str] = mapped_column(String(200))  # "<name>@<version>"
    labels: Mapped[list[Any]] = mapped_column(JSON)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON)
    targets: Mapped[list[Any]] = mapped_column(JSON)
    evidence: Mapped[list[Any]] = mapped_column(JSON)
    review_flags: Mapped[list[Any]] = mapped_column(JSON)
    partisan_score: Mapped[float] = mapped_column(Float)
    asn_score: Mapped[float] = mapped_column(Float)
    asn_class: Mapped[str] = mapped_column(String(10))
    asn_reasons: Mapped[list[Any]] = mapped_column(JSON)
    phase: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[ReviewItem] = relationship(back_populates="flag", uselist=False)


class ReviewItem(Base):
    """Workflow state of one flag: pending -> in_review -> confirmed | rejected | escalated."""

    __tablename__ = "review_items"
    __table_args__ = (Index("ix_review_items_queue", "status", "priority"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    priority: Mapped[float] = mapped_column(Float, default=0.0)
    reviews_required: Mapped[int] = mapped_column(Integer, default=1)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claim_expires_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]  # start of the current claim (migration 0002)
    final_labels: Mapped[list[Any] | None] = mapped_column(JSON)
    final_targets: Mapped[list[Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    decided_at: Mapped[datetime | None]

    flag: Mapped[Flag] = relationship(back_populates="item")
    decisions: Mapped[list[Decision]] = relationship(back_populates="item", order_by="Decision.id")


class Reviewer(Base):
    """A person who reviews; ``role`` is ``reviewer``, ``adjudicator`` or ``admin``.

    Migration 0003 made reviewers web-application users: ``password_hash`` (argon2; ``None`` for a name only
    the CLI has used, which cannot log in), ``disabled`` (no login, no session), and ``password_changed_at``
    (sessions issued before it are void)."""

    __tablename__ = "reviewers"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), default="reviewer")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    password_changed_at: Mapped[datetime | None] = mapped_column(default=None)


class Decision(Base):
    """A reviewer's response to an item, with the evidence captured at decision time."""

    __tablename__ = "decisions"
    __table_args__ = (  # migration 0002: a reviewer decides an item once (plus one adjudication)
        UniqueConstraint("item_id", "reviewer", "is_adjudication", name="uq_decision_item_reviewer"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("review_items.id"), index=True)
    reviewer: Mapped[str] = mapped_column(String(100))
    decision: Mapped[str] = mapped_column(String(20))  # confirmed | rejected | escalated
    labels: Mapped[list[Any] | None] = mapped_column(JSON)
    targets: Mapped[list[Any] | None] = mapped_column(JSON)
    violation_category: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    is_adjudication: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence_url: Mapped[str | None] = mapped_column(Text)
    evidence_captured_at: Mapped[datetime | None]
    text_sha256: Mapped[str | None] = mapped_column(String(64))
    screenshot_path: Mapped[str | None] = mapped_column(Text)
    seconds_spent: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[ReviewItem] = relationship(back_populates="decisions")


class AuditEvent(Base):
    """Append-only log of every change: who, when, what, before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    event: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


Index("ix_audit_entity", AuditEvent.entity, AuditEvent.entity_id)
