"""The author's agency for the weekly report, guessed from the ASN scoring reasons when no registry entry has it.

Best effort only: the registry entry is the authoritative source (:func:`pipeline.report.weekly.build_weekly_report`
prefers it); agency names come from the gazetteer of :mod:`pipeline.accounts`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from pipeline.accounts.lexicon import agency_terms

__all__ = ["agency_from_reasons"]

_AGENCY_KEY_RE = re.compile(r"^\s*(?:agency|instansi|employer)\s*[:=]\s*(.+?)\s*$", re.IGNORECASE)
# pipeline.accounts reason lines: "registry: x/@budi_s (Dinkes Kab. X)" and "+2.8 agency_regional [medium]: dinkes".
_REGISTRY_REASON_RE = re.compile(r"^registry:.*\(([^()]+)\)\s*$")
_FEATURE_REASON_RE = re.compile(
    r"^[+-]?\d+(?:\.\d+)?\s+(agency_regional|agency_central|state_school)\s+\[\w+\]:\s*(.+)$"
)


@functools.cache
def _agency_re() -> re.Pattern[str]:
    """Any gazetteer agency name (:func:`pipeline.accounts.lexicon.agency_terms`) and up to 60 characters of
    its unit and place ("Dinkes Kab. X"). Best effort only: the registry entry is the authoritative source."""
    terms = "|".join(re.escape(t).replace(r"\ ", r"[\s_-]+") for t in agency_terms())
    return re.compile(rf"(?<!\w)((?:{terms})(?!\w)[^,;|)\]\"']{{0,60}})", re.IGNORECASE)


def agency_from_reasons(reasons: Iterable[object] | None) -> str:
    """Best-effort agency from ASN scoring reasons; ``""`` when none names one.

    In order: a registry reason (``registry: x/@budi_s (Dinkes Kab. X)``), an ``agency: ...`` line, an agency
    feature of :mod:`pipeline.accounts` (``+2.8 agency_regional [medium]: dinkes``, regional before central
    before school), then any known agency name in the text.
    """
    texts = [r.strip() for r in (reasons or []) if isinstance(r, str)]
    for pattern in (_REGISTRY_REASON_RE, _AGENCY_KEY_RE):
        for reason in texts:
            match = pattern.match(reason)
            if match:
                return match.group(1).strip()
    features: dict[str, str] = {}
    for reason in texts:
        match = _FEATURE_REASON_RE.match(reason)
        if match:
            features.setdefault(match.group(1), match.group(2).split(", ")[0].strip())
    for name in ("agency_regional", "agency_central", "state_school"):
        if features.get(name):
            return features[name]
    for reason in texts:
        match = _agency_re().search(reason)
        if match:
            return match.group(1).strip(" .:-")
    return ""
