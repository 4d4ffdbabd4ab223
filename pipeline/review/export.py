"""Decided items as training data (JSONL, CSV, Hugging Face dataset), and back into a store without loss.

One record per decided post item (``confirmed`` or ``rejected``; items of kind ``interaction`` hold no text to
train on and stay out)::

    {"item_id", "post_id", "election_id", "status", "text", "labels", "targets", "decided_at", "priority",
     "reviews_required", "item_created_at",
     "suggestion": {model, labels, scores, targets, evidence, review_flags, partisan_score, asn_score, asn_class,
                    asn_reasons, phase, created_at},
     "prediction": {model_name, model_version, labels, partisan_score, scores, targets, flags, evidence, detail,
                    created_at},
     "post": {id, platform, platform_id, url, created_at, kind, parent_id, parent_text, lang, text_sha256, metrics,
              source, extra},
     "account": null | {id, platform, handle, name, bio, asn_class, asn_score, asn_reasons, nip_masked},
     "decisions": [{reviewer, decision, labels, targets, violation_category, note, is_adjudication, evidence_url,
                    evidence_captured_at, text_sha256, screenshot_path, seconds_spent, created_at}],
     "history": [{at, actor, event, before, after}]}

``labels``/``targets`` are what the reviewers settled on (``labels`` is null for a rejection that named no
labels); the model's suggestion stays apart in ``suggestion``. ``item_id`` is the id in the exporting store
only. CSV and HF hold the same record: strings and numbers as columns, nested values as JSON text (in HF,
``labels`` and ``targets`` are real lists). Importing a record recreates post, account, prediction, flag, item,
decisions and the audit history (plus an ``item.imported`` event), so exporting again gives the same records.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pipeline.accounts.nip import mask_nips
from pipeline.errors import InputError, OptionError
from pipeline.io.files import atomic_output
from pipeline.io.review_records import COLUMNS, FORMATS, encode_cell, hf_features
from pipeline.review.history import events
from pipeline.review.items import decision_dict
from pipeline.review.queue import ENTITY
from pipeline.review.workflow import FINAL_STATUSES, iso, snapshot
from pipeline.store import Store, tables
from pipeline.store.audit import record_event
from pipeline.store.flags import is_flagged
from pipeline.store.posts import text_sha256
from pipeline.store.types import utcnow

# -- export ----------------------------------------------------------------------------------------------


def _record(session: Session, item: tables.ReviewItem) -> dict[str, Any]:
    flag = item.flag
    post = session.get(tables.Post, flag.post_id)
    pred = session.get(tables.Prediction, flag.prediction_id)
    account = session.get(tables.Account, flag.account_id) if flag.account_id else None
    assert post is not None and pred is not None
    return {
        "item_id": item.id,
        "post_id": flag.post_id,
        "election_id": flag.election_id,
        "status": item.status,
        "text": post.text,
        "labels": item.final_labels,
        "targets": item.final_targets,
        "decided_at": iso(item.decided_at),
        "priority": item.priority,
        "reviews_required": item.reviews_required,
        "item_created_at": iso(item.created_at),
        "suggestion": {
            "model": flag.model,
            "labels": flag.labels,
            "scores": flag.scores,
            "targets": flag.targets,
            "evidence": flag.evidence,
            "review_flags": flag.review_flags,
            "partisan_score": flag.partisan_score,
            "asn_score": flag.asn_score,
            "asn_class": flag.asn_class,
            "asn_reasons": flag.asn_reasons,
            "phase": flag.phase,
            "created_at": iso(flag.created_at),
        },
        "prediction": {
            "model_name": pred.model_name,
            "model_version": pred.model_version,
            "labels": pred.labels,
            "partisan_score": pred.partisan_score,
            "scores": pred.scores,
            "targets": pred.targets,
            "flags": pred.flags,
            "evidence": pred.evidence,
            "detail": pred.detail,
            "created_at": iso(pred.created_at),
        },
        "post": {
            "id": post.id,
            "platform": post.platform,
            "platform_id": post.platform_id,
            "url": post.url,
            "created_at": iso(post.created_at),
            "kind": post.kind,
            "parent_id": post.parent_id,
            "parent_text": post.parent_text,
            "lang": post.lang,
            "text_sha256": post.text_sha256,
            "metrics": post.metrics,
            "source": post.source,
            "extra": post.extra,
        },
        "account": None
        if account is None
        else {
            "id": account.id,
            "platform": account.platform,
            "handle": account.handle,
            "name": account.name,
            "bio": mask_nips(account.bio) if account.bio else account.bio,
            "asn_class": account.asn_class,
            "asn_score": account.asn_score,
            "asn_reasons": account.asn_reasons,
            "nip_masked": account.nip_masked,  # the store never has the full NIP
        },
        "decisions": [{k: v for k, v in decision_dict(d).items() if k != "id"} for d in item.decisions],
        "history": [{k: v for k, v in ev.items() if k != "id"} for ev in events(session, item.id)],
    }


def iter_records(store: Store, *, election_id: str | None = None) -> Iterator[dict[str, Any]]:
    """Export records of decided items, in item id order (streams in batches of 200)."""
    last = 0
    while True:
        with store.session() as session:
            query = (
                select(tables.ReviewItem)
                .join(tables.Flag)
                .where(tables.ReviewItem.status.in_(FINAL_STATUSES), tables.ReviewItem.id > last)
                .where(tables.Flag.kind == "post")  # interaction items hold no text to learn from
                .options(selectinload(tables.ReviewItem.flag), selectinload(tables.ReviewItem.decisions))
                .order_by(tables.ReviewItem.id)
                .limit(200)
            )
            if election_id is not None:
                query = query.where(tables.Flag.election_id == election_id)
            items = list(session.scalars(query))
            if not items:
                return
            batch = [_record(session, item) for item in items]
        last = items[-1].id
        yield from batch


def export(store: Store, output: str | Path, *, fmt: str, election_id: str | None = None) -> int:
    """Write decided items to ``output`` (a file for jsonl/csv, a directory for hf). Returns the count.

    The output appears complete or not at all.
    """
    if fmt not in FORMATS:
        raise OptionError(f"must be one of {', '.join(FORMATS)}, not {fmt!r}", option="format")
    records = iter_records(store, election_id=election_id)
    if fmt == "jsonl":
        n = 0
        with atomic_output(output) as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
        return n
    if fmt == "csv":
        n = 0
        with atomic_output(output) as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(COLUMNS)
            for rec in records:
                writer.writerow([encode_cell(rec[c], kind, hf=False) for c, kind in COLUMNS.items()])
                n += 1
        return n
    return _export_hf(list(records), Path(output))


def _export_hf(records: list[dict[str, Any]], output: Path) -> int:
    """``datasets.Dataset.save_to_disk`` into a temporary sibling directory, then moved into place."""
    from datasets import Dataset

    parent = output.parent if str(output.parent) else Path(".")
    if not parent.exists():
        raise InputError("output directory does not exist", path=parent)
    if output.exists() and not (output.is_dir() and (output / "dataset_info.json").exists()):
        raise InputError("exists and is not a dataset directory; refusing to replace it", path=output)
    rows = [{c: encode_cell(rec[c], kind, hf=True) for c, kind in COLUMNS.items()} for rec in records]
    columns = {c: [row[c] for row in rows] for c in COLUMNS}
    dataset = Dataset.from_dict(columns, features=hf_features())
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".part", dir=parent))
    try:
        dataset.save_to_disk(str(tmp / "data"))
        old = None
        if output.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".old", dir=parent))
            output.rename(old / "data")
        (tmp / "data").rename(output)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return len(rows)


# -- import ----------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    imported: int = 0
    duplicates: int = 0


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def import_records(
    store: Store, records: Iterable[dict[str, Any]], *, actor: str = "import", source: str | None = None
) -> ImportResult:
    """Recreate exported items in ``store``, one transaction per item. An item whose post is already flagged
    for that election counts as a duplicate and is left alone. InputError on a record that is inconsistent
    (text not matching its SHA-256, missing keys)."""
    result = ImportResult()
    for n, rec in enumerate(records, start=1):
        try:
            with store.session() as session:
                if _import_one(session, rec, actor=actor, source=source):
                    result.imported += 1
                else:
                    result.duplicates += 1
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"record {n}: bad review export record ({type(exc).__name__}: {exc})", path=source
            ) from None
    return result


def _import_one(session: Session, rec: dict[str, Any], *, actor: str, source: str | None) -> bool:
    """Validate ``rec`` and store what it holds, then record an ``item.imported`` event; False (and nothing
    stored) for a duplicate. KeyError, TypeError or ValueError for a bad record."""
    if is_flagged(session, rec["post_id"], rec["election_id"]):
        return False
    _validate(rec)
    _store_post(session, rec)
    pred = _store_prediction(session, rec)
    item = _store_item(session, rec, prediction_id=pred.id)
    _store_history(session, rec, item)
    state = snapshot(item)
    record_event(
        session,
        actor=actor,
        event="item.imported",
        entity=ENTITY,
        entity_id=item.id,
        before=state,
        after={**state, "source": source, "original_item_id": rec.get("item_id")},
    )
    return True


# -- import: validation ------------------------------------------------------------------------------------


def _validate(rec: dict[str, Any]) -> None:
    """The record has its post, suggestion, prediction and account parts, and its text matches the post's
    SHA-256 (KeyError, TypeError or ValueError otherwise)."""
    post, _, _, _ = rec["post"], rec["suggestion"], rec["prediction"], rec["account"]
    if text_sha256(rec["text"]) != post["text_sha256"]:
        raise ValueError(f"text of {rec['post_id']} does not match its text_sha256")


# -- import: storing ---------------------------------------------------------------------------------------


def _store_post(session: Session, rec: dict[str, Any]) -> None:
    """The author's account and the post, each unless the store has it already."""
    p, acc = rec["post"], rec["account"]
    if acc is not None and session.get(tables.Account, acc["id"]) is None:
        session.add(tables.Account(**acc))
    if session.get(tables.Post, rec["post_id"]) is None:
        session.add(
            tables.Post(
                **{k: v for k, v in p.items() if k != "created_at"},
                created_at=_dt(p["created_at"]),
                text=rec["text"],
                author_id=acc["id"] if acc else None,
            )
        )
    session.flush()


def _store_prediction(session: Session, rec: dict[str, Any]) -> tables.Prediction:
    """The stored prediction of the same model for the post and election, else a new one from the record."""
    post_id, election_id, pr = rec["post_id"], rec["election_id"], rec["prediction"]
    pred = session.scalar(
        select(tables.Prediction).where(
            tables.Prediction.post_id == post_id,
            tables.Prediction.election_id == election_id,
            tables.Prediction.model_name == pr["model_name"],
            tables.Prediction.model_version == pr["model_version"],
        )
    )
    if pred is None:
        pred = tables.Prediction(
            post_id=post_id,
            election_id=election_id,
            **{k: v for k, v in pr.items() if k != "created_at"},
            created_at=_dt(pr["created_at"]),
        )
        session.add(pred)
        session.flush()
    return pred


def _store_item(session: Session, rec: dict[str, Any], *, prediction_id: int) -> tables.ReviewItem:
    """The flag (the model's suggestion), the review item with the reviewers' final labels, and its
    decisions."""
    s, acc = rec["suggestion"], rec["account"]
    flag = tables.Flag(
        post_id=rec["post_id"],
        account_id=acc["id"] if acc else None,
        election_id=rec["election_id"],
        prediction_id=prediction_id,
        **{k: v for k, v in s.items() if k != "created_at"},
        created_at=_dt(s["created_at"]),
    )
    item = tables.ReviewItem(
        flag=flag,
        status=rec["status"],
        priority=rec["priority"],
        reviews_required=rec["reviews_required"],
        final_labels=rec["labels"],
        final_targets=rec["targets"],
        decided_at=_dt(rec["decided_at"]),
        created_at=_dt(rec["item_created_at"]),
        updated_at=utcnow(),
    )
    session.add_all([flag, item])
    session.flush()
    for d in rec["decisions"]:
        item.decisions.append(
            tables.Decision(
                item_id=item.id,
                **{k: v for k, v in d.items() if k not in ("evidence_captured_at", "created_at")},
                evidence_captured_at=_dt(d["evidence_captured_at"]),
                created_at=_dt(d["created_at"]),
            )
        )
    return item


def _store_history(session: Session, rec: dict[str, Any], item: tables.ReviewItem) -> None:
    """The item's own audit history, as it was recorded where it was decided."""
    for ev in rec["history"]:
        session.add(
            tables.AuditEvent(
                at=_dt(ev["at"]),
                actor=ev["actor"],
                event=ev["event"],
                entity=ENTITY,
                entity_id=str(item.id),
                before=ev["before"],
                after=ev["after"],
            )
        )
    session.flush()
