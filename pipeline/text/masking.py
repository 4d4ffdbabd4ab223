"""Replace configured targets with placeholders so trained models learn stance, not names.

``mask_targets("Tgl 27 coblos no 2, Kang Bagus pasti menang", cfg)`` ->
``"tanggal 27 coblos [NOMOR_2], [CALON_2] pasti menang"``.

Placeholders (``n`` is the candidate's ballot number, so a model trained on one election transfers to another):

- ``[CALON_n]``: names, pair names, aliases, acronyms, official accounts,
- ``[NOMOR_n]``: ballot numbers (digits, words, regional numerals, keycaps) and number emoji/gestures,
- ``[TAGAR_n]`` / ``[SLOGAN_n]``: the candidate's hashtags / slogans,
- ``[PARTAI_n]``: a party backing candidate ``n`` (the lowest number when it backs several),
- ``[WARNA_n]``: a campaign colour in election context,
- ``[ANTI_n]``: a watch term against candidate ``n`` (``#AsalBukanHerma``),
- ``[KOTAK_KOSONG]``: the empty box in a single-candidate contest.

Only mentions the resolver accepts are masked (``Pak Bagus`` stays without an election cue). The output is the
normalised text (:func:`pipeline.text.normalize.normalize`) with the spans replaced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.text.targets import KOTAK_KOSONG, Mention, TargetResolver

if TYPE_CHECKING:
    from pipeline.election import ElectionConfig

__all__ = ["mask_targets", "placeholder"]

_KIND_TAG = {
    "name": "CALON", "pair": "CALON", "alias": "CALON", "acronym": "CALON", "account": "CALON",
    "number": "NOMOR", "emoji": "NOMOR", "hashtag": "TAGAR", "slogan": "SLOGAN", "party": "PARTAI",
    "colour": "WARNA", "watch": "ANTI",
}  # fmt: skip


def placeholder(m: Mention) -> str:
    """The placeholder for one mention, e.g. ``[CALON_2]``."""
    if m.number == KOTAK_KOSONG or m.kind == "kotak":
        return "[KOTAK_KOSONG]"
    return f"[{_KIND_TAG.get(m.kind, 'CALON')}_{m.number}]"


_CACHE: dict[int, tuple[ElectionConfig, TargetResolver]] = {}


def _resolver(election: ElectionConfig) -> TargetResolver:
    # configs are frozen but hold lists (unhashable): cache by identity, keeping the config alive
    hit = _CACHE.get(id(election))
    if hit is None or hit[0] is not election:
        if len(_CACHE) > 16:
            _CACHE.clear()
        hit = _CACHE[id(election)] = (election, TargetResolver(election))
    return hit[1]


def mask_targets(
    text: str,
    election: ElectionConfig,
    *,
    parent_text: str | None = None,
    resolver: TargetResolver | None = None,
) -> str:
    """Normalised ``text`` with every accepted target mention replaced by its placeholder.

    ``parent_text`` (the post a comment replies to) supplies election context for weak forms.
    Pass ``resolver`` to reuse a compiled one in a loop.
    """
    r = resolver or _resolver(election)
    norm = r.normalize(text)
    parent = r.normalize(parent_text) if parent_text else None
    res = r.resolve(norm, parent=parent)
    spans: list[tuple[int, int, str]] = []
    for m in sorted(
        (m for m in res.mentions if not m.in_parent), key=lambda m: (m.start, -(m.end - m.start))
    ):
        if spans and m.start < spans[-1][1]:
            continue  # overlapping mention of another candidate: keep the first, longest
        if m.kind == "party":
            backers = r.party_backers.get(m.text.replace("-", " "), [m.number])
            number = min(backers) if backers else m.number
            spans.append((m.start, m.end, f"[PARTAI_{number}]"))
        else:
            spans.append((m.start, m.end, placeholder(m)))
    out = norm.text
    for s, e, tag in reversed(spans):
        out = out[:s] + tag + out[e:]
    return out
