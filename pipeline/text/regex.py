"""Regex building blocks for long keyword alternations that Python's ``re`` would otherwise try one by one.

``re`` has no trie: at every position it tries each alternative of ``a|b|c...`` in turn. Grouping the
alternatives by their first character (``a(?:..|..)|b(?:..)``) lets it reject a position after one
character test per group, with the same matches in the same order, because alternatives that start with
different characters can never match at the same place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

_META = frozenset("\\.^$[]()|?*+{}")
_QUANTIFIERS = frozenset("?*+{")


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """``(index, character, depth)`` of the grouping characters ``(``, ``)`` and ``|`` of ``pattern`` from
    ``start``, skipping escapes and character classes; ``depth`` is the nesting after an opening and before a
    closing parenthesis."""
    depth, i = 0, start
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = pattern.index("]", i + 2 if pattern[i + 1 : i + 2] == "]" else i + 1) + 1
            continue
        if c == "(":
            depth += 1
            yield i, c, depth
        elif c == ")":
            yield i, c, depth
            depth -= 1
        elif c == "|":
            yield i, c, depth
        i += 1


def _group_end(pattern: str, start: int) -> int:
    """Index just past the ``)`` that closes the group opened at ``pattern[start]``."""
    for i, c, depth in _structure(pattern, start):
        if c == ")" and depth == 1:
            return i + 1
    raise ValueError(f"unbalanced group in {pattern!r}")


def _split_alternatives(body: str) -> list[str]:
    """The top-level ``|`` alternatives of a group body."""
    cuts = [i for i, c, depth in _structure(body) if c == "|" and depth == 0]
    return [body[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(body)], strict=True)]


def leading_literals(pattern: str) -> list[tuple[str, str]] | None:
    """``pattern`` as an ordered list of ``(first character, rest)`` with the same matches in the same order.

    ``"(?:ba)?janji"`` -> ``[("b", "ajanji"), ("j", "anji")]``. A leading non-capturing group (plain or ``?``)
    is expanded; None when the pattern does not start with a literal character after that (a class, a
    lookaround, a repeated group).
    """
    if not pattern:
        return None
    c = pattern[0]
    if c not in _META:
        if len(pattern) > 1 and pattern[1] in _QUANTIFIERS:
            return None
        return [(c, pattern[1:])]
    if not pattern.startswith("(?:"):
        return None
    end = _group_end(pattern, 0)
    body, rest = pattern[3 : end - 1], pattern[end:]
    alternatives = _split_alternatives(body)
    if rest[:1] in ("*", "+", "{"):
        return None
    if rest[:1] == "?":
        if rest[1:2] in ("?", "+"):
            return None
        rest = rest[1:]
        alternatives.append("")  # greedy: the group first, then without it
    out: list[tuple[str, str]] = []
    for alt in alternatives:
        sub = leading_literals(alt + rest)
        if sub is None:
            return None
        out.extend(sub)
    return out


def literal_prefix(first: str, rest: str) -> str:
    """The literal characters every match of ``first + rest`` starts with."""
    out = [first]
    for i, c in enumerate(rest):
        if c in _META or (i + 1 < len(rest) and rest[i + 1] in _QUANTIFIERS):
            break
        out.append(c)
    return "".join(out)


def grouped_by_first_char(
    patterns: list[str], *, suffix: Callable[[str], str] | None = None
) -> tuple[str, list[str]] | None:
    """``patterns`` (in priority order) as one alternation grouped by first character, and each expanded
    alternative's literal prefix (:func:`literal_prefix`); None when one of them does not start with a literal
    (:func:`leading_literals`). ``suffix(pattern)`` is appended to each of a pattern's alternatives (e.g. a
    word-end check that depends on how the pattern ends)."""
    buckets: dict[str, list[str]] = {}
    prefixes: list[str] = []
    for p in patterns:
        lead = leading_literals(p)
        if lead is None:
            return None
        end = suffix(p) if suffix is not None else ""
        for first, rest in lead:
            buckets.setdefault(first, []).append(rest + end)
            prefixes.append(literal_prefix(first, rest))
    body = "|".join(f"{re.escape(c)}(?:{'|'.join(alts)})" for c, alts in buckets.items())
    return body, prefixes


def alternation(patterns: list[str], *, suffix: Callable[[str], str] | None = None) -> str:
    """The body of ``(?:p1|p2|...)`` grouped by first character where every pattern allows it, else the plain
    alternation: the same matches either way."""
    grouped = grouped_by_first_char(patterns, suffix=suffix)
    if grouped is not None:
        return grouped[0]
    return "|".join(f"(?:{p}){suffix(p) if suffix is not None else ''}" for p in patterns)


def trie_alternation(words: list[str], *, space: str | None = None) -> str:
    """A regex matching any of the literal ``words``, as a trie (``men(?:ang(?:kan)?)?``) so ``re`` never
    backtracks through a long alternation; at a given place it matches the longest word there. ``space``
    replaces each space (e.g. ``[\\s-]+``); ``(?!)`` (never matches) for no words."""
    if not words:
        return "(?!)"
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = []
        end = "" in node
        for ch in sorted(k for k in node if k):
            piece = space if ch == " " and space is not None else re.escape(ch)
            alts.append(piece + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)
