"""The decision: labels and the neutral scores from the partisan scores, targets, review flags and evidence."""

from __future__ import annotations

from pipeline.classify.rules import scores as S
from pipeline.classify.rules.analysis import LabelContext
from pipeline.classify.rules.patterns import CANDIDACY, POSE, UNNAMED_AGAINST
from pipeline.labels import PARTISAN_LABELS
from pipeline.text.targets import KOTAK_KOSONG


def decide(ctx: LabelContext) -> None:
    """Set the analysis' labels, scores (clipped to [0, 1]), targets, flags and raw evidence spans."""
    labels = _labels_and_scores(ctx)
    partisan = any(label in PARTISAN_LABELS for label in labels)
    targets = _targets(ctx, partisan)
    _flags(ctx, partisan, targets)
    a = ctx.a
    a.evidence = _evidence(ctx, partisan, targets)
    a.scores = {k: round(min(1.0, max(0.0, v)), 4) for k, v in ctx.scores.items() if v > 0 or k in labels}
    a.labels = labels
    a.targets = targets
    a.flags = sorted(ctx.flags)


def _labels_and_scores(ctx: LabelContext) -> list[str]:
    """Labels from the partisan scores; the neutral and unrelated scores."""
    labels = [label for label in PARTISAN_LABELS if ctx.scores[label] >= S.THRESHOLD]
    election_related = bool(
        ctx.post_mentions
        or ctx.quoted_mentions
        or ctx.res.has_cue
        or (ctx.is_reply and ctx.parent_mentions)
        or ctx.has("civic")
        or (ctx.has("news", strong=True) and ctx.res.has_cue)
        or (ctx.has("antihoax") and ctx.res.has_cue)
        or ctx.has("party", strong=True)
        or (ctx.has("duty") and ctx.res.has_cue)
        or (ctx.res.rejected and (ctx.has("antihoax") or bool(ctx.strong_news)))
    )
    if not labels:
        labels = [
            "NETRAL_PEMILU" if election_related or (ctx.is_reply and ctx.res.parent_cue) else "TIDAK_TERKAIT"
        ]
    top = max((ctx.scores[label] for label in PARTISAN_LABELS), default=0.0)
    ctx.scores["NETRAL_PEMILU"] = round(
        (1 - top) if labels == ["NETRAL_PEMILU"] else min(1 - top, S.THRESHOLD) if election_related else 0.0,
        4,
    )
    ctx.scores["TIDAK_TERKAIT"] = round((1 - top) if labels == ["TIDAK_TERKAIT"] else 0.0, 4)
    return labels


def _targets(ctx: LabelContext, partisan: bool) -> list[int]:
    """Who the partisan stance is about, else who is named."""
    # targets: who the partisan stance is about, else who is named
    targets = sorted(ctx.pro_targets | ctx.anti) if partisan else []
    if partisan and not targets:
        targets = sorted({m.number for m in ctx.bind})
    if not partisan:
        targets = sorted({m.number for m in ctx.post_mentions})
    return targets


def _flags(ctx: LabelContext, partisan: bool, targets: list[int]) -> None:
    """Review flags."""
    # flags
    img = ctx.has("image", strong=True) + [
        h for h in ctx.has("image") if h.weak and (ctx.bind or ctx.res.has_cue)
    ]
    if img and (partisan or (ctx.bind and not ctx.via_parent)):
        ctx.flags.add("BUTUH_GAMBAR")
    if any(m.kind == "emoji" for m in ctx.post_mentions) and POSE.search(ctx.text):
        ctx.flags.add("BUTUH_GAMBAR")
    _image_read(ctx)
    if KOTAK_KOSONG in targets or any(m.number == KOTAK_KOSONG for m in ctx.post_mentions):
        ctx.flags.add("KONTEKS_KHUSUS")
    special = ctx.has("special")
    if special and (ctx.bind or ctx.res.has_cue or partisan):
        ctx.flags.add("KONTEKS_KHUSUS")
        ctx.fired.append(("gray_zone", f"gray zone {special[0].text!r}"))
    if partisan and ctx.a.phase in {"before_candidates_set", "after"}:
        ctx.flags.add("KONTEKS_KHUSUS")
        ctx.fired.append(("timing", f"posted in phase {ctx.a.phase}"))
    if partisan and ctx.other_side and not targets:
        ctx.flags.add("KONTEKS_KHUSUS")
    if ctx.sarcastic and not targets and ctx.has("attack") and (ctx.res.has_cue or ctx.has("generic")):
        ctx.flags.add("KONTEKS_KHUSUS")
    if not partisan and UNNAMED_AGAINST.search(ctx.text) and (ctx.has("attack") or ctx.has("hoax")):
        ctx.flags.add("KONTEKS_KHUSUS")  # "jangan pilih calon yang ...": whom it means needs a reviewer
        ctx.fired.append(("unnamed_target", "a call against a candidate the text does not name"))
    if ctx.party_strong and CANDIDACY.search(ctx.text):
        ctx.flags.add("KONTEKS_KHUSUS")


def _image_read(ctx: LabelContext) -> None:
    """The image was read (asnwatch ocr): its text is in the analysis, so it no longer needs a look; an image
    that could not be read keeps the flag, with the reason."""
    media = ctx.post.media or ()
    if any(m.read for m in media):
        ctx.flags.discard("BUTUH_GAMBAR")
        return
    unread = [m.ocr_error for m in media if m.ocr_error]
    if unread and "BUTUH_GAMBAR" in ctx.flags:
        ctx.fired.append(("image_unread", f"image not read ({unread[0]})"))


def _evidence(ctx: LabelContext, partisan: bool, targets: list[int]) -> list[tuple[int, int, str]]:
    """Fired spans plus the target mentions they bind to, as raw spans."""
    # evidence: fired spans plus the target mentions they bind to
    if partisan:
        ctx.ev.extend((m.start, m.end, f"target:{m.kind}") for m in ctx.post_mentions if m.number in targets)
    raw_ev: list[tuple[int, int, str]] = []
    for s, e, rule in sorted(set(ctx.ev)):
        if e <= s:
            continue
        rs, re_ = ctx.a.norm.raw_span(s, e)
        if (rs, re_, rule) not in raw_ev and re_ > rs:
            raw_ev.append((rs, re_, rule))
    return raw_ev
