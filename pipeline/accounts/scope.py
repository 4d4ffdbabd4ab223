"""Scope and polarity of profile signals: whose signal it is, and when (issue 14).

A term in a bio is evidence that *the person* is ASN *now* only when nothing around it says otherwise. Within
its clause (clauses end at ``| , . ; ! •`` and line breaks; a ``?`` does not end one: "PNS? bukan lah"), a
positive signal is

- **negated** by a negation cue before it ("bukan PNS") or right after it ("PNS? bukan lah");
- about a **relative** when a family word comes before it ("istri pak lurah", "anak guru PNS"), when it lies in
  a relative's span (from "suami saya", "ibu saya", "my husband" to the clause end or a turn back to the writer:
  "suami saya PNS di Dinas Pertanian" is all the husband's), or right after a relative's post ("Istri PNS
  Kantor Camat");
- **former** or **future** after "mantan", "dulu", "ipidan", "resign" or "calon", "pejuang", "aspiring";
- **retracted** by a joke cue after it or opening the next clause ("NIP 1986... bacanda sa!"), or by an
  acronym joke ("PNS (Pempek Nian Sedap)", :func:`acronym_jokes`).

A cue reaches at most ``window`` tokens and stops at a reset word ("dulu honorer, kini PNS"). A scoped signal is
dropped and its term becomes the negative feature ``scope.becomes`` names (a denial, a relative's status, a
past post, an aspiration), with a reason that says so. Negative signals are read too: a denied one is dropped
("kada tentara"), a relative's becomes ``relational`` (a retired, soldier, police or village-head relative) or is
only shown as ``others_facts`` (weight 0: "kakak saya honorer"), a past one is history ("mantan kades, kini
camat"). Facts about relatives yield to the writer's own evidence (:func:`others_yield`). All cue words are
data (``signals.yaml`` ``scope``; validated in :mod:`pipeline.accounts.cues`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pipeline.accounts.lexicon import TOKEN_RE, Hit, Lexicon, normalise_text

_CLAUSE_END = re.compile(r"([|,;!\n•·→➡]|\.(?=\s)|\.$)")


def clauses(norm_text: str) -> tuple[list[int], frozenset[int]]:
    """The clause number of each token of ``norm_text`` (tokens as :func:`pipeline.accounts.lexicon.tokenize`;
    a clause end is never inside a token, so each clause's part is tokenised on its own), and the clauses that
    end with a comma (a soft end: "suami saya, seorang PNS")."""
    parts = _CLAUSE_END.split(norm_text)
    out: list[int] = []
    commas = set()
    for clause in range(0, (len(parts) + 1) // 2):
        out += [clause] * len(TOKEN_RE.findall(parts[2 * clause]))
        if 2 * clause + 1 < len(parts) and parts[2 * clause + 1] == ",":
            commas.add(clause)
    return out, frozenset(commas)


def clause_ids(norm_text: str) -> list[int]:
    """The clause number of each token of ``norm_text`` (see :func:`clauses`)."""
    return clauses(norm_text)[0]


class ScopeReader:
    """Reads one profile's tokens and clauses; :meth:`outcome` says how a span is scoped (or ``None``)."""

    def __init__(
        self,
        lexicon: Lexicon,
        tokens: Sequence[str],
        clauses: Sequence[int],
        hits: Sequence[Hit] = (),
        comma_ends: frozenset[int] = frozenset(),
    ) -> None:
        self.scope = lexicon.scope
        self.tokens = tokens
        self.clauses = clauses
        self.comma_ends = comma_ends
        self.covered: set[int] = set()
        self.cover(hits)
        self._span: frozenset[int] | None = None
        self._jokes = not self.scope.cues["retraction"].isdisjoint(tokens)  # most texts have no joke cue
        self._cue = [t in self.scope.all_cues for t in tokens]  # a quick "nothing before it" test

    @property
    def relative_span(self) -> frozenset[int]:
        """Tokens about a relative: from "ayah saya", "adik bungsu saya", "my husband" to the end of the clause
        or a turn back to the writer ("saya sendiri", "sedangkan", a plain "saya")."""
        if self._span is None:
            self._span = frozenset(self._relative_spans())
        return self._span

    def _relative_spans(self) -> set[int]:
        cues, toks, clauses = self.scope.cues, self.tokens, self.clauses
        nouns, owners, switch = self.scope.relatives, cues["possessive"], cues["person_switch"]
        inside: set[int] = set()
        if nouns.isdisjoint(toks):  # most cued profiles name no relative
            return inside
        heads = self._family_heads()
        if owners.isdisjoint(toks) and cues["possessive_before"].isdisjoint(toks) and not heads:
            return inside
        n = len(toks)
        for i, tok in enumerate(toks):
            if tok not in nouns or i in inside:
                continue
            owner = next((i + k for k in (1, 2) if i + k < n and toks[i + k] in owners), -1)
            if owner < 0 or clauses[owner] != clauses[i]:
                if not (i > 0 and toks[i - 1] in cues["possessive_before"]) and i not in heads:
                    continue
                owner = i
            # "Suami saya, seorang PNS di Kemenag": a relative that closes its clause at a comma owns the next
            follow = clauses[i]
            if owner + 1 < n and clauses[owner + 1] != follow and follow in self.comma_ends:
                follow = clauses[owner + 1]
            j = i + 1
            while j < n and clauses[j] in (clauses[i], follow) and toks[j] not in switch:
                if toks[j] in owners and toks[j - 1] not in nouns and toks[j - 2] not in nouns:
                    break  # "..., dan saya ...": the writer again
                inside.add(j)
                j += 1
        return inside

    def _family_heads(self) -> frozenset[int]:
        """Family words that open a clause, when at least two clauses open with one: a list of relatives with no
        possessive ("Suami sopir bus, bapak pensiunan guru, ibu PNS Dinkes") is about them, not the writer."""
        nouns, toks, clauses = self.scope.relatives, self.tokens, self.clauses
        heads = frozenset(
            i for i, tok in enumerate(toks) if tok in nouns and (i == 0 or clauses[i - 1] != clauses[i])
        )
        return heads if len(heads) >= 2 else frozenset()

    def follows(self, prev: Hit | None, hit: Hit) -> bool:
        """``hit`` comes right after ``prev`` in its clause ("istri PNS | Kantor Camat": the wife's office)."""
        if prev is None or hit.start < 0 or prev.end <= 0:
            return False
        gap = hit.start - prev.end
        return 0 <= gap <= self.scope.chain_gap and self.clauses[prev.end - 1] == self.clauses[hit.start]

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
        cued = any(self._cue[max(0, start - self.scope.window) : start])  # most signals have no cue before
        before = self._before(start) if cued else []
        if not cues["negation_before"].isdisjoint(before):
            return "negated"
        if feature in self.scope.deniable and self._denied_after(end):
            return "negated"
        if not cues["relative_before"].isdisjoint(before) or start in self.relative_span:
            return "relative"
        for kind, outcome in (("former_before", "former"), ("future_before", "future")):
            if not cues[kind].isdisjoint(before):
                return outcome
        return "retracted" if self._retracted_after(end) else None

    def _retracted_after(self, end: int) -> bool:
        """A joke cue within ``retraction_window`` words after the signal, in any clause, or among the first
        three words of the next clause ("Kabid urusan dapur di rumah, hahaha bercanda"), unless it names a
        habit ("suka bercanda")."""
        if not self._jokes:
            return False
        cues, tokens = self.scope.cues, self.tokens
        last = min(len(tokens), end + self.scope.retraction_window)
        if 0 < end < len(tokens):
            head = next(
                (i for i in range(end, len(tokens)) if self.clauses[i] != self.clauses[end - 1]), last
            )
            last = max(last, min(len(tokens), head + 3))
        for i in range(end, last):
            if tokens[i] in cues["retraction"]:
                # "suka bercanda" is a habit; "bukan canda" says the claim is true
                return not (
                    i > 0 and (tokens[i - 1] in cues["habit"] or tokens[i - 1] in cues["negation_before"])
                )
        return False


def apply_scope(
    lexicon: Lexicon, norm_text: str, tokens: Sequence[str], hits: Sequence[Hit]
) -> tuple[dict[str, list[str]], ScopeReader | None]:
    """``found`` (feature -> terms) after scoping, and the reader (``None`` when the text has no cue at all,
    the common case: then nothing is scoped and no clause is computed)."""
    found: dict[str, list[str]] = {}
    scope = lexicon.scope
    relational = scope.becomes.get("relative", "")
    if not scope.cued(tokens) and all(h.feature != relational for h in hits):  # the hot path
        for hit in hits:
            found.setdefault(hit.feature, []).append(hit.term)
        if "state_school" in found:
            _state_school_head(lexicon, tokens, hits, found)
        return found, None
    ids, commas = clauses(norm_text)
    reader = ScopeReader(lexicon, tokens, ids, comma_ends=commas)
    hits = [part for hit in hits for part in _within_clauses(lexicon, reader, hit)]
    reader.cover(hits)
    prev: Hit | None = None  # the last hit about a relative
    for hit in hits:
        outcome = _hit_outcome(lexicon, reader, hit, prev)
        prev = hit if outcome == "relative" or hit.feature == relational else None
        if outcome is None:
            found.setdefault(hit.feature, []).append(hit.term)
            continue
        if outcome == "denied":
            continue  # "dudu polwan", "bukan honorer lagi": a denied negative is no evidence either
        target: str | None
        if outcome == "former" and hit.feature in scope.history:
            target = scope.others_facts  # history: "mantan kades, kini camat", "dl guru, skrg kepsek"
        elif outcome == "relative" and hit.feature not in scope.scoped:
            # a relative's negative: "ayah saya pensiunan guru" (relational), "kakak saya honorer" (shown)
            target = scope.relative_negatives.get(hit.feature, scope.others_facts)
        else:
            target = scope.becomes.get(outcome)
        if target:
            found.setdefault(target, []).append(f"{hit.term} ({outcome})")
    if "state_school" in found:
        _state_school_head(lexicon, tokens, hits, found)
    return found, reader


def _hit_outcome(lexicon: Lexicon, reader: ScopeReader, hit: Hit, prev: Hit | None) -> str | None:
    """How ``hit`` is scoped: a positive signal as :meth:`ScopeReader.outcome` (or ``relative`` right after a
    relative's post); a negative one ``denied`` ("dudu polwan"), ``relative`` ("kakak saya honorer"), ``former``
    ("mantan kades") or, for a relational claim, ``retracted``."""
    scope = lexicon.scope
    if hit.feature in scope.scoped:
        chained = hit.feature in scope.chained and reader.follows(prev, hit)
        return "relative" if chained else reader.outcome(hit.start, hit.end, hit.feature)
    if hit.start < 0 or lexicon.features[hit.feature].weight >= 0:
        return None
    outcome = reader.outcome(hit.start, hit.end, hit.feature)
    if hit.feature == scope.becomes.get("relative"):  # "Bu Camat ... kada ai, ulun bagayaan haja"
        return outcome if outcome == "retracted" else None
    if outcome in ("negated", "future"):  # "bukan kades ya", "akan pensiun Juli 2027"
        return "denied" if hit.feature in scope.deniable_negatives else None
    if outcome == "former":
        return outcome if hit.feature in scope.history else None
    return outcome if outcome == "relative" else None


def acronym_jokes(lexicon: Lexicon, norm_text: str, found: dict[str, list[str]]) -> None:
    """An acronym joke: "PNS (Pempek Nian Sedap)", "CPNS = Certified Professional Nasi-goreng Seller", "Camat (Calon Mantu
    Terbaik)": an ASN word followed after "(", "=" or ":" by words whose initials spell it, and that are not its
    real expansion ("PNS (Pegawai Negeri Sipil)"), is a joke: the word becomes the retracted outcome."""
    pattern, target = lexicon.scope.acronym_re, lexicon.scope.becomes.get("retracted")
    if pattern is None or target is None:
        return
    for m in pattern.finditer(norm_text):
        term, words = m.group(1), m.group(2).split()
        feature = lexicon.terms.get(term)
        if feature not in found or not _spells(term, [w[0] for w in words]):
            continue
        if not lexicon.scope.acronym_sincere.isdisjoint(words):
            continue  # a motto: "PNS = Pelayan Negara Sejati"
        if any(h.feature == feature for h in lexicon.match_hits(" ".join(words))[1]):
            continue  # the real expansion
        kept = [t for t in found[feature] if t != term]
        if kept:
            found[feature] = kept
        else:
            del found[feature]
        found.setdefault(target, []).append(f"{term} (acronym joke: {' '.join(words)})")


def _spells(term: str, initials: list[str]) -> bool:
    """The initials spell ``term``: its letters in order within the first words ("c p n g s" for CPNS), or three
    words picking letters of a title ("c m t" for Camat)."""
    if initials[0] != term[0]:
        return False
    picks = iter(initials[: len(term) + 2])
    if all(letter in picks for letter in term):
        return True
    letters = iter(term)
    return len(initials) >= 3 and all(c in letters for c in initials[:3])


def others_yield(lexicon: Lexicon, found: dict[str, list[str]]) -> None:
    """Facts about relatives yield to the holder's own: once the profile shows an own positive signal of at least
    ``own_weight`` (a title, a workplace, a profession), the ``yields_to_own`` features (``relational``) are only
    shown, as ``others_facts``."""
    scope = lexicon.scope
    if not scope.others_facts or scope.yields_to_own.isdisjoint(found):
        return
    if any(lexicon.features[f].weight >= scope.own_weight for f in found):
        for feature in scope.yields_to_own & found.keys():
            found.setdefault(scope.others_facts, []).extend(found.pop(feature))


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
