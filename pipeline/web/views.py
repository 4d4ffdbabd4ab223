"""What pages and the API show of an item: every free-text field NIP-masked, evidence phrases located in the
text for highlighting, and the queue's filters read from a query string.

Nothing here renders HTML: templates escape every value (Jinja2 autoescape); :class:`Segment` only says which
stretches of the (masked) text an evidence phrase covers.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipeline.accounts.nip import mask_nips
from pipeline.errors import InputError
from pipeline.report.week import IsoWeek, parse_week
from pipeline.review.workflow import ITEM_KINDS, STATUSES, ReviewError

_MASKED_POST = ("text", "parent_text", "quoted_text")
_MASKED_ACCOUNT = ("name", "bio", "handle")


def _mask(value: Any) -> Any:
    return mask_nips(value) if isinstance(value, str) else value


def masked_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of an item dict (``review.items.item_dict``) with NIPs masked in the post's texts, the
    account's name, handle and bio, the evidence phrases, the ASN reasons and the decisions' notes."""
    out = copy.deepcopy(dict(item))
    post = out.get("post")
    if isinstance(post, dict):
        for key in _MASKED_POST:
            post[key] = _mask(post.get(key))
        for version in post.get("versions") or []:
            version["text"] = _mask(version.get("text"))
    account = out.get("account")
    if isinstance(account, dict):
        for key in _MASKED_ACCOUNT:
            account[key] = _mask(account.get(key))
    for key in ("evidence", "asn_reasons"):
        if isinstance(out.get(key), list):
            out[key] = [_mask(v) for v in out[key]]
    for decision in out.get("decisions") or []:
        decision["note"] = _mask(decision.get("note"))
    return out


def masked_events(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Audit events with the decision notes they carry masked."""
    out = []
    for event in events:
        copied = copy.deepcopy(dict(event))
        decision = (copied.get("after") or {}).get("decision")
        if isinstance(decision, dict):
            decision["note"] = _mask(decision.get("note"))
        out.append(copied)
    return out


@dataclass(frozen=True)
class Segment:
    text: str
    evidence: bool


def highlight(text: str, phrases: Iterable[str]) -> list[Segment]:
    """``text`` cut into plain and evidence segments: every case-insensitive occurrence of a phrase is an
    evidence segment (overlapping occurrences merge). Phrases not found in the text are simply not marked."""
    spans: list[tuple[int, int]] = []
    for phrase in {p.strip() for p in phrases if isinstance(p, str) and p.strip()}:
        spans.extend(m.span() for m in re.finditer(re.escape(phrase), text, flags=re.IGNORECASE))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[Segment] = []
    at = 0
    for start, end in merged:
        if start > at:
            out.append(Segment(text[at:start], False))
        out.append(Segment(text[start:end], True))
        at = end
    if at < len(text) or not out:
        out.append(Segment(text[at:], False))
    return out


@dataclass(frozen=True)
class QueueFilter:
    """The queue page's filters (each optional); ``week`` limits to posts created in that ISO week (WIB)."""

    status: str | None = None
    label: str | None = None
    agency: str | None = None
    region: str | None = None
    platform: str | None = None
    election_id: str | None = None
    week: IsoWeek | None = None
    kind: str | None = None  # post | interaction

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> QueueFilter:
        """Read ``status, label, agency, region, platform, election, week, kind``; empty values mean "any".
        ReviewError names the field that is wrong."""

        def get(key: str) -> str | None:
            value = (query.get(key) or "").strip()
            return value or None

        status = get("status")
        if status is not None and status not in STATUSES:
            raise ReviewError(f"{status!r} is not one of {', '.join(STATUSES)}", option="status")
        week_text = get("week")
        try:
            week = parse_week(week_text) if week_text else None
        except InputError as exc:
            raise ReviewError(exc.detail or str(exc), option="week") from None
        kind = get("kind")
        if kind is not None and kind not in ITEM_KINDS:
            raise ReviewError(f"{kind!r} is not one of {', '.join(ITEM_KINDS)}", option="kind")
        return cls(
            status=status,
            label=(get("label") or "").upper() or None,
            agency=get("agency"),
            region=get("region"),
            platform=get("platform"),
            election_id=get("election"),
            week=week,
            kind=kind,
        )

    def list_options(self) -> dict[str, Any]:
        """Keyword arguments of ``review.items.list_items``."""
        start: datetime | None = self.week.start if self.week else None
        end: datetime | None = self.week.end if self.week else None
        return {
            "status": self.status,
            "label": self.label,
            "agency": self.agency,
            "region": self.region,
            "platform": self.platform,
            "election_id": self.election_id,
            "posted_from": start,
            "posted_before": end,
            "kind": self.kind,
        }

    def query_values(self) -> dict[str, str]:
        """The filters as form values (for re-showing the form)."""
        return {
            "status": self.status or "",
            "label": self.label or "",
            "agency": self.agency or "",
            "region": self.region or "",
            "platform": self.platform or "",
            "election": self.election_id or "",
            "week": self.week.label if self.week else "",
            "kind": self.kind or "",
        }
