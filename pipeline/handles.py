"""Normalising platforms, handles and person names so registry rows and post authors can be matched.

``@Budi_S``, ``budi_s``, ``https://x.com/Budi_S/status/1`` and ``twitter.com/budi_s`` are the same X account;
``https://www.tiktok.com/@budi.s`` is TikTok's ``budi.s``; ``facebook.com/profile.php?id=N`` and
``youtube.com/@name`` / ``channel/ID`` are read too. The one home of this rule: the store's
``accounts.handle_norm`` and registry matching both use it.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qs, urlsplit

PLATFORM_ALIASES: dict[str, str] = {
    "x": "x",
    "twitter": "x",
    "tw": "x",
    "instagram": "instagram",
    "ig": "instagram",
    "facebook": "facebook",
    "fb": "facebook",
    "tiktok": "tiktok",
    "tt": "tiktok",
    "youtube": "youtube",
    "yt": "youtube",
    "threads": "threads",
    "telegram": "telegram",
    "tg": "telegram",
}

_HOSTS: dict[str, str] = {
    "x.com": "x",
    "twitter.com": "x",
    "mobile.twitter.com": "x",
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "m.facebook.com": "facebook",
    "web.facebook.com": "facebook",
    "fb.com": "facebook",
    "tiktok.com": "tiktok",
    "youtube.com": "youtube",
    "m.youtube.com": "youtube",
    "threads.net": "threads",
    "threads.com": "threads",
    "t.me": "telegram",
}

_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?([a-z0-9.-]+\.[a-z]{2,})(/.*)?$", re.IGNORECASE)
# Path heads that are not a user name (x.com/i/..., youtube.com/channel/ID, youtube.com/c/NAME).
_SKIP_HEADS = {"i", "channel", "c", "user", "u", "s", "people", "pg"}


def normalise_platform(platform: str | None) -> str | None:
    """``Twitter`` -> ``x``, ``IG`` -> ``instagram``; unknown names are lower-cased as they are."""
    if not platform or not platform.strip():
        return None
    p = platform.strip().lower()
    return PLATFORM_ALIASES.get(p, p)


def platform_from_url(value: str) -> str | None:
    """The platform a profile URL points to, or None when ``value`` is not such a URL."""
    m = _URLISH.match(value.strip())
    if not m:
        return None
    host = m.group(1).lower()
    host = host[4:] if host.startswith("www.") else host
    return _HOSTS.get(host)


def normalise_handle(handle: str | None) -> str | None:
    """Lower-cased handle without ``@``, whitespace or URL parts; None when nothing is left."""
    if not handle:
        return None
    h = handle.strip()
    m = _URLISH.match(h)
    if m and (platform_from_url(h) or "://" in h):
        parts = urlsplit(h if "://" in h else "https://" + h)
        segments = [s for s in parts.path.split("/") if s]
        if segments and segments[0].lower() == "profile.php":
            ids = parse_qs(parts.query).get("id")
            h = ids[0] if ids else ""
        elif segments and segments[0].lower() in _SKIP_HEADS and len(segments) > 1:
            h = segments[1]
        else:
            h = segments[0] if segments else ""
    h = h.lstrip("@").strip().lower()
    return h or None


def normalise_account(platform: str | None, handle: str | None) -> tuple[str | None, str | None]:
    """``(platform, handle)`` normalised; the platform is read from a URL handle when not given."""
    p = normalise_platform(platform)
    if not p and handle:
        p = platform_from_url(handle)
    return p, normalise_handle(handle)


# Titles and degrees around Indonesian names: "Dr. H. Budi Santoso, S.Pd., M.Si." -> "budi santoso".
_NAME_AFFIXES = re.compile(
    r"\b(?:prof|dr|drs|dra|ir|hj|h|ns|apt|st|s\.?\s?(?:pd|kom|e|h|ip|sos|kep|km|t|si|ag|ak|hum|p|ked|farm|gz|tr)"
    r"|a\.?\s?md(?:\.?\s?\w+)?|m\.?\s?(?:pd|si|m|ak|kes|kom|h|ap|sc|t|e|ag|hum)|mba|mm|sp\.\s?\w+)\b\.?",
    re.IGNORECASE,
)


def normalise_name(name: str | None) -> str | None:
    """A person's name reduced for comparison: accents, titles, degrees and punctuation removed."""
    if not name:
        return None
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.split("|", 1)[0]
    text = _NAME_AFFIXES.sub(" ", text)
    text = re.sub(r"[^a-z ]+", " ", text.lower())
    words = [w for w in text.split() if len(w) > 1]
    return " ".join(words) or None
