"""Resolve the candidates a post is about, from the election config alone.

A :class:`TargetResolver` compiles every configured surface form once: names, pair names (``Bagus-Nurul``),
aliases, acronyms, slogans, hashtags, parties (mapped to the candidates they back), colours, emoji, official
accounts and watch terms (``#AsalBukanHerma``: against). Ballot numbers are read from digits (``2``, ``02``),
words (``dua``), regional numerals (BRIEF 6.2: ``loro``, ``hiji``, ``tigo`` ...) and emoji keycaps, but only with
a head that makes them a vote (``coblos 2``, ``paslon tiga``, ``nomer loro``) and never in idioms
(``pelayanan nomor satu``, ``juara 1``, ``antre nomor 2``, ``jam 2``); :mod:`pipeline.text.target_numbers`
reads them.

Weak forms count only with an election cue in the post or its parent (``parent_text``): a common first name with
an honorific (``Pak Bagus``), a one-word slogan (``Lanjutkan!``), a colour, a gesture emoji, a bare ``02``.
Kotak kosong: in a single-candidate contest, ``kotak kosong`` / ``kolom kosong`` resolves to target ``0``. The
forms themselves are read from the config by :mod:`pipeline.text.target_terms`. Example::

    r = TargetResolver(cfg)
    res = r.resolve(normalize("Hayu baraya, urang pilih nomer hiji!", vocab=r.vocab))
    [(m.number, m.kind) for m in res.mentions]          # [(1, 'number')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from pipeline.text.mentions import KOTAK_KOSONG, Mention
from pipeline.text.normalize import Normalized, normalize
from pipeline.text.regex import alternation, trie_alternation
from pipeline.text.tables import target_tables
from pipeline.text.target_numbers import NumberReader
from pipeline.text.target_terms import GESTURE_EMOJI, NUMBER_WORDS, build_terms, colour_pattern, date_cue

if TYPE_CHECKING:
    from pipeline.election import Election, ElectionConfig

__all__ = ["KOTAK_KOSONG", "Mention", "Resolution", "TargetResolver", "NUMBER_WORDS", "ELECTION_CUE"]

_TABLES = target_tables()  # pipeline/text/data/targets.yaml

# Election context (BRIEF 6.1): a weak target needs one of these in the post or its parent.
_ELECTION_CUE_TERMS = [cue.pattern for cue in _TABLES.election_cues]
ELECTION_CUE = re.compile(rf"(?<![\w-])(?:{alternation(_ELECTION_CUE_TERMS)})(?![\w])")
_SPACES_OR_HYPHENS = re.compile(r"[\s-]+")
_PEACE = re.compile(r"peace|damai|piss|pis\b|rukun")
_CONTEST = re.compile(r"juara|ranking|lomba|menang lomba|🏆|🥇|🏅")
# "Weak" cues alone do not make election context for weak forms (they are ordinary words too).
_WEAK_CUES = frozenset(_TABLES.weak_election_cues)


@dataclass
class Resolution:
    """Targets of one post: accepted ``mentions`` (post first, then parent), election cue spans."""

    mentions: list[Mention] = field(default_factory=list)
    cues: list[tuple[int, int, str]] = field(default_factory=list)
    parent_cue: bool = False
    rejected: list[Mention] = field(default_factory=list)  # weak mentions without context, for explain

    @property
    def numbers(self) -> list[int]:
        """Candidate numbers named in the post itself, in order of first mention."""
        seen: list[int] = []
        for m in self.mentions:
            if not m.in_parent and m.number not in seen:
                seen.append(m.number)
        return seen

    @property
    def parent_numbers(self) -> list[int]:
        seen: list[int] = []
        for m in self.mentions:
            if m.in_parent and m.number not in seen:
                seen.append(m.number)
        return seen

    @property
    def has_cue(self) -> bool:
        return any(c[2] not in _WEAK_CUES for c in self.cues)


class TargetResolver:
    """Compile the config's surface forms once; :meth:`resolve` finds them in a :class:`Normalized` text."""

    def __init__(self, election: ElectionConfig) -> None:
        self.election = election
        el = cast("Election", getattr(election, "election", election))  # a config or its election
        self.single_candidate = el.is_single_candidate
        self.numbers = {c.number for c in el.candidates}
        self.incumbents = {c.number for c in el.candidates if c.incumbent}
        terms = build_terms(el)  # pipeline/text/target_terms.py
        self.vocab: frozenset[str] = terms.vocab
        self.hashtags = terms.hashtags
        self.accounts = terms.accounts
        self.emoji = terms.emoji
        self.colours = terms.colours
        self.party_backers = terms.party_backers
        self.first_names = terms.first_names
        self._terms = terms.terms
        self._compile(el)

    def _compile(self, el: Election) -> None:
        """The patterns of one election: its terms (one trie), its numbers (a
        :class:`~pipeline.text.target_numbers.NumberReader`), emoji, colours, kotak kosong and the vote date."""
        # a space in a term matches spaces or hyphens ("bagus-nurul")
        term_trie = trie_alternation(list(self._terms), space=r"[\s-]+")
        self._term_re = re.compile(rf"(?<![\w])(?:{term_trie})(?![\w])")
        self._number_reader = NumberReader(self.numbers)  # pipeline/text/target_numbers.py
        emo = "|".join(re.escape(e) for e in sorted({*self.emoji, *GESTURE_EMOJI}, key=len, reverse=True))
        self._emoji_re = re.compile(f"(?:{emo})+") if emo else None
        self._colour_re = colour_pattern(self.colours)
        kotak = r"kotak kosong|kolom kosong|kokos|koko" if self.single_candidate else r"(?!)"
        self._kotak_re = re.compile(rf"(?<![\w])(?:{kotak})(?![\w])")
        self._date_re = date_cue(el.dates.vote)
        self._vote_day = str(el.dates.vote.day) if el.dates.vote else ""

    # -- resolution ---------------------------------------------------------------------------------------

    def normalize(self, text: str) -> Normalized:
        return normalize(text, vocab=self.vocab)

    def cues(self, text: str) -> list[tuple[int, int, str]]:
        """Election cue spans ``(start, end, surface)``; the vote date (``27 november``, ``27/11``) counts."""
        out = [(m.start(), m.end(), m.group()) for m in ELECTION_CUE.finditer(text)]
        if self._date_re is not None and self._vote_day in text:  # the day number must be there
            out.extend((m.start(), m.end(), "tanggal-pemilihan") for m in self._date_re.finditer(text))
        return out

    def _raw_mentions(self, norm: Normalized) -> list[Mention]:
        text = norm.text
        found: list[Mention] = []
        for m in self._term_re.finditer(text):
            key = _SPACES_OR_HYPHENS.sub(" ", m.group())
            entries = self._terms.get(key) or self._terms.get(m.group()) or []
            if not entries:
                key2 = m.group().replace(" ", "-")
                entries = self._terms.get(key2, [])
            rs, _ = norm.raw_span(m.start(), m.end())
            from_tag = norm.raw[rs : rs + 1] == "#"
            for number, kind, strong, pol in entries:
                if kind == "slogan" and from_tag:
                    continue  # the tag itself is matched below as a hashtag
                if kind == "party" and not strong:
                    raw = norm.raw_slice(m.start(), m.end())
                    strong = False if not raw.isupper() else strong
                if kind == "acronym" and not strong:
                    raw = norm.raw_slice(m.start(), m.end())
                    strong = raw.isupper() and len(raw) >= 4 and m.group() not in NUMBER_WORDS
                found.append(Mention(number, kind, m.start(), m.end(), m.group(), strong, pol))
        # hashtags, exact (from the raw tag list), located in the normalised text by their raw span
        for body, rs, re_ in norm.hashtags:
            hit = self.hashtags.get(body)
            if hit is None:
                continue
            ns, ne = _norm_span(norm, rs, re_)
            kind = "watch" if hit[1] < 0 else "hashtag"
            found.append(Mention(hit[0], kind, ns, ne, norm.text[ns:ne], True, hit[1]))
        for handle, rs, re_ in norm.mentions:
            if handle in self.accounts:
                ns, ne = _norm_span(norm, rs, re_)
                found.append(Mention(self.accounts[handle], "account", ns, ne, norm.text[ns:ne], True))
        found.extend(self._number_reader.read(norm))
        found.extend(self._number_reader.ballot_positions(text))
        if self._emoji_re is not None:
            for m in self._emoji_re.finditer(text):
                first = m.group()[0]
                n = self.emoji.get(first, GESTURE_EMOJI.get(first))
                if n is not None and n in self.numbers:
                    found.append(Mention(n, "emoji", m.start(), m.end(), m.group(), False))
        if self._colour_re is not None and any(c in text for c in self.colours):
            for m in self._colour_re.finditer(text):
                found.append(Mention(self.colours[m.group()], "colour", m.start(), m.end(), m.group(), False))
        for m in self._kotak_re.finditer(text) if self.single_candidate else ():
            found.append(Mention(KOTAK_KOSONG, "kotak", m.start(), m.end(), m.group(), True))
        return found

    def resolve(self, norm: Normalized, *, parent: Normalized | None = None) -> Resolution:
        """Targets of ``norm`` (normalised with :attr:`vocab`); ``parent`` is the normalised parent post."""
        res = Resolution(cues=self.cues(norm.text))
        mentions = self._raw_mentions(norm)
        parent_mentions: list[Mention] = []
        parent_cue = False
        if parent is not None and parent.text:
            parent_cues = self.cues(parent.text)
            parent_cue = any(c[2] not in _WEAK_CUES for c in parent_cues)
            parent_mentions = self._raw_mentions(parent)
        strong_numbers = {m.number for m in mentions if m.strong} | {
            m.number for m in parent_mentions if m.strong
        }
        post_cue = res.has_cue or any(m.strong for m in mentions)
        context = post_cue or parent_cue or bool(strong_numbers)
        res.parent_cue = parent_cue
        accepted: list[Mention] = []
        for m in mentions:
            ok = m.strong or (context and self._weak_ok(m, norm, res, strong_numbers))
            (accepted if ok else res.rejected).append(m)
        p_context = parent_cue or any(m.strong for m in parent_mentions)
        for m in parent_mentions:
            if m.strong or (p_context and m.kind not in {"colour"}):
                accepted.append(
                    Mention(m.number, m.kind, m.start, m.end, m.text, m.strong, m.polarity, in_parent=True)
                )
        res.mentions = _dedupe(accepted)
        return res

    def _weak_ok(self, m: Mention, norm: Normalized, res: Resolution, strong_numbers: set[int]) -> bool:
        if m.kind == "colour":
            # a colour needs an election cue or a target within a short window
            lo, hi = m.start - 60, m.end + 60
            return any(lo <= c[0] <= hi for c in res.cues) or bool(strong_numbers)
        if m.kind == "emoji":
            after = norm.text[m.end : m.end + 12]
            before = norm.text[max(0, m.start - 25) : m.start]
            if _PEACE.search(before + after):
                return False
            if _CONTEST.search(norm.text):
                return False
        return True


def _norm_span(norm: Normalized, rs: int, re_: int) -> tuple[int, int]:
    """The normalised span whose characters come from raw ``[rs, re_)`` (spaces excluded)."""
    offsets, ends, text = norm.offsets, norm.ends, norm.text
    lo = bisect_left(offsets, rs)
    idx = [i for i in range(lo, len(text)) if offsets[i] < re_ and ends[i] <= re_ and text[i] != " "]
    if not idx:
        return (0, 0)
    return (idx[0], idx[-1] + 1)


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions contained in a longer mention of the same candidate (``hendra`` inside ``hendra wijaya``)."""
    mentions = sorted(mentions, key=lambda m: (m.in_parent, m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in mentions:
        if any(
            o.in_parent == m.in_parent
            and o.start <= m.start
            and m.end <= o.end
            and (o.number == m.number or o.kind in {"watch", "hashtag", "pair", "name"})
            and o is not m
            for o in out
        ):
            continue
        out.append(m)
    return out
