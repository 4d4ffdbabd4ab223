"""Profile scorer: is the author of a post an ASN (PNS or PPPK)? (BRIEF 9.1; CONTRACT ``accounts score``.)

A transparent logistic model. Each feature (a group of phrases in ``data/signals.yaml``) is 0 or 1 for a
profile; ``asn_score = sigmoid(bias + sum(weight[f] for f shown))``. Every feature that fired is listed in
``reasons`` with its weight and the words that triggered it, so a reviewer sees why.

Classes: a registry match (handle, or a NIP in the bio equal to a registered one) decides ``ASN``. Otherwise
``ASN`` when ``asn_score >= thresholds.asn``, ``NON_ASN`` when ``asn_score <= thresholds.non_asn`` and some
negative signal fired, else ``UNKNOWN`` (a profile that says nothing is UNKNOWN, not NON_ASN: silence is no evidence).

Weights: the defaults from ``signals.yaml``, or a weights JSON written by :func:`pipeline.accounts.refit.refit`
(``{"bias": b, "weights": {feature: w}, "thresholds": {...}}``); features missing from the file keep their
default weight.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.accounts.lexicon import Lexicon, default_lexicon, normalise_text
from pipeline.accounts.nip import parse_text
from pipeline.accounts.scope import ScopeReader, acronym_jokes, apply_scope, others_yield, post_evidence
from pipeline.errors import InputError
from pipeline.schema import AccountScore, Author

if TYPE_CHECKING:
    from pipeline.accounts.registry import Registry

_DIGIT_RUN = re.compile(r"\d{8}")  # a cheap pre-check: NIP parsing only runs on text with 8 digits in a row


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def profile_text(author: Author) -> str:
    """The text the scorer reads: name | bio | handle (with ``_`` and ``.`` as spaces). Not normalised."""
    parts = [author.name or "", author.bio or ""]
    if author.handle:
        parts.append(author.handle.replace(".", " ").replace("_", " "))
    return " | ".join(parts)


def load_weights(path: str | Path) -> dict[str, Any]:
    """Read a weights JSON (see module docstring); raises :class:`InputError` naming the file and key."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("no such file", path=p) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a weights JSON file ({exc})", path=p) from None
    if not isinstance(data, dict) or not isinstance(data.get("weights"), dict):
        raise InputError('expected an object with "weights": {feature: number}', path=p, key="weights")
    for key, value in data["weights"].items():
        if not isinstance(value, (int, float)):
            raise InputError("weight must be a number", path=p, key=f"weights.{key}")
    return data


_NIP_WORDS = frozenset({"nip", "ni pppk", "nip pppk"})


def _drop_nip_words(found: dict[str, list[str]]) -> None:
    """The word "NIP" is a status claim only while the NIP counts: a discounted NIP takes it along."""
    kept = [t for t in found.get("self_status", []) if t not in _NIP_WORDS]
    if kept:
        found["self_status"] = kept
    else:
        found.pop("self_status", None)


class ProfileScorer:
    """Scores :class:`~pipeline.schema.Author` profiles. Thread-safe after construction; reuse one instance.

    ``weights``: ``{"bias": float, "weights": {feature: float}, "thresholds": {"asn": p, "non_asn": p}}``,
    each key optional (defaults from the lexicon). A plain ``{feature: float}`` dict is also accepted.
    Unknown feature names raise :class:`InputError`.
    """

    def __init__(
        self,
        *,
        weights: dict[str, Any] | None = None,
        registry: Registry | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.registry = registry
        w = {name: f.weight for name, f in self.lexicon.features.items()}
        self.bias = self.lexicon.bias
        self.thresholds = dict(self.lexicon.thresholds)
        if weights:
            nested = weights.get("weights")
            given = nested if isinstance(nested, dict) else weights
            unknown = sorted(set(given) - set(w) - {"bias", "thresholds", "weights"})
            if unknown:
                raise InputError(f"unknown feature(s) in weights: {', '.join(unknown)}", key="weights")
            w.update({k: float(v) for k, v in given.items() if k in w})
            if "bias" in weights:
                self.bias = float(weights["bias"])
            self.thresholds.update({k: float(v) for k, v in (weights.get("thresholds") or {}).items()})
        self.weights = w

    # -- features ------------------------------------------------------------------------------------
    def features(
        self, author: Author, posts: Iterable[tuple[str, str]] = ()
    ) -> tuple[dict[str, list[str]], Any]:
        """Features shown by the profile -> evidence phrases; plus the first valid NIP (or None).

        Derived features (``status_with_agency``, ``honorer_turned_asn``, NIP and registry-name features) are
        added here; the evidence of a NIP is its masked form only.
        """
        raw = profile_text(author)
        norm = normalise_text(raw)
        tokens, hits = self.lexicon.match_hits(norm)
        found, reader = apply_scope(self.lexicon, norm, tokens, hits)
        if "(" in norm or "=" in norm or ":" in norm:
            acronym_jokes(self.lexicon, norm, found)  # "PNS (Pempek Nian Sedap)"
        post_evidence(self.lexicon, posts, found)
        nip = None
        if _DIGIT_RUN.search(raw):
            parsed = parse_text(raw)
            if parsed.nips:
                nip = parsed.nips[0]
                feat = "nip_unknown_code" if nip.kind == "UNKNOWN" else "nip_valid"
                self._add_nip(found, reader, tokens, feat, [m.masked for m in parsed.nips])
            elif parsed.masked:
                self._add_nip(found, reader, tokens, "nip_masked", [m.masked for m in parsed.masked])
        if "civil_service_rank" in found and self._retirement_named(found):
            # "Pensiunan Penata Tk.I III/d": like a NIP, a rank proves an appointment, not current service
            found["retired"] += [f"{t} (the rank of a retired ASN)" for t in found.pop("civil_service_rank")]
        others_yield(self.lexicon, found)  # "Camat X; istri saya guru honorer": the camat's own post decides
        if "status_security" in found:
            # "PNS Polres", "ASN Polri di Polda": the unit names are the workplace of a civilian ASN.
            found.pop("security_force", None)
        if "self_status" in found and ({"agency_central", "agency_regional", "state_school"} & found.keys()):
            found["status_with_agency"] = found["self_status"][:1]
        if "honorer" in found and ({"self_status", "life_event_strong", "nip_valid"} & found.keys()):
            # "honorer 12 tahun, lulus PPPK 2024": a career transition, not evidence against
            found["honorer_turned_asn"] = found["honorer"][:1]
        if self.registry is not None and "registry_name" not in found:
            entry = self.registry.match_name(author.name)
            if entry is not None:
                found["registry_name"] = [entry.describe()]
        return found, nip

    def _retirement_named(self, found: dict[str, list[str]]) -> bool:
        """The holder's own retirement is named ("pensiunan", "purna tugas"), not only a former post ("mantan
        camat", "dulu PNS": a post left for another, which a current rank may follow)."""
        former = self.lexicon.scope.cues["former_before"]
        return any(" (" not in t and t.split(" ", 1)[0] not in former for t in found.get("retired", ()))

    def _add_nip(
        self,
        found: dict[str, list[str]],
        reader: ScopeReader | None,
        tokens: list[str],
        feature: str,
        masked: list[str],
    ) -> None:
        """A NIP proves an appointment, not current service: retired or former profiles, and a NIP that is
        negated or retracted ("NIP ... canda"), do not count it."""
        if "retired" in found:
            found["retired"].append(f"{masked[0]} (a NIP of a retired or former ASN)")
            _drop_nip_words(found)
            return
        outcome = None
        if reader is not None:
            start = next((i for i, t in enumerate(tokens) if t.isdigit() and len(t) >= 8), -1)
            end = start + 1
            while 0 < end < len(tokens) and tokens[end].isdigit():
                end += 1  # a spaced NIP: "19860926 201101 1 002"
            outcome = reader.outcome(start, end, "self_status")
        target = self.lexicon.scope.becomes.get(outcome) if outcome else None
        if outcome is None:
            found[feature] = masked
        elif target is not None:
            found.setdefault(target, []).append(f"{masked[0]} ({outcome})")
            _drop_nip_words(found)

    # -- scoring -------------------------------------------------------------------------------------
    def score(self, author: Author, *, posts: Iterable[tuple[str, str]] = ()) -> AccountScore:
        """One CONTRACT ``accounts score`` line for ``author``."""
        found, nip = self.features(author, posts)
        logit = self.bias
        weights, feats = self.weights, self.lexicon.features
        fired: list[tuple[float, str]] = []
        negative = False  # NON_ASN needs evidence against, not merely weak evidence for
        for name, phrases in found.items():
            weight = weights[name]
            logit += weight
            negative = negative or weight < 0
            shown = ", ".join(dict.fromkeys(phrases))
            fired.append((weight, f"{weight:+.1f} {name} [{feats[name].tier}]: {shown}"))
        # Strongest evidence first (by absolute weight), so the first reason is the main one.
        fired.sort(key=lambda item: -abs(item[0]))
        reasons = [text for _, text in fired]
        score = _sigmoid(logit)
        registry_hit = None
        if self.registry is not None:
            registry_hit = self.registry.match_author(author, nip_digest=nip.digest if nip else None)
        if registry_hit is not None:
            reasons.insert(0, f"registry: {registry_hit}")
            asn_class = "ASN"
            score = 1.0
        elif score >= self.thresholds["asn"] and not self.lexicon.decisive.isdisjoint(found):
            asn_class = "ASN"
        elif score >= self.thresholds["asn"]:
            asn_class = "UNKNOWN"  # a workplace or profession alone: many such people are honorer
            reasons.append("no employment status or ASN-only role: a workplace alone is not enough for ASN")
        elif score <= self.thresholds["non_asn"] and negative:
            asn_class = "NON_ASN"
        else:
            asn_class = "UNKNOWN"
            if not found:
                reasons.append("no ASN-related signal in name, bio or handle")
        # Built without re-validation: every field is produced here in its valid form (hot path).
        return AccountScore.model_construct(
            id=author.id,
            asn_class=asn_class,
            asn_score=round(score, 4),
            reasons=reasons,
            nip=nip.info() if nip else None,
        )

    @property
    def post_limit(self) -> int:
        """How many of an author's own posts :meth:`score` reads as evidence (``post_evidence.max_posts``)."""
        return self.lexicon.max_posts

    def feature_vector(self, author: Author) -> dict[str, int]:
        """0/1 per feature name (for refitting)."""
        found, _ = self.features(author)
        return {name: int(name in found) for name in self.lexicon.features}


def author_from_record(obj: dict[str, Any]) -> Author:
    """An input line of ``accounts score``: a profile, a canonical post's ``author`` object, or a whole post.

    A whole post (has ``text`` and an ``author`` object) is read as its author; the post's ``platform`` fills
    a missing author platform. Raises ``ValueError`` when there is nothing to score.
    """
    if isinstance(obj.get("author"), dict) and ("text" in obj or "bio" not in obj):
        author = dict(obj["author"])
        author.setdefault("platform", obj.get("platform"))
        if author.get("platform") is None and obj.get("platform"):
            author["platform"] = obj["platform"]
        obj = author
    fields = {k: obj.get(k) for k in ("id", "platform", "handle", "name", "bio")}
    for key, value in fields.items():
        if value is not None and not isinstance(value, str):
            if isinstance(value, (int, float)) and key == "id":
                fields[key] = str(value)
            else:
                raise ValueError(f"{key}: expected a string, got {type(value).__name__}")
    if not any(fields[k] for k in ("handle", "name", "bio", "id")):
        raise ValueError("no id, handle, name or bio to score")
    return Author(**fields)
