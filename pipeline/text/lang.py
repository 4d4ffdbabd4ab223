"""Language tag per post: pycld2, corrected by regional marker words that short posts rarely give cld2.

Codes: ``id`` Indonesian, ``ms`` Malay, ``jv`` Javanese, ``su`` Sundanese, ``bew`` Betawi-flavoured Indonesian,
``min`` Minangkabau, ``en`` English, other ISO codes as cld2 reports them, ``und`` when nothing is known.
Every language is still processed by the rules; the tag is for routing, reporting and training splits.

Example::

    detect_language("Wes pokoke nomer loro, ra ono liyane")   # LangTag(code='jv', ...)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LangTag", "detect_language"]


@dataclass(frozen=True)
class LangTag:
    """``code`` as above; ``confidence`` in [0, 1]; ``source`` is ``cld2``, ``markers`` or ``none``."""

    code: str
    confidence: float
    source: str


# Marker words that are frequent in one regional variety and rare in standard Indonesian.
_MARKERS: dict[str, frozenset[str]] = {
    "jv": frozenset(
        [
            "ojo",
            "ora",
            "wes",
            "wis",
            "pokoke",
            "loro",
            "telu",
            "siji",
            "papat",
            "limo",
            "rek",
            "dulur",
            "sedulur",
            "lur",
            "cah",
            "arek",
            "iki",
            "kuwi",
            "opo",
            "piye",
            "ono",
            "liyane",
            "sampek",
            "sampe",
            "kabeh",
            "ndak",
            "nggih",
            "monggo",
            "mboten",
            "matur",
            "nuwun",
            "menangke",
            "pilihen",
            "coblosen",
            "kalih",
            "setunggal",
            "sekawan",
            "gangsal",
            "sak",
            "karo",
        ]
    ),
    "su": frozenset(
        [
            "teu",
            "aya",
            "urang",
            "baraya",
            "hayu",
            "mangga",
            "ulah",
            "hilap",
            "pisan",
            "atuh",
            "mah",
            "hiji",
            "tilu",
            "opat",
            "kumaha",
            "naon",
            "abdi",
            "anjeun",
            "nuhun",
            "hatur",
            "sadayana",
            "keren",
            "teh",
            "euy",
            "sok",
            "moal",
        ]
    ),
    "bew": frozenset(
        [
            "kite",
            "aje",
            "ane",
            "ente",
            "nyok",
            "kagak",
            "udeh",
            "gimane",
            "ape",
            "aye",
            "mpok",
            "babe",
            "nyak",
        ]
    ),
    "min": frozenset(
        ["awak", "ciek", "duo", "tigo", "ampek", "jan", "lupo", "indak", "alah", "ambo", "urang", "awak"]
    ),
    "ms": frozenset(
        ["tak", "usah", "awak", "same", "kerana", "sahaja", "boleh", "betul", "sangat", "kerajaan"]
    ),
}
_WORD = re.compile(r"[^\W\d_]+")
_URLS = re.compile(r"https?://\S+|www\.\S+|[@#][\w.]+")


def detect_language(text: str) -> LangTag:
    """Tag ``text``. Regional markers win over cld2 when two or more are present (cld2 reads short Javanese
    or Sundanese posts as Indonesian)."""
    clean = _URLS.sub(" ", text)
    words = [w.lower() for w in _WORD.findall(clean)]
    if not words:
        return LangTag("und", 0.0, "none")
    counts = {code: sum(w in vocab for w in words) for code, vocab in _MARKERS.items()}
    code, hits = max(counts.items(), key=lambda kv: kv[1])
    if hits >= 2 and hits / len(words) >= 0.15:
        return LangTag(code, min(1.0, 0.4 + hits / len(words)), "markers")
    try:
        import pycld2

        reliable, _, details = pycld2.detect(clean, bestEffort=True)
    except Exception:  # pycld2 rejects some byte sequences; fall back to markers only
        reliable, details = False, ()
    if details and details[0][1] != "un":
        name, cld_code, percent, _ = details[0]
        if cld_code in {"id", "ms", "jv", "su", "en"} or reliable:
            return LangTag(cld_code, round(percent / 100 * (1.0 if reliable else 0.6), 3), "cld2")
    if hits >= 1:
        return LangTag(code, 0.4, "markers")
    return LangTag("id", 0.3, "none")  # short Indonesian posts are the common case in this domain
