"""Word tables of the text layer as data: ``pipeline/text/data/targets.yaml`` and ``normalize.yaml``.

Loaded and validated once per process (:func:`target_tables`, :func:`normalize_tables`); a file that does not
validate raises :class:`TableError` naming the file and the field. Each regex entry (the election cues) has an
``example`` it must match, checked by ``tests/text/test_tables.py``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

DATA_DIR = Path(__file__).resolve().parent / "data"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TableError(ValueError):
    """A table file that is missing or does not validate; the message names the file."""


class ElectionCue(BaseModel):
    """A regex fragment that makes election context, and an example it matches."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str
    example: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from None
        return pattern


class TargetTables(BaseModel):
    """``targets.yaml``: what the target resolver reads besides the election config."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number_words: dict[str, int]
    gesture_emoji: dict[str, int]
    colour_emoji: dict[str, tuple[str, ...]]
    honorifics: tuple[str, ...]
    election_cues: tuple[ElectionCue, ...]
    weak_election_cues: tuple[str, ...]
    number_before_veto: tuple[str, ...]

    @field_validator("number_words", "gesture_emoji")
    @classmethod
    def _positive(cls, table: dict[str, int]) -> dict[str, int]:
        bad = [k for k, v in table.items() if v < 1 or not k]
        if bad:
            raise ValueError(f"entries need a non-empty key and a value >= 1: {bad}")
        return table


class NormalizeTables(BaseModel):
    """``normalize.yaml``: the normaliser's leetspeak map, number heads and maskable words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    leet: dict[str, str]
    number_heads: tuple[str, ...]
    maskable: tuple[str, ...]

    @field_validator("leet")
    @classmethod
    def _one_char(cls, table: dict[str, str]) -> dict[str, str]:
        bad = [k for k, v in table.items() if len(k) != 1 or len(v) != 1]
        if bad:
            raise ValueError(f"leet maps one character to one character: {bad}")
        return table


M = TypeVar("M", bound=BaseModel)


def _load(path: Path, model: type[M]) -> M:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 (a safe loader)
        return model.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise TableError(f"{path}: {exc}") from None


@cache
def target_tables(path: Path = DATA_DIR / "targets.yaml") -> TargetTables:
    """The target resolver's tables, validated (cached per path)."""
    return _load(path, TargetTables)


@cache
def normalize_tables(path: Path = DATA_DIR / "normalize.yaml") -> NormalizeTables:
    """The normaliser's tables, validated (cached per path)."""
    return _load(path, NormalizeTables)
