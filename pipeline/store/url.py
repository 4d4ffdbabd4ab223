"""Database URLs: the default and the forms a user may type. Light on purpose: the CLI imports it at start-up
without loading SQLAlchemy."""

from __future__ import annotations

import re

DEFAULT_URL = "sqlite:///asnwatch.db"


def normalise_url(url: str | None) -> str:
    """Accept a SQLAlchemy URL, ``postgresql://`` (made ``+psycopg``) or a bare SQLite file path."""
    if not url:
        return DEFAULT_URL
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+]*://", url):
        if url.startswith(("postgresql://", "postgres://")):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    return f"sqlite:///{url}"
