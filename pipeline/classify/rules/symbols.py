"""Campaign symbols (SIMBOL): numbers, emoji, hashtags, slogans and colours tied to a candidate; twibbons."""

from __future__ import annotations

from pipeline.classify.rules import scores as S
from pipeline.classify.rules.analysis import LabelContext
from pipeline.classify.rules.patterns import ALLEGIANCE_HEADS, SYMBOL_KINDS, TWIBBON
from pipeline.text.targets import Mention


def symbols(ctx: LabelContext) -> None:
    """Numbers, emoji, hashtags, slogans and colours tied to a candidate; twibbons."""

    # 5. symbols: numbers, emoji, hashtags, slogans, colours tied to a candidate
    def symbolic(m: Mention) -> bool:
        if m.kind == "number":
            return m.head in ALLEGIANCE_HEADS or not m.head
        if m.kind in {"acronym", "name", "alias"}:
            raw_start = ctx.a.norm.raw_span(m.start, m.start + 1)[0]
            return ctx.a.norm.raw[raw_start : raw_start + 1] == "#"
        return m.kind in SYMBOL_KINDS

    sym = [m for m in ctx.post_mentions if symbolic(m) and m.polarity >= 0 and m.number not in ctx.anti]
    for m in sym:
        if m.kind == "number" and m.head in ALLEGIANCE_HEADS - {"salam"}:
            ctx.pro_targets.add(m.number)
            ctx.fire(
                "DUKUNGAN",
                S.CONTEXTUAL,
                "allegiance_number",
                f"{m.text!r}: allegiance to a ballot number",
                [(m.start, m.end)],
            )
    if sym:
        plain_number = (
            all(m.kind == "number" and m.head not in ALLEGIANCE_HEADS for m in sym)
            and ctx.scores["AJAKAN"] >= S.STRONG_CUE
        )
        if not plain_number:
            score = (
                S.CONTEXTUAL
                if any(m.kind in {"hashtag", "emoji", "colour"} or not m.strong for m in sym)
                else S.INDIRECT
            )
            ctx.pro_targets.update(m.number for m in sym)
            ctx.fire(
                "SIMBOL",
                score,
                "symbol",
                ", ".join(f"{m.kind} {m.text!r}->{m.number}" for m in sym),
                [(m.start, m.end) for m in sym],
            )
    if (ctx.bind or ctx.res.has_cue) and TWIBBON.search(ctx.text):
        ctx.fire("SIMBOL", S.CONTEXTUAL, "twibbon", "twibbon/frame with election context")
