"""The signal lexicon: features, their terms and default weights (``data/signals.yaml`` + ``data/gazetteer.yaml``).

All terms of all features form ONE automaton: a token trie kept as two dicts (every token prefix of every term,
and term -> feature). A profile is tokenised once (a single C-level ``findall``) and scanned left to right; at
each token the longest term wins ("pensiunan pns" is a retiree, not a "pns"; "guru honorer" is an honorer,
not a teacher). A few features also have regex ``patterns`` (civil-service grades like ``III/a``), compiled into
one combined expression with a named group per feature and run only when the text can contain them.

Tokens: ASCII letter runs (a leading ``#`` kept), digit runs (a trailing ``%`` kept) and dotted degrees like
``S.Pd`` (one token, never a term, so "S.Pt" does not read as the company marker "PT"). Terms are tokenised the same way,
so "p3k" matches "P3K" and "sdn" matches "SDN3".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, NamedTuple

from pipeline.accounts.cues import Feature, Scope, read_scope
from pipeline.errors import ConfigError

TIERS = ("strong", "medium", "weak", "negative")

# ASCII classes on purpose: after NFKC, Indonesian bios are ASCII letters, and [a-z] scans several times faster
# than the Unicode letter class. Dotted degrees ("s.pd", "a.md.kep") come out as one token that is never a term.
TOKEN_RE = re.compile(r"[a-z]{1,2}(?:\.[a-z]{1,4})+\.?(?![a-z])|#?[a-z]+|\d+%?")


_ACCENTED = "ÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖÙÚÛÜÑÇàáâãäåèéêëìíîïòóôõöùúûüñç"
_ACCENTS = str.maketrans(_ACCENTED, "AAAAAAEEEEIIIIOOOOOUUUUNCaaaaaaeeeeiiiiooooouuuunc")
_ACCENT_RE = re.compile(f"[{_ACCENTED}]")


def normalise_text(text: str) -> str:
    """NFKC (fancy Unicode letters -> plain), accents dropped (Sundanese "sanés"), lower case, ``-`` and ``_``
    as spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        if _ACCENT_RE.search(text):  # rare: translate is slow, so only when needed
            text = text.translate(_ACCENTS)
    # str.replace is several times faster than str.translate with a dict table
    return text.lower().replace("-", " ").replace("_", " ").replace("\u2013", " ").replace("\u2014", " ")


def tokenize(norm_text: str) -> list[str]:
    return TOKEN_RE.findall(norm_text)


def normalise_term(term: str) -> str:
    """A term as the key the matcher looks up: its tokens joined by single spaces."""
    return " ".join(tokenize(normalise_text(str(term))))


class Hit(NamedTuple):
    """One term found in a profile: its feature, the term, and its token span ``[start, end)``."""

    feature: str
    term: str
    start: int
    end: int


@dataclass
class Lexicon:
    """Features, the term -> feature map, and the compiled matchers."""

    features: dict[str, Feature]
    bias: float
    thresholds: dict[str, float]
    terms: dict[str, str]  # normalised term -> feature name
    patterns: dict[str, list[str]] = field(default_factory=dict)  # feature -> regexes
    gazetteer: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    scope: Scope = field(default_factory=Scope)
    decisive: frozenset[str] = frozenset()  # ASN needs one of these features
    posts: Lexicon | None = None  # the terms matched in an author's own posts (``post_evidence``)
    max_posts: int = 0
    hashtag_min: int = 0  # a hashtag may start with a term this long ("#pemkabgarut"); 0: whole terms only
    hashtag_short: frozenset[str] = frozenset()  # shorter terms a hashtag may start with ("#pnsmelayani")

    def __post_init__(self) -> None:
        self.prefixes: frozenset[str] = frozenset(
            " ".join(parts[:k])
            for term in self.terms
            for parts in [term.split(" ")]
            for k in range(1, len(parts) + 1)
        )
        parts = []
        self._pattern_feature: dict[str, str] = {}
        for i, (feat, regexes) in enumerate(sorted(self.patterns.items())):
            group = f"p{i}"
            self._pattern_feature[group] = feat
            parts.append(f"(?P<{group}>" + "|".join(f"(?:{r})" for r in regexes) + ")")
        self.pattern_re = re.compile("|".join(parts)) if parts else None
        self._joined: dict[str, str] = {}  # "guruhonorer" -> "guru honorer": terms as hashtags write them
        for term in sorted(self.terms, key=len):
            if term[0] != "#":
                self._joined.setdefault(term.replace(" ", ""), term)

    def hashtag(self, tag: str) -> str | None:
        """The term a hashtag spells (``#GuruHonorer``, ``#PensiunanPNS``) or starts with (``#PemkabGarut``)."""
        body = tag[1:]
        term = self._joined.get(body)
        if term is not None or not self.hashtag_min:
            return term
        for end in range(len(body) - 1, 1, -1):
            term = self._joined.get(body[:end])
            if term is not None and (end >= self.hashtag_min or body[:end] in self.hashtag_short):
                return term
        return None

    def match(self, norm_text: str) -> dict[str, list[str]]:
        """Features shown by normalised text (see :func:`normalise_text`) -> matched phrases, in text order."""
        found: dict[str, list[str]] = {}
        for hit in self.match_hits(norm_text)[1]:
            found.setdefault(hit.feature, []).append(hit.term)
        return found

    def match_hits(self, norm_text: str) -> tuple[list[str], list[Hit]]:
        """The text's tokens and every term hit with its token span, in text order (pattern hits last, with
        span ``(-1, -1)``: they are not tied to tokens)."""
        hits: list[Hit] = []
        terms, prefixes = self.terms, self.prefixes
        tokens = TOKEN_RE.findall(norm_text)
        n = len(tokens)
        tags = "#" in norm_text  # hashtags are rare: test for them only when the text has one
        i = 0
        while i < n:
            key = tokens[i]
            if key not in prefixes:
                if tags and key[0] == "#" and (term := self.hashtag(key)) is not None:
                    hits.append(Hit(terms[term], key, i, i + 1))  # the reason shows the hashtag
                i += 1
                continue
            best = None
            j = i
            while True:
                if key in terms:
                    best = (j, key)
                j += 1
                if j >= n:
                    break
                key = key + " " + tokens[j]
                if key not in prefixes:
                    break
            if best is None:
                i += 1
                continue
            hits.append(Hit(terms[best[1]], best[1], i, best[0] + 1))
            i = best[0] + 1
        if self.pattern_re is not None and "/" in norm_text:
            for m in self.pattern_re.finditer(norm_text):
                hits.append(Hit(self._pattern_feature[m.lastgroup or ""], m.group(), -1, -1))
        return tokens, hits


def _expand(value: Any, vocab: dict[str, list[str]], where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        if value.startswith("@"):
            if value[1:] not in vocab:
                raise ConfigError(f"unknown vocabulary list {value!r}", key=where)
            return list(vocab[value[1:]])
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    raise ConfigError(f"expected a list or '@name', got {type(value).__name__}", key=where)


def _phrases(
    spec: dict[str, Any], vocab: dict[str, list[str]], gazetteer: dict[str, Any], *, where: str, source: str
) -> list[str]:
    """A feature's phrases: ``terms`` and ``extra``, its gazetteer section's names and abbreviations, and
    every ``compose`` combination (prefix + connector + word)."""
    phrases = _expand(spec.get("terms"), vocab, where) + _expand(spec.get("extra"), vocab, where)
    if "gazetteer" in spec:
        section = gazetteer.get(spec["gazetteer"])
        if section is None:
            raise ConfigError(f"no gazetteer section {spec['gazetteer']!r}", path=source, key=where)
        for entry in section:
            phrases.append(entry["name"])
            phrases.extend(entry.get("abbr") or [])
    composes = spec.get("compose") or []
    for comp in [composes] if isinstance(composes, dict) else composes:
        for pre in _expand(comp.get("prefix"), vocab, where):
            for conn in _expand(comp.get("connector", [""]), vocab, where):
                for word in _expand(comp.get("word"), vocab, where):
                    phrases.append(f"{pre} {conn} {word}")
    return phrases


def build_lexicon(
    signals: dict[str, Any], gazetteer: dict[str, Any], *, source: str = "signals.yaml"
) -> Lexicon:
    """Validate the two data files and build the :class:`Lexicon`. A term claimed by two features is an error."""
    vocab = {k: [str(x) for x in v] for k, v in (signals.get("vocab") or {}).items()}
    features: dict[str, Feature] = {}
    terms: dict[str, str] = {}
    patterns: dict[str, list[str]] = {}
    for name, spec in (signals.get("features") or {}).items():
        where = f"features.{name}"
        tier = spec.get("tier")
        if tier not in TIERS:
            raise ConfigError(f"tier must be one of {TIERS}, got {tier!r}", path=source, key=where)
        try:
            weight = float(spec.get("weight", 0.0))
        except (TypeError, ValueError):
            raise ConfigError("weight must be a number", path=source, key=where) from None
        features[name] = Feature(name, tier, weight, str(spec.get("label", name)))
        for phrase in _phrases(spec, vocab, gazetteer, where=where, source=source):
            term = normalise_term(phrase)
            if not term:
                continue
            owner = terms.get(term)
            if owner is not None and owner != name:
                raise ConfigError(
                    f"term {term!r} is claimed by both {owner} and {name}", path=source, key=where
                )
            terms[term] = name
        if spec.get("patterns"):
            for regex in spec["patterns"]:
                try:
                    re.compile(regex)
                except re.error as exc:
                    raise ConfigError(f"bad pattern {regex!r}: {exc}", path=source, key=where) from None
            patterns[name] = list(spec["patterns"])
    thresholds = {"asn": 0.75, "non_asn": 0.25, **(signals.get("thresholds") or {})}
    decisive = [str(d) for d in signals.get("decisive") or []]
    unknown = sorted(set(decisive) - set(features))
    if unknown:
        raise ConfigError(f"unknown feature(s): {', '.join(unknown)}", path=source, key="decisive")
    return Lexicon(
        features=features,
        bias=float(signals.get("bias", 0.0)),
        thresholds={k: float(v) for k, v in thresholds.items()},
        terms=terms,
        patterns=patterns,
        gazetteer=gazetteer,
        scope=read_scope(signals.get("scope") or {}, features, source, normalise_term),
        decisive=frozenset(decisive),
        posts=_post_lexicon(signals.get("post_evidence") or {}, features, source),
        max_posts=int((signals.get("post_evidence") or {}).get("max_posts", 0)),
        hashtag_min=int((signals.get("hashtags") or {}).get("min_prefix", 0)),
        hashtag_short=frozenset(
            map(normalise_term, (signals.get("hashtags") or {}).get("short_prefixes") or [])
        ),
    )


def _post_lexicon(spec: dict[str, Any], features: dict[str, Feature], source: str) -> Lexicon | None:
    """The lexicon of ``post_evidence``: its features must be declared (with weights) in ``features``."""
    groups = spec.get("features") or {}
    if not groups:
        return None
    unknown = sorted(set(groups) - set(features))
    if unknown:
        raise ConfigError(f"declare {', '.join(unknown)} in features", path=source, key="post_evidence")
    sub = {
        "features": {
            name: {"tier": features[name].tier, "weight": features[name].weight, "terms": list(terms)}
            for name, terms in groups.items()
        }
    }
    return build_lexicon(sub, {}, source=source)


AGENCY_SECTIONS = ("regional", "central", "state_school")
"""Gazetteer sections that name the government agencies and state schools an ASN works in."""


@functools.lru_cache(maxsize=1)
def agency_terms() -> tuple[str, ...]:
    """The agency names and abbreviations of the bundled gazetteer (:data:`AGENCY_SECTIONS`), lower case,
    longest first: the one list of agency names (the weekly report reads agencies from reasons with it)."""
    gazetteer = default_lexicon().gazetteer
    terms: set[str] = set()
    for section in AGENCY_SECTIONS:
        for entry in gazetteer.get(section, []):
            names = [str(entry["name"]), *map(str, entry.get("abbr", []))]
            terms.update(n.lower() for n in names if "(" not in n)
    return tuple(sorted(terms, key=lambda t: (-len(t), t)))


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The bundled lexicon (loaded and compiled once per process)."""
    import yaml

    data = resources.files("pipeline.accounts") / "data"
    signals = yaml.safe_load((data / "signals.yaml").read_text(encoding="utf-8"))
    gazetteer = yaml.safe_load((data / "gazetteer.yaml").read_text(encoding="utf-8"))
    return build_lexicon(signals, gazetteer)
