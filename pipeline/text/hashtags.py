"""Hashtag segmentation: ``#PrabowoGibran2024`` -> ``prabowo gibran 2024``, ``#pilkadadamai`` -> ``pilkada damai``.

Camel case and digits split a tag first; a lower-case run of 6 letters or more that is not a word is then split
into the fewest vocabulary words (:func:`pipeline.text.vocab.base_vocab` by default), or left whole when it
cannot be split into known words only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.text.vocab import base_vocab

__all__ = ["segment_hashtag"]

_SPLIT_HASHTAG = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+|[^\W\d_]+")


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
