"""The clearing frames: neutral frames (reporting, quotes, anti-hoax, official duty, passive attendance, no specific target) damp every partisan score, a share without a caption is capped, and an uncertain actor is flagged. Features and damping, never a veto of the text's own first-person commitment."""

from __future__ import annotations

from pipeline.classify.rules import scores as S
from pipeline.classify.rules.analysis import LabelContext, strip_spans
from pipeline.classify.rules.patterns import DISOWNED, FIRST_PERSON_RE
from pipeline.labels import PARTISAN_LABELS


def damp_neutral_frames(ctx: LabelContext) -> None:
    """Neutral frames damp every partisan score: reporting, quotes, anti-hoax, official duty, passive attendance, no specific target."""
    # 10. neutral frames damp everything
    ctx.flags = set()
    ctx.strong_news = [
        h
        for h in ctx.has("news")
        if h.text
        not in {
            "url",
            "contoh",
            "misalnya",
            "pelajaran",
            "kasus",
            "debat publik",
            "moderator",
            "panelis",
            "tidak boleh",
            "laporan",
        }
    ]
    commitment = bool(ctx.has("support", strong=True) or ctx.has("call", strong=True)) and bool(
        FIRST_PERSON_RE.search(strip_spans(ctx.text, ctx.quoted) if ctx.quoted else ctx.text)
    )
    damp = 1.0
    if ctx.strong_news and not commitment:
        damp = min(damp, S.NEWS_FRAME)
        ctx.fired.append(("news_frame", f"reporting/prohibition frame {ctx.strong_news[0].text!r}"))
    if ctx.quoted and not commitment:
        damp = min(damp, S.QUOTED_ONLY)
        ctx.fired.append(("quoted", "partisan words only inside a quote"))
    if ctx.has("antihoax") and not ctx.has("hoax"):
        damp = min(damp, S.ANTIHOAX_FRAME)
        ctx.fired.append(("antihoax", f"anti-hoax frame {ctx.has('antihoax')[0].text!r}"))
    duty = ctx.has("duty")
    if duty:
        ctx.scores["KEGIATAN_KAMPANYE"] *= S.OFFICIAL_DUTY_CAMPAIGN
        damp = min(damp, S.OFFICIAL_DUTY if not ctx.has("call", strong=True) else 1.0)
        ctx.fired.append(("official_duty", f"official duty {duty[0].text!r}"))
        if ctx.res.has_cue or ctx.bind or ctx.has("campaign"):
            ctx.flags.add("KONTEKS_KHUSUS")
    passive = ctx.has("passive")
    if passive:
        damp = min(damp, S.PASSIVE_ATTENDANCE)
        ctx.fired.append(("passive_attendance", f"passive attendance {passive[0].text!r}"))
        ctx.flags.add("KONTEKS_KHUSUS")
    generic = ctx.has("generic")
    if generic and not any(m.strong for m in ctx.bind) and not ctx.via_parent:
        damp = min(damp, S.NO_SPECIFIC_TARGET)
        ctx.fired.append(("generic_all_candidates", f"no specific target {generic[0].text!r}"))
    if damp < 1.0:
        for label in PARTISAN_LABELS:
            ctx.scores[label] *= damp


def share_and_actor(ctx: LabelContext) -> None:
    """A share without a caption (only metadata can tell) and an uncertain actor (a hacked account)."""
    # 11. share without caption: only metadata can tell
    if ctx.post.kind == "share" and ctx.caption_empty:
        ctx.flags.add("BUTUH_METADATA")
        for label in PARTISAN_LABELS:
            ctx.scores[label] = min(ctx.scores[label], S.SHARE_WITHOUT_CAPTION)
        ctx.fired.append(("share_without_caption", "a share without a caption"))
    if ctx.has("actor"):
        ctx.flags.add("AKTOR_TIDAK_PASTI")
        if DISOWNED.search(ctx.text):
            for label in PARTISAN_LABELS:
                ctx.scores[label] *= S.DISOWNED_ACCOUNT
        ctx.fired.append(("actor_uncertain", f"account attribution {ctx.has('actor')[0].text!r}"))
