"""What both lists of the weekly report read from the review state: the final decision, the account's columns,
safe display text."""

from __future__ import annotations

import json

from pipeline.accounts.nip import mask_nips
from pipeline.report.agency import agency_from_reasons
from pipeline.store import tables

DECIDED = ("confirmed", "rejected")


def final_decision(item: tables.ReviewItem | None) -> tables.Decision | None:
    """The adjudication if any, else the latest decision; None for an undecided item."""
    if item is None or item.status not in DECIDED or not item.decisions:
        return None
    ordered = sorted(item.decisions, key=lambda d: (d.created_at, d.id))
    adjudications = [d for d in ordered if d.is_adjudication]
    return (adjudications or ordered)[-1]


def display_text(value: object) -> str:
    """Display text of a stored value with NIP-looking numbers masked."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return mask_nips(value)


def account_fields(
    flag: tables.Flag,
    account: tables.Account | None,
    entry: tables.RegistryEntry | None,
    default_region: str,
) -> dict[str, str]:
    """``account_handle``, ``nip_masked``, ``agency``, ``region`` of a row: the registry entry's agency and region
    first, else the agency the ASN reasons name and the election's region."""
    reasons = (account.asn_reasons if account and account.asn_reasons else None) or flag.asn_reasons
    agency = (entry.agency if entry and entry.agency else "") or agency_from_reasons(reasons)
    region = (entry.region if entry and entry.region else "") or default_region
    return {
        "account_handle": (account.handle or account.id) if account else (flag.account_id or ""),
        "nip_masked": (account.nip_masked if account else None)
        or (entry.nip_masked if entry else None)
        or "",
        "agency": display_text(agency),
        "region": display_text(region),
    }
