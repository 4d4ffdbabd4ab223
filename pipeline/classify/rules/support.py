"""Support (DUKUNGAN): support cues bound to a target, "dua periode" for the incumbent, allegiance to a named target."""

from __future__ import annotations

from pipeline.classify.rules import scores as S
from pipeline.classify.rules.analysis import LabelContext, framed
from pipeline.classify.rules.patterns import (
    ALLEGIANCE_AFTER,
    ALLEGIANCE_BEFORE,
    SARCASM_EMOJI,
    SARCASM_PRAISE,
    TWO_TERMS,
)


def support(ctx: LabelContext) -> None:
    """Support cues bound to a target, "dua periode" for the incumbent, allegiance to a named target."""
    # 3. support
    ctx.sarcastic = bool(
        SARCASM_EMOJI.search(ctx.text) or (" ya" in ctx.text and SARCASM_PRAISE.search(ctx.text))
    )
    for h, ms in ctx.bound("support"):
        nums = {m.number for m in ms} - ctx.anti
        if not nums:
            continue
        if ctx.sarcastic and ctx.has("attack"):
            continue
        score = S.STRONG_CUE if not h.weak else (S.CONTEXTUAL if not ctx.via_parent else S.INDIRECT)
        if (
            h.weak
            and h.text in {"menang", "lanjut", "lanjutkan", "siap", "amin", "aamiin", "juara"}
            and not ctx.via_parent
        ):
            score = S.WEAK_SUPPORT_WORD
        ctx.pro_targets.update(nums)
        ctx.support_targets.update(nums)
        ctx.fire(
            "DUKUNGAN",
            score,
            "support_cue",
            f"support cue {h.text!r} -> {sorted(nums)}",
            [(h.start, h.end)],
        )
    # incumbent "dua periode"
    if (
        ctx.incumbents
        and "periode" in ctx.text
        and TWO_TERMS.search(ctx.text)
        and (ctx.bind or ctx.res.has_cue)
        and not framed(ctx.text)
    ):
        ctx.pro_targets.update(ctx.incumbents)
        ctx.fire("DUKUNGAN", S.CONTEXTUAL, "incumbent_two_terms", "'dua periode' for the incumbent")

    # allegiance to a named target ("sy mah BANUR lah", "tetap Abah", "jagoan kami Kang Bagus")
    if not ctx.via_parent:
        for m in ctx.bind:
            if m.number in ctx.anti or m.polarity < 0:
                continue
            if ALLEGIANCE_BEFORE.search(ctx.text[max(0, m.start - 30) : m.start]) or ALLEGIANCE_AFTER.search(
                ctx.text[m.end : m.end + 15]
            ):
                ctx.pro_targets.add(m.number)
                ctx.support_targets.add(m.number)
                ctx.fire(
                    "DUKUNGAN",
                    S.CONTEXTUAL,
                    "allegiance",
                    f"allegiance to {m.text!r}",
                    [(max(0, m.start - 12), m.end)],
                )
