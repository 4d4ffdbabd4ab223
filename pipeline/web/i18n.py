"""Interface text in Indonesian (the default) and English, from ``data/messages.yaml``.

Every key has both languages (a test checks); a missing key shows as the key itself so that a typo is visible
instead of crashing a reviewer's page.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"


@cache
def messages() -> dict[str, dict[str, str]]:
    """``{key: {"id": text, "en": text}}``."""
    text = resources.files("pipeline.web").joinpath("data/messages.yaml").read_text(encoding="utf-8")
    raw: Any = yaml.safe_load(text)
    return {str(k): {str(lang): str(v) for lang, v in by.items()} for k, by in raw.items()}


def language(value: str | None) -> str:
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str, lang: str) -> str:
    by = messages().get(key)
    if by is None:
        return key
    return by.get(lang) or by.get(DEFAULT_LANGUAGE) or key
