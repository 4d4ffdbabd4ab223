"""Label codes, review flags and their triage weights (CONTRACT "Label codes"; BRIEF section 5)."""

from __future__ import annotations

PARTISAN_LABELS: tuple[str, ...] = (
    "DUKUNGAN",
    "AJAKAN",
    "SERANGAN",
    "SIMBOL",
    "KEGIATAN_KAMPANYE",
    "PENYALAHGUNAAN_JABATAN",
    "AFILIASI_PARPOL",
)
NEUTRAL_LABELS: tuple[str, ...] = ("NETRAL_PEMILU", "TIDAK_TERKAIT")
ALL_LABELS: tuple[str, ...] = PARTISAN_LABELS + NEUTRAL_LABELS
REVIEW_FLAGS: tuple[str, ...] = ("BUTUH_GAMBAR", "BUTUH_METADATA", "KONTEKS_KHUSUS", "AKTOR_TIDAK_PASTI")

# Triage weight per label (BRIEF 5.2: H=1.0, M=0.6, L=0.3). Orders the review queue; not a legal severity.
LABEL_WEIGHTS: dict[str, float] = {
    "DUKUNGAN": 0.6,
    "AJAKAN": 0.8,
    "SERANGAN": 0.6,
    "SIMBOL": 0.3,
    "KEGIATAN_KAMPANYE": 0.6,
    "PENYALAHGUNAAN_JABATAN": 1.0,
    "AFILIASI_PARPOL": 1.0,
}


def is_partisan(labels: list[str] | tuple[str, ...]) -> bool:
    """True when at least one partisan label is present."""
    return any(label in PARTISAN_LABELS for label in labels)


def check_label_set(labels: list[str]) -> list[str]:
    """Return ``labels`` if they form a valid set, else raise ``ValueError``.

    Valid: known codes, no duplicates, and either one or more partisan labels or exactly one
    non-partisan label.
    """
    unknown = [label for label in labels if label not in ALL_LABELS]
    if unknown:
        raise ValueError(f"unknown label(s): {', '.join(unknown)}")
    if len(set(labels)) != len(labels):
        raise ValueError("duplicate labels")
    neutral = [label for label in labels if label in NEUTRAL_LABELS]
    if is_partisan(labels):
        if neutral:
            raise ValueError(f"{neutral[0]} cannot be combined with partisan labels")
    elif len(neutral) != 1:
        raise ValueError(
            "exactly one of NETRAL_PEMILU / TIDAK_TERKAIT is needed when no partisan label applies"
        )
    return labels
