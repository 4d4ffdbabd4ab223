"""Storing canonical posts and their authors, with dedup by post id."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline import schema
from pipeline.handles import normalise_handle
from pipeline.store import tables
from pipeline.store.types import utcnow

BATCH = 500
CONCURRENT_RETRIES = 3  # a batch refused because another process stored the same rows first is read again
EXTRA_FIELDS = (
    "quoted_id",
    "quoted_text",
    "media",
)  # canonical post fields stored in the ``extra`` JSON column


@dataclass
class AddResult:
    """``inserted`` new posts; ``duplicates`` already stored; of those, ``versions`` came with another text and
    were kept as a version of the stored post (``extra["versions"]``; the stored text is never overwritten)."""

    inserted: int = 0
    duplicates: int = 0
    versions: int = 0


def text_sha256(text: str) -> str:
    """SHA-256 of the UTF-8 text: identifies the exact words that were flagged."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def account_id_for(author: schema.Author, platform: str | None) -> str | None:
    """The stored id of an author: its own id, else ``<platform>:<handle>``."""
    if author.id:
        return author.id
    handle = normalise_handle(author.handle)
    if handle:
        return f"{author.platform or platform or 'unknown'}:{handle}"
    return None


def _batches(items: Iterable[schema.Post], size: int) -> Iterator[list[schema.Post]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def upsert_account(session: Session, author: schema.Author, platform: str | None) -> str | None:
    """Insert the author or refresh its profile fields; returns the account id."""
    account_id = account_id_for(author, platform)
    if account_id is None:
        return None
    row = session.get(tables.Account, account_id)
    fields = {
        "platform": author.platform or platform,
        "handle": author.handle,
        "handle_norm": normalise_handle(author.handle),
        "name": author.name,
        "bio": author.bio,
    }
    if row is None:
        session.add(tables.Account(id=account_id, **fields))
    else:
        for key, value in fields.items():
            if value is not None and getattr(row, key) != value:
                setattr(row, key, value)
    return account_id


def post_row(post: schema.Post, author_id: str | None) -> tables.Post:
    known = set(schema.Post.model_fields)
    extra = {k: v for k, v in (post.model_extra or {}).items() if k not in known}
    # contract additions without a column of their own ride in ``extra`` (no migration for rare fields)
    extra.update(post.model_dump(mode="json", include=set(EXTRA_FIELDS), exclude_none=True))
    return tables.Post(
        id=post.id,
        platform=post.platform,
        platform_id=post.platform_id,
        url=post.url,
        created_at=post.created_at,
        kind=post.kind,
        parent_id=post.parent_id,
        parent_text=post.parent_text,
        lang=post.lang,
        author_id=author_id,
        text=post.text,
        text_sha256=text_sha256(post.text),
        metrics=post.metrics.model_dump(mode="json", exclude_none=True) if post.metrics else None,
        source=post.source.model_dump(mode="json", exclude_none=True) if post.source else None,
        extra=extra or None,
    )


def add_posts(session: Session, posts: Iterable[schema.Post]) -> AddResult:
    """Store posts not already stored (by id) with their authors; count the rest as duplicates.

    Streams in batches of 500, so the input may be any length.
    """
    result = AddResult()
    for batch in _batches(posts, BATCH):
        inserted, duplicates, versions = _add_batch(session, batch)
        result.inserted += inserted
        result.duplicates += duplicates
        result.versions += versions
    return result


def _add_version(row: tables.Post, post: schema.Post, digest: str) -> bool:
    """Keep ``post`` (same id as ``row``, another text) as a version of the stored post, once per text."""
    extra = dict(row.extra or {})
    versions = list(extra.get("versions") or [])
    if digest == row.text_sha256 or any(v.get("text_sha256") == digest for v in versions):
        return False
    versions.append({
        "text": post.text,
        "text_sha256": digest,
        "created_at": post.created_at.isoformat() if post.created_at else None,
        "source": post.source.model_dump(mode="json", exclude_none=True) if post.source else None,
        "stored_at": utcnow().isoformat(),
    })  # fmt: skip
    extra["versions"] = versions
    row.extra = extra  # a new object, so the JSON column is written
    return True


def _add_batch(session: Session, batch: list[schema.Post]) -> tuple[int, int, int]:
    """``(inserted, duplicates, versions)`` of one batch, under a savepoint: when another process stored some of these
    posts or authors meanwhile (a unique key refuses the second copy, or PostgreSQL breaks a deadlock between
    the two), the batch is undone and read again against what is stored now."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    for attempt in range(CONCURRENT_RETRIES + 1):
        try:
            with session.begin_nested():
                ids = [p.id for p in batch]
                rows = session.scalars(select(tables.Post).where(tables.Post.id.in_(ids)))
                existing: dict[str, tables.Post] = {row.id: row for row in rows}
                inserted = duplicates = versions = 0
                for post in batch:
                    row = existing.get(post.id)
                    if row is not None:
                        duplicates += 1
                        digest = text_sha256(post.text)
                        versions += digest != row.text_sha256 and _add_version(row, post, digest)
                        continue
                    author_id = upsert_account(session, post.author, post.platform) if post.author else None
                    existing[post.id] = row = post_row(post, author_id)
                    session.add(row)
                    inserted += 1
                session.flush()
            return inserted, duplicates, versions
        except (IntegrityError, OperationalError) as exc:
            concurrent = isinstance(exc, IntegrityError) or "deadlock" in str(exc).lower()
            if not concurrent or attempt == CONCURRENT_RETRIES:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def existing_post_ids(session: Session, ids: list[str]) -> set[str]:
    """Which of ``ids`` are already stored."""
    return set(session.scalars(select(tables.Post.id).where(tables.Post.id.in_(ids))))


def to_schema_post(row: tables.Post) -> schema.Post:
    """A stored post back as a canonical :class:`pipeline.schema.Post`."""
    author = None
    if row.author is not None:
        a = row.author
        author = schema.Author(id=a.id, platform=a.platform, handle=a.handle, name=a.name, bio=a.bio)
    return schema.Post(
        id=row.id,
        text=row.text,
        platform=row.platform,
        platform_id=row.platform_id,
        url=row.url,
        created_at=row.created_at,
        kind=row.kind,  # type: ignore[arg-type]
        parent_id=row.parent_id,
        parent_text=row.parent_text,
        lang=row.lang,
        author=author,
        metrics=schema.Metrics(**row.metrics) if row.metrics else None,
        source=schema.Source(**row.source) if row.source else None,
        **(row.extra or {}),
    )


def author_posts(session: Session, account_id: str, *, limit: int) -> list[tuple[str, str]]:
    """``(post id, text)`` of the account's own posts (not shares of others), newest first, at most ``limit``: the
    posts the profile scorer reads as account evidence."""
    if limit <= 0:
        return []
    rows = session.execute(
        select(tables.Post.id, tables.Post.text)
        .where(tables.Post.author_id == account_id, tables.Post.kind != "share")
        .order_by(tables.Post.created_at.desc(), tables.Post.id)
        .limit(limit)
    )
    return [(post_id, text) for post_id, text in rows if text]


def clear_unqueued_predictions(session: Session, post_id: str) -> tuple[int, int]:
    """Delete the post's predictions that no review item refers to (its content changed: the next scan
    classifies it again). Returns ``(deleted, 1 if a review item exists else 0)``."""
    from sqlalchemy import delete, exists

    queued = session.scalar(select(exists().where(tables.Flag.post_id == post_id)))
    referenced = select(tables.Flag.prediction_id).where(tables.Flag.post_id == post_id)
    result = session.execute(
        delete(tables.Prediction)
        .where(tables.Prediction.post_id == post_id)
        .where(tables.Prediction.id.not_in(referenced))
    )
    return int(getattr(result, "rowcount", 0) or 0), int(bool(queued))
