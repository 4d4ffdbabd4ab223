"""Campaign roles (KEGIATAN_KAMPANYE): campaign activity and roles that are the author's own."""

from __future__ import annotations

from pipeline.classify.rules import scores as S
from pipeline.classify.rules.analysis import LabelContext
from pipeline.classify.rules.patterns import FIRST_PERSON_RE, OWN_ACTION, THIRD_PERSON


def campaign_roles(ctx: LabelContext) -> None:
    """Campaign activity and roles, the author's own (first person, or nobody else named)."""
    # 6. campaign participation
    camp_strong = ctx.has("campaign", strong=True)
    camp_weak = [h for h in ctx.has("campaign") if h.weak]
    # own action: first person, or nobody else named as the actor (only the campaign and party rules ask)
    ctx.first_person = bool(camp_strong or camp_weak or ctx.has("party")) and (
        bool(FIRST_PERSON_RE.search(ctx.text)) or not THIRD_PERSON.search(ctx.text)
    )
    if camp_strong and (ctx.bind or ctx.res.has_cue or ctx.a.resolution.parent_cue or len(camp_strong) >= 1):
        ctx.fire(
            "KEGIATAN_KAMPANYE",
            S.STRONG_CUE if (ctx.bind or ctx.first_person) else S.INDIRECT,
            "campaign_activity",
            f"campaign activity {camp_strong[0].text!r}",
            [(h.start, h.end) for h in camp_strong],
        )
    elif (
        camp_weak
        and ctx.bind
        and ctx.first_person
        and OWN_ACTION.search(ctx.text)
        and not ctx.has("civic", strong=True)
    ):
        ctx.fire(
            "KEGIATAN_KAMPANYE",
            S.CONTEXTUAL,
            "campaign_role",
            f"campaign word {camp_weak[0].text!r} + own action",
            [(h.start, h.end) for h in camp_weak],
        )
