"""A small factory of review items, inserted the way ``scan`` does (post, account, prediction, flag, item and
its ``item.created`` audit event)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.store import Store, tables
from pipeline.store.audit import record_event
from pipeline.store.posts import text_sha256
from pipeline.triage import priority, reviews_required

ELECTION = "pilbup-sukamaju-2024"
BASE_TIME = datetime(2024, 11, 20, 3, 15, tzinfo=timezone.utc)


def make_items(
    store: Store,
    n: int,
    *,
    labels: list[str] | None = None,
    start: int = 0,
    partisan_score: float = 0.9,
    asn_score: float = 0.8,
    text: str | None = None,
    with_prediction_only: bool = False,
) -> list[int]:
    """Insert ``n`` flagged posts (ids ``x:{start+i}``) and return their review item ids (in order).

    ``with_prediction_only`` stores post and prediction without a flag (for active learning); returns [].
    """
    labels = labels or ["AJAKAN"]
    ids: list[int] = []
    with store.session() as session:
        for i in range(start, start + n):
            account = session.get(tables.Account, f"x:u{i % 7}")
            if account is None:
                account = tables.Account(
                    id=f"x:u{i % 7}",
                    platform="x",
                    handle=f"asn_{i % 7}",
                    handle_norm=f"asn_{i % 7}",
                    name=f"Pegawai {i % 7}",
                    bio="ASN Dinkes Kab. Sukamaju",
                    asn_class="ASN",
                    asn_score=asn_score,
                    asn_reasons=["bio: ASN"],
                    nip_masked="19860926 ****** * ***",
                )
                session.add(account)
            body = text if text is not None else f"Jangan lupa coblos nomor 2 ya! #{i}"
            created = BASE_TIME - timedelta(hours=i)
            post = tables.Post(
                id=f"x:{i}",
                platform="x",
                platform_id=str(i),
                url=f"https://x.com/asn/status/{i}",
                created_at=created,
                kind="post",
                lang="id",
                author_id=account.id,
                text=body,
                text_sha256=text_sha256(body),
                metrics={"likes": i},
                source={"format": "x-v2", "line": i},
            )
            session.add(post)
            session.flush()  # no ORM relationship orders post before prediction
            score = partisan_score if not with_prediction_only else (i % 100) / 100
            pred = tables.Prediction(
                post_id=post.id,
                election_id=ELECTION,
                model_name="rules",
                model_version="1",
                labels=labels,
                partisan_score=score,
                scores={lab: score for lab in labels},
                targets=[2],
                flags=[],
                evidence=["coblos nomor 2"],
            )
            session.add(pred)
            session.flush()
            if with_prediction_only:
                continue
            flag = tables.Flag(
                post_id=post.id,
                account_id=account.id,
                election_id=ELECTION,
                prediction_id=pred.id,
                model="rules@1",
                labels=labels,
                scores=pred.scores,
                targets=[2],
                evidence=pred.evidence,
                review_flags=[],
                partisan_score=score,
                asn_score=asn_score,
                asn_class="ASN",
                asn_reasons=["bio: ASN"],
                phase="campaign",
            )
            item = tables.ReviewItem(
                flag=flag,
                status="pending",
                priority=priority(
                    partisan_score=score,
                    asn_score=asn_score,
                    labels=labels,
                    created_at=created,
                    now=BASE_TIME,
                ),
                reviews_required=reviews_required(labels),
            )
            session.add_all([flag, item])
            session.flush()
            record_event(
                session,
                actor="scan",
                event="item.created",
                entity="review_item",
                entity_id=item.id,
                after={
                    "status": "pending",
                    "post_id": post.id,
                    "labels": labels,
                    "model": "rules@1",
                    "priority": item.priority,
                    "reviews_required": item.reviews_required,
                },
            )
            ids.append(item.id)
    return ids
