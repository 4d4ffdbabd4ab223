"""Scan the store: classify posts not yet scanned, score their authors, queue partisan posts by likely ASN;
then queue likely ASN accounts' interactions with campaign accounts (:mod:`pipeline.scan.interactions`).

Idempotent: a post already predicted by this model for this election is not classified again, and a
post or interaction already flagged for this election is not queued again, so a second run adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pipeline import schema
from pipeline.classify.base import Classifier
from pipeline.election import ElectionConfig
from pipeline.labels import is_partisan
from pipeline.scan.common import ACTOR, AccountScorer, ScanResult, ScanRun
from pipeline.scan.interactions import scan_interactions
from pipeline.store import Store, tables
from pipeline.store.flags import is_flagged, new_flag, queue_flag
from pipeline.store.posts import to_schema_post
from pipeline.triage import priority, reviews_required

BATCH = 256


def _unscanned_batches(
    store: Store, election_id: str, model_name: str, model_version: str
) -> Iterator[list[str]]:
    """Ids of stored posts without a prediction of this model for this election, in id order, batched."""
    done = (
        select(tables.Prediction.post_id)
        .where(tables.Prediction.election_id == election_id)
        .where(tables.Prediction.model_name == model_name)
        .where(tables.Prediction.model_version == model_version)
    )
    last = ""
    while True:
        with store.session() as session:
            ids = list(
                session.scalars(
                    select(tables.Post.id)
                    .where(tables.Post.id > last)
                    .where(tables.Post.id.not_in(done))
                    .order_by(tables.Post.id)
                    .limit(BATCH)
                )
            )
        if not ids:
            return
        last = ids[-1]
        yield ids


def scan(
    store: Store,
    election: ElectionConfig,
    classifier: Classifier,
    scorer: AccountScorer,
    *,
    on_batch: Callable[[int], None] | None = None,
) -> ScanResult:
    """Classify unscanned posts, store the predictions and queue flagged items, then queue the interactions of
    likely ASN accounts with campaign accounts and partisan posts. Returns the counts.

    A post is flagged when it is partisan with ``partisan_score >= scan.partisan_threshold`` and its author's
    ``asn_score >= scan.asn_threshold`` (or the author is a registry match, class ``ASN``).
    """
    run = ScanRun(election, classifier, scorer)
    ev = election.election
    for ids in _unscanned_batches(store, ev.id, classifier.name, classifier.version):
        _scan_batch(store, ids, run)
        if on_batch:
            on_batch(len(ids))
    scan_interactions(store, run)  # after the posts: their predictions tell which posts are campaign content
    return run.result


def _scan_batch(store: Store, ids: list[str], run: ScanRun) -> None:
    """Classify one batch of posts, store the predictions, queue what is due (retried: :meth:`ScanRun.in_batch`)."""

    def work(session: Session, ids: list[str]) -> None:
        rows = _load_posts(session, ids)
        posts = [to_schema_post(row) for row in rows]
        for row, pred in zip(rows, run.classifier.predict(posts), strict=True):
            pred_row = _store_prediction(session, row, pred, run)
            _flag_if_due(session, row, pred, pred_row, run)

    run.in_batch(store, ids, still_due=lambda session, ids: _still_unscanned(session, ids, run), work=work)


def _still_unscanned(session: Session, ids: list[str], run: ScanRun) -> list[str]:
    done = set(
        session.scalars(
            select(tables.Prediction.post_id)
            .where(tables.Prediction.post_id.in_(ids))
            .where(tables.Prediction.election_id == run.election.election.id)
            .where(tables.Prediction.model_name == run.classifier.name)
            .where(tables.Prediction.model_version == run.classifier.version)
        )
    )
    return [i for i in ids if i not in done]


def _load_posts(session: Session, ids: list[str]) -> list[tables.Post]:
    """The posts of one batch with their authors, in id order."""
    rows = list(
        session.scalars(
            select(tables.Post).where(tables.Post.id.in_(ids)).options(selectinload(tables.Post.author))
        )
    )
    rows.sort(key=lambda r: r.id)
    return rows


def _store_prediction(
    session: Session, row: tables.Post, pred: schema.Prediction, run: ScanRun
) -> tables.Prediction:
    """Classification: the model's prediction for the post, added to the session and counted."""
    pred_row = tables.Prediction(
        post_id=row.id,
        election_id=run.election.election.id,
        model_name=run.classifier.name,
        model_version=run.classifier.version,
        labels=pred.labels,
        partisan_score=pred.partisan_score,
        scores=pred.scores,
        targets=pred.targets,
        flags=pred.flags,
        evidence=pred.evidence,
        detail=pred.model_extra or None,
    )
    session.add(pred_row)
    run.result.classified += 1
    return pred_row


def _flag_if_due(
    session: Session, row: tables.Post, pred: schema.Prediction, pred_row: tables.Prediction, run: ScanRun
) -> None:
    """The stages after classification, each counted where it stops a post: partisan enough, an author, the
    author's ASN score (scored once per scan), not flagged for this election yet; then queued."""
    settings, result = run.election.election.scan, run.result
    if not (is_partisan(pred.labels) and pred.partisan_score >= settings.partisan_threshold):
        return
    result.partisan += 1
    if row.author is None:
        result.no_author += 1
        return
    account_score = run.account_score(session, row.author)
    if not run.likely_asn(account_score):
        result.below_asn_threshold += 1
        return
    if is_flagged(session, row.id, run.election.election.id):
        result.already_flagged += 1
        return
    session.flush()  # pred_row.id
    _queue(session, row, pred, pred_row, account_score, run.election)
    result.flagged += 1
    for label in pred.labels:
        result.by_label[label] = result.by_label.get(label, 0) + 1


def _queue(
    session: Session,
    row: tables.Post,
    pred: schema.Prediction,
    pred_row: tables.Prediction,
    account: schema.AccountScore,
    election: ElectionConfig,
) -> None:
    """Queueing: the flag and its pending review item, ranked by triage priority."""
    ev = election.election
    flag = new_flag(
        pred_row,
        account_id=row.author_id,
        asn_score=account.asn_score,
        asn_class=account.asn_class,
        asn_reasons=account.reasons,
        phase=ev.phase_of(row.created_at).value if row.created_at else None,
    )
    queue_flag(
        session,
        flag,
        priority=priority(
            partisan_score=pred.partisan_score,
            asn_score=account.asn_score,
            labels=pred.labels,
            created_at=row.created_at,
        ),
        reviews_required=reviews_required(pred.labels, overlap=ev.scan.overlap),
        actor=ACTOR,
    )
