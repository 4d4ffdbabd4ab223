"""Build small, realistic report databases directly from the store tables (no scan or review code)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from pipeline.store import Store, tables

ELECTION = "pilbup-sukamaju-2024"
WIB = timezone(timedelta(hours=7))
T0 = datetime(2024, 11, 10, 9, tzinfo=timezone.utc)  # a fixed "flagged at" base: tests never use the clock


def wib(*args: int) -> datetime:
    """A WIB wall time, e.g. ``wib(2024, 11, 24, 23, 30)``."""
    return datetime(*args, tzinfo=WIB)


@dataclass
class Item:
    post_id: str
    text: str
    created_at: datetime
    status: str = "confirmed"
    handle: str = "budi_s"
    platform: str = "x"
    labels: list[str] = field(default_factory=lambda: ["AJAKAN"])
    scores: dict[str, float] = field(default_factory=lambda: {"AJAKAN": 0.91})
    targets: list[int] = field(default_factory=lambda: [2])
    evidence: list[str] = field(default_factory=lambda: ["coblos nomor 2"])
    agency: str | None = "Dinas Kesehatan Kab. Sukamaju"
    region: str | None = "Kabupaten Sukamaju"
    nip_masked: str | None = "19860926 ****** * ***"
    reasons: list[str] = field(default_factory=list)
    decisions: list[tuple[str, str, str | None, bool]] = field(
        default_factory=list
    )  # reviewer, decision, note, adj
    url: str | None = None
    election: str = ELECTION


def add_items(store: Store, items: list[Item]) -> None:
    """Insert accounts, registry entries, posts, predictions, flags, review items and decisions."""
    with store.session() as s:
        entries: dict[str, tables.RegistryEntry] = {}
        accounts: dict[str, tables.Account] = {}
        for n, it in enumerate(items):
            account_id = f"{it.platform}:{it.handle}"
            if account_id not in accounts and s.get(tables.Account, account_id) is None:
                entry = None
                if it.agency or it.region:
                    entry = tables.RegistryEntry(
                        name=it.handle.title(),
                        nip_masked=it.nip_masked,
                        agency=it.agency,
                        region=it.region,
                        platform=it.platform,
                        handle=it.handle,
                        handle_norm=it.handle.lower(),
                    )
                    s.add(entry)
                    s.flush()
                    entries[account_id] = entry
                account = tables.Account(
                    id=account_id,
                    platform=it.platform,
                    handle=it.handle,
                    handle_norm=it.handle.lower(),
                    asn_class="ASN",
                    asn_score=0.9,
                    asn_reasons=it.reasons,
                    nip_masked=it.nip_masked,
                    registry_entry_id=entry.id if entry else None,
                )
                s.add(account)
                accounts[account_id] = account
            post = tables.Post(
                id=it.post_id,
                platform=it.platform,
                platform_id=it.post_id.split(":", 1)[1],
                url=it.url
                if it.url is not None
                else f"https://x.com/{it.handle}/status/{it.post_id.split(':')[1]}",
                created_at=it.created_at,
                kind="post",
                author_id=account_id,
                text=it.text,
                text_sha256=hashlib.sha256(it.text.encode()).hexdigest(),
            )
            s.add(post)
            s.flush()
            pred = tables.Prediction(
                post_id=post.id,
                election_id=it.election,
                model_name="asnwatch-default",
                model_version="0.1",
                labels=it.labels,
                partisan_score=0.93,
                scores=it.scores,
                targets=it.targets,
                flags=[],
                evidence=it.evidence,
                created_at=T0,
            )
            s.add(pred)
            s.flush()
            flag = tables.Flag(
                post_id=post.id,
                account_id=account_id,
                election_id=it.election,
                prediction_id=pred.id,
                model="asnwatch-default@0.1",
                labels=it.labels,
                scores=it.scores,
                targets=it.targets,
                evidence=it.evidence,
                review_flags=[],
                partisan_score=0.93,
                asn_score=0.9,
                asn_class="ASN",
                asn_reasons=it.reasons,
                phase="campaign",
                created_at=T0 + timedelta(minutes=n),
            )
            decided = it.status in ("confirmed", "rejected")
            item = tables.ReviewItem(
                flag=flag,
                status=it.status,
                priority=1.0,
                final_labels=it.labels if decided else None,
                final_targets=it.targets if decided else None,
                decided_at=T0 + timedelta(days=20, minutes=n) if decided else None,
                created_at=T0,
                updated_at=T0,
            )
            s.add_all([flag, item])
            s.flush()
            decisions = it.decisions or ([("rina", it.status, "sesuai pedoman", False)] if decided else [])
            for k, (reviewer, decision, note, adj) in enumerate(decisions):
                s.add(
                    tables.Decision(
                        item_id=item.id,
                        reviewer=reviewer,
                        decision=decision,
                        labels=it.labels,
                        note=note,
                        is_adjudication=adj,
                        text_sha256=post.text_sha256,
                        created_at=T0 + timedelta(days=19, minutes=n, seconds=k),
                    )
                )
