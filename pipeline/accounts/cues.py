"""The cue words of ``signals.yaml`` ``scope`` (issue 14), validated: whose signal it is, and when.

:class:`Scope` holds the cue lists (negation, family words and possessives, former and future words, joke
words, resets), the outcome -> feature map and the acronym-joke expression; :mod:`pipeline.accounts.scope` reads
profiles with it. Built by :func:`read_scope` when the lexicon loads.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import ConfigError


@dataclass(frozen=True)
class Feature:
    """One signal feature of the lexicon: its name, tier (strong / medium / weak / negative), weight, label."""

    name: str
    tier: str
    weight: float
    label: str


@dataclass(frozen=True)
class Scope:
    """Cue words that put a signal in someone else's mouth, the past or the future (``signals.yaml`` scope)."""

    window: int = 3
    after_window: int = 2
    retraction_window: int = 6
    chain_gap: int = 2  # a workplace at most this many words after a relative's post is the relative's too
    chained: frozenset[str] = frozenset()  # the workplace features that follow a relative's post
    cues: dict[str, frozenset[str]] = field(default_factory=dict)  # kind -> tokens
    becomes: dict[str, str] = field(
        default_factory=dict
    )  # negated|relative|former|future|retracted -> feature
    scoped: frozenset[str] = frozenset()
    deniable: frozenset[str] = frozenset()  # features a negation after them denies
    deniable_negatives: frozenset[str] = frozenset()  # negative features a negation before them cancels
    school_head_tokens: frozenset[str] = frozenset()
    relative_negatives: dict[str, str] = field(default_factory=dict)  # a relative's negative -> feature
    others_facts: str = ""  # the zero-weight feature that shows facts about other people (and history)
    history: frozenset[str] = frozenset()  # features a former cue makes history ("mantan kades", "dulu guru")
    yields_to_own: frozenset[str] = frozenset()  # become others_facts when the holder shows own evidence
    own_weight: float = 1.0  # the least default weight of a feature that counts as own evidence
    acronym_re: re.Pattern[str] | None = None  # "PNS (Pemuda Nyanda Sibuk)": an ASN word + "(", "=" or ":"
    acronym_sincere: frozenset[str] = frozenset()  # words that make an expansion a motto ("Pelayan Negara")

    @functools.cached_property
    def all_cues(self) -> frozenset[str]:  # computed once: checked for every profile
        """The cues that can scope a signal by themselves (resets, particles, habits, possessives and person
        switches only qualify other cues; an ambiguous family word needs a possessive)."""
        helpers = {"reset", "particles", "habit", "possessive", "possessive_before", "person_switch"}
        helpers.add("relative_noun")
        return frozenset().union(*(words for kind, words in self.cues.items() if kind not in helpers))

    @functools.cached_property
    def owners(self) -> frozenset[str]:
        return self.cues["possessive"] | self.cues["possessive_before"]

    def cued(self, tokens: Sequence[str]) -> bool:
        """``tokens`` hold a cue: a scope cue, or an ambiguous family word with a possessive ("ibu saya")."""
        if not self.all_cues.isdisjoint(tokens):
            return True
        if self.cues["relative_noun"].isdisjoint(tokens):
            return False
        # "bapak pensiunan guru, ibu PNS Dinkes": two family words may list relatives with no possessive
        return not self.owners.isdisjoint(tokens) or len(self.relatives.intersection(tokens)) >= 2

    @functools.cached_property
    def relatives(self) -> frozenset[str]:
        """Family words that open a relative's span when a possessive goes with them ("ibu saya")."""
        return self.cues["relative_before"] | self.cues["relative_noun"]


SCOPE_KINDS = (
    "negation_before",
    "negation_after",
    "relative_before",
    "former_before",
    "future_before",
    "retraction",
    "reset",
    "particles",
    "habit",
    "relative_noun",
    "possessive",
    "possessive_before",
    "person_switch",
)
SCOPE_OUTCOMES = ("negated", "relative", "former", "future", "retracted")


def read_scope(
    spec: dict[str, Any], features: dict[str, Feature], source: str, normalise: Callable[[str], str]
) -> Scope:
    """The ``scope`` section, validated: cue lists of single tokens (as ``normalise`` reads them), outcomes
    naming negative features."""

    def tokens(key: str) -> frozenset[str]:
        words = [normalise(w) for w in spec.get(key) or []]
        bad = [w for w in words if not w or " " in w]
        if bad:
            raise ConfigError(f"cues must be single words, not {bad}", path=source, key=f"scope.{key}")
        return frozenset(words)

    becomes = {str(k): str(v) for k, v in (spec.get("becomes") or {}).items()}
    for outcome, feature in becomes.items():
        if outcome not in SCOPE_OUTCOMES or features.get(feature) is None or features[feature].weight >= 0:
            raise ConfigError(
                f"{outcome}: {feature!r} must be a negative feature, for one of {SCOPE_OUTCOMES}",
                path=source,
                key="scope.becomes",
            )
    scoped = frozenset(str(f) for f in spec.get("scoped") or [])
    if scoped - set(features):
        raise ConfigError(
            f"unknown feature(s) {sorted(scoped - set(features))}", path=source, key="scope.scoped"
        )
    relative_negatives = {str(k): str(v) for k, v in (spec.get("relative_negatives") or {}).items()}
    others = str(spec.get("others_facts") or "")
    named = set(relative_negatives) | set(relative_negatives.values()) | ({others} - {""})
    if named - set(features):
        raise ConfigError(f"unknown feature(s) {sorted(named - set(features))}", path=source, key="scope")
    acronyms = sorted(tokens("acronyms"), key=lambda a: (-len(a), a))
    acronym_re = (
        re.compile(
            rf"(?<![a-z0-9#])({'|'.join(map(re.escape, acronyms))})\s*(?:[^\w\s(=:]+\s*)?[(=:]\s*([a-z]+(?:\s+[a-z]+){{1,6}})"
        )
        if acronyms
        else None
    )
    return Scope(
        window=int(spec.get("window", 3)),
        after_window=int(spec.get("after_window", 2)),
        retraction_window=int(spec.get("retraction_window", 6)),
        chain_gap=int(spec.get("chain_gap", 2)),
        chained=frozenset(str(f) for f in spec.get("chained") or []),
        cues={kind: tokens(kind) for kind in SCOPE_KINDS},
        becomes=becomes,
        scoped=scoped,
        deniable=frozenset(str(f) for f in spec.get("deniable") or []),
        deniable_negatives=frozenset(str(f) for f in spec.get("deniable_negatives") or []),
        school_head_tokens=tokens("school_head_tokens"),
        relative_negatives=relative_negatives,
        others_facts=others,
        history=frozenset(str(f) for f in spec.get("history") or []),
        yields_to_own=frozenset(str(f) for f in spec.get("yields_to_own") or []),
        own_weight=float(spec.get("own_weight", 1.0)),
        acronym_re=acronym_re,
        acronym_sincere=tokens("acronym_sincere"),
    )
