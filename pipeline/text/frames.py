"""Clearing frames: contexts in which naming a candidate usually does not take a side (issue 12, point 3).

News and media retweets, third-person attribution, condolences, birthday and family wishes, whistle-blowing,
anti-hoax posts, election-administration information, religious greetings, and get-out-the-vote messages that
name all candidates or none. The word patterns live in ``pipeline/text/data/frames.yaml``; this module compiles
them once and adds two shape detectors (a headline, a URL). Each frame is a *feature*: the classifiers learn how
much it clears, and a frame never vetoes a label by itself.

    >>> frames = detect_frames("RT @detikcom: Prabowo hadiri deklarasi relawan")
    >>> sorted(frames.names)
    ['news']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["FRAME_NAMES", "Frames", "detect_frames", "frame_patterns"]

DATA = Path(__file__).resolve().parent / "data" / "frames.yaml"
# Frames computed in code rather than from patterns alone.
SHAPE_FRAMES = ("headline", "url", "gotv_all")
FIRST_PERSON = re.compile(r"\b(?:saya|aku|aq|sy|gw|gue|gua|kami|kita|ane|ambo|awak|kula|abdi|tiang|beta)\b")
_URL = re.compile(r"https?://\S+|\bwww\.\S+|\b\w+\.(?:com|co\.id|id|net)/\S*")
_WORD = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"\s+")
HEADLINE_MIN_WORDS = 4
HEADLINE_TITLE_SHARE = 0.6  # share of words in Title Case or capitals for a headline shape


@dataclass(frozen=True)
class Frames:
    """The frames found in one post: ``hits`` maps a frame name to the matched snippets (in text order)."""

    hits: dict[str, list[str]] = field(default_factory=dict)

    @property
    def names(self) -> set[str]:
        return set(self.hits)

    def features(self, *, prefix: str = "frame.") -> dict[str, float]:
        """``{"frame.<name>": 1.0}`` for each frame present, plus ``frame.count``."""
        out = {f"{prefix}{name}": 1.0 for name in self.hits}
        out[f"{prefix}count"] = float(len(self.hits))
        return out


@lru_cache(maxsize=1)
def _load() -> dict[str, Any]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("frames"), dict):
        raise ValueError(f"{DATA}: expected a mapping with 'frames'")
    media = "|".join(re.escape(m.lower()) for m in data.get("media_accounts") or [])
    compiled: dict[str, re.Pattern[str]] = {}
    for name, spec in data["frames"].items():
        missing = {"description", "patterns", "examples", "counterexamples"} - set(spec or {})
        if missing:
            raise ValueError(f"{DATA}: frame {name!r} lacks {', '.join(sorted(missing))}")
        try:
            body = "|".join(f"(?:{p.replace('{media}', media)})" for p in spec["patterns"])
            compiled[name] = re.compile(body)
        except re.error as exc:
            raise ValueError(f"{DATA}: frame {name!r}: bad pattern ({exc})") from None
    return {"spec": data["frames"], "compiled": compiled}


def frame_patterns() -> dict[str, dict[str, Any]]:
    """The frames' specs as in the data file (description, patterns, examples, counterexamples)."""
    spec: dict[str, dict[str, Any]] = _load()["spec"]
    return spec


FRAME_NAMES: tuple[str, ...] = (*tuple(frame_patterns()), *SHAPE_FRAMES)


def _headline(text: str) -> bool:
    words = _WORD.findall(_URL.sub(" ", text))
    if len(words) < HEADLINE_MIN_WORDS or FIRST_PERSON.search(text.lower()):
        return False
    titled = sum(w[0].isupper() for w in words)
    return bool(titled / len(words) >= HEADLINE_TITLE_SHARE)


def detect_frames(text: str, *, mentioned: int | None = None, n_candidates: int = 0) -> Frames:
    """The clearing frames of ``text``.

    ``mentioned``: how many distinct candidates the post names (from the target resolver), ``n_candidates``:
    how many run; with them a get-out-the-vote message becomes ``gotv_all`` when it names all of them or none.
    """
    low = _SPACES.sub(" ", text.lower())
    hits: dict[str, list[str]] = {}
    for name, pattern in _load()["compiled"].items():
        found = [m.group(0).strip() for m in pattern.finditer(low)]
        if found:
            hits[name] = found
    url = _URL.search(text)
    if url:
        hits["url"] = [url.group(0)]
    if _headline(text):
        hits["headline"] = [text[:60]]
    if "gotv" in hits and mentioned is not None and (mentioned == 0 or mentioned >= max(n_candidates, 2)):
        hits["gotv_all"] = hits["gotv"]
    return Frames(hits)
