"""Fixtures of the review tests; the item factory lives in ``review_factory``."""

from __future__ import annotations

import pytest
from review_factory import make_items


@pytest.fixture
def items(store):
    """Three single-review AJAKAN items on the ``store`` fixture (SQLite and PostgreSQL)."""
    return make_items(store, 3)
