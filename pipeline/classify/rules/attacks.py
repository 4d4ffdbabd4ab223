"""Attacks (SERANGAN): explicit forms against a target, attack cues bound to one, hoax markers, the other side, mocking acronyms and implied criticism of the incumbent."""

from __future__ import annotations

from pipeline.classify.rules import scores as S
from pipeline.classify.rules.analysis import LabelContext
from pipeline.classify.rules.patterns import CALL_BEFORE, EXPANSION, INCUMBENT_IMPLIED, NEG_BEFORE, SEBELAH
from pipeline.text.targets import KOTAK_KOSONG


def explicit_against(ctx: LabelContext) -> None:
    """Explicit forms against a target: watch terms, "asal bukan X", "jangan pilih X"."""
    # 1. explicit anti forms: watch terms, "asal bukan X", "jangan pilih X"
    for m in ctx.bind:
        if m.polarity < 0:
            ctx.anti.add(m.number)
            ctx.fire(
                "SERANGAN",
                S.EXPLICIT,
                "watch_term",
                f"watch term {m.text!r} against {m.number}",
                [(m.start, m.end)],
            )
        elif not ctx.via_parent:
            before = ctx.text[max(0, m.start - 40) : m.start]
            if m.number != KOTAK_KOSONG and NEG_BEFORE.search(before) and CALL_BEFORE.search(before):
                ctx.anti.add(m.number)
                ctx.fire(
                    "SERANGAN",
                    S.EXPLICIT,
                    "negated_call",
                    f"call against {m.number}",
                    [(max(0, m.start - 20), m.end)],
                )


def bound_attacks(ctx: LabelContext) -> None:
    """Attack cues bound to a target: one strong cue, two weak ones, or one weak cue in a sarcastic post."""
    attack_bound = ctx.bound("attack")
    strong_attack = [(h, ms) for h, ms in attack_bound if not h.weak]
    weak_attack = [(h, ms) for h, ms in attack_bound if h.weak]
    if strong_attack or len(weak_attack) >= 2 or (weak_attack and ctx.sarcastic):
        for h, ms in strong_attack + weak_attack:
            nums = (
                {m.number for m in ms} - ctx.support_targets if not ctx.sarcastic else {m.number for m in ms}
            )
            if not nums:
                continue
            ctx.anti.update(nums)
            ctx.fire(
                "SERANGAN",
                S.STRONG_CUE if not h.weak else S.WEAK_CUE,
                "attack_cue",
                f"attack cue {h.text!r}",
                [(h.start, h.end)],
            )


def hoax_and_other_side(ctx: LabelContext) -> None:
    """Hoax markers with a target or "paslon sebelah"; attack cues aimed at "the other side" with no name."""
    ctx.other_side = "sebelah" in ctx.text and SEBELAH.search(ctx.text) is not None
    if ctx.has("hoax") and (ctx.bind or ctx.other_side):
        ctx.anti.update(m.number for m in ctx.bind if m.number not in ctx.pro_targets)
        ctx.fire(
            "SERANGAN",
            S.EXPLICIT,
            "hoax_marker",
            "hoax marker with a target",
            [(h.start, h.end) for h in ctx.has("hoax")],
        )
    if ctx.other_side and ctx.has("attack") and not ctx.bind:
        others = [c.number for c in ctx.el.candidates]
        if ctx.n_candidates == 2:
            ctx.anti.update(others)
        ctx.fire("SERANGAN", S.CONTEXTUAL, "attack_other_side", "attack on 'paslon sebelah'")


def mocking_acronyms(ctx: LabelContext) -> None:
    """A candidate's acronym expanded into a mocking phrase ("AMIN = Asal Mau Ikut Nyinyir") in a hostile post."""
    for m in ctx.bind:
        if m.kind != "acronym" or ctx.via_parent:
            continue
        ex = EXPANSION.match(ctx.text[m.end : m.end + 60])
        if (
            ex
            and ex.group(1)[:1] == m.text[:1]
            and (ctx.sarcastic or ctx.has("attack") or ctx.has("hoax"))
            and not ctx.has("support", strong=True)
        ):
            ctx.anti.add(m.number)
            ctx.fire(
                "SERANGAN",
                S.MOCKING_ACRONYM,
                "mock_acronym",
                f"mocking expansion of {m.text!r}",
                [(m.start, ex.end() + m.end)],
            )


def implied_incumbent(ctx: LabelContext) -> None:
    """Criticism of the sitting office holder's record with no name, when the config has one incumbent.

    Also damps support in a sarcastic post that attacks someone, since its praise is the attack.
    """
    attack_all = ctx.has("attack")
    if (
        not ctx.bind
        and len(ctx.incumbents) == 1
        and (ctx.has("attack", strong=True) or len(attack_all) >= 2 or (attack_all and ctx.sarcastic))
        and INCUMBENT_IMPLIED.search(ctx.text)
        and not ctx.has("support", strong=True)
    ):
        ctx.anti.update(ctx.incumbents)
        ctx.fire(
            "SERANGAN",
            S.INDIRECT,
            "attack_incumbent_implied",
            "criticism of the sitting office holder's record",
        )
    if ctx.sarcastic and ctx.anti:
        ctx.scores["DUKUNGAN"] = min(ctx.scores["DUKUNGAN"], S.SARCASTIC_SUPPORT)
