"""Abuse of office (PENYALAHGUNAAN_JABATAN): office, facilities or authority used for a side."""

from __future__ import annotations

from pipeline.classify.rules import scores as S
from pipeline.classify.rules.analysis import LabelContext


def abuse_of_office(ctx: LabelContext) -> None:
    """Office, facilities or authority used for a side, in an election context."""
    # 7. abuse of office
    abuse_strong = ctx.has("abuse", strong=True)
    abuse_weak = [h for h in ctx.has("abuse") if h.weak]
    election_ctx = bool(ctx.bind) or ctx.res.has_cue or ctx.res.parent_cue or bool(ctx.has("campaign"))
    if abuse_strong and election_ctx:
        ctx.fire(
            "PENYALAHGUNAAN_JABATAN",
            S.EXPLICIT,
            "abuse_of_office",
            f"office/facility/authority {abuse_strong[0].text!r}",
            [(h.start, h.end) for h in abuse_strong],
        )
    elif (
        abuse_weak
        and ctx.bind
        and (ctx.scores["AJAKAN"] >= S.THRESHOLD or ctx.scores["DUKUNGAN"] >= S.THRESHOLD)
        and len(abuse_weak) >= 2
    ):
        ctx.fire(
            "PENYALAHGUNAAN_JABATAN",
            S.WEAK_CUE,
            "abuse_weak",
            "authority words with a call",
            [(h.start, h.end) for h in abuse_weak],
        )
