"""The cue families of the rules classifier as data: ``pipeline/classify/data/cues/<family>.yaml``.

One YAML file per family (``support``, ``call``, ``attack``, ...) and ``index.yaml`` with the order of the
families and the first-person pronouns. Each file is validated by :class:`CueFamily` when it is loaded: every
cue is a regex fragment that compiles, on normalised text (:func:`pipeline.text.normalize.normalize`), with an
``example`` it must match (checked by ``tests/classify/test_cue_data.py``); ``weak: true`` marks a cue whose
every hit counts only next to a target; ``weak_words`` are matched texts of the family's other cues that are
too generic alone.

Example of one entry::

    - pattern: 'semoga (?:\\w+ ){0,3}(?:menang|terpilih)'
      example: 'semoga menang'
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

CUES_DIR = Path(__file__).resolve().parent / "data" / "cues"


class Cue(BaseModel):
    """One cue: a regex fragment (no anchors; the scanner adds word boundaries) and an example it matches."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str
    example: str
    weak: bool = False

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        if not pattern:
            raise ValueError("empty pattern")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from None
        return pattern

    @field_validator("example")
    @classmethod
    def _not_blank(cls, example: str) -> str:
        if not example.strip():
            raise ValueError("empty example")
        return example


class CueFamily(BaseModel):
    """A family file: its name (the file's stem), what it means, its cues and its weak words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    family: str
    description: str
    weak_words: tuple[str, ...] = ()
    cues: tuple[Cue, ...]

    @model_validator(mode="after")
    def _unique(self) -> CueFamily:
        seen: set[tuple[str, bool]] = set()
        for cue in self.cues:
            key = (cue.pattern, cue.weak)
            if key in seen:
                raise ValueError(f"pattern {cue.pattern!r} listed twice")
            seen.add(key)
        return self

    @property
    def strong(self) -> list[str]:
        """The patterns of the family's strong list, in file order."""
        return [c.pattern for c in self.cues if not c.weak]

    @property
    def weak(self) -> list[str]:
        """The patterns whose every hit is weak, in file order."""
        return [c.pattern for c in self.cues if c.weak]


class CueIndex(BaseModel):
    """``index.yaml``: the order of the families, of the weak families, and the first-person fragment."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    families: tuple[str, ...]
    weak_families: tuple[str, ...]
    first_person: str


class CueDataError(ValueError):
    """A cue file that is missing or does not validate; the message names the file."""


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 6x faster on these files


def _read(path: Path) -> object:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 (a safe loader)
    except (OSError, yaml.YAMLError) as exc:
        raise CueDataError(f"{path}: {exc}") from None


@cache
def load_cues(directory: Path = CUES_DIR) -> tuple[CueIndex, dict[str, CueFamily]]:
    """The index and every family named in it, validated; raises :class:`CueDataError` naming the file."""
    index_path = directory / "index.yaml"
    try:
        index = CueIndex.model_validate(_read(index_path))
    except ValueError as exc:
        raise CueDataError(f"{index_path}: {exc}") from None
    families: dict[str, CueFamily] = {}
    for name in index.families:
        path = directory / f"{name}.yaml"
        try:
            family = CueFamily.model_validate(_read(path))
        except CueDataError:
            raise
        except ValueError as exc:
            raise CueDataError(f"{path}: {exc}") from None
        if family.family != name:
            raise CueDataError(f"{path}: family is {family.family!r}, the file name says {name!r}")
        families[name] = family
    for name in index.weak_families:
        if name not in families or not families[name].weak:
            raise CueDataError(f"{index_path}: weak family {name!r} has no weak cues")
    unlisted = {p.stem for p in directory.glob("*.yaml")} - set(index.families) - {"index"}
    if unlisted:
        raise CueDataError(f"{index_path}: files not listed in families: {sorted(unlisted)}")
    return index, families
