"""Scope and polarity of profile signals: whose signal it is, and when (issue 14).

A term in a bio is evidence that *the person* is ASN *now* only when nothing around it says otherwise. Within
its clause (clauses end at ``| , . ; ! •`` and line breaks; a ``?`` does not end one: "PNS? bukan lah"), a
positive signal is

- **negated** by a negation cue before it ("bukan PNS") or right after it ("PNS? bukan lah");
- about a **relative** when a family word comes before it ("istri pak lurah", "anak guru PNS");
- **former** or **future** after "mantan", "dulu", "pernah" or "calon", "pejuang", "semoga";
- **retracted** by a joke cue after it in the clause or opening the next one ("NIP 1986... canda, saya honorer").

A cue reaches at most ``window`` tokens and stops at a reset word ("dulu honorer, kini PNS"). A scoped signal is
dropped and its term becomes the negative feature ``scope.becomes`` names (a denial, a relative's status, a
past post, an aspiration), with a reason that says so. All cue words are data (``signals.yaml`` ``scope``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pipeline.accounts.lexicon import TOKEN_RE, Hit, Lexicon, normalise_text

_CLAUSE_END = re.compile(r"[|,;!\n•·→➡]|\.(?=\s)|\.$")


def clause_ids(norm_text: str) -> list[int]:
    """The clause number of each token of ``norm_text`` (tokens as :func:`pipeline.accounts.lexicon.tokenize`)."""
    ends = [m.start() for m in _CLAUSE_END.finditer(norm_text)]
    out: list[int] = []
    clause, k = 0, 0
    for m in TOKEN_RE.finditer(norm_text):
        while k < len(ends) and ends[k] < m.start():
            clause += 1
            k += 1
        out.append(clause)
    return out


class ScopeReader:
    """Reads one profile's tokens and clauses; :meth:`outcome` says how a span is scoped (or ``None``)."""

    def __init__(
        self,
        lexicon: Lexicon,
        tokens: Sequence[str],
        clauses: Sequence[int],
        hits: Sequence[Hit] = (),
    ) -> None:
        self.scope = lexicon.scope
        self.tokens = tokens
        self.clauses = clauses
        self.covered: set[int] = set()
        self.cover(hits)

    def cover(self, hits: Sequence[Hit]) -> None:
        """Mark the tokens of ``hits``: a cue belongs to the nearest signal ("ex honorer dishub": to honorer)."""
        self.covered = {i for h in hits if h.start >= 0 for i in range(h.start, h.end)}

    def _before(self, start: int) -> list[str]:
        clause = self.clauses[start]
        lo = max(0, start - self.scope.window)
        for i in range(start - 1, lo - 1, -1):
            if i in self.covered:
                lo = i + 1
                break
        words = [self.tokens[i] for i in range(lo, start) if self.clauses[i] == clause]
        reset = self.scope.cues["reset"]
        for i in range(len(words) - 1, -1, -1):
            if words[i] in reset:
                return words[i + 1 :]
        return words

    def _after(self, end: int, width: int, *, next_clause_head: bool = False) -> list[str]:
        if end >= len(self.tokens) or end <= 0:
            return []
        clause = self.clauses[end - 1]
        words = []
        for i in range(end, min(len(self.tokens), end + width)):
            if self.clauses[i] == clause:
                words.append(self.tokens[i])
            else:
                if next_clause_head and (i == end or self.clauses[i - 1] != self.clauses[i]):
                    words.append(self.tokens[i])  # "..., canda": the next clause's first word
                break
        return words

    def _denied_after(self, end: int) -> bool:
        """A negation right after the signal that ends its clause or precedes a particle ("PNS? bukan lah")."""
        after = self._after(end, self.scope.after_window)
        cues = self.scope.cues
        for i, word in enumerate(after):
            if word in cues["negation_after"]:
                at = end + i
                closes = at + 1 >= len(self.tokens) or self.clauses[at + 1] != self.clauses[at]
                return closes or (i + 1 < len(after) and after[i + 1] in cues["particles"])
        return False

    def outcome(self, start: int, end: int, feature: str = "") -> str | None:
        """``negated``, ``relative``, ``former``, ``future``, ``retracted`` or ``None`` for tokens ``[start, end)``."""
        if start < 0:
            return None
        cues = self.scope.cues
        before = set(self._before(start))
        deniable = feature in self.scope.deniable
        if before & cues["negation_before"] or (deniable and self._denied_after(end)):
            return "negated"
        for kind, outcome in (
            ("relative_before", "relative"),
            ("former_before", "former"),
            ("future_before", "future"),
        ):
            if before & cues[kind]:
                return outcome
        return "retracted" if self._retracted_after(end) else None

    def _retracted_after(self, end: int) -> bool:
        """A joke cue within ``retraction_window`` words after the signal, in any clause, unless it names a
        habit ("suka bercanda")."""
        cues = self.scope.cues
        for i in range(end, min(len(self.tokens), end + self.scope.retraction_window)):
            if self.tokens[i] in cues["retraction"]:
                return not (i > 0 and self.tokens[i - 1] in cues["habit"])
        return False


def apply_scope(
    lexicon: Lexicon, norm_text: str, tokens: Sequence[str], hits: Sequence[Hit]
) -> tuple[dict[str, list[str]], ScopeReader | None]:
    """``found`` (feature -> terms) after scoping, and the reader (``None`` when the text has no cue at all,
    the common case: then nothing is scoped and no clause is computed)."""
    found: dict[str, list[str]] = {}
    scope = lexicon.scope
    if scope.all_cues.isdisjoint(tokens):  # the hot path: no cue, nothing to scope
        for hit in hits:
            found.setdefault(hit.feature, []).append(hit.term)
        if "state_school" in found:
            _state_school_head(lexicon, tokens, hits, found)
        return found, None
    reader = ScopeReader(lexicon, tokens, clause_ids(norm_text))
    hits = [part for hit in hits for part in _within_clauses(lexicon, reader, hit)]
    reader.cover(hits)
    for hit in hits:
        outcome = reader.outcome(hit.start, hit.end, hit.feature) if hit.feature in scope.scoped else None
        denied = outcome is None and hit.feature in scope.deniable_negatives
        if denied and reader.outcome(hit.start, hit.end, hit.feature) == "negated":
            continue  # "dudu polwan", "bukan honorer lagi": a denied negative is no evidence either
        if outcome is None:
            found.setdefault(hit.feature, []).append(hit.term)
            continue
        target = scope.becomes.get(outcome)
        if target is not None:
            found.setdefault(target, []).append(f"{hit.term} ({outcome})")
    if "state_school" in found:
        _state_school_head(lexicon, tokens, hits, found)
    return found, reader


def _within_clauses(lexicon: Lexicon, reader: ScopeReader, hit: Hit) -> list[Hit]:
    """``hit``, or, when its term runs across a clause end ("2 anak | ASN" read as "anak asn"), the terms
    found in each clause's part of it."""
    if hit.start < 0 or reader.clauses[hit.start] == reader.clauses[hit.end - 1]:
        return [hit]
    out: list[Hit] = []
    at = hit.start
    while at < hit.end:
        stop = at
        while stop < hit.end and reader.clauses[stop] == reader.clauses[at]:
            stop += 1
        _, parts = lexicon.match_hits(" ".join(reader.tokens[at:stop]))
        out.extend(Hit(p.feature, p.term, p.start + at, p.end + at) for p in parts if p.start >= 0)
        at = stop
    return out


def _state_school_head(
    lexicon: Lexicon, tokens: Sequence[str], hits: Sequence[Hit], found: dict[str, list[str]]
) -> None:
    """The head of a state school is ASN: "Kepala SDN 3 ...", or a school-head title with a state school."""
    heads = lexicon.scope.school_head_tokens
    for hit in hits:
        if hit.feature != "state_school" or "state_school" not in found:
            continue
        if hit.start > 0 and tokens[hit.start - 1] in heads:
            found.setdefault("state_school_head", []).append(f"{tokens[hit.start - 1]} {hit.term}")
            return
    if "school_head" in found and "state_school" in found:
        found["state_school_head"] = found["school_head"][:1]


MAX_POST_REASONS = 3  # post ids named per feature in the reasons (the rest are counted)


def post_evidence(lexicon: Lexicon, posts: Iterable[tuple[str, str]], found: dict[str, list[str]]) -> None:
    """Add the ``post_evidence`` features shown by the author's own posts (``(post_id, text)``, at most
    ``lexicon.max_posts`` read) to ``found``; a phrase scoped away (negated, a relative's, past) does not
    count. Each reason names the phrase and the post."""
    post_lexicon = lexicon.posts
    if post_lexicon is None:
        return
    seen: dict[str, int] = {}
    for n, (post_id, text) in enumerate(posts):
        if n >= lexicon.max_posts:
            break
        norm = normalise_text(text)
        tokens, hits = post_lexicon.match_hits(norm)
        if not hits:
            continue
        reader = ScopeReader(lexicon, tokens, clause_ids(norm), hits)
        for hit in hits:
            if reader.outcome(hit.start, hit.end, hit.feature) is not None:
                continue
            seen[hit.feature] = seen.get(hit.feature, 0) + 1
            if seen[hit.feature] <= MAX_POST_REASONS:
                found.setdefault(hit.feature, []).append(f"{hit.term} (post {post_id})")
            break  # one phrase per post is enough
    for feature, count in seen.items():
        if count > MAX_POST_REASONS:
            found[feature].append(f"{count - MAX_POST_REASONS} more post(s)")
