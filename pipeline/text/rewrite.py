"""One word's rewrite, for the normaliser: slang, elongation, leetspeak, masked letters, glued digits.

:func:`rewrite_word` takes a lower-case word and returns its normalised spelling and whether it kept its shape
(one output character per input character, so the raw map stays per character). The tables are
``data/normalize.yaml`` (leetspeak, number heads, maskable words; :func:`pipeline.text.tables.normalize_tables`)
and the slang table and vocabulary of :mod:`pipeline.text.vocab`. Words repeat a lot across posts:
:func:`rewrite_cache` is the memo the normaliser keeps per vocabulary.
"""

from __future__ import annotations

import re

from pipeline.text.tables import normalize_tables

__all__ = ["rewrite_word", "rewrite_cache"]

_TABLES = normalize_tables()  # pipeline/text/data/normalize.yaml
_LEET = str.maketrans(_TABLES.leet)
# Heads after which a glued digit is a number, not reduplication ("no2" = "no 2", "kader2" = "kader-kader").
_NUMBER_HEADS = frozenset(_TABLES.number_heads)
# Words that a masked letter ("d*a", "c*blos") may stand for, in the order they are tried.
_MASKABLE = list(_TABLES.maskable)
_ELONG = re.compile(r"([a-z])\1{2,}")


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
    """The one maskable word that ``word`` (with ``*`` for hidden letters) can stand for, else the word with
    its masks dropped."""
    pattern = re.compile("^" + ".".join(re.escape(p) for p in word.split("*")) + "$")
    hits = [w for w in _MASKABLE if pattern.match(w)]
    return hits[0] if len(hits) == 1 else word.replace("*", "")


def rewrite_word(word: str, vocab: frozenset[str], slang: dict[str, str]) -> tuple[str, bool]:
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


def rewrite_cache(vocab: frozenset[str]) -> dict[str, tuple[str, bool]]:
    """Memo of :func:`rewrite_word` for one vocabulary (words repeat a lot across posts); bounded."""
    cache = _REWRITE_CACHES.get(vocab)
    if cache is None or len(cache) > _REWRITE_CACHE_SIZE:
        if len(_REWRITE_CACHES) > 16:  # many configs in one process: start over rather than grow
            _REWRITE_CACHES.clear()
        cache = _REWRITE_CACHES[vocab] = {}
    return cache
