"""Which inputs of one ``collect`` run hold posts, which hold interactions, and which hold both.

``--format`` naming an interaction format reads every input as interactions; a post format reads them as
posts. ``auto`` asks both plugin registries about each file and takes the surer family; a Telegram Desktop
export is both (its messages are posts, its authors and joins memberships of the chat), read twice when the
run has somewhere to put interactions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pipeline.collect.base import read_head
from pipeline.collect.base import registry as post_registry
from pipeline.errors import InputError
from pipeline.interactions.base import registry as interaction_registry

BOTH = {"telegram-desktop": "telegram-members"}
"""Post formats whose files also hold interactions, with the interaction format that reads them."""


@dataclass
class InputPlan:
    """``posts`` and ``interactions``: the files each family reads, in the given order, with the format it
    reads them in (``auto`` when the user said so: each collector detects its own files again)."""

    posts: list[tuple[Path, str]] = field(default_factory=list)
    interactions: list[tuple[Path, str]] = field(default_factory=list)


class _Detects(Protocol):
    @classmethod
    def detect(cls, head: bytes, name: str) -> int: ...


def _best(head: bytes, name: str, formats: Iterable[tuple[str, type[_Detects]]]) -> tuple[int, str]:
    return max(((cls.detect(head, name), fmt) for fmt, cls in formats), default=(0, ""))


def _family(path: Path) -> tuple[str | None, str | None]:
    """``(post format, interaction format)`` a file is detected as (None where that family does not claim it)."""
    head = read_head(path)
    name = path.name.lower().removesuffix(".gz").removesuffix(".zip")
    post_score, post_fmt = _best(head, name, post_registry().items())
    inter_score, inter_fmt = _best(head, name, interaction_registry().items())
    if post_fmt in BOTH and post_score > 0:
        return post_fmt, BOTH[post_fmt]
    if inter_score > post_score:
        return None, inter_fmt
    if post_score > 0:
        return post_fmt, None
    raise InputError("cannot tell the export format; pass --format", path=path)


def plan_inputs(paths: Iterable[Path], *, fmt: str, interactions_wanted: bool) -> InputPlan:
    """Route each file (see the module doc). ``interactions_wanted``: the run has an interaction sink, so a file
    holding both is read by both families. Raises :class:`InputError` for an unknown format or a file no
    format recognises."""
    plan = InputPlan()
    interaction_formats, post_formats = set(interaction_registry()), set(post_registry())
    for path in paths:
        if fmt in interaction_formats:
            plan.interactions.append((path, fmt))
        elif fmt in post_formats:
            plan.posts.append((path, fmt))
            if fmt in BOTH and interactions_wanted:
                plan.interactions.append((path, BOTH[fmt]))
        elif fmt == "auto":
            post_fmt, inter_fmt = _family(path)
            if post_fmt:
                plan.posts.append((path, post_fmt))
            if inter_fmt and (interactions_wanted or not post_fmt):
                plan.interactions.append((path, inter_fmt))
        else:
            known = ", ".join(sorted(post_formats | interaction_formats))
            raise InputError(f"unknown format {fmt!r}; known: auto, {known}", option="format")
    return plan
