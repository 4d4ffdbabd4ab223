"""The normaliser's word lists: the slang table (``data/slang.tsv``) and the vocabulary (``data/words.txt``).

Both are read once per process. The vocabulary is what lower-case hashtags are split with and what decides
how elongation is undone; callers add their own words (candidate names) by passing a larger set.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["load_slang", "base_vocab"]


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
