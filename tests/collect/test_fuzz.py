"""The collectors' fuzz suite (issue 19, "nothing lost"): bad and odd records for every format, from the fixtures.

For every generated file (see ``fuzz_cases.py`` for the sources and the mutation families):

- nothing raises (an internal error would be exit 3), and no reject says "internal error";
- the counts reconcile, ``read == written + rejected + skipped + duplicates``;
- every post of the clean file whose record the mutation did not touch is still written (``spared``);
- every reject names its reason and where (line or JSON path), and can be written as JSON;
- everything written is a valid canonical post and reads back with ``collect --format jsonl`` unchanged in ids.

Profiles: ``bounded`` (default, ``make test``: ``ASNWATCH_FUZZ_EXAMPLES`` examples per source, 50) and ``long``
(``make fuzz``, 400 per source). ``ASNWATCH_FUZZ_REPORT=FILE`` writes the run's figures (docs/reliability.md).
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.collect.fuzz_cases import INTERACTION_SOURCES, SOURCES, Case, Source, collect_bytes

ALL_SOURCES = SOURCES + INTERACTION_SOURCES  # posts, then interactions (issue 15's collectors)

_COMMON = {"deadline": None, "database": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile(
    "bounded", max_examples=int(os.environ.get("ASNWATCH_FUZZ_EXAMPLES", "50")), **_COMMON
)
settings.register_profile(
    "long", max_examples=int(os.environ.get("ASNWATCH_FUZZ_EXAMPLES", "400")), **_COMMON
)
PROFILE = os.environ.get("ASNWATCH_FUZZ", "bounded")

FIGURES: Counter[str] = Counter()
FAMILIES: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    target = os.environ.get("ASNWATCH_FUZZ_REPORT")
    if target:
        figures = {"profile": PROFILE, **FIGURES, "families": dict(sorted(FAMILIES.items()))}
        Path(target).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


def mentioned(pid: str, posts: list[dict[str, Any]], rejects: list[dict[str, Any]]) -> bool:
    """Whether the row of ``pid`` ended inside another record (a quote left open makes the next lines one cell)."""
    token = pid.split(":", 1)[1]
    return token in orjson.dumps(posts).decode() or token in orjson.dumps(rejects, default=str).decode()


def check(case: Case) -> dict[str, Any]:
    """Collect one case and check every property; returns the counts."""
    counts, posts, rejects = collect_bytes(case.data, case.fmt, case.options, case.filename)
    where = f"{case.source} / {case.family}: {case.note}"
    assert counts.reconciled(), (where, counts.as_dict())
    ids = {p["id"] for p in posts}
    missing = case.spared - ids
    if case.loose:
        missing = {pid for pid in missing if not mentioned(pid, posts, rejects)}
    stopped = any("the rest is unread" in r["reason"] for r in rejects)
    if "unless_stopped" in case.extra and not stopped:
        missing |= case.extra["unless_stopped"] - ids
    assert not missing, (where, sorted(missing), [r["reason"] for r in rejects])
    if case.exact:
        assert ids == case.baseline, (where, sorted(case.baseline ^ ids))
    for reject in rejects:
        assert reject["reason"] and not reject["reason"].startswith("internal error"), (where, reject)
        assert reject["line"] is not None or reject["path"] is not None, (where, reject)
        orjson.dumps(reject, default=str)  # what the CLI writes
    written = b"".join(orjson.dumps(p) + b"\n" for p in posts)
    interactions = bool(case.options.get("interactions"))
    back_counts, back, back_rejects = collect_bytes(
        written,
        "interactions-jsonl" if interactions else "jsonl",
        {"interactions": interactions},
        "back.jsonl",
    )
    assert not back_rejects, (where, back_rejects[:2])
    assert [p["id"] for p in back] == [p["id"] for p in posts], where
    tally(case, counts.as_dict(), len(case.spared))
    return counts.as_dict()


def tally(case: Case, counts: dict[str, Any], spared: int) -> None:
    FIGURES["cases"] += 1
    FIGURES["records read"] += counts["read"]
    for bucket in ("written", "rejected", "skipped", "duplicates"):
        FIGURES[f"records {bucket}"] += counts[bucket]
    FIGURES["spared posts checked"] += spared
    FAMILIES[case.family] += 1


@pytest.mark.parametrize("source", ALL_SOURCES, ids=[s.name for s in ALL_SOURCES])
@settings(settings.get_profile(PROFILE))
@given(data=st.data())
def test_nothing_lost(source: Source, data: st.DataObject) -> None:
    family = data.draw(st.sampled_from(source.families), label="family")
    check(source.case(data.draw(st.randoms(use_true_random=False), label="rng"), family))


@pytest.mark.parametrize(
    "family", ["truncation", "invalid bytes", "bom", "crlf", "deep nesting", "huge number"]
)
def test_every_source_takes_every_file_family(family: str) -> None:
    """Each family on each source at least once, whatever hypothesis draws (seeded)."""
    for index, source in enumerate(ALL_SOURCES):
        if family in source.families:
            check(source.case(random.Random(index), family))


def test_fuzz_cases_into_both_stores(db_url: str, tmp_path: Path) -> None:
    """A seeded sample of cases through the store (``collect --db``): nothing raises, and the store holds exactly
    the posts the JSONL runs wrote (NUL bytes included, which PostgreSQL refuses unless removed)."""
    from sqlalchemy import select

    from pipeline.cli.collect import run_collect
    from pipeline.collect import CollectOptions
    from pipeline.collect.csv_mapped import build_mapping, load_mapping_file
    from pipeline.store import open_store
    from pipeline.store.tables import Post as PostRow
    from tests.collect.fuzz_cases import FIXTURES

    rng, expected = random.Random(19), set()
    for n in range(3 * len(SOURCES)):
        source = SOURCES[n % len(SOURCES)]
        case = source.case(rng)
        _, posts, _ = collect_bytes(case.data, case.fmt, case.options, case.filename)
        expected |= {p["id"] for p in posts}
        path = tmp_path / f"{n}-{case.filename}"
        path.write_bytes(case.data)
        loaded = (
            load_mapping_file(FIXTURES / case.options["mapping"]) if case.options.get("mapping") else None
        )
        mapping = build_mapping(preset=case.options.get("preset"), mapping=loaded)
        run_collect(inputs=[path], fmt=case.fmt, output=None, db=db_url, rejects=tmp_path / "rejects.jsonl",
                    options=CollectOptions(mapping=mapping), since=None, until=None, quiet=True)  # fmt: skip
    store = open_store(db_url)
    try:
        with store.session() as session:
            stored = set(session.scalars(select(PostRow.id)))
    finally:
        store.dispose()
    assert stored == expected
