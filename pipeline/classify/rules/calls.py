"""Calls to vote (AJAKAN): a call verb or cue with a target, an unnamed call with a wink, a call for the empty box."""

from __future__ import annotations

from pipeline.classify.rules import scores as S
from pipeline.classify.rules.analysis import LabelContext
from pipeline.classify.rules.patterns import CALL_VERB, SYMBOL_KINDS, WINK_TELLING
from pipeline.text.targets import KOTAK_KOSONG


def calls(ctx: LabelContext) -> None:
    """A call verb right before a target, or a call cue with a target; a lone weak call word is capped."""
    # 2. call: a call verb right before a target, or a strong call cue with a target
    for m in ctx.bind:
        if ctx.via_parent or m.number in ctx.anti:
            continue
        before = ctx.text[max(0, m.start - 25) : m.start]
        if m.kind == "number" and m.head:
            before = ctx.text[max(0, m.start - 40) : m.start]
        if CALL_VERB.search(before) or (
            m.kind == "number" and m.head in {"coblos", "pilih", "dukung", "menangkan", "kolom"}
        ):
            ctx.pro_targets.add(m.number)
            ctx.fire(
                "AJAKAN",
                S.EXPLICIT,
                "call_verb_target",
                f"call verb + target {m.number}",
                [(max(0, m.start - 12), m.end)],
            )
    for h, ms in ctx.bound("call"):
        if h.text.startswith("coblos") and not any(m.kind == "number" for m in ms) and h.weak:
            continue
        nums = {m.number for m in ms} - ctx.anti
        if not nums:
            continue
        score = S.STRONG_CUE if not h.weak else S.WEAK_CUE
        ctx.pro_targets.update(nums)
        ctx.fire("AJAKAN", score, "call_cue", f"call cue {h.text!r}", [(h.start, h.end)])
    # weak call words only count with another partisan sign; a lone "ayo" next to a name is not a call
    if (
        ctx.scores["AJAKAN"] < S.STRONG_CUE
        and ctx.scores["AJAKAN"] > 0
        and not (
            ctx.has("call", strong=True)
            or ctx.has("support", strong=True)
            or any(m.kind in SYMBOL_KINDS for m in ctx.bind)
        )
    ) and not any(r == "call_verb_target" for r, _ in ctx.fired):
        ctx.scores["AJAKAN"] = S.LONE_WEAK_CALL


def unnamed_call(ctx: LabelContext) -> None:
    """A call that names nobody ("tahu kan harus pilih siapa", "ingat ini program siapa")."""
    # a call that names nobody ("tahu kan harus pilih siapa 😉", "ingat ini program siapa")
    wink = ctx.has("wink")
    # a wink about voting or about whose programme it is tells on its own; "paham kan maksud saya" needs context
    self_telling = any(WINK_TELLING.search(h.text) for h in wink)
    if wink and (
        self_telling or ctx.bind or ctx.res.rejected or ctx.res.has_cue or ctx.has("abuse", strong=True)
    ):
        ctx.pro_targets.update(m.number for m in ctx.bind if m.number not in ctx.anti)
        ctx.fire(
            "AJAKAN",
            S.CONTEXTUAL,
            "wink_call",
            f"unnamed call {wink[0].text!r}",
            [(h.start, h.end) for h in wink],
        )


def empty_box_call(ctx: LabelContext) -> None:
    """A call for the empty box (*kotak kosong*) in a single-candidate contest."""
    # 9. kotak kosong
    kotak_bound = any(m.number == KOTAK_KOSONG for m in ctx.bind)
    if (
        kotak_bound
        and ctx.scores["AJAKAN"] < S.THRESHOLD
        and (ctx.has("call") or ctx.has("support"))
        and not ctx.has("generic")
    ):
        ctx.fire("AJAKAN", S.CONTEXTUAL, "kotak_kosong_call", "call for the empty box")
