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

The normaliser is one pass over the tokens of :data:`_TOKEN`; its parts are sibling modules, and this module
keeps their public names: :class:`Normalized` (``normalized.py``), one word's rewrite (``rewrite.py``),
hashtag segmentation (``hashtags.py``) and the slang table and vocabulary (``vocab.py``).

Example::

    n = normalize("Jgn lupa c0bl0s nmr 2 ya!! #SukamajuBangkit")
    n.text                    # 'jangan lupa coblos nomor 2 ya!! sukamaju bangkit'
    n.raw_span(12, 18)        # (9, 15): 'c0bl0s' in the raw text
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import accumulate

from pipeline.text.hashtags import segment_hashtag
from pipeline.text.normalized import Normalized, Segment
from pipeline.text.rewrite import rewrite_cache, rewrite_word
from pipeline.text.vocab import base_vocab, load_slang

__all__ = ["Normalized", "normalize", "segment_hashtag", "load_slang", "base_vocab"]

# -- character classes ------------------------------------------------------------------------------------

_CIRCLED = {chr(0x2460 + i): str(i + 1) for i in range(20)}  # ① .. ⑳
_CIRCLED.update({chr(0x2776 + i): str(i + 1) for i in range(10)})  # ❶ .. ❿
_CIRCLED["\U0001f51f"] = "10"  # 🔟
_DROP = {"\ufe0f", "\ufe0e", "\u200d", "\u200b", "\u200c", "\u2060", "\ufeff"} | {
    chr(c) for c in range(0x1F3FB, 0x1F400)
}  # variation selectors, joiners, skin tones

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


# -- the pass ---------------------------------------------------------------------------------------------


class _Pass:
    """The output of one pass as it grows: text pieces with their raw segments (``out[i]`` is the text of
    ``segments[i]``, never empty), and what the pass found besides. ``keycaps`` holds the indexes of the
    segments that were emoji digits until :meth:`result` turns them into normalised spans."""

    __slots__ = (
        "raw",
        "vocab",
        "slang",
        "out",
        "segments",
        "hashtags",
        "mentions",
        "keycaps",
        "urls",
        "retweet_of",
        "reply_to",
    )

    def __init__(self, raw: str, vocab: frozenset[str], slang: dict[str, str]) -> None:
        self.raw = raw
        self.vocab = vocab
        self.slang = slang
        self.out: list[str] = []
        self.segments: list[Segment] = []
        self.hashtags: list[tuple[str, int, int]] = []
        self.mentions: list[tuple[str, int, int]] = []
        self.keycaps: list[int] = []
        self.urls = 0
        self.retweet_of: str | None = None
        self.reply_to: str | None = None

    def emit(self, s: str, rs: int, re_: int, *, per_char: bool = False) -> None:
        """Append ``s``, from raw ``[rs, re_)``; ``per_char`` maps it character by character where the
        lengths agree."""
        if s:
            self.out.append(s)
            self.segments.append((len(s), rs, re_, per_char and len(s) == re_ - rs))

    def space(self, rs: int) -> None:
        """A space at raw ``rs``, unless the output is empty or already ends with one."""
        if self.out and self.out[-1][-1] != " ":
            self.emit(" ", rs, rs)

    def keycap(self, digits: str, rs: int, re_: int) -> None:
        """Append ``digits`` read from emoji at raw ``[rs, re_)`` and remember them as a keycap span."""
        self.keycaps.append(len(self.segments))
        self.emit(digits, rs, re_)

    def result(self) -> Normalized:
        """The :class:`Normalized` text, without a leading space left by a removed marker or trailing spaces."""
        out, segments = self.out, self.segments
        lead = 0
        while lead < len(out) and out[lead] == " ":
            lead += 1
        if lead:
            out, segments = out[lead:], segments[lead:]
        while out and out[-1] == " ":
            out.pop()
            segments.pop()
        starts = list(accumulate((seg[0] for seg in segments), initial=0)) if self.keycaps else []
        return Normalized(
            "".join(out),
            raw=self.raw,
            hashtags=self.hashtags,
            mentions=self.mentions,
            urls=self.urls,
            keycaps=[(starts[k - lead], starts[k - lead] + segments[k - lead][0]) for k in self.keycaps],
            retweet_of=self.retweet_of,
            reply_to=self.reply_to,
            segments=segments,
        )


# -- the tokens other than words and spaces, one function each ---------------------------------------------


def _other(p: _Pass, m: re.Match[str]) -> None:
    """Any other character: dropped (variation selectors, joiners, skin tones), or kept lower-cased."""
    s = m.group()
    if s in _DROP:
        return
    rs, re_ = m.span()
    if s in _CIRCLED:
        p.emit(_CIRCLED[s], rs, re_)
    else:
        p.emit(s.lower(), rs, re_, per_char=True)


def _keycap(p: _Pass, m: re.Match[str]) -> None:
    """Emoji keycaps: ``0️⃣3️⃣`` -> ``03``, but a chant of one digit (``1️⃣1️⃣1️⃣``) is each its own number."""
    s = m.group()
    rs, re_ = m.span()
    digits = "".join(c for c in s if c.isdigit())
    p.space(rs)
    if len(digits) >= 2 and len(set(digits)) == 1 and digits[0] != "0":
        step = (re_ - rs) // len(digits)
        for i, d in enumerate(digits):
            if i:
                p.emit(" ", rs + i * step, rs + i * step)
            p.keycap(d, rs + i * step, rs + (i + 1) * step)
    else:
        p.keycap(digits, rs, re_)
    p.space(re_)


def _circled(p: _Pass, m: re.Match[str]) -> None:
    """A circled digit (``①`` -> ``1``), read as a keycap."""
    rs, re_ = m.span()
    p.space(rs)
    p.keycap(_CIRCLED[m.group()], rs, re_)


def _hashtag(p: _Pass, m: re.Match[str]) -> None:
    """A hashtag, segmented into rewritten words; each keeps the whole tag's span (tags are short)."""
    s = m.group()
    rs, re_ = m.span()
    body = s[1:]
    p.hashtags.append((body.lower(), rs, re_))
    words = segment_hashtag(body, p.vocab)
    p.space(rs)
    p.emit(" ".join(rewrite_word(w, p.vocab, p.slang)[0] for w in words.split()), rs, re_)
    p.space(re_)


def _mention(p: _Pass, m: re.Match[str]) -> None:
    """A mention, kept as written (lower-cased) and listed."""
    s = m.group()
    rs, re_ = m.span()
    p.mentions.append((s[1:].lower(), rs, re_))
    p.emit(s.lower(), rs, re_, per_char=True)


def _url(p: _Pass, m: re.Match[str]) -> None:
    """A URL becomes the word ``url``."""
    rs, re_ = m.span()
    p.urls += 1
    p.space(rs)
    p.emit("url", rs, re_)
    p.space(re_)


def _spaced(p: _Pass, m: re.Match[str]) -> None:
    """Spaced letters (``c o b l o s``) become one rewritten word when two or more are letters."""
    s = m.group()
    rs, re_ = m.span()
    letters = "".join(c for c in s if c.isalnum())
    if sum(c.isalpha() for c in letters) >= 2:
        word, _ = rewrite_word(letters.lower(), p.vocab, p.slang)
        p.emit(word, rs, re_)
    else:
        p.emit(s.lower(), rs, re_, per_char=True)


def _retweet(p: _Pass, m: re.Match[str]) -> None:
    """A leading ``RT @user:`` marker: removed, its user kept."""
    p.retweet_of = m.group("rt_user").lower()


def _reply(p: _Pass, m: re.Match[str]) -> None:
    """A ``[RE user]`` marker: removed, its user kept."""
    p.reply_to = m.group("re_user").strip().lower()


# keyed by ``Match.lastgroup`` (never None: every part of _TOKEN is a named group)
_HANDLERS: dict[str | None, Callable[[_Pass, re.Match[str]], None]] = {
    "other": _other,
    "keycap": _keycap,
    "circled": _circled,
    "hashtag": _hashtag,
    "mention": _mention,
    "url": _url,
    "spaced": _spaced,
    "rt": _retweet,
    "re": _reply,
}


def normalize(text: str, *, vocab: frozenset[str] | None = None) -> Normalized:
    """Normalise ``text`` (see the module docstring). ``vocab`` adds words (e.g. candidate names) for splitting
    lower-case hashtags and undoing elongation; by default the bundled word list is used.

    One pass over the tokens (the hot path of every classifier): words and spaces, nearly every token, are
    handled inline, the others by their function in :data:`_HANDLERS`.
    """
    slang = load_slang()
    vocab = base_vocab() if vocab is None else vocab
    p = _Pass(text, vocab, slang)
    out, segments = p.out, p.segments
    rewritten = rewrite_cache(vocab)
    tokenizer = _TOKEN if _MAYBE_SPACED.search(text) else _TOKEN_PLAIN
    for m in tokenizer.finditer(text):
        kind = m.lastgroup  # "trail" when a word came with the whitespace after it
        if kind == "word" or kind == "trail":
            rs, re_ = m.span("word")
            s = m.group("word")
            low = s.lower()
            hit = rewritten.get(low)
            if hit is None:
                hit = rewritten[low] = rewrite_word(low, vocab, slang)
            word, same = hit
            if word:
                out.append(word)
                n = len(word)
                # per-character map only when lower() kept the length (not so for e.g. 'İ') and the word did too
                segments.append((n, rs, re_, same and n == re_ - rs and len(low) == len(s)))
            if kind == "trail" and out and out[-1][-1] != " ":
                out.append(" ")
                segments.append((1, re_, re_, False))
        elif kind == "space":
            if out and out[-1][-1] != " ":
                rs = m.start()
                out.append(" ")
                segments.append((1, rs, rs, False))
        else:
            _HANDLERS[kind](p, m)
    return p.result()
