"""Weak target mentions accepted by their context: a weak alias, name or symbol is a target when a strong partisan
cue, a call verb, an allegiance head or a stance word stands next to it (the resolver alone rejects it)."""

from __future__ import annotations

from pipeline.classify.rules.analysis import Hit
from pipeline.classify.rules.patterns import ALLEGIANCE_AFTER, ALLEGIANCE_BEFORE, ALLEGIANCE_NEAR, CALL_VERB
from pipeline.text.targets import Mention, Resolution

STRONG_CONTEXT_FAMILIES = ("call", "abuse", "campaign", "party", "support", "attack", "hoax")
STANCE_FAMILIES = ("support", "attack", "call")
STANCE_WINDOW = 40
"""A stance word binds a weak name within this many characters."""


def accept_by_context(res: Resolution, text: str, fam_hits: dict[str, list[Hit]]) -> Resolution:
    """``res`` with the rejected mentions that their context makes targets moved into its mentions."""
    # A strong partisan cue is election context too, so a weak alias next to it resolves ("wajib share
    # konten Kang Bagus"): resolve again with that context when something was rejected.
    strong_ctx = any(not h.weak for fam in STRONG_CONTEXT_FAMILIES for h in fam_hits.get(fam, []))
    if res.rejected and strong_ctx:
        res = accept_weak(res, kinds={"alias", "name", "acronym", "party", "number"})
    # "pilih Kang Bagus": a call verb right before a weak name is context enough
    called = [
        m
        for m in res.rejected
        if m.kind in {"alias", "name", "acronym"} and CALL_VERB.search(text[max(0, m.start - 25) : m.start])
    ]
    if called:
        res = accept_weak(res, kinds={"alias", "name", "acronym"}, only=called)
    # "tetap Abah 🤟💚", "sy mah Pak Hendra": an allegiance head makes the weak form a target
    loyal = [
        m
        for m in res.rejected
        if ALLEGIANCE_BEFORE.search(text[max(0, m.start - 30) : m.start])
        or ALLEGIANCE_AFTER.search(text[m.end : m.end + 15])
    ]
    if loyal:
        res = accept_weak(res, kinds={"alias", "name", "acronym", "emoji", "colour", "slogan"}, only=loyal)
    # "tetap Abah 🤟💚": symbols shortly after an allegiance head
    loyal_sym = [
        m
        for m in res.rejected
        if m.kind in {"emoji", "colour"} and ALLEGIANCE_NEAR.search(text[max(0, m.start - 30) : m.start])
    ]
    if loyal_sym:
        res = accept_weak(res, kinds={"emoji", "colour"}, only=loyal_sym)
    # praise or derision right next to a weak name ("rancak bana Uda Fauzan", "Mas Gun iku ... 🥱") is
    # context too, when the text has any election word or another stance cue
    if res.rejected:
        stance = [
            h
            for fam in STANCE_FAMILIES
            for h in fam_hits.get(fam, [])
            if h.specific or res.has_cue or strong_ctx
        ]
        near_stance = [
            m
            for m in res.rejected
            if m.kind in {"alias", "name", "acronym"}
            and any(m.start - STANCE_WINDOW <= h.end and h.start <= m.end + STANCE_WINDOW for h in stance)
        ]
        if near_stance:
            res = accept_weak(res, kinds={"alias", "name", "acronym"}, only=near_stance)
    return res


def accept_weak(res: Resolution, *, kinds: set[str], only: list[Mention] | None = None) -> Resolution:
    moved = [m for m in res.rejected if m.kind in kinds and (only is None or m in only)]
    if not moved:
        return res
    return Resolution(
        mentions=sorted(res.mentions + moved, key=lambda m: (m.in_parent, m.start)),
        cues=res.cues,
        parent_cue=res.parent_cue,
        rejected=[m for m in res.rejected if m not in moved],
    )
