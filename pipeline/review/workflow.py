"""Workflow rules of the review queue: statuses, roles and what they may do, consensus, and the item snapshot the audit log keeps.

``pending -> in_review -> confirmed | rejected | escalated``; an escalated item is decided by an adjudicator.
An item needs ``reviews_required`` decisions from distinct reviewers. When they all agree (same decision and,
for a confirmation, the same labels) the item is final; any disagreement, or any reviewer choosing
``escalated``, sends it to adjudication, whose decision is final.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipeline.errors import OptionError
from pipeline.labels import check_label_set
from pipeline.store import tables

STATUSES: tuple[str, ...] = ("pending", "in_review", "confirmed", "rejected", "escalated")
ITEM_KINDS = ("post", "interaction")  # a flagged post, or an interaction with a campaign account (issue 15)
OPEN_STATUSES: tuple[str, ...] = ("pending", "in_review")
FINAL_STATUSES: tuple[str, ...] = ("confirmed", "rejected")
DECISIONS: tuple[str, ...] = ("confirmed", "rejected", "escalated")
ROLES: tuple[str, ...] = ("reviewer", "adjudicator", "admin")
# What each role may do beyond deciding open items (every role reviews): an adjudicator resolves escalated
# items and disagreements; an admin manages user accounts and may adjudicate too.
ADJUDICATING_ROLES: frozenset[str] = frozenset({"adjudicator", "admin"})
USER_ADMIN_ROLES: frozenset[str] = frozenset({"admin"})

# SKB 2022 Lampiran II behaviours S1..S13 (BRIEF 2.2): the violation category a confirmation may name.
VIOLATION_CATEGORIES: tuple[str, ...] = tuple(f"S{i}" for i in range(1, 14))
DEFAULT_LEASE_MINUTES = 15.0
SKIP_WINDOW_HOURS = 12.0  # a skipped item is not offered to the same reviewer again for one working session

# The item fields the audit log snapshots before and after every change; replaying them rebuilds the item.
SNAPSHOT_FIELDS: tuple[str, ...] = (
    "status",
    "claimed_by",
    "claimed_at",
    "claim_expires_at",
    "final_labels",
    "final_targets",
    "decided_at",
)


def may_adjudicate(role: str) -> bool:
    """Whether ``role`` may decide escalated items (and is offered them first)."""
    return role in ADJUDICATING_ROLES


def may_manage_users(role: str) -> bool:
    return role in USER_ADMIN_ROLES


class ReviewError(OptionError):
    """A review action that the workflow does not allow (wrong role, claimed by someone else, ...)."""


class RoleError(ReviewError):
    """The action needs a role the user does not have (the web application answers 403)."""


class MissingItem(ReviewError):
    """No review item has that id (the web application answers 404)."""


def check_name(name: str) -> str:
    """A reviewer's (user's) name, stripped; ReviewError unless 1 to 100 characters."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ReviewError("a name of 1 to 100 characters is needed", option="reviewer")
    return name


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def snapshot(item: tables.ReviewItem) -> dict[str, Any]:
    """The item's workflow state as JSON-ready values (what ``before``/``after`` of an audit event hold)."""
    out: dict[str, Any] = {}
    for name in SNAPSHOT_FIELDS:
        value = getattr(item, name)
        out[name] = iso(value) if isinstance(value, datetime) else value
    return out


def check_labels(labels: Sequence[str] | None) -> list[str] | None:
    """``labels`` as a valid label set (CONTRACT codes), or ``None`` when not given; ReviewError otherwise."""
    if labels is None:
        return None
    try:
        return check_label_set(list(labels))
    except ValueError as exc:
        raise ReviewError(str(exc), option="labels") from None


def check_category(category: str | None) -> str | None:
    if category is None:
        return None
    code = category.strip().upper()
    if code not in VIOLATION_CATEGORIES:
        raise ReviewError(f"{category!r} is not one of S1..S13 (SKB 2022 Lampiran II)", option="category")
    return code


def effective_labels(decision: str, labels: Sequence[str] | None, suggested: Sequence[str]) -> list[str]:
    """The labels a decision asserts: the corrected ones when given; else the suggestion when confirmed;
    else none (a rejection without labels says none of the suggested labels holds)."""
    if labels is not None:
        return list(labels)
    if decision == "confirmed":
        return list(suggested)
    return []


@dataclass(frozen=True)
class Outcome:
    """What the decisions so far mean for the item."""

    status: str  # in_review | confirmed | rejected | escalated
    final_labels: list[str] | None = None
    final_targets: list[Any] | None = None


def outcome(
    decisions: Sequence[tables.Decision],
    *,
    required: int,
    suggested_labels: Sequence[str],
    suggested_targets: Sequence[Any],
) -> Outcome:
    """Apply the consensus rule to an item's decisions (oldest first).

    An adjudication is final. Otherwise: any ``escalated`` -> escalated; fewer than ``required`` reviewers
    -> in_review; all agree on decision and labels -> that decision; else escalated.
    """
    adjudications = [d for d in decisions if d.is_adjudication]
    if adjudications:
        last = adjudications[-1]
        return _final(last.decision, [last], suggested_labels, suggested_targets)
    reviews = [d for d in decisions if not d.is_adjudication]
    if any(d.decision == "escalated" for d in reviews):
        return Outcome("escalated")
    if len({d.reviewer for d in reviews}) < required:
        return Outcome("in_review")
    kinds = {d.decision for d in reviews}
    label_sets = {tuple(sorted(effective_labels(d.decision, d.labels, suggested_labels))) for d in reviews}
    if len(kinds) == 1 and len(label_sets) == 1:
        return _final(reviews[0].decision, reviews, suggested_labels, suggested_targets)
    return Outcome("escalated")


def _final(
    decision: str,
    agreeing: Sequence[tables.Decision],
    suggested_labels: Sequence[str],
    suggested_targets: Sequence[Any],
) -> Outcome:
    given_labels = next((d.labels for d in agreeing if d.labels is not None), None)
    if given_labels is not None:
        labels: list[str] | None = list(given_labels)
    elif decision == "confirmed":
        labels = list(suggested_labels)
    else:
        labels = None  # rejected without corrected labels: we only know the suggestion was wrong
    targets = next((d.targets for d in agreeing if d.targets is not None), None)
    if targets is None and decision == "confirmed":
        targets = list(suggested_targets)
    return Outcome(decision, final_labels=labels, final_targets=targets)
