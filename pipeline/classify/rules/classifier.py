"""The rules classifier: one post -> :class:`~pipeline.classify.rules.analysis.Analysis` -> ``Prediction``.

:meth:`RulesClassifier.analyse` normalises the text, scans the cue families, resolves the targets (accepting weak
mentions by their context), reads the clearing frames, and runs :data:`LABEL_RULES` in order over a
:class:`~pipeline.classify.rules.analysis.LabelContext`; :func:`~pipeline.classify.rules.decide.decide` turns
the scores into labels, targets, flags and evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from pipeline.classify.post_text import IMAGE_MARK, classified_text
from pipeline.classify.rules import abuse, affiliation, attacks, calls, campaign, clearing, support, symbols
from pipeline.classify.rules.analysis import Analysis, Hit, LabelContext
from pipeline.classify.rules.calibration import apply_calibration, load_calibration
from pipeline.classify.rules.decide import decide
from pipeline.classify.rules.patterns import FAMILY_OF, NEGATED, QUOTE, QUOTE_CHARS, SKIP_PLAIN, SKIP_QUOTED
from pipeline.classify.rules.weak_targets import accept_by_context
from pipeline.classify.rules_lexicon import SCANNER, WEAK
from pipeline.schema import Post, Prediction
from pipeline.text.frames import detect_frames
from pipeline.text.normalize import Normalized
from pipeline.text.targets import TargetResolver

if TYPE_CHECKING:
    from pipeline.election import ElectionConfig

VERSION = "0.2.0"
NEGATABLE_FAMILIES = frozenset({"campaign", "abuse"})
"""Families whose cue does not count right after a negation ("tidak ikut kampanye")."""
NEGATION_WINDOW = 30

LabelRule = Callable[[LabelContext], None]
LABEL_RULES: tuple[LabelRule, ...] = (
    # order matters: explicit attacks mark targets the calls skip; support marks targets attacks spare; the
    # clearing frames damp what all the others scored
    attacks.explicit_against,
    calls.calls,
    support.support,
    calls.unnamed_call,
    attacks.bound_attacks,
    attacks.hoax_and_other_side,
    attacks.mocking_acronyms,
    attacks.implied_incumbent,
    symbols.symbols,
    campaign.campaign_roles,
    abuse.abuse_of_office,
    affiliation.party_affiliation,
    calls.empty_box_call,
    clearing.damp_neutral_frames,
    clearing.share_and_actor,
)


class RulesClassifier:
    """Config-driven rules. ``name``/``version`` go into every prediction as ``rules@<version>``."""

    name = "rules"
    version = VERSION

    def __init__(self, election: ElectionConfig, *, calibrated: bool = True) -> None:
        """``calibrated``: report ``partisan_score`` as P(partisan) through the isotonic map in
        ``pipeline/classify/data/rules_calibration.json`` (labels never change); False gives the raw rule score."""
        self._calibration = load_calibration() if calibrated else None
        self.election = election
        self.resolver = TargetResolver(election)
        el = election.election if hasattr(election, "election") else election
        self._el = el
        self._incumbents = {c.number for c in el.candidates if c.incumbent}
        self._n_candidates = len(el.candidates)

    # -- public API ---------------------------------------------------------------------------------------

    def predict(self, posts: Iterable[Post]) -> Iterator[Prediction]:
        """One :class:`Prediction` per post, in input order."""
        for post in posts:
            yield self.predict_one(post)

    def predict_one(self, post: Post) -> Prediction:
        a = self.analyse(post)
        return Prediction(
            id=post.id,
            labels=a.labels,
            partisan_score=round(self.calibrate(a.partisan_score), 4),
            scores={k: round(v, 4) for k, v in a.scores.items()},
            targets=a.targets,
            flags=a.flags,
            evidence=dedupe_strings(_evidence_strings(a.norm.raw, merge_spans(a.evidence))),
            model=f"{self.name}@{self.version}",
            # an extra field of the rules model only (the record allows extras), so other models' lines stay as they are
            evidence_spans=[[s, e, rule] for s, e, rule in a.evidence],  # type: ignore[call-arg]
        )

    def features(self, post: Post) -> dict[str, float]:
        """Rule feature vector for trained models (issue 5): cue counts per family (weak/strong, bound),
        target kinds, frames, phase and kind one-hots, and the rule label scores. Keys are stable strings."""
        a = self.analyse(post)
        f: dict[str, float] = {}
        for h in a.hits:
            key = f"cue.{h.family}.{'weak' if h.weak else 'strong'}"
            f[key] = f.get(key, 0.0) + 1.0
        for m in a.resolution.mentions:
            key = f"target.{'parent.' if m.in_parent else ''}{m.kind}"
            f[key] = f.get(key, 0.0) + 1.0
        f["target.count"] = float(len(a.targets))
        f["target.rejected"] = float(len(a.resolution.rejected))
        f["context.cue"] = float(a.resolution.has_cue)
        f["context.parent_cue"] = float(a.resolution.parent_cue)
        f["quoted"] = float(bool(a.quoted))
        f[f"phase.{a.phase}"] = 1.0
        f[f"kind.{post.kind}"] = 1.0
        for label, score in a.scores.items():
            f[f"score.{label}"] = score
        for flag in a.flags:
            f[f"flag.{flag}"] = 1.0
        for rule, _ in a.fired:
            f[f"rule.{rule}"] = 1.0
        f.update(a.frames.features())
        return f

    # -- the rules ----------------------------------------------------------------------------------------
    def analyse(self, post: Post) -> Analysis:
        """Everything the rules see in ``post``, with its labels, scores, targets, flags and evidence set."""
        r = self.resolver
        text = classified_text(post)
        norm = r.normalize(text)
        parent = r.normalize(post.parent_text) if post.parent_text else None
        phase = self._el.phase_of(post.created_at).value if post.created_at is not None else "unknown"
        hits, quoted = _scan(norm)
        fam_hits: dict[str, list[Hit]] = {}
        for h in hits:
            fam_hits.setdefault(h.family, []).append(h)
        res = accept_by_context(r.resolve(norm, parent=parent), norm.text, fam_hits)
        named = {m.number for m in res.mentions if not m.in_parent}
        frames = detect_frames(text, mentioned=len(named), n_candidates=self._n_candidates)
        a = Analysis(
            norm=norm, parent=parent, resolution=res, hits=hits, quoted=quoted, phase=phase, frames=frames
        )
        ctx = LabelContext(
            a=a,
            post=post,
            fam=fam_hits,
            incumbents=self._incumbents,
            el=self._el,
            n_candidates=self._n_candidates,
        )
        for rule in LABEL_RULES:
            rule(ctx)
        decide(ctx)
        return a

    def calibrate(self, raw: float) -> float:
        """Raw top partisan rule score -> P(partisan) (identity when built with ``calibrated=False``)."""
        return apply_calibration(self._calibration, raw) if self._calibration else raw

    def explain(self, post: Post) -> Analysis:
        """The full :class:`Analysis` of one post (normalised text, targets, fired rules, labels)."""
        return self.analyse(post)


def _scan(norm: Normalized) -> tuple[list[Hit], list[tuple[int, int]]]:
    """The cue hits of the normalised text, and the quote spans whose cues do not count.

    Quotes inside a reporting or prohibition frame are someone else's words: cues there do not count. Quote
    frames matter only when the text has quotes; negation is read by the patterns themselves.
    """
    text = norm.text
    has_quotes = QUOTE_CHARS.search(text) is not None
    hits_all = SCANNER.scan(text, skip=SKIP_QUOTED if has_quotes else SKIP_PLAIN)
    quoted: list[tuple[int, int]] = []
    if has_quotes:
        quote_frames = hits_all.get("quote_frame", [])
        for m in QUOTE.finditer(text):
            s, e = m.span()
            if any(not (s <= h[0] < e) for h in quote_frames):
                quoted.append((s, e))
    hits: list[Hit] = []
    for key, spans in hits_all.items():
        fam, always_weak = FAMILY_OF[key]
        weak = WEAK.get(fam, frozenset())
        for s, e, t in spans:
            if not quoted or not any(qs <= s < qe for qs, qe in quoted):
                hits.append(Hit(fam, s, e, t, always_weak or t in weak, always_weak))
    hits = [
        h
        for h in hits
        if h.family not in NEGATABLE_FAMILIES
        or not NEGATED.search(text[max(0, h.start - NEGATION_WINDOW) : h.start])
    ]
    return hits, quoted


IMAGE_EVIDENCE = "gambar: "  # evidence found in the text OCR read in an image says so


def _evidence_strings(raw: str, spans: Iterable[tuple[int, int]]) -> Iterator[str]:
    """The raw text of each evidence span; a span in the image part (after IMAGE_MARK) says it came from there."""
    image_at = raw.find(IMAGE_MARK)
    image_text_at = image_at + len(IMAGE_MARK)
    for s, e in spans:
        if image_at >= 0 and e > image_at:
            snippet = raw[max(s, image_text_at) : e].strip()
            if snippet:
                yield IMAGE_EVIDENCE + snippet
        else:
            yield raw[s:e]


def merge_spans(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Overlapping or touching raw spans merged, so each evidence string is shown once."""
    out: list[list[int]] = []
    for s, e, _ in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def dedupe_strings(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for s in items:
        s = s.strip()
        if s and s not in out:
            out.append(s)
    return out
