"""The surface forms of an election's candidates, compiled once for :class:`pipeline.text.targets.TargetResolver`.

:func:`build_terms` reads the election config into :class:`TargetTerms`: the vocabulary that splits lower-case
hashtags, the term table (normalised term -> ``(number, kind, strong, polarity)`` entries, in config order),
and the lookups by hashtag, official account, emoji, colour and party. Each family of forms has its own small
function; they run in a fixed order because a term's entries keep the order they were added in.

A *strong* term resolves on its own; a weak one (a bare given name, a one-word slogan, a short party name) only
with an election cue. ``polarity`` is ``-1`` for watch terms (``#AsalBukanHerma``: against the candidate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from pipeline.text.normalize import base_vocab, load_slang, normalize
from pipeline.text.regex import alternation
from pipeline.text.tables import target_tables

if TYPE_CHECKING:
    from datetime import date

    from pipeline.election import Candidate, Election

_TABLES = target_tables()  # pipeline/text/data/targets.yaml
NUMBER_WORDS: dict[str, int] = dict(_TABLES.number_words)
"""Number words -> value (Indonesian, Javanese ngoko/krama, Sundanese, Minang, Batak, Bugis, Madurese, Betawi)."""
GESTURE_EMOJI: dict[str, int] = dict(_TABLES.gesture_emoji)
"""Gesture emoji -> number (BRIEF 6.2), used when the config gives no emoji for a candidate."""
COLOUR_EMOJI: dict[str, tuple[str, ...]] = dict(_TABLES.colour_emoji)
HONORIFICS: list[str] = list(_TABLES.honorifics)

# "paslon petahana", "yang petahana lagi": the sitting office holder, when only one runs (strong when prefixed)
_INCUMBENT_WORDS = ("petahana", "incumbent", "calon petahana", "paslon petahana")
_PAIR_SEPARATORS = (" ", "-", " - ", " & ", " dan ", "/")
_MONTHS = (
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
)

# A number is a vote with one of these heads before it ("coblos 2", "paslon tiga", "nomer loro").
_NUM_HEAD_STRONG = (
    r"(?:paslon|pasangan calon|pasangan|calon(?:-\w+)?|kandidat|nomor urut|no urut|urut|coblos|pilih|dukung|"
    r"menangkan|kolom|salam|tetap|pokoknya|cuma|hanya|harga mati|fix|all in|gas|sikat|nomor urutnya)"
)

TermEntry = tuple[int, str, bool, int]  # (number, kind, strong, polarity)


def norm_term(term: str, vocab: frozenset[str]) -> str:
    """``term`` as the normalised text it is matched in: lower case, punctuation to spaces."""
    text = normalize(term, vocab=vocab).text
    return re.sub(r"[^\w\s-]", " ", text).strip()


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[^\W_]+", text)]


def election_vocab(el: Election) -> frozenset[str]:
    """The base vocabulary plus every word of the candidates' forms, parties and region (to split hashtags)."""
    extra: set[str] = set()
    for c in el.candidates:
        for s in [*c.names, *c.aliases, *c.acronyms, *c.slogans, *c.parties, *c.colours]:
            extra.update(_words(s))
        for h in c.hashtags:
            extra.update(w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", h.lstrip("#")))
    for p in el.parties:
        for s in [p.name, *p.aliases]:
            extra.update(_words(s))
    if el.region.name:
        extra.update(_words(el.region.name))
    return base_vocab() | frozenset(extra)


@dataclass
class TargetTerms:
    """What the resolver matches, built from one election config by :func:`build_terms`."""

    vocab: frozenset[str]
    common: frozenset[str]  # ordinary words: a form equal to one is weak
    terms: dict[str, list[TermEntry]] = field(default_factory=dict)
    hashtags: dict[str, tuple[int, int]] = field(default_factory=dict)  # tag body -> (number, polarity)
    accounts: dict[str, int] = field(default_factory=dict)  # lower-case handle -> number
    emoji: dict[str, int] = field(default_factory=dict)
    colours: dict[str, int] = field(default_factory=dict)  # colour word or emoji -> number
    party_backers: dict[str, list[int]] = field(default_factory=dict)  # normalised party -> numbers
    first_names: dict[str, int] = field(default_factory=dict)

    def add(self, term: str, number: int, kind: str, strong: bool, polarity: int = 0) -> None:
        """Add one entry for ``term`` (normalised; terms under two characters are dropped, repeats ignored)."""
        key = norm_term(term, self.vocab)
        if not key or len(key) < 2:
            return
        entry = (number, kind, strong, polarity)
        if entry not in self.terms.setdefault(key, []):
            self.terms[key].append(entry)


def _names(t: TargetTerms, c: Candidate) -> None:
    """Full names (strong), given and family names alone (weak), with honorifics, and the pair's heads."""
    n, heads = c.number, []
    for name in c.names:
        t.add(name, n, "name", True)
        toks = name.split()
        heads.append(toks[0])
        if len(toks) == 1:
            t.add(name, n, "name", name.lower() not in t.common)
            continue
        t.first_names[toks[0].lower()] = n
        for tok in (toks[0], toks[-1]):
            low = tok.lower()
            # a bare given name resolves only with an election cue, and never if it is a common word
            if low not in t.common and len(low) >= 4:
                t.add(tok, n, "name", False)
        for hon in HONORIFICS:
            t.add(f"{hon} {toks[0]}", n, "alias", False)
            t.add(f"{hon} {name}", n, "name", True)
    if len(heads) >= 2:
        for sep in _PAIR_SEPARATORS:
            t.add(sep.join(heads[:2]), n, "pair", True)


def _aliases_and_slogans(t: TargetTerms, c: Candidate) -> None:
    n = c.number
    for alias in c.aliases:
        words = alias.split()
        weak = (len(words) == 2 and words[0].lower() in HONORIFICS) or alias.lower() in t.common
        t.add(alias, n, "alias", not weak)
    for acro in c.acronyms:
        t.add(acro, n, "acronym", acro.lower() not in t.common and len(acro) >= 3)
    for slogan in c.slogans:
        words = norm_term(slogan, t.vocab).split()
        # a slogan of ordinary words ("Bangkit Bersama") needs context like a one-word one
        t.add(slogan, n, "slogan", len(words) >= 2 and any(w not in t.common for w in words))
    for tag in c.hashtags:
        t.hashtags[tag.lstrip("#").lower()] = (n, 0)
        t.add(tag, n, "slogan", False)  # the tag's words typed without '#'


def _marks(t: TargetTerms, c: Candidate) -> None:
    """Parties (collected, added later), colours and their emoji, emoji, official accounts."""
    n = c.number
    for party in c.parties:
        t.party_backers.setdefault(norm_term(party, t.vocab), []).append(n)
    for colour in c.colours:
        low = colour.lower()
        t.colours[low] = n
        for e in COLOUR_EMOJI.get(low, ()):
            t.colours[e] = n
    for e in c.emoji:
        e_norm = normalize(e).text
        if not e_norm.isdigit():  # keycaps are numbers
            t.emoji[e_norm] = n
    for handles in c.accounts.model_dump().values():
        for h in handles:
            t.accounts[h.lstrip("@").lower()] = n


def _parties(t: TargetTerms, el: Election) -> None:
    """Party names and aliases resolve to the candidates they back (weak when short or a common word)."""
    for p in el.parties:
        backers = t.party_backers.get(norm_term(p.name, t.vocab), [])
        for alias in p.aliases:
            if backers:
                t.party_backers.setdefault(norm_term(alias, t.vocab), backers)
    for key, backers in t.party_backers.items():
        short = len(key) <= 3 or key in t.common
        for n in backers:
            t.add(key, n, "party", not short)


def _incumbent_and_camps(t: TargetTerms, el: Election, numbers: set[int]) -> None:
    incumbents = {c.number for c in el.candidates if c.incumbent}
    if len(incumbents) == 1:
        (inc,) = incumbents
        for word in _INCUMBENT_WORDS:
            t.add(word, inc, "alias", word.startswith(("calon", "paslon")))
        for word in el.incumbent_references:  # "beliau", "bapak": the config says they mean the incumbent
            t.add(word, inc, "alias", False)
    for term, n in el.camp_terms.items():
        if n in numbers:
            t.add(term, n, "watch", False, -1)


def _watch_terms(t: TargetTerms, el: Election) -> None:
    """Watch terms count against the candidate whose name or acronym they contain."""
    for term in el.watch_terms:
        low = term.lstrip("#").lower()
        for c in el.candidates:
            keys = [a.lower() for a in c.acronyms] + [w.lower() for nm in c.names for w in nm.split()]
            if any(k and len(k) >= 3 and k in low for k in keys):
                if term.startswith("#"):
                    t.hashtags[low] = (c.number, -1)
                t.add(term, c.number, "watch", True, -1)
                break


def build_terms(el: Election) -> TargetTerms:
    """Every surface form of ``el``'s candidates, in the order the resolver has always added them."""
    common = base_vocab() | frozenset(load_slang()) | frozenset(NUMBER_WORDS) | frozenset(HONORIFICS)
    t = TargetTerms(vocab=election_vocab(el), common=common)
    for c in el.candidates:
        _names(t, c)
        _aliases_and_slogans(t, c)
        _marks(t, c)
    _parties(t, el)
    numbers = {c.number for c in el.candidates}
    _incumbent_and_camps(t, el, numbers)
    if not t.emoji:
        t.emoji = {e: n for e, n in GESTURE_EMOJI.items() if n in numbers}
    _watch_terms(t, el)
    return t


def date_cue(vote: date | None) -> re.Pattern[str] | None:
    """The vote date as people write it: ``27 november``, ``27 nov``, ``27/11``, ``tanggal 27``, ``tgl 27``."""
    if vote is None:
        return None
    d, mth = vote.day, vote.month
    name = _MONTHS[mth - 1]
    return re.compile(
        rf"(?<![\w/]){d}\s*(?:{name}|{name[:3]}|[/.-]\s*0?{mth}(?![\d]))|(?:tanggal|hari)\s*{d}(?!\d)"
    )


@cache
def number_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """``(number, number word, chant)`` patterns: a number with its optional head, whether a number word is
    there at all (digits are found by a faster class scan), and chants (``dua dua dua``, ``2, 2, 2``)."""
    nums = alternation(sorted(NUMBER_WORDS, key=len, reverse=True))
    number = re.compile(
        rf"(?<![\w/.:,-])(?:(?P<head>{_NUM_HEAD_STRONG})\s*(?:nomor\s*\.?\s*(?:urut\s*)?|#)?|(?P<nomor>nomor|#)\s*\.?\s*)?"
        rf"(?P<num>\d{{1,3}}|{nums})(?![\w/]|[.:,-]\d)"
    )
    word = re.compile(rf"(?<![\w])(?:{nums})(?![\w])")
    chant = re.compile(rf"(?<![\w])(?P<tok>\d|{nums})(?:[\s,.!-]+(?P=tok)(?![\w])){{2,}}")
    return number, word, chant


def colour_pattern(colours: dict[str, int]) -> re.Pattern[str] | None:
    """Colour words as whole words ("ungu" is not in "pemungutan") and colour emoji anywhere; None for none."""
    ordered = sorted(colours, key=len, reverse=True)
    if not ordered:
        return None
    col = "|".join(re.escape(c) for c in ordered)
    col_emoji = "|".join(re.escape(c) for c in ordered if not c.isalpha())
    return re.compile(rf"(?<![\w])(?:{col})(?![\w])" + (f"|(?:{col_emoji})" if col_emoji else ""))
