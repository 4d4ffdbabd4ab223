"""Party affiliation (AFILIASI_PARPOL): party membership or activity."""

from __future__ import annotations

from pipeline.classify.rules import scores as S
from pipeline.classify.rules.analysis import LabelContext


def party_affiliation(ctx: LabelContext) -> None:
    """Party membership or activity."""
    # 8. party affiliation
    ctx.party_strong = ctx.has("party", strong=True)
    party_weak = [h for h in ctx.has("party") if h.weak]
    party_mentioned = any(m.kind == "party" for m in ctx.post_mentions) or "partai" in ctx.text
    if ctx.party_strong and (party_mentioned or ctx.first_person or ctx.res.has_cue):
        ctx.fire(
            "AFILIASI_PARPOL",
            S.EXPLICIT,
            "party_affiliation",
            f"party membership/activity {ctx.party_strong[0].text!r}",
            [(h.start, h.end) for h in ctx.party_strong],
        )
    elif party_weak and party_mentioned and ctx.first_person:
        ctx.fire(
            "AFILIASI_PARPOL",
            S.WEAK_CUE,
            "party_weak",
            f"{party_weak[0].text!r} + party",
            [(h.start, h.end) for h in party_weak],
        )
