"""``manifest.json``: what a report directory holds, with counts and the SHA-256 of each file.

The manifest is the only file that records when the report was generated; the CSV and HTML stay
byte-identical for the same database, so an auditor can re-run the report and compare hashes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from pipeline import __version__
from pipeline.report.weekly import WeeklyReport, format_time
from pipeline.timezone import DEFAULT_TIMEZONE

MANIFEST = "manifest.json"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_manifest(
    report: WeeklyReport, files: dict[str, bytes], *, generated_at: datetime
) -> dict[str, object]:
    """The manifest for ``files`` (name -> bytes, in the order written).

    Shape: ``{"report", "week", "period": {"start", "end", "timezone"}, "status", "election", "as_of",
    "generated_at", "asnwatch_version", "counts": {...}, "files": [{"name", "bytes", "sha256"}]}``.
    """
    return {
        "report": "weekly",
        "week": report.week.label,
        "period": {
            "start": format_time(report.week.start),
            "end": format_time(report.week.end),
            "timezone": DEFAULT_TIMEZONE,
            "note": "start inclusive, end exclusive; weeks are ISO weeks in WIB",
        },
        "status": report.status,
        "election": report.election_id,
        "as_of": format_time(report.as_of) or None,
        "empty": report.is_empty,
        "generated_at": generated_at.replace(microsecond=0).isoformat(),
        "asnwatch_version": __version__,
        "counts": report.counts(),
        "files": [
            {"name": name, "bytes": len(data), "sha256": sha256_hex(data)} for name, data in files.items()
        ],
    }


def render_manifest(manifest: dict[str, object]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
