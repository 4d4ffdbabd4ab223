"""Shared fixtures. ``store`` runs each store test on SQLite and on PostgreSQL.

PostgreSQL: ``ASNWATCH_TEST_PG`` (default postgresql+psycopg://postgres@127.0.0.1:5432/test). Each test gets
its own schema, dropped afterwards. Under ``CI=true`` an unreachable PostgreSQL fails the test instead of
skipping it.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PG_URL = os.environ.get("ASNWATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SAMPLE_ELECTION = ROOT / "configs" / "elections" / "pilbup-sukamaju-2024.yaml"

os.environ.setdefault("ASNWATCH_NO_PROGRESS", "1")


def _pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        return f"{type(exc).__name__}: {exc}"


_PG_REASON: str | None | bool = False  # False = not checked yet


def require_pg() -> None:
    """Skip (or, under CI=true, fail) when PostgreSQL is not reachable."""
    global _PG_REASON
    if _PG_REASON is False:
        _PG_REASON = _pg_available()
    if _PG_REASON:
        message = f"PostgreSQL not reachable at {PG_URL}: {_PG_REASON}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(reason=message)


def pg_schema_url(schema: str) -> str:
    """A URL whose connections use ``schema`` as search path."""
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_url():
    """A PostgreSQL URL bound to a fresh schema, dropped after the test."""
    require_pg()
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    raw = PG_URL.replace("+psycopg", "")
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield pg_schema_url(schema)
    finally:
        with psycopg.connect(raw, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'asnwatch.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A database URL for each backend: a temp SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'asnwatch.db'}"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url):
    """An opened, migrated :class:`pipeline.store.Store` on SQLite and on PostgreSQL."""
    from pipeline.store import open_store

    s = open_store(db_url)
    try:
        yield s
    finally:
        s.dispose()


@pytest.fixture
def sample_election():
    from pipeline.election import load_election

    return load_election(SAMPLE_ELECTION)


def start_cli(*args: str, cwd: Path | None = None):
    """Start ``asnwatch`` in a subprocess without waiting (for concurrency and fault tests); text pipes."""
    import subprocess

    env = {**os.environ, "ASNWATCH_NO_PROGRESS": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli.main", *args],
        cwd=cwd or ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, input: str | None = None):
    """Run ``asnwatch`` in a subprocess; returns CompletedProcess with text stdout/stderr."""
    import subprocess

    full_env = {**os.environ, "ASNWATCH_NO_PROGRESS": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli.main", *args],
        cwd=cwd or ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        input=input,
        timeout=600,
    )
