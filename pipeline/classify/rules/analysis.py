"""What the rules saw for one post (:class:`Analysis`), and the state the label rules share while they read it
(:class:`LabelContext`).

Each label rule (a function of a family module: :mod:`~pipeline.classify.rules.calls`,
:mod:`~pipeline.classify.rules.support`, ...) takes the context, reads the cue hits and the targets they bind to,
and fires labels with :meth:`LabelContext.fire`. Targets are candidate numbers; spans are character offsets
into the normalised text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from pipeline.classify.rules.patterns import NEG_BEFORE, SHARE_ONLY
from pipeline.classify.rules_lexicon import COMPILED
from pipeline.labels import PARTISAN_LABELS
from pipeline.text.frames import Frames
from pipeline.text.normalize import Normalized
from pipeline.text.targets import KOTAK_KOSONG, Mention, Resolution

if TYPE_CHECKING:
    from pipeline.schema import Post

__all__ = ["Analysis", "Hit", "LabelContext", "framed", "strip_spans"]

REPLY_KINDS = frozenset({"comment", "reply", "quote", "share"})
PARENT_BIND_MAX_WORDS = 25
"""A reply binds its stance words to the parent's targets only when it is this short."""
NEAR_WINDOW = 60
"""A weak cue binds to a target within this many characters."""


class Hit(NamedTuple):  # a tuple: cheap to create, and there are many per post
    """A cue hit on the normalised text. ``weak``: a generic word that counts only next to a target."""

    family: str
    start: int
    end: int
    text: str
    weak: bool
    specific: bool = False  # from a CUES_WEAK list: weak, but telling next to a name


@dataclass
class Analysis:
    """Everything the rules saw for one post; :meth:`RulesClassifier.explain` prints it."""

    norm: Normalized
    parent: Normalized | None
    resolution: Resolution
    hits: list[Hit]
    quoted: list[tuple[int, int]]
    phase: str
    scores: dict[str, float] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    fired: list[tuple[str, str]] = field(default_factory=list)  # (rule, why)
    evidence: list[tuple[int, int, str]] = field(default_factory=list)  # raw spans
    frames: Frames = field(default_factory=Frames)  # clearing frames: features, never a veto

    @property
    def partisan_score(self) -> float:
        return max((self.scores.get(label, 0.0) for label in PARTISAN_LABELS), default=0.0)


@dataclass
class LabelContext:
    """The label rules' shared state for one post.

    Read-only for the rules: ``a`` (the analysis), ``post``, ``res``, ``text`` (normalised), ``quoted`` (spans of
    quotes that do not count), the mentions (``post_mentions``, ``quoted_mentions``, ``parent_mentions``),
    ``bind`` (the mentions a stance binds to: the post's own, or the parent's for a short reply), ``via_parent``
    and the election facts (``incumbents``, ``el``, ``n_candidates``). Written by the rules: ``scores`` (label ->
    score), ``fired`` ((rule, why) pairs), ``ev`` (normalised spans with rule names), the target sets ``anti``,
    ``pro_targets``, ``support_targets``, and the facts a later rule reads (``sarcastic``, ``other_side``,
    ``first_person``, ``party_strong``, ``strong_news``, ``flags``).
    """

    a: Analysis
    post: Post
    fam: dict[str, list[Hit]]
    incumbents: set[int]
    el: Any
    n_candidates: int
    res: Resolution = field(init=False)
    text: str = field(init=False)
    quoted: list[tuple[int, int]] = field(init=False)
    post_mentions: list[Mention] = field(init=False)
    quoted_mentions: list[Mention] = field(init=False)
    parent_mentions: list[Mention] = field(init=False)
    strong_only: dict[str, list[Hit]] = field(init=False)
    is_reply: bool = field(init=False)
    caption_empty: bool = field(init=False)
    bind: list[Mention] = field(init=False)
    via_parent: bool = False
    scores: dict[str, float] = field(default_factory=lambda: {label: 0.0 for label in PARTISAN_LABELS})
    fired: list[tuple[str, str]] = field(init=False)
    ev: list[tuple[int, int, str]] = field(default_factory=list)
    anti: set[int] = field(default_factory=set)
    pro_targets: set[int] = field(default_factory=set)
    support_targets: set[int] = field(default_factory=set)
    sarcastic: bool = False
    other_side: bool = False
    first_person: bool = False
    party_strong: list[Hit] = field(default_factory=list)
    strong_news: list[Hit] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        a = self.a
        self.res = a.resolution
        self.text = a.norm.text
        self.quoted = a.quoted
        self.post_mentions = [
            m
            for m in self.res.mentions
            if not m.in_parent and not any(qs <= m.start < qe for qs, qe in self.quoted)
        ]
        self.quoted_mentions = [
            m for m in self.res.mentions if not m.in_parent and m not in self.post_mentions
        ]
        self.parent_mentions = [m for m in self.res.mentions if m.in_parent]
        self.fired = a.fired
        self.strong_only = {k: [h for h in v if not h.weak] for k, v in self.fam.items()}
        self.is_reply = self.post.kind in REPLY_KINDS
        self.caption_empty = bool(SHARE_ONLY.match(self.text)) or not self.text.strip()
        self.bind = self._binding()

    def _binding(self) -> list[Mention]:
        # which mentions a stance binds to: the post's own, or the parent's for a short reply without targets
        bind = self.post_mentions
        if not bind and self.is_reply and self.parent_mentions and not self.caption_empty:
            parent_framed = self.a.parent is not None and framed(self.a.parent.text)
            if not parent_framed:
                bind = self.parent_mentions
                self.via_parent = True
        # "jangan biarkan kotak kosong menang" is for the single pair, not about the empty box
        return [
            m
            for m in bind
            if not (
                m.number == KOTAK_KOSONG
                and not self.via_parent
                and NEG_BEFORE.search(self.text[max(0, m.start - 40) : m.start])
            )
        ]

    def fire(
        self, label: str, score: float, rule: str, why: str, spans: Iterable[tuple[int, int]] = ()
    ) -> None:
        """Raise ``label``'s score to ``score`` (never lower it) and record the rule, why, and its spans."""
        if score > self.scores.get(label, 0.0):
            self.scores[label] = score
        self.fired.append((rule, why))
        self.ev.extend((s, e, rule) for s, e in spans)

    def has(self, family: str, *, strong: bool = False) -> list[Hit]:
        """The hits of a cue family (``strong``: only those that are not weak words)."""
        return (self.strong_only if strong else self.fam).get(family, [])

    def near(self, h: Hit, window: int = NEAR_WINDOW) -> list[Mention]:
        """The bound mentions near hit ``h`` (all of the parent's, for a short reply bound through it)."""
        if self.via_parent:
            return self.bind if len(self.text.split()) <= PARENT_BIND_MAX_WORDS else []
        return [m for m in self.bind if m.start - window <= h.end and h.start <= m.end + window]

    def bound(self, family: str) -> list[tuple[Hit, list[Mention]]]:
        """The family's hits with the mentions they bind to: a weak hit binds near it, a strong one to all."""
        out = []
        for h in self.fam.get(family, []):
            ms = self.near(h) if h.weak else (self.bind if self.bind else [])
            if ms:
                out.append((h, ms))
        return out


def framed(text: str) -> bool:
    """A parent post that reports, quotes or debunks (comments under it do not take its targets)."""
    news = COMPILED["news"].search(text)
    return bool(
        COMPILED["antihoax"].search(text) or (news and news.group() not in {"url", "debat publik", "contoh"})
    )


def strip_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for s, e in sorted(spans, reverse=True):
        text = text[:s] + " " * (e - s) + text[e:]
    return text
