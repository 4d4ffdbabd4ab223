"""Ballot numbers in a normalised text, for the target resolver (:mod:`pipeline.text.targets`).

A number is read from digits (``2``, ``02``), words (``dua``), regional numerals (``loro``, ``hiji``, ``tigo``)
and emoji keycaps, and counts as a vote only by its form:

- after an allegiance head (``tetap 02``, ``pokoknya nomor 3``), when it looks like a ballot number;
- after a vote head (``coblos 2``, ``paslon tiga``, ``salam 2 jari``): strong;
- after ``nomor`` alone (``nomor 2``): weak, and never the idiom ``nomor satu`` ("the best");
- a keycap after ``tim`` / ``salam`` (``saya tim 2️⃣``): strong; a bare padded number or keycap (``02``): weak;
- a chant of one number (``hiji hiji hiji``, ``2, 2, 2``): strong.

Counts, dates, times and ranges (``2 hari``, ``jam 2``, ``27/11``, ``1-3``) and games (``juara 1``) are not
votes. Ballot positions (``urutan kedua``, ``yg paling kanan di kertas suara``) name the n-th number drawn.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import NamedTuple

from pipeline.text.mentions import KOTAK_KOSONG, Mention
from pipeline.text.normalized import Normalized
from pipeline.text.tables import target_tables
from pipeline.text.target_terms import NUMBER_WORDS, number_patterns

__all__ = ["NumberReader"]

_DIGIT = re.compile(r"\d")
# A ballot position needs the ballot in the phrase: "urutan kedua", "paslon paling kanan", "yang tengah di
# kertas suara". Positions count from the left of the ballot, in the order of the numbers drawn.
_POSITION_INDEX = {"kiri": 0, "pertama": 0, "kesatu": 0, "kedua": 1, "ketiga": 2, "keempat": 3}
_LAST_POSITION = frozenset({"kanan", "terakhir", "buncit"})
_POS = r"(?P<pos>kiri|kanan|tengah|pertama|kesatu|kedua|ketiga|keempat|terakhir|buncit)"
_BALLOT_POSITION = re.compile(
    rf"(?<![\w])(?:(?:urutan|nomor urut|paslon|pasangan calon|kolom|foto)\s+(?:yang\s+|yg\s+)?(?:paling\s+)?{_POS}"
    rf"|(?:yang|yg)\s+(?:paling\s+)?{_POS.replace('pos>', 'pos2>')}\s+(?:di\s+|pada\s+)?(?:kertas|surat)\s+suara)(?![\w])"
)
_DATE_OR_RANGE_AFTER = re.compile(r"\s*[/.-]\s*\d")
_JARI_AFTER = re.compile(r"\s*jari")
_NUM_AFTER_VETO = re.compile(
    r"\s*(?:hari|jam|menit|detik|kali|orang|bulan|tahun|thn|minggu|pekan|kg|km|meter|persen|%|ribu|rb|"
    r"juta|jt|x|lembar|buah|porsi|botol|bungkus|tps|desa|kecamatan|kelurahan|nagari|dusun|sekolah|unit|"
    r"periode|putaran|tahap)\b"
)
_NUM_BEFORE_VETO = frozenset(target_tables().number_before_veto)  # pipeline/text/data/targets.yaml
# games, contests and countdowns: "tim 2️⃣ menang lomba", "satu satu satu, dua dua dua" are not votes
_GAME = re.compile(r"juara|lomba|🏆|🥇|🏅|hitung|pertandingan|tanding|skor|babak|turnamen")
_IDIOM_SATU = re.compile(r"(?:nomor|no)\s*\.?\s*(?:satu|wahid|1)\s+(?:di|se|dalam|bagi|untuk)\b")
# heads of allegiance ("tetap 02"): they take a number only when it looks like a ballot number
_ALLEGIANCE_HEADS = frozenset(
    {"tetap", "pokoknya", "cuma", "hanya", "fix", "gas", "sikat", "harga mati", "all in"}
)


class _Number(NamedTuple):
    """One match of the number pattern that names a candidate's number, with what its form is read from."""

    m: re.Match[str]
    raw: str  # the number as written: "02", "dua", "loro"
    value: int
    head: str | None  # the vote or allegiance word before it (group "head")
    nomor: str | None  # "nomor" / "#" before it without a head (group "nomor")
    keycap: bool  # it was an emoji keycap in the raw text
    before: list[str]  # the words in the 30 characters before the match

    @property
    def prev(self) -> str:
        """The word just before the match, without punctuation."""
        return self.before[-1].strip(".,:;!?()") if self.before else ""

    @property
    def is_word(self) -> bool:
        return self.raw in NUMBER_WORDS

    @property
    def padded(self) -> bool:
        """Written with a leading zero (``02``), as ballot numbers are."""
        return self.raw.isdigit() and self.raw.startswith("0") and len(self.raw) >= 2


def _vetoed(text: str, n: _Number) -> bool:
    """A count, a date, a time or a range (``2 hari``, ``27/11``, ``08.00``, ``1-3``), or a number after a word
    that makes it one (``jam 2``, ``antre nomor 2``)."""
    prev, before = n.prev, n.before
    if n.head is None and (
        (prev in _NUM_BEFORE_VETO and not (n.nomor and prev == "ke"))
        or (prev in {"nomor", "no"} and len(before) >= 2 and before[-2] in _NUM_BEFORE_VETO)
    ):
        return True
    return bool(_NUM_AFTER_VETO.match(text, n.m.end()) or _DATE_OR_RANGE_AFTER.match(text, n.m.end()))


def _after_allegiance(n: _Number) -> bool | None:
    """``tetap 02``, ``pokoknya nomor 3``: strong when it looks like a ballot number, else None; ``tetap nomor
    satu`` is the idiom "still the best"."""
    if n.value == 1 and (n.raw in {"satu", "wahid"} or n.raw == "1") and not n.keycap:
        return None
    looks_like_ballot = (
        n.padded
        or n.keycap
        or n.m.group(0).find("nomor") >= 0
        or (n.is_word and n.raw not in {"satu", "dua", "tiga"})
    )
    return True if looks_like_ballot else None


def _after_head(text: str, n: _Number) -> bool | None:
    """``coblos 2``, ``paslon tiga``, ``salam 2 jari``: strong; None for ``salam 2`` without ``jari`` and for
    ``pilih satu`` ("choose one")."""
    if n.head == "salam" and not _JARI_AFTER.match(text, n.m.end()):
        return None
    if n.head in {"pilih", "dukung", "coblos"} and n.raw == "satu" and "nomor" not in n.m.group(0):
        return None
    return True


def _after_nomor(text: str, n: _Number) -> bool | None:
    """``nomor 2``: weak; None for the idiom ``nomor satu`` ("the best": a vote for 1 needs a head, ``pilih
    nomor satu``) and ``nomor 1 di ...``."""
    if n.value == 1 and n.raw in {"satu", "wahid"}:
        return None
    if _IDIOM_SATU.match(text, n.m.start()):
        return None
    return False


def _form(text: str, n: _Number) -> tuple[bool, str | None] | None:
    """``(strong, head)`` of a number that is a vote by its form, or None. A bare number or numeral (a
    regional one is too ambiguous) is not one; a bare keycap or padded number is a weak one."""
    if n.head in _ALLEGIANCE_HEADS:
        strong = _after_allegiance(n)
    elif n.head is not None:
        strong = _after_head(text, n)
    elif n.nomor is not None:
        strong = _after_nomor(text, n)
    elif n.keycap and n.prev in {"tim", "salam"} and not _GAME.search(text):
        return True, "tim"  # "saya tim 2️⃣"
    elif n.padded or n.keycap:
        strong = False
    else:
        return None
    return None if strong is None else (strong, n.head)


def _number_mention(text: str, n: _Number, *, strong: bool, head: str | None) -> Mention:
    """The mention of a vote number: from its ``nomor`` (or the ``nomor`` after its head) to the number, or
    to ``jari`` after ``salam``."""
    m = n.m
    end = _JARI_AFTER.match(text, m.end()).end() if n.head == "salam" else m.end()  # type: ignore[union-attr]
    start = m.start("num")
    if n.nomor is not None:
        start = m.start("nomor")
    elif head is not None:
        k = text.rfind("nomor", m.start(), m.start("num"))
        start = k if k >= 0 else start
    return Mention(n.value, "number", start, end, text[start:end], strong, head=head or "")


class NumberReader:
    """The ballot numbers of one election (``numbers``, the candidates' numbers) in normalised texts; the
    patterns (:func:`pipeline.text.target_terms.number_patterns`) are compiled once per reader."""

    def __init__(self, numbers: Collection[int]) -> None:
        self.numbers = numbers
        self._num_re, self._num_word_re, self._chant_re = number_patterns()

    def read(self, norm: Normalized) -> list[Mention]:
        """Numbers that are votes by their form, then chants not inside one of them."""
        text = norm.text
        out: list[Mention] = []
        if not (_DIGIT.search(text) or self._num_word_re.search(text)):
            return out
        keycap_starts = {a for a, _ in norm.keycaps}
        for m in self._num_re.finditer(text):
            n = self._number(text, m, keycap_starts)
            if n is None or _vetoed(text, n):
                continue
            form = _form(text, n)
            if form is not None:
                out.append(_number_mention(text, n, strong=form[0], head=form[1]))
        self._add_chants(text, out)
        return out

    def _number(self, text: str, m: re.Match[str], keycap_starts: set[int]) -> _Number | None:
        """The match read as a :class:`_Number`, or None when it is no candidate's number."""
        raw = m.group("num")
        value = NUMBER_WORDS.get(raw)
        if value is None:
            value = int(raw)
        if value not in self.numbers:
            return None
        before = text[max(0, m.start() - 30) : m.start()].split()
        return _Number(
            m, raw, value, m.group("head"), m.group("nomor"), m.start("num") in keycap_starts, before
        )

    def _add_chants(self, text: str, out: list[Mention]) -> None:
        """A chant of one number (``hiji hiji hiji``, ``telu telu telu``, ``1 1 1`` from keycaps) is a vote
        sign, unless the text is about a game or the chant starts inside a mention already in ``out``."""
        for m in self._chant_re.finditer(text) if not _GAME.search(text) else ():
            tok = m.group("tok")
            value = NUMBER_WORDS.get(tok) if not tok.isdigit() else int(tok)
            if (
                value is not None
                and value in self.numbers
                and not any(o.start <= m.start() < o.end for o in out)
            ):
                out.append(Mention(value, "number", m.start(), m.end(), m.group(), True, head="chant"))

    def ballot_positions(self, text: str) -> list[Mention]:
        """Ballot positions ("yg paling kanan di kertas suara", "urutan kedua"): the n-th number drawn."""
        if not self.numbers or "suara" not in text and "urut" not in text and "paslon" not in text:
            return []
        order = sorted(n for n in self.numbers if n != KOTAK_KOSONG)
        out = []
        for m in _BALLOT_POSITION.finditer(text):
            word = m.group("pos") or m.group("pos2")
            index = _POSITION_INDEX.get(word, len(order) - 1 if word in _LAST_POSITION else None)
            if word == "tengah":
                index = 1 if len(order) == 3 else None
            if index is None or index >= len(order):
                continue
            out.append(Mention(order[index], "number", m.start(), m.end(), m.group(), True, head="ballot"))
        return out
