"""Normalise Indonesian social-media text while keeping a map back to the raw characters.

``normalize(raw)`` lower-cases and rewrites the text so that rules and models see one spelling per word:

- slang and abbreviations from ``data/slang.tsv`` (``yg`` -> ``yang``, ``nmr`` -> ``nomor``),
- elongation (``menaaang`` -> ``menang``), leetspeak (``c0bl0s`` -> ``coblos``), masked letters (``d*a`` -> ``dua``),
  spaced letters (``c o b l o s`` -> ``coblos``), reduplication digits (``kader2`` -> ``kader-kader``),
  letter/digit glue (``no2`` -> ``nomor 2``),
- emoji keycaps and circled digits (``0️⃣3️⃣`` -> ``03``, ``①`` -> ``1``); variation selectors and skin tones are
  dropped; other emoji are kept as they are,
- hashtags segmented into words (``#PrabowoGibran2024`` -> ``prabowo gibran 2024``; lower-case tags are split
  with a vocabulary),
- URLs become ``url``; mentions are kept (``@herma.official``); ``RT @user:`` and ``[RE user]`` markers are
  removed and reported in :attr:`Normalized.retweet_of` / :attr:`Normalized.reply_to`.

Every character of the output knows the raw span it came from (:meth:`Normalized.raw_span`), so evidence found
on the normalised text is reported in raw-text offsets.

Example::

    n = normalize("Jgn lupa c0bl0s nmr 2 ya!! #SukamajuBangkit")
    n.text                    # 'jangan lupa coblos nomor 2 ya!! sukamaju bangkit'
    n.raw_span(12, 18)        # (9, 15): 'c0bl0s' in the raw text
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from importlib import resources

from pipeline.text.tables import normalize_tables

__all__ = ["Normalized", "normalize", "segment_hashtag", "load_slang", "base_vocab"]


class Normalized:
    """Normalised text and its map to the raw text.

    ``offsets[i]`` is the raw index where normalised character ``i`` starts, ``ends[i]`` the raw index where it
    ends (exclusive); both have ``len(text)`` items and are built on first use. ``hashtags`` and ``mentions``
    hold ``(lower-case body without '#'/'@', raw start, raw end)``; ``keycaps`` the normalised spans that were
    emoji digits; ``retweet_of``/``reply_to`` the user of a removed ``RT @user:`` / ``[RE user]`` marker.
    """

    __slots__ = (
        "text",
        "raw",
        "hashtags",
        "mentions",
        "urls",
        "keycaps",
        "retweet_of",
        "reply_to",
        "_segments",
        "_segment_starts",
        "_offsets",
        "_ends",
    )

    def __init__(
        self,
        text: str,
        offsets: list[int] | None = None,
        ends: list[int] | None = None,
        *,
        raw: str = "",
        hashtags: list[tuple[str, int, int]] | None = None,
        mentions: list[tuple[str, int, int]] | None = None,
        urls: int = 0,
        keycaps: list[tuple[int, int]] | None = None,
        retweet_of: str | None = None,
        reply_to: str | None = None,
        segments: list[tuple[int, int, int, bool]] | None = None,
    ) -> None:
        self.text = text
        self.raw = raw
        self.hashtags = hashtags or []
        self.mentions = mentions or []
        self.urls = urls
        self.keycaps = keycaps or []
        self.retweet_of = retweet_of
        self.reply_to = reply_to
        self._segments = segments
        self._segment_starts: list[int] | None = None
        self._offsets = offsets
        self._ends = ends if ends is not None else ([o + 1 for o in offsets] if offsets is not None else None)

    def __repr__(self) -> str:
        return f"Normalized(text={self.text!r})"

    def _build(self) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for n, rs, re_, per_char in self._segments or ():
            if per_char:
                starts.extend(range(rs, re_))
                ends.extend(range(rs + 1, re_ + 1))
            else:
                starts.extend([rs] * n)
                ends.extend([re_] * n)
        self._offsets, self._ends = starts[: len(self.text)], ends[: len(self.text)]

    @property
    def offsets(self) -> list[int]:
        if self._offsets is None:
            self._build()
        return self._offsets  # type: ignore[return-value]

    @property
    def ends(self) -> list[int]:
        if self._ends is None:
            self._build()
        return self._ends  # type: ignore[return-value]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` covering normalised ``[start, end)`` (an empty or out-of-range span clamps)."""
        if not self.text:
            return (0, 0)
        start = max(0, min(start, len(self.text) - 1))
        end = max(start + 1, min(end, len(self.text)))
        if self._offsets is None and self._segments is not None:
            return self._segment_span(start, end)
        return (self.offsets[start], max(self.ends[start:end]))

    def _segment_span(self, start: int, end: int) -> tuple[int, int]:
        """:meth:`raw_span` read off the segments, without building the per-character maps (most posts
        need a few spans only)."""
        segments = self._segments or []
        starts = self._segment_starts
        if starts is None:
            starts, at = [], 0
            for seg in segments:
                starts.append(at)
                at += seg[0]
            self._segment_starts = starts
        k = bisect_right(starts, start) - 1
        _, rs, _, per_char = segments[k]
        raw_start = rs + (start - starts[k]) if per_char else rs
        raw_end = 0
        while k < len(segments) and starts[k] < end:
            n, rs, re_, per_char = segments[k]
            last = min(end, starts[k] + n) - 1  # the last normalised index of the span in this segment
            raw_end = max(raw_end, rs + (last - starts[k]) + 1 if per_char else re_)
            k += 1
        return (raw_start, raw_end)

    def raw_slice(self, start: int, end: int) -> str:
        rs, re_ = self.raw_span(start, end)
        return self.raw[rs:re_]


# -- lexicons ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_slang() -> dict[str, str]:
    """``data/slang.tsv``: ``token<TAB>replacement`` per line, ``#`` comments. Keys are lower-case tokens."""
    table: dict[str, str] = {}
    text = resources.files("pipeline.text").joinpath("data/slang.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("\t")
        if value:
            table[key.strip().lower()] = value.strip().lower()
    return table


@lru_cache(maxsize=1)
def base_vocab() -> frozenset[str]:
    """Words used to split lower-case hashtags and to undo elongation (``data/words.txt`` + slang targets)."""
    text = resources.files("pipeline.text").joinpath("data/words.txt").read_text(encoding="utf-8")
    words = {w.strip().lower() for w in text.split() if w.strip() and not w.startswith("#")}
    for value in load_slang().values():
        words.update(value.split())
    return frozenset(words)


# -- character classes ------------------------------------------------------------------------------------

_TABLES = normalize_tables()  # pipeline/text/data/normalize.yaml
_LEET = str.maketrans(_TABLES.leet)
_CIRCLED = {chr(0x2460 + i): str(i + 1) for i in range(20)}  # ① .. ⑳
_CIRCLED.update({chr(0x2776 + i): str(i + 1) for i in range(10)})  # ❶ .. ❿
_CIRCLED["\U0001f51f"] = "10"  # 🔟
_DROP = {"\ufe0f", "\ufe0e", "\u200d", "\u200b", "\u200c", "\u2060", "\ufeff"} | {
    chr(c) for c in range(0x1F3FB, 0x1F400)
}  # variation selectors, joiners, skin tones

# Heads after which a glued digit is a number, not reduplication ("no2" = "no 2", "kader2" = "kader-kader").
_NUMBER_HEADS = frozenset(_TABLES.number_heads)
# Words that a masked letter ("d*a", "c*blos") may stand for, in the order they are tried.
_MASKABLE = list(_TABLES.maskable)

# Order matters where two parts can match at one place (url and rt before word; keycap and circled digits
# before word, which would take a digit). re, mention and hashtag start with a character no word or space
# starts with, so they come after those two, the commonest tokens, which ``re`` then reaches sooner.
_TOKEN_PARTS = [
    r"(?P<url>https?://\S+|www\.\S+)",
    r"(?P<rt>^\s*RT\s+@(?P<rt_user>[\w.]+):?)",
    r"(?P<keycap>(?:[0-9]\ufe0f?\u20e3)+)",
    r"(?P<circled>[\u2460-\u2473\u2776-\u277f\U0001f51f])",
    r"(?P<spaced>(?<![^\W_])(?:[^\W_][ .\-_](?=[^\W_](?:[ .\-_]|(?![^\W_])))){2,}[^\W_](?![^\W_]))",
    # a word takes the whitespace after it along (group "trail"): one token instead of two in the loop
    r"(?P<word>[^\W_]+(?:[-'\u2019*][^\W_]+|!(?=[^\W\d_]{2})[^\W_]+)*)(?P<trail>\s+)?",
    r"(?P<space>\s+)",
    r"(?P<re>\[\s*RE\s+(?P<re_user>[^\]]{1,60})\])",
    r"(?P<mention>(?<![\w@])@[\w.]*\w)",
    r"(?P<hashtag>(?<![\w#])#[^\W_][\w]*)",
    r"(?P<other>.)",
]
_TOKEN = re.compile("|".join(_TOKEN_PARTS), re.DOTALL)
# the spaced-letters branch is costly at every position: most texts skip it after a cheap check
_TOKEN_PLAIN = re.compile("|".join(p for p in _TOKEN_PARTS if "spaced" not in p), re.DOTALL)
_MAYBE_SPACED = re.compile(r"(?<![^\W_])[^\W_][ .\-_][^\W_][ .\-_][^\W_](?![^\W_])")
_ELONG = re.compile(r"([a-z])\1{2,}")
_SPLIT_HASHTAG = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+|[^\W\d_]+")


def _collapse(word: str, vocab: frozenset[str]) -> str:
    """Undo elongation: runs of 3+ equal letters become 1 letter, or 2 where that makes a known word."""
    if not _ELONG.search(word):
        return word
    one = _ELONG.sub(r"\1", word)
    if one in vocab:
        return one
    two = _ELONG.sub(r"\1\1", word)
    return two if two in vocab else one


def _unmask(word: str) -> str:
    pattern = re.compile("^" + ".".join(re.escape(p) for p in word.split("*")) + "$")
    hits = [w for w in _MASKABLE if pattern.match(w)]
    return hits[0] if len(hits) == 1 else word.replace("*", "")


def _rewrite_word(word: str, vocab: frozenset[str], slang: dict[str, str]) -> tuple[str, bool]:
    """Normalise one lower-case word. Returns (output, same_shape) where same_shape means 1:1 characters."""
    if word.isalpha():  # the common case: no digits, masks or hyphens
        if _ELONG.search(word):
            word2 = _collapse(word, vocab)
            return slang.get(word2, word2), False
        hit = slang.get(word)
        return (hit, False) if hit is not None else (word, True)
    out = word
    same = True
    if "!" in out:  # "p!lih": '!' for 'i' when that makes a known word, else the word stays as written
        cand = out.replace("!", "i")
        if cand in vocab or cand in slang or cand in _MASKABLE:
            return slang.get(cand, cand), False
        return out, same
    if "*" in out:
        out, same = _unmask(out), False
    has_digit = any(c.isdigit() for c in out)
    if has_digit and not out.isdigit():
        leet = out.translate(_LEET)
        if leet.isalpha() and (leet in vocab or leet in slang):
            out = leet
            return (slang[out], False) if out in slang else (out, same)
        m = re.fullmatch(r"([^\W\d_]+)(\d+)", out)
        if m:
            head, digits = m.groups()
            if digits == "2" and head not in _NUMBER_HEADS and len(head) >= 2 and head not in slang:
                return f"{head}-{head}", False
            return f"{slang.get(head, head)} {digits}", False
        m = re.fullmatch(r"(\d+)([^\W\d_]+)", out)
        if m and not re.search(r"[^\W\d_]\d", out):
            digits, tail = m.groups()
            return f"{digits} {slang.get(tail, tail)}", False
        leet = out.translate(_LEET)
        # a number range or date ("24-26", "27-11") is not leetspeak
        numeric_part = any(part.isdigit() for part in out.split("-"))
        if leet.isalpha() or ("-" in leet and not numeric_part):
            out = leet
    if "-" in out and out not in slang:
        parts = out.split("-")
        # reduplication keeps its hyphen; each half is normalised on its own
        rewritten = [slang.get(_collapse(p, vocab), _collapse(p, vocab)) for p in parts]
        joined = "-".join(rewritten)
        return joined, same and joined == out
    collapsed = _collapse(out, vocab)
    if collapsed != out:
        out, same = collapsed, False
    if out in slang:
        return slang[out], False
    return out, same


_REWRITE_CACHES: dict[frozenset[str], dict[str, tuple[str, bool]]] = {}
_REWRITE_CACHE_SIZE = 50_000


def _rewrite_cache(vocab: frozenset[str]) -> dict[str, tuple[str, bool]]:
    """Memo of :func:`_rewrite_word` for one vocabulary (words repeat a lot across posts); bounded."""
    cache = _REWRITE_CACHES.get(vocab)
    if cache is None or len(cache) > _REWRITE_CACHE_SIZE:
        if len(_REWRITE_CACHES) > 16:  # many configs in one process: start over rather than grow
            _REWRITE_CACHES.clear()
        cache = _REWRITE_CACHES[vocab] = {}
    return cache


@lru_cache(maxsize=4096)
def segment_hashtag(body: str, vocab: frozenset[str] | None = None) -> str:
    """Split a hashtag body into words: camel case and digits first, then a vocabulary for lower-case runs.

    ``segment_hashtag("PrabowoGibran2024")`` -> ``"prabowo gibran 2024"``;
    ``segment_hashtag("pilkadadamai")`` -> ``"pilkada damai"``.
    """
    vocab = vocab if vocab is not None else base_vocab()
    parts = _SPLIT_HASHTAG.findall(body) or [body]
    words: list[str] = []
    for part in parts:
        low = part.lower()
        if low.isdigit() or low in vocab or len(low) < 6:
            words.append(low)
        else:
            words.extend(_split_words(low, vocab))
    return " ".join(words)


def _split_words(s: str, vocab: frozenset[str]) -> list[str]:
    """Fewest-pieces segmentation of ``s`` into vocabulary words; unknown stretches stay whole."""
    n = len(s)
    best: list[tuple[int, int] | None] = [None] * (n + 1)  # (cost, previous index)
    best[0] = (0, -1)
    for i in range(1, n + 1):
        for j in range(max(0, i - 20), i):
            best_j = best[j]
            if best_j is None:
                continue
            piece = s[j:i]
            cost = 1 if piece in vocab and len(piece) > 1 else 5 + (i - j)  # unknown letters are expensive
            cand = best_j[0] + cost
            best_i = best[i]
            if best_i is None or cand < best_i[0]:
                best[i] = (cand, j)
    pieces: list[str] = []
    i = n
    while i > 0:
        step = best[i]
        assert step is not None  # every position is reachable: one letter at a time always is
        j = step[1]
        pieces.append(s[j:i])
        i = j
    pieces.reverse()
    # glue consecutive unknown single pieces back together
    out: list[str] = []
    for p in pieces:
        if out and p not in vocab and out[-1] not in vocab:
            out[-1] += p
        else:
            out.append(p)
    return out if all(p in vocab for p in out) else [s]


def normalize(text: str, *, vocab: frozenset[str] | None = None) -> Normalized:
    """Normalise ``text`` (see the module docstring). ``vocab`` adds words (e.g. candidate names) for splitting
    lower-case hashtags and undoing elongation; by default the bundled word list is used."""
    slang = load_slang()
    vocab = base_vocab() if vocab is None else vocab
    out: list[str] = []
    segments: list[tuple[int, int, int, bool]] = []
    hashtags: list[tuple[str, int, int]] = []
    mentions: list[tuple[str, int, int]] = []
    keycaps: list[tuple[int, int]] = []
    urls = 0
    retweet_of = reply_to = None
    length = 0

    def emit(s: str, rs: int, re_: int, *, per_char: bool = False) -> None:
        nonlocal length
        if not s:
            return
        out.append(s)
        segments.append((len(s), rs, re_, per_char and len(s) == re_ - rs))
        length += len(s)

    def space(rs: int) -> None:
        if length and out[-1][-1] != " ":
            emit(" ", rs, rs)

    rewritten = _rewrite_cache(vocab)
    tokenizer = _TOKEN if _MAYBE_SPACED.search(text) else _TOKEN_PLAIN
    for m in tokenizer.finditer(text):
        kind = m.lastgroup  # "trail" when a word came with the whitespace after it
        # words and spaces are nearly every token: handled inline, the rest through emit/space
        if kind == "word" or kind == "trail":
            rs, re_ = m.span("word")
            s = m.group("word")
            low = s.lower()
            hit = rewritten.get(low)
            if hit is None:
                hit = rewritten[low] = _rewrite_word(low, vocab, slang)
            word, same = hit
            if word:
                out.append(word)
                n = len(word)
                # per-character map only when lower() kept the length (not so for e.g. 'İ') and the word did too
                segments.append((n, rs, re_, same and n == re_ - rs and len(low) == len(s)))
                length += n
            if kind == "trail" and length and out[-1][-1] != " ":
                out.append(" ")
                segments.append((1, re_, re_, False))
                length += 1
            continue
        rs, re_ = m.span()
        s = m.group()
        if kind == "space":
            if length and out[-1][-1] != " ":
                out.append(" ")
                segments.append((1, rs, rs, False))
                length += 1
        elif kind == "other":
            if s in _DROP:
                continue
            if s in _CIRCLED:
                emit(_CIRCLED[s], rs, re_)
            else:
                emit(s.lower(), rs, re_, per_char=True)
        elif kind == "keycap":
            digits = "".join(c for c in s if c.isdigit())
            space(rs)
            if len(digits) >= 2 and len(set(digits)) == 1 and digits[0] != "0":
                # "1️⃣1️⃣1️⃣" is a chant of 1, not 111: each keycap is its own number
                step = (re_ - rs) // len(digits)
                for i, d in enumerate(digits):
                    if i:
                        emit(" ", rs + i * step, rs + i * step)
                    keycaps.append((length, length + 1))
                    emit(d, rs + i * step, rs + (i + 1) * step)
            else:
                keycaps.append((length, length + len(digits)))
                emit(digits, rs, re_)
            space(re_)
        elif kind == "circled":
            space(rs)
            keycaps.append((length, length + len(_CIRCLED[s])))
            emit(_CIRCLED[s], rs, re_)
        elif kind == "hashtag":
            body = s[1:]
            hashtags.append((body.lower(), rs, re_))
            words = segment_hashtag(body, vocab)
            space(rs)
            # each segmented word keeps a rough map into the tag (whole tag span: tags are short)
            emit(" ".join(_rewrite_word(w, vocab, slang)[0] for w in words.split()), rs, re_)
            space(re_)
        elif kind == "mention":
            mentions.append((s[1:].lower(), rs, re_))
            emit(s.lower(), rs, re_, per_char=True)
        elif kind == "url":
            urls += 1
            space(rs)
            emit("url", rs, re_)
            space(re_)
        elif kind == "spaced":
            letters = "".join(c for c in s if c.isalnum())
            if sum(c.isalpha() for c in letters) >= 2:
                word, _ = _rewrite_word(letters.lower(), vocab, slang)
                emit(word, rs, re_)
            else:
                emit(s.lower(), rs, re_, per_char=True)
        elif kind == "rt":
            retweet_of = m.group("rt_user").lower()
        elif kind == "re":
            reply_to = m.group("re_user").strip().lower()
    # drop a leading space left by a removed marker, and trailing spaces
    lead = 0
    while lead < len(out) and out[lead] == " ":
        lead += 1
    if lead:
        out, segments = out[lead:], segments[lead:]
        keycaps = [(a - lead, b - lead) for a, b in keycaps]
    while out and out[-1] == " ":
        out.pop()
        segments.pop()
    norm = "".join(out)
    return Normalized(
        norm,
        raw=text,
        hashtags=hashtags,
        mentions=mentions,
        urls=urls,
        keycaps=keycaps,
        retweet_of=retweet_of,
        reply_to=reply_to,
        segments=segments,
    )
