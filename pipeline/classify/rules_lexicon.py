"""The cue scanner of the rules classifier (BRIEF sections 3, 5 and 6) over the cue families as data.

The families (support, call, attack, hoax, campaign, abuse, party, civic, news, ...) are YAML files,
``pipeline/classify/data/cues/<family>.yaml``, loaded and validated once by :mod:`pipeline.classify.cue_data`.
Text reaching the patterns has been through :func:`pipeline.text.normalize.normalize`: lower case, slang
expanded (``jgn`` -> ``jangan``, ``ojo`` -> ``jangan``, ``hayu`` -> ``ayo``), hashtags split into words. Each
family is compiled into one alternation; a hit's name is the family key (``<family>~weak`` for the cues whose
every hit is weak).
"""

from __future__ import annotations

import re

from pipeline.classify.cue_data import load_cues
from pipeline.text.regex import alternation, grouped_by_first_char, trie_alternation

_B = r"(?<![\w])"  # word start
_E = r"(?![\w])"  # word end

_INDEX, _FAMILIES = load_cues()
FIRST_PERSON: str = _INDEX.first_person
"""First-person pronouns (Indonesian and regional), one regex fragment."""
CUES: dict[str, list[str]] = {name: f.strong for name, f in _FAMILIES.items() if f.strong}
"""``{family: [pattern, ...]}``: the strong cues of each family, in file order."""
CUES_WEAK: dict[str, list[str]] = {name: _FAMILIES[name].weak for name in _INDEX.weak_families}
"""Cues whose every hit is weak (counts only within 60 characters of a target): praise, derision and role words
that are ordinary language without a candidate next to them. Compiled as ``<family>~weak``."""
WEAK: dict[str, frozenset[str]] = {
    name: frozenset(f.weak_words) for name, f in _FAMILIES.items() if f.weak_words
}
"""Matched texts of a family's strong cues that are too generic alone; they count only adjacent to a target."""


def _word_end(pattern: str) -> str:
    return _E if re.search(r"[\w)?]$", pattern) else ""


def _split_family(patterns: list[str]) -> tuple[list[str], list[str]]:
    """Longest first; (patterns that start at a word start, the others such as emoji)."""
    words: list[str] = []
    others: list[str] = []
    for p in sorted(patterns, key=len, reverse=True):
        (words if re.match(r"[\w(]", p) else others).append(p)
    return words, others


def compile_family(patterns: list[str]) -> re.Pattern[str]:
    """One alternation, longest first; word patterns share one word-start check and are grouped by first
    character (:func:`pipeline.text.regex.alternation`)."""
    words, others = _split_family(patterns)
    parts = []
    if words:
        parts.append(f"{_B}(?:{alternation(words, suffix=_word_end)})")
    if others:
        parts.append("|".join(f"(?:{p}){_word_end(p)}" for p in others))
    return re.compile("|".join(parts))


class CueScanner:
    """Every cue family over one text in a single pass; the same hits as ``COMPILED[f].finditer(text)``.

    Each word pattern starts with a literal prefix (after :func:`pipeline.text.regex.leading_literals`), so a
    family can only match at a word start where one of its prefixes begins. One trie regex of every prefix
    finds those places (the longest prefix at each; the shorter ones on its path are folded into its family
    list), which turns ~25 scans of the whole text into a few anchored ``match`` calls. Families whose
    patterns cannot be indexed are scanned as before. Non-word patterns (emoji, ``[salah]``) are searched
    separately and merged the way one alternation would order them (at the same start, words first).
    """

    def __init__(self, families: dict[str, list[str]]) -> None:
        self.names = list(families)
        self._words: list[re.Pattern[str] | None] = []
        self._others: list[re.Pattern[str] | None] = []
        self._plain: list[re.Pattern[str] | None] = []  # families scanned with finditer
        own: dict[str, set[int]] = {}
        for i, name in enumerate(self.names):
            words, others = _split_family(families[name])
            grouped = grouped_by_first_char(words, suffix=_word_end) if words else ("", [])
            if grouped is None:
                self._plain.append(compile_family(families[name]))
                self._words.append(None)
                self._others.append(None)
                continue
            inner, prefixes = grouped
            self._plain.append(None)
            self._words.append(re.compile(f"{_B}(?:{inner})") if words else None)
            self._others.append(
                re.compile("|".join(f"(?:{p}){_word_end(p)}" for p in others)) if others else None
            )
            for prefix in prefixes:
                own.setdefault(prefix, set()).add(i)
        # a place where prefix P begins is also one where every indexed prefix of P begins
        self._families_at: dict[str, tuple[int, ...]] = {
            p: tuple(sorted(set().union(*(own[p[:k]] for k in range(1, len(p) + 1) if p[:k] in own))))
            for p in own
        }
        self._prefix_re = re.compile(rf"{_B}(?=({trie_alternation(list(own))}))")
        self._always = [
            i for i in range(len(self.names)) if self._plain[i] is not None or self._others[i] is not None
        ]

    def scan(
        self, text: str, *, skip: frozenset[str] | set[str] = frozenset()
    ) -> dict[str, list[tuple[int, int, str]]]:
        """``{family: [(start, end, matched text), ...]}`` in text order, for every family not in ``skip``
        that has a hit, in family order."""
        families_at = self._families_at
        starts: dict[int, list[int]] = {}
        for m in self._prefix_re.finditer(text):
            s = m.start()
            for f in families_at[m.group(1)]:
                got = starts.get(f)
                if got is None:
                    starts[f] = [s]
                else:
                    got.append(s)
        out: dict[str, list[tuple[int, int, str]]] = {}
        names = self.names
        for i in sorted(starts.keys() | self._always) if self._always else sorted(starts):
            name = names[i]
            if name in skip:
                continue
            plain = self._plain[i]
            if plain is not None:
                hits = [(m.start(), m.end(), m.group()) for m in plain.finditer(text)]
            elif self._others[i] is None:
                hits = self._words_only(text, self._words[i], starts[i])  # type: ignore[arg-type]
            else:
                hits = self._merge(text, self._words[i], starts.get(i, []), self._others[i])  # type: ignore[arg-type]
            if hits:
                out[name] = hits
        return out

    @staticmethod
    def _words_only(text: str, words: re.Pattern[str], cands: list[int]) -> list[tuple[int, int, str]]:
        hits: list[tuple[int, int, str]] = []
        pos = 0
        for s in cands:
            if s < pos:
                continue
            m = words.match(text, s)
            if m is not None:
                hits.append((s, m.end(), m.group()))
                pos = m.end()
        return hits

    @staticmethod
    def _merge(
        text: str, words: re.Pattern[str] | None, cands: list[int], others: re.Pattern[str]
    ) -> list[tuple[int, int, str]]:
        hits: list[tuple[int, int, str]] = []
        pos, ci, n = 0, 0, len(cands)
        while True:
            wm = None
            while words is not None and ci < n:
                s = cands[ci]
                ci += 1
                if s < pos:
                    continue
                wm = words.match(text, s)
                if wm is not None:
                    break
            om = others.search(text, pos)
            if om is not None and (wm is None or om.start() < wm.start()):
                if wm is not None:
                    ci -= 1  # that word start may still be used after this match
                hit = om
            elif wm is not None:
                hit = wm
            else:
                return hits
            hits.append((hit.start(), hit.end(), hit.group()))
            pos = hit.end() if hit.end() > hit.start() else hit.end() + 1


COMPILED: dict[str, re.Pattern[str]] = {name: compile_family(pats) for name, pats in CUES.items()}
COMPILED.update({f"{name}~weak": compile_family(pats) for name, pats in CUES_WEAK.items()})
SCANNER = CueScanner({**CUES, **{f"{name}~weak": pats for name, pats in CUES_WEAK.items()}})
