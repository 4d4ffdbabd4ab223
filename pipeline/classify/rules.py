"""The config-driven rules classifier (``asnwatch classify --model rules``): works on day one, no labelled data.

For each post: normalise (:mod:`pipeline.text.normalize`), resolve targets from the election config
(:mod:`pipeline.text.targets`), run the cue families of :mod:`pipeline.classify.rules_lexicon`, bind stance cues
to targets, let neutral frames (news and quotes about violations, anti-hoax, KPU/Bawaslu information, official duty,
passive attendance) damp the partisan scores, and set review flags. Scores are rule confidences in [0, 1], not
calibrated probabilities; ``partisan_score`` is the highest partisan label score.

Targets are candidate numbers; ``0`` is the empty box (*kotak kosong*) in a single-candidate contest.
Evidence is given as raw-text strings (``evidence``) and raw character spans ``[start, end, rule]``
(``evidence_spans``).

Example::

    clf = RulesClassifier(load_election("configs/elections/pilbup-sukamaju-2024.yaml"))
    clf.predict_one(Post(id="x:1", text="Tgl 27 jgn lupa coblos no 2 ya dulur"))
    # labels ['AJAKAN'], targets [2], evidence ['coblos no 2', ...]
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

from pipeline.classify.rules_lexicon import COMPILED, FIRST_PERSON, SCANNER, WEAK
from pipeline.labels import PARTISAN_LABELS
from pipeline.schema import Post, Prediction
from pipeline.text.frames import Frames, detect_frames
from pipeline.text.normalize import Normalized
from pipeline.text.targets import KOTAK_KOSONG, Mention, Resolution, TargetResolver

if TYPE_CHECKING:
    from pipeline.election import ElectionConfig

__all__ = ["RulesClassifier", "Analysis", "Hit"]

VERSION = "0.2.0"
CALIBRATION_FILE = "rules_calibration.json"
THRESHOLD = 0.5
SYMBOL_KINDS = frozenset({"number", "emoji", "hashtag", "slogan", "colour"})
_QUOTE = re.compile(r"[\"“”«»]([^\"“”«»]{2,200})[\"“”«»]|(?<![\w])['‘’]([^'‘’]{2,200})['‘’](?![\w])")
# scanner key -> (family, from a CUES_WEAK list)
_FAMILY_OF = {key: (key.removesuffix("~weak"), key.endswith("~weak")) for key in SCANNER.names}
_SKIP_QUOTED = frozenset({"negation"})
_SKIP_PLAIN = frozenset({"negation", "quote_frame"})
_QUOTE_CHARS = re.compile(r"[\"“”«»'‘’]")
_FIRST_PERSON = re.compile(rf"(?<![\w]){FIRST_PERSON}(?![\w])")
# sarcasm: a mocking emoji, or praise with a tag question ("hebat ya", "keren banget ya": always " ya")
_SARCASM_EMOJI = re.compile(r"[🙄😏🤣😂🤭🤡]")
_SARCASM_PRAISE = re.compile(
    r"(?<![\w])(?:hebat|keren|mantap|pinter|pintar) (?:ya|sekali ya|banget ya)(?![\w])"
)
_CALL_VERB = re.compile(
    r"(?<![\w])(?:(?:coblos|pilih|memilih|dukung|menangkan|memenangkan|kawal|gas|sikat|contreng|follow|ikuti|bantu|"
    r"bantuin|support|kasih kesempatan(?: ke| kepada| buat)?|percayakan(?: pada| kepada| ke)?)(?:lah)?"
    r"(?:\s+(?:terus|saja|dong|ya|lagi|kembali|selalu|suara))?"
    r"|(?:suara(?:mu|nya|kita)?|dukungan(?:nya|mu)?)\s+(?:buat|untuk|ke|ka))\s*$"
)
# "jangan pilih calon yang ...": a call against someone the text does not name (review, no label)
_UNNAMED_AGAINST = re.compile(
    r"(?<![\w])(?:jangan|tidak usah|asal bukan) (?:pilih|coblos|dukung|dipilih)\s+(?:calon|paslon|pemimpin|kandidat)\b"
)
_PETAHANA = re.compile(r"(?<![\w])(?:petahana|incumbent)(?![\w])")
ALLEGIANCE_HEADS = frozenset(
    {
        "tetap",
        "pokoknya",
        "cuma",
        "hanya",
        "fix",
        "gas",
        "sikat",
        "harga mati",
        "all in",
        "salam",
        "tim",
        "chant",
    }
)
_NEG_BEFORE = re.compile(
    r"(?<![\w])(?:jangan(?! lupa| sampai lupa| golput)|tidak usah|tak usah|ga usah|gak usah|asal bukan|bukan|tolak|ojo)\s+(?:\w+\s+){0,2}$"
)
# allegiance right before a target: "sy mah BANUR", "tetap Abah", "saya pilih Kang Bagus", "jagoan kami X"
_ALLEGIANCE_BEFORE = re.compile(
    r"(?<![\w])(?:(?:saya|kami|aku|abdi|kula|ane|awak|ambo)(?: (?:mah|sih|tetap|dari dulu|dari awal|juga|pasti))+"
    r"(?: (?:ikut|pilih|dukung|tim|pro|sama|condong ke|ke))?"
    r"|(?:saya|kami|aku|abdi|kula|ane|awak|ambo) (?:ikut|pilih|dukung|tim|pro|condong ke)"
    r"|(?:tetap|pokoknya|fix|harga mati|jagoan(?:ku| kami| saya| kita)?|pilihan(?:ku| saya| kami| hati)|all in|"
    r"setia)(?: (?:sama|ke|dengan|di|pada|bersama))?) $"
)
_ALLEGIANCE_NEAR = re.compile(r"(?<![\w])(?:tetap|pokoknya|harga mati|fix|all in)(?: \w+){0,2} $")
_ALLEGIANCE_AFTER = re.compile(
    r"^ ?(?:lah|harga mati|sampai mati|no debat|nomor debat|forever|pokoknya|deui|maning|meneh)(?![\w])"
)
# a pair acronym "expanded" into a mocking phrase: "BANUR itu Banyak Nurut", "HERMA = Hendra Rajin Menghilang"
_EXPANSION = re.compile(
    r"^\s*(?:=|itu|artinya|singkatan(?: dari)?|kepanjangan(?:nya)?|adalah)\s*(\w+)\s+(\w+)"
)
# criticism that can only mean the sitting office holder ("lima tahun ...", "mau dilanjutkan lagi?")
_INCUMBENT_IMPLIED = re.compile(
    r"(?<![\w])(?:(?:lima|5|sepuluh|10) (?:tahun|taun)|dua periode|2 periode|dilanjutkan(?: lagi)?|lanjut lagi|"
    r"petahana|incumbent|selama (?:ini|menjabat)|jadi bupati|jadi walikota|jadi wali kota)(?![\w])"
)
_NEGATED = re.compile(
    r"(?<![\w])(?:jangan|tidak|tak|dilarang|tidak boleh|tidak usah|larangan|bukan|jan|ulah)(?: \w+)? $"
)
_SEBELAH = re.compile(r"(?<![\w])(?:paslon|calon|kubu|tim|pasangan) sebelah(?![\w])")
_CALL_BEFORE = re.compile(r"(?:pilih|coblos|dukung|asal bukan|tolak|mau|usah|biarkan)\s+(?:\w+\s+){0,2}$")
_TWO_TERMS = re.compile(r"(?<![\w])(?:dua|2) periode(?! (?:jadi|sebagai|menjabat|di))(?![\w])")
_WINK_TELLING = re.compile(r"pilih|sinten|program siapa|berjasa")
_TWIBBON = re.compile(r"twibbon|bingkai|frame")
_THIRD_PERSON = re.compile(r"(?<![\w])(?:dia|mereka|beliau|oknum|pak \w+ yang)(?![\w])")
_OWN_ACTION = re.compile(
    r"(?<![\w])(?:hadir|ikut|melu|datang|pasang|masang|nempel|tempel|bagi|dibagi|sebar|kumpul|"
    r"bakumpul|ngumpul|bantu|jadi|dipercaya|nyanyi|capek|angkat|siapin|nyiapin)"
)
_DISOWNED = re.compile(r"dihack|diretas|dibajak|bukan (?:dari )?saya")
_POSE = re.compile(r"pose|gaya|jari|foto")
_CANDIDACY = re.compile(r"penjaringan|bakal-calon|daftar")
_SHARE_ONLY = re.compile(r"^\s*(?:url|@[\w.]+|\W)*\s*$")


class Hit(NamedTuple):  # a tuple: cheap to create, and there are many per post
    """A cue hit on the normalised text. ``weak``: a generic word that counts only next to a target."""

    family: str
    start: int
    end: int
    text: str
    weak: bool
    specific: bool = False  # from a CUES_WEAK list: weak, but telling next to a name


@dataclass
class Analysis:
    """Everything the rules saw for one post; :meth:`RulesClassifier.explain` prints it."""

    norm: Normalized
    parent: Normalized | None
    resolution: Resolution
    hits: list[Hit]
    quoted: list[tuple[int, int]]
    phase: str
    scores: dict[str, float] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    fired: list[tuple[str, str]] = field(default_factory=list)  # (rule, why)
    evidence: list[tuple[int, int, str]] = field(default_factory=list)  # raw spans
    frames: Frames = field(default_factory=Frames)  # clearing frames: features, never a veto

    @property
    def partisan_score(self) -> float:
        return max((self.scores.get(label, 0.0) for label in PARTISAN_LABELS), default=0.0)


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
            evidence=_dedupe_strings(a.norm.raw[s:e] for s, e in _merge_spans(a.evidence)),
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
        r = self.resolver
        norm = r.normalize(post.text or "")
        parent = r.normalize(post.parent_text) if post.parent_text else None
        text = norm.text
        phase = self._el.phase_of(post.created_at).value if post.created_at is not None else "unknown"

        # quote frames matter only when the text has quotes; negation is read by the patterns themselves
        has_quotes = _QUOTE_CHARS.search(text) is not None
        hits_all = SCANNER.scan(text, skip=_SKIP_QUOTED if has_quotes else _SKIP_PLAIN)
        # Quotes inside a reporting or prohibition frame are someone else's words: cues there do not count.
        quoted: list[tuple[int, int]] = []
        if has_quotes:
            quote_frames = hits_all.get("quote_frame", [])
            for m in _QUOTE.finditer(text):
                s, e = m.span()
                if any(not (s <= h[0] < e) for h in quote_frames):
                    quoted.append((s, e))

        hits: list[Hit] = []
        for key, spans in hits_all.items():
            fam, always_weak = _FAMILY_OF[key]
            weak = WEAK.get(fam, frozenset())
            for s, e, t in spans:
                if not quoted or not any(qs <= s < qe for qs, qe in quoted):
                    hits.append(Hit(fam, s, e, t, always_weak or t in weak, always_weak))
        hits = [
            h
            for h in hits
            if h.family not in {"campaign", "abuse"}
            or not _NEGATED.search(text[max(0, h.start - 30) : h.start])
        ]
        fam_hits: dict[str, list[Hit]] = {}
        for h in hits:
            fam_hits.setdefault(h.family, []).append(h)

        res = r.resolve(norm, parent=parent)
        # A strong partisan cue is election context too, so a weak alias next to it resolves ("wajib share
        # konten Kang Bagus"): resolve again with that context when something was rejected.
        strong_ctx = any(
            not h.weak
            for fam in ("call", "abuse", "campaign", "party", "support", "attack", "hoax")
            for h in fam_hits.get(fam, [])
        )
        if res.rejected and strong_ctx:
            res = _accept_weak(res, kinds={"alias", "name", "acronym", "party", "number"})
        # "pilih Kang Bagus": a call verb right before a weak name is context enough
        called = [
            m
            for m in res.rejected
            if m.kind in {"alias", "name", "acronym"}
            and _CALL_VERB.search(text[max(0, m.start - 25) : m.start])
        ]
        if called:
            res = _accept_weak(res, kinds={"alias", "name", "acronym"}, only=called)
        # "tetap Abah 🤟💚", "sy mah Pak Hendra": an allegiance head makes the weak form a target
        loyal = [
            m
            for m in res.rejected
            if _ALLEGIANCE_BEFORE.search(text[max(0, m.start - 30) : m.start])
            or _ALLEGIANCE_AFTER.search(text[m.end : m.end + 15])
        ]
        if loyal:
            res = _accept_weak(
                res, kinds={"alias", "name", "acronym", "emoji", "colour", "slogan"}, only=loyal
            )
        # "tetap Abah 🤟💚": symbols shortly after an allegiance head
        loyal_sym = [
            m
            for m in res.rejected
            if m.kind in {"emoji", "colour"} and _ALLEGIANCE_NEAR.search(text[max(0, m.start - 30) : m.start])
        ]
        if loyal_sym:
            res = _accept_weak(res, kinds={"emoji", "colour"}, only=loyal_sym)
        # praise or derision right next to a weak name ("rancak bana Uda Fauzan", "Mas Gun iku ... 🥱") is
        # context too, when the text has any election word or another stance cue
        if res.rejected:
            stance = [
                h
                for fam in ("support", "attack", "call")
                for h in fam_hits.get(fam, [])
                if h.specific or res.has_cue or strong_ctx
            ]
            near_stance = [
                m
                for m in res.rejected
                if m.kind in {"alias", "name", "acronym"}
                and any(m.start - 40 <= h.end and h.start <= m.end + 40 for h in stance)
            ]
            if near_stance:
                res = _accept_weak(res, kinds={"alias", "name", "acronym"}, only=near_stance)

        named = {m.number for m in res.mentions if not m.in_parent}
        frames = detect_frames(post.text or "", mentioned=len(named), n_candidates=self._n_candidates)
        a = Analysis(
            norm=norm, parent=parent, resolution=res, hits=hits, quoted=quoted, phase=phase, frames=frames
        )
        self._label(a, post, fam_hits)
        return a

    def _label(self, a: Analysis, post: Post, fam: dict[str, list[Hit]]) -> None:
        res = a.resolution
        text = a.norm.text
        quoted = a.quoted
        post_mentions = [
            m for m in res.mentions if not m.in_parent and not any(qs <= m.start < qe for qs, qe in quoted)
        ]
        quoted_mentions = [m for m in res.mentions if not m.in_parent and m not in post_mentions]
        parent_mentions = [m for m in res.mentions if m.in_parent]
        scores: dict[str, float] = {label: 0.0 for label in PARTISAN_LABELS}
        fired = a.fired
        ev: list[tuple[int, int, str]] = []  # normalised spans with rule names, mapped to raw at the end

        def fire(
            label: str, score: float, rule: str, why: str, spans: Iterable[tuple[int, int]] = ()
        ) -> None:
            if score > scores.get(label, 0.0):
                scores[label] = score
            fired.append((rule, why))
            ev.extend((s, e, rule) for s, e in spans)

        strong_only = {k: [h for h in v if not h.weak] for k, v in fam.items()}

        def has(family: str, *, strong: bool = False) -> list[Hit]:
            return (strong_only if strong else fam).get(family, [])

        is_reply = post.kind in {"comment", "reply", "quote", "share"}
        caption_empty = bool(_SHARE_ONLY.match(text)) or not text.strip()
        # which mentions a stance binds to: the post's own, or the parent's for a short reply without targets
        bind = post_mentions
        via_parent = False
        if not bind and is_reply and parent_mentions and not caption_empty:
            parent_framed = a.parent is not None and _framed(a.parent.text)
            if not parent_framed:
                bind = parent_mentions
                via_parent = True

        def near(h: Hit, window: int = 60) -> list[Mention]:
            if via_parent:
                return bind if len(text.split()) <= 25 else []
            return [m for m in bind if m.start - window <= h.end and h.start <= m.end + window]

        def bound(family: str) -> list[tuple[Hit, list[Mention]]]:
            out = []
            for h in fam.get(family, []):
                ms = near(h) if h.weak else (bind if bind else [])
                if ms:
                    out.append((h, ms))
            return out

        anti: set[int] = set()
        pro_targets: set[int] = set()
        support_targets: set[int] = set()
        # "jangan biarkan kotak kosong menang" is for the single pair, not about the empty box
        bind = [
            m
            for m in bind
            if not (
                m.number == KOTAK_KOSONG
                and not via_parent
                and _NEG_BEFORE.search(text[max(0, m.start - 40) : m.start])
            )
        ]
        # 1. explicit anti forms: watch terms, "asal bukan X", "jangan pilih X"
        for m in bind:
            if m.polarity < 0:
                anti.add(m.number)
                fire(
                    "SERANGAN",
                    0.85,
                    "watch_term",
                    f"watch term {m.text!r} against {m.number}",
                    [(m.start, m.end)],
                )
            elif not via_parent:
                before = text[max(0, m.start - 40) : m.start]
                if m.number != KOTAK_KOSONG and _NEG_BEFORE.search(before) and _CALL_BEFORE.search(before):
                    anti.add(m.number)
                    fire(
                        "SERANGAN",
                        0.85,
                        "negated_call",
                        f"call against {m.number}",
                        [(max(0, m.start - 20), m.end)],
                    )

        # 2. call: a call verb right before a target, or a strong call cue with a target
        for m in bind:
            if via_parent or m.number in anti:
                continue
            before = text[max(0, m.start - 25) : m.start]
            if m.kind == "number" and m.head:
                before = text[max(0, m.start - 40) : m.start]
            if _CALL_VERB.search(before) or (
                m.kind == "number" and m.head in {"coblos", "pilih", "dukung", "menangkan", "kolom"}
            ):
                pro_targets.add(m.number)
                fire(
                    "AJAKAN",
                    0.85,
                    "call_verb_target",
                    f"call verb + target {m.number}",
                    [(max(0, m.start - 12), m.end)],
                )
        for h, ms in bound("call"):
            if h.text.startswith("coblos") and not any(m.kind == "number" for m in ms) and h.weak:
                continue
            nums = {m.number for m in ms} - anti
            if not nums:
                continue
            score = 0.8 if not h.weak else 0.65
            pro_targets.update(nums)
            fire("AJAKAN", score, "call_cue", f"call cue {h.text!r}", [(h.start, h.end)])
        # weak call words only count with another partisan sign; a lone "ayo" next to a name is not a call
        if (
            scores["AJAKAN"] < 0.8
            and scores["AJAKAN"] > 0
            and not (
                has("call", strong=True)
                or has("support", strong=True)
                or any(m.kind in SYMBOL_KINDS for m in bind)
            )
        ) and not any(r == "call_verb_target" for r, _ in fired):
            scores["AJAKAN"] = 0.45

        # 3. support
        sarcastic = bool(_SARCASM_EMOJI.search(text) or (" ya" in text and _SARCASM_PRAISE.search(text)))
        for h, ms in bound("support"):
            nums = {m.number for m in ms} - anti
            if not nums:
                continue
            if sarcastic and has("attack"):
                continue
            score = 0.8 if not h.weak else (0.7 if not via_parent else 0.6)
            if (
                h.weak
                and h.text in {"menang", "lanjut", "lanjutkan", "siap", "amin", "aamiin", "juara"}
                and not via_parent
            ):
                score = 0.55
            pro_targets.update(nums)
            support_targets.update(nums)
            fire(
                "DUKUNGAN",
                score,
                "support_cue",
                f"support cue {h.text!r} -> {sorted(nums)}",
                [(h.start, h.end)],
            )
        # incumbent "dua periode"
        if (
            self._incumbents
            and "periode" in text
            and _TWO_TERMS.search(text)
            and (bind or res.has_cue)
            and not _framed(text)
        ):
            pro_targets.update(self._incumbents)
            fire("DUKUNGAN", 0.7, "incumbent_two_terms", "'dua periode' for the incumbent")

        # allegiance to a named target ("sy mah BANUR lah", "tetap Abah", "jagoan kami Kang Bagus")
        if not via_parent:
            for m in bind:
                if m.number in anti or m.polarity < 0:
                    continue
                if _ALLEGIANCE_BEFORE.search(
                    text[max(0, m.start - 30) : m.start]
                ) or _ALLEGIANCE_AFTER.search(text[m.end : m.end + 15]):
                    pro_targets.add(m.number)
                    support_targets.add(m.number)
                    fire(
                        "DUKUNGAN",
                        0.7,
                        "allegiance",
                        f"allegiance to {m.text!r}",
                        [(max(0, m.start - 12), m.end)],
                    )
        # a call that names nobody ("tahu kan harus pilih siapa 😉", "ingat ini program siapa")
        wink = has("wink")
        # a wink about voting or about whose programme it is tells on its own; "paham kan maksud saya" needs context
        self_telling = any(_WINK_TELLING.search(h.text) for h in wink)
        if wink and (self_telling or bind or res.rejected or res.has_cue or has("abuse", strong=True)):
            pro_targets.update(m.number for m in bind if m.number not in anti)
            fire(
                "AJAKAN", 0.7, "wink_call", f"unnamed call {wink[0].text!r}", [(h.start, h.end) for h in wink]
            )

        # 4. attack
        attack_bound = bound("attack")
        strong_attack = [(h, ms) for h, ms in attack_bound if not h.weak]
        weak_attack = [(h, ms) for h, ms in attack_bound if h.weak]
        if strong_attack or len(weak_attack) >= 2 or (weak_attack and sarcastic):
            for h, ms in strong_attack + weak_attack:
                nums = {m.number for m in ms} - support_targets if not sarcastic else {m.number for m in ms}
                if not nums:
                    continue
                anti.update(nums)
                fire(
                    "SERANGAN",
                    0.8 if not h.weak else 0.65,
                    "attack_cue",
                    f"attack cue {h.text!r}",
                    [(h.start, h.end)],
                )
        other_side = "sebelah" in text and _SEBELAH.search(text) is not None
        if has("hoax") and (bind or other_side):
            anti.update(m.number for m in bind if m.number not in pro_targets)
            fire(
                "SERANGAN",
                0.85,
                "hoax_marker",
                "hoax marker with a target",
                [(h.start, h.end) for h in has("hoax")],
            )
        if other_side and has("attack") and not bind:
            others = [c.number for c in self._el.candidates]
            if self._n_candidates == 2:
                anti.update(others)
            fire("SERANGAN", 0.7, "attack_other_side", "attack on 'paslon sebelah'")
        for m in bind:
            if m.kind != "acronym" or via_parent:
                continue
            ex = _EXPANSION.match(text[m.end : m.end + 60])
            if (
                ex
                and ex.group(1)[:1] == m.text[:1]
                and (sarcastic or has("attack") or has("hoax"))
                and not has("support", strong=True)
            ):
                anti.add(m.number)
                fire(
                    "SERANGAN",
                    0.75,
                    "mock_acronym",
                    f"mocking expansion of {m.text!r}",
                    [(m.start, ex.end() + m.end)],
                )
        attack_all = has("attack")
        if (
            not bind
            and len(self._incumbents) == 1
            and (has("attack", strong=True) or len(attack_all) >= 2 or (attack_all and sarcastic))
            and _INCUMBENT_IMPLIED.search(text)
            and not has("support", strong=True)
        ):
            anti.update(self._incumbents)
            fire(
                "SERANGAN", 0.6, "attack_incumbent_implied", "criticism of the sitting office holder's record"
            )
        if sarcastic and anti:
            scores["DUKUNGAN"] = min(scores["DUKUNGAN"], 0.3)

        # 5. symbols: numbers, emoji, hashtags, slogans, colours tied to a candidate
        def symbolic(m: Mention) -> bool:
            if m.kind == "number":
                return m.head in ALLEGIANCE_HEADS or not m.head
            if m.kind in {"acronym", "name", "alias"}:
                raw_start = a.norm.raw_span(m.start, m.start + 1)[0]
                return a.norm.raw[raw_start : raw_start + 1] == "#"
            return m.kind in SYMBOL_KINDS

        sym = [m for m in post_mentions if symbolic(m) and m.polarity >= 0 and m.number not in anti]
        for m in sym:
            if m.kind == "number" and m.head in ALLEGIANCE_HEADS - {"salam"}:
                pro_targets.add(m.number)
                fire(
                    "DUKUNGAN",
                    0.7,
                    "allegiance_number",
                    f"{m.text!r}: allegiance to a ballot number",
                    [(m.start, m.end)],
                )
        if sym:
            plain_number = (
                all(m.kind == "number" and m.head not in ALLEGIANCE_HEADS for m in sym)
                and scores["AJAKAN"] >= 0.8
            )
            if not plain_number:
                score = (
                    0.7 if any(m.kind in {"hashtag", "emoji", "colour"} or not m.strong for m in sym) else 0.6
                )
                pro_targets.update(m.number for m in sym)
                fire(
                    "SIMBOL",
                    score,
                    "symbol",
                    ", ".join(f"{m.kind} {m.text!r}->{m.number}" for m in sym),
                    [(m.start, m.end) for m in sym],
                )
        if (bind or res.has_cue) and _TWIBBON.search(text):
            fire("SIMBOL", 0.7, "twibbon", "twibbon/frame with election context")

        # 6. campaign participation
        camp_strong = has("campaign", strong=True)
        camp_weak = [h for h in has("campaign") if h.weak]
        # own action: first person, or nobody else named as the actor (only the campaign and party rules ask)
        first_person = bool(camp_strong or camp_weak or has("party")) and (
            bool(_FIRST_PERSON.search(text)) or not _THIRD_PERSON.search(text)
        )
        if camp_strong and (bind or res.has_cue or a.resolution.parent_cue or len(camp_strong) >= 1):
            fire(
                "KEGIATAN_KAMPANYE",
                0.8 if (bind or first_person) else 0.6,
                "campaign_activity",
                f"campaign activity {camp_strong[0].text!r}",
                [(h.start, h.end) for h in camp_strong],
            )
        elif (
            camp_weak and bind and first_person and _OWN_ACTION.search(text) and not has("civic", strong=True)
        ):
            fire(
                "KEGIATAN_KAMPANYE",
                0.7,
                "campaign_role",
                f"campaign word {camp_weak[0].text!r} + own action",
                [(h.start, h.end) for h in camp_weak],
            )

        # 7. abuse of office
        abuse_strong = has("abuse", strong=True)
        abuse_weak = [h for h in has("abuse") if h.weak]
        election_ctx = bool(bind) or res.has_cue or res.parent_cue or bool(has("campaign"))
        if abuse_strong and election_ctx:
            fire(
                "PENYALAHGUNAAN_JABATAN",
                0.85,
                "abuse_of_office",
                f"office/facility/authority {abuse_strong[0].text!r}",
                [(h.start, h.end) for h in abuse_strong],
            )
        elif (
            abuse_weak
            and bind
            and (scores["AJAKAN"] >= 0.5 or scores["DUKUNGAN"] >= 0.5)
            and len(abuse_weak) >= 2
        ):
            fire(
                "PENYALAHGUNAAN_JABATAN",
                0.65,
                "abuse_weak",
                "authority words with a call",
                [(h.start, h.end) for h in abuse_weak],
            )

        # 8. party affiliation
        party_strong = has("party", strong=True)
        party_weak = [h for h in has("party") if h.weak]
        party_mentioned = any(m.kind == "party" for m in post_mentions) or "partai" in text
        if party_strong and (party_mentioned or first_person or res.has_cue):
            fire(
                "AFILIASI_PARPOL",
                0.85,
                "party_affiliation",
                f"party membership/activity {party_strong[0].text!r}",
                [(h.start, h.end) for h in party_strong],
            )
        elif party_weak and party_mentioned and first_person:
            fire(
                "AFILIASI_PARPOL",
                0.65,
                "party_weak",
                f"{party_weak[0].text!r} + party",
                [(h.start, h.end) for h in party_weak],
            )

        # 9. kotak kosong
        kotak_bound = any(m.number == KOTAK_KOSONG for m in bind)
        if kotak_bound and scores["AJAKAN"] < 0.5 and (has("call") or has("support")) and not has("generic"):
            fire("AJAKAN", 0.7, "kotak_kosong_call", "call for the empty box")

        # 10. neutral frames damp everything
        flags: set[str] = set()
        strong_news = [
            h
            for h in has("news")
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
        commitment = bool(has("support", strong=True) or has("call", strong=True)) and bool(
            _FIRST_PERSON.search(_strip_spans(text, quoted) if quoted else text)
        )
        damp = 1.0
        if strong_news and not commitment:
            damp = min(damp, 0.35)
            fired.append(("news_frame", f"reporting/prohibition frame {strong_news[0].text!r}"))
        if quoted and not commitment:
            damp = min(damp, 0.4)
            fired.append(("quoted", "partisan words only inside a quote"))
        if has("antihoax") and not has("hoax"):
            damp = min(damp, 0.35)
            fired.append(("antihoax", f"anti-hoax frame {has('antihoax')[0].text!r}"))
        duty = has("duty")
        if duty:
            scores["KEGIATAN_KAMPANYE"] *= 0.2
            damp = min(damp, 0.45 if not has("call", strong=True) else 1.0)
            fired.append(("official_duty", f"official duty {duty[0].text!r}"))
            if res.has_cue or bind or has("campaign"):
                flags.add("KONTEKS_KHUSUS")
        passive = has("passive")
        if passive:
            damp = min(damp, 0.35)
            fired.append(("passive_attendance", f"passive attendance {passive[0].text!r}"))
            flags.add("KONTEKS_KHUSUS")
        generic = has("generic")
        if generic and not any(m.strong for m in bind) and not via_parent:
            damp = min(damp, 0.45)
            fired.append(("generic_all_candidates", f"no specific target {generic[0].text!r}"))
        if damp < 1.0:
            for label in PARTISAN_LABELS:
                scores[label] *= damp

        # 11. share without caption: only metadata can tell
        if post.kind == "share" and caption_empty:
            flags.add("BUTUH_METADATA")
            for label in PARTISAN_LABELS:
                scores[label] = min(scores[label], 0.3)
            fired.append(("share_without_caption", "a share without a caption"))
        if has("actor"):
            flags.add("AKTOR_TIDAK_PASTI")
            if _DISOWNED.search(text):
                for label in PARTISAN_LABELS:
                    scores[label] *= 0.4
            fired.append(("actor_uncertain", f"account attribution {has('actor')[0].text!r}"))

        labels = [label for label in PARTISAN_LABELS if scores[label] >= THRESHOLD]
        election_related = bool(
            post_mentions
            or quoted_mentions
            or res.has_cue
            or (is_reply and parent_mentions)
            or has("civic")
            or (has("news", strong=True) and res.has_cue)
            or (has("antihoax") and res.has_cue)
            or has("party", strong=True)
            or (has("duty") and res.has_cue)
            or (res.rejected and (has("antihoax") or bool(strong_news)))
        )
        if not labels:
            labels = [
                "NETRAL_PEMILU" if election_related or (is_reply and res.parent_cue) else "TIDAK_TERKAIT"
            ]
        partisan = any(label in PARTISAN_LABELS for label in labels)
        top = max((scores[label] for label in PARTISAN_LABELS), default=0.0)
        scores["NETRAL_PEMILU"] = round(
            (1 - top) if labels == ["NETRAL_PEMILU"] else min(1 - top, 0.5) if election_related else 0.0, 4
        )
        scores["TIDAK_TERKAIT"] = round((1 - top) if labels == ["TIDAK_TERKAIT"] else 0.0, 4)

        # targets: who the partisan stance is about, else who is named
        targets = sorted(pro_targets | anti) if partisan else []
        if partisan and not targets:
            targets = sorted({m.number for m in bind})
        if not partisan:
            targets = sorted({m.number for m in post_mentions})

        # flags
        img = has("image", strong=True) + [h for h in has("image") if h.weak and (bind or res.has_cue)]
        if img and (partisan or (bind and not via_parent)):
            flags.add("BUTUH_GAMBAR")
        if any(m.kind == "emoji" for m in post_mentions) and _POSE.search(text):
            flags.add("BUTUH_GAMBAR")
        if KOTAK_KOSONG in targets or any(m.number == KOTAK_KOSONG for m in post_mentions):
            flags.add("KONTEKS_KHUSUS")
        special = has("special")
        if special and (bind or res.has_cue or partisan):
            flags.add("KONTEKS_KHUSUS")
            fired.append(("gray_zone", f"gray zone {special[0].text!r}"))
        if partisan and a.phase in {"before_candidates_set", "after"}:
            flags.add("KONTEKS_KHUSUS")
            fired.append(("timing", f"posted in phase {a.phase}"))
        if partisan and other_side and not targets:
            flags.add("KONTEKS_KHUSUS")
        if sarcastic and not targets and has("attack") and (res.has_cue or has("generic")):
            flags.add("KONTEKS_KHUSUS")
        if not partisan and _UNNAMED_AGAINST.search(text) and (has("attack") or has("hoax")):
            flags.add("KONTEKS_KHUSUS")  # "jangan pilih calon yang ...": whom it means needs a reviewer
            fired.append(("unnamed_target", "a call against a candidate the text does not name"))
        if party_strong and _CANDIDACY.search(text):
            flags.add("KONTEKS_KHUSUS")

        # evidence: fired spans plus the target mentions they bind to
        if partisan:
            ev.extend((m.start, m.end, f"target:{m.kind}") for m in post_mentions if m.number in targets)
        raw_ev: list[tuple[int, int, str]] = []
        for s, e, rule in sorted(set(ev)):
            if e <= s:
                continue
            rs, re_ = a.norm.raw_span(s, e)
            if (rs, re_, rule) not in raw_ev and re_ > rs:
                raw_ev.append((rs, re_, rule))

        a.scores = {k: round(min(1.0, max(0.0, v)), 4) for k, v in scores.items() if v > 0 or k in labels}
        a.labels = labels
        a.targets = targets
        a.flags = sorted(flags)
        a.evidence = raw_ev

    def calibrate(self, raw: float) -> float:
        """Raw top partisan rule score -> P(partisan) (identity when built with ``calibrated=False``)."""
        return apply_calibration(self._calibration, raw) if self._calibration else raw

    def explain(self, post: Post) -> Analysis:
        """The full :class:`Analysis` of one post (normalised text, targets, fired rules, labels)."""
        return self.analyse(post)


@lru_cache(maxsize=1)
def load_calibration() -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    """The isotonic map (``x`` raw scores ascending, ``y`` P(partisan)) shipped with the package, or None."""
    path = resources.files("pipeline.classify").joinpath(f"data/{CALIBRATION_FILE}")
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    xs, ys = tuple(float(v) for v in data["x"]), tuple(float(v) for v in data["y"])
    if len(xs) != len(ys) or len(xs) < 2 or list(xs) != sorted(xs):
        raise ValueError(f"{CALIBRATION_FILE}: x must be ascending and as long as y (>= 2 points)")
    return xs, ys


def apply_calibration(cal: tuple[tuple[float, ...], tuple[float, ...]], raw: float) -> float:
    """Piecewise-linear interpolation of the isotonic map, clamped at both ends; result in [0, 1]."""
    xs, ys = cal
    if raw <= xs[0]:
        return ys[0]
    if raw >= xs[-1]:
        return ys[-1]
    i = bisect.bisect_right(xs, raw)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    y = y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)
    return min(1.0, max(0.0, y))


def _framed(text: str) -> bool:
    """A parent post that reports, quotes or debunks (comments under it do not take its targets)."""
    news = COMPILED["news"].search(text)
    return bool(
        COMPILED["antihoax"].search(text) or (news and news.group() not in {"url", "debat publik", "contoh"})
    )


def _strip_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for s, e in sorted(spans, reverse=True):
        text = text[:s] + " " * (e - s) + text[e:]
    return text


def _accept_weak(res: Resolution, *, kinds: set[str], only: list[Mention] | None = None) -> Resolution:
    moved = [m for m in res.rejected if m.kind in kinds and (only is None or m in only)]
    if not moved:
        return res
    return Resolution(
        mentions=sorted(res.mentions + moved, key=lambda m: (m.in_parent, m.start)),
        cues=res.cues,
        parent_cue=res.parent_cue,
        rejected=[m for m in res.rejected if m not in moved],
    )


def _merge_spans(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Overlapping or touching raw spans merged, so each evidence string is shown once."""
    out: list[list[int]] = []
    for s, e, _ in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _dedupe_strings(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for s in items:
        s = s.strip()
        if s and s not in out:
            out.append(s)
    return out
