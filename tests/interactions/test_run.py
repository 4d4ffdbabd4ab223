"""The interaction run: detection among interaction formats, dedup, stable ids, counts, canonical JSONL."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import orjson
import pytest

from pipeline.collect.base import read_head
from pipeline.errors import InputError
from pipeline.interactions import (
    JsonlInteractionSink,
    collect_interactions,
    detect_interaction_format,
    registry,
)
from pipeline.interactions.base import plugin_modules
from tests.interactions.conftest import FIXTURES, by_id, run

POST_FIXTURES = Path(__file__).resolve().parents[1] / "collect" / "fixtures"
EXPECTED = {
    "x_followers_pages.jsonl": "x-v2-users",
    "x_following_pages.jsonl": "x-v2-users",
    "x_liking_users.json": "x-v2-users",
    "x_retweeted_by_pages.jsonl": "x-v2-users",
    "x_retweeted_by_flat.jsonl": "x-v2-users",
    "x_users_no_url.jsonl": "x-v2-users",
    "telegram_group_members.json": "telegram-members",
    "telegram_full_export.json": "telegram-members",
    "facebook_group_members.csv": "csv-interactions",
    "interactions.jsonl": "interactions-jsonl",
}


def test_every_format_module_is_discovered() -> None:
    assert set(plugin_modules()) == {"csv_interactions", "jsonl", "telegram_members", "x_users"}
    formats = registry()
    assert set(formats) == {"csv-interactions", "interactions-jsonl", "telegram-members", "x-v2-users"}
    assert all(cls.name == name for name, cls in formats.items())


@pytest.mark.parametrize(("name", "fmt"), sorted(EXPECTED.items()))
def test_detection_picks_the_format(name: str, fmt: str) -> None:
    assert detect_interaction_format(FIXTURES / name) == fmt


# Telegram exports hold posts and memberships alike; every other post export is claimed by no interaction format
POSTS_ONLY = sorted(p.name for p in POST_FIXTURES.iterdir() if not p.name.startswith("telegram_"))


@pytest.mark.parametrize("name", POSTS_ONLY)
def test_no_interaction_format_claims_a_post_export(name: str) -> None:
    path = POST_FIXTURES / name
    head = read_head(path)
    assert {fmt: cls.detect(head, name) for fmt, cls in registry().items() if cls.detect(head, name)} == {}
    with pytest.raises(InputError, match="cannot tell the interaction export format") as exc:
        collect_interactions([path], fmt="auto", sink=JsonlInteractionSink(io.BytesIO()), on_reject=print)
    assert exc.value.path == str(path)


def test_an_unknown_format_or_a_missing_file_fails_before_writing(tmp_path: Path) -> None:
    sink = JsonlInteractionSink(io.BytesIO())
    with pytest.raises(InputError, match="unknown interaction format 'x-v2'"):
        collect_interactions([FIXTURES / "interactions.jsonl"], fmt="x-v2", sink=sink, on_reject=print)
    with pytest.raises(InputError):
        collect_interactions(
            [FIXTURES / "interactions.jsonl", tmp_path / "missing.jsonl"],
            fmt="auto",
            sink=sink,
            on_reject=print,
        )
    assert sink.fh.getvalue() == b""  # type: ignore[attr-defined]


def test_canonical_interactions_are_validated_line_by_line() -> None:
    counts, records, rejects = run(FIXTURES / "interactions.jsonl")
    assert [r["id"] for r in records] == [
        "x:follow:44196397:account:1460000001",
        "facebook:member:100010000000001:account:987654321012345",
    ]
    assert records[1]["platform"] == "facebook"  # from the id
    assert records[1]["source"] == {
        "format": "interactions-jsonl",
        "file": str(FIXTURES / "interactions.jsonl"),
        "line": 2,
    }
    assert records[0]["source"]["file"] == "followers.jsonl"  # provenance kept
    reasons = [(r["line"], r["reason"].split(" (")[0].split(":")[0]) for r in rejects]
    assert reasons == [(3, "kind"), (4, "expected a JSON object, got str"), (5, "truncated JSON"), (6, "at")]
    assert counts.rejected == 4


def test_written_interactions_read_back_unchanged(tmp_path: Path) -> None:
    _, first, _ = run(sorted(FIXTURES / name for name in EXPECTED if name != "interactions.jsonl"))
    out = tmp_path / "all.jsonl"
    out.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in first))
    counts, again, rejects = run(out)
    assert not rejects and counts.formats == {"interactions-jsonl": len(first)}
    assert [r["id"] for r in again] == [r["id"] for r in first]
    assert again[0]["actor"] == first[0]["actor"] and again[0]["object"]["id"] == first[0]["object"]["id"]


def test_re_running_gives_the_same_ids_and_a_seen_set_makes_them_duplicates() -> None:
    paths = [FIXTURES / "x_followers_pages.jsonl", FIXTURES / "telegram_group_members.json"]
    _, first, _ = run(paths)
    _, second, _ = run(paths)
    assert [r["id"] for r in first] == [r["id"] for r in second] and first == second
    seen: dict[str, bytes] = {}
    run(paths, seen=seen)
    counts, records, _ = run(paths, seen=seen)
    assert not records and counts.duplicates == len(first) + 3  # + the within-file duplicates


def test_dedup_across_files_and_formats(tmp_path: Path) -> None:
    paths = [FIXTURES / "x_retweeted_by_pages.jsonl", FIXTURES / "x_retweeted_by_flat.jsonl"]
    counts, records, _ = run(paths)
    assert len(records) == 2 and counts.duplicates == 2
    assert all(r["source"]["file"].endswith("pages.jsonl") for r in records)  # the first file's kept


class _Store:
    """A sink that already holds some ids (an earlier import): those count as duplicates."""

    def __init__(self, stored: set[str]) -> None:
        self.stored = stored
        self.batches: list[list[dict[str, Any]]] = []

    def write(self, batch: list[dict[str, Any]]) -> int:
        self.batches.append(list(batch))
        new = [r for r in batch if r["id"] not in self.stored]
        self.stored.update(r["id"] for r in new)
        return len(new)


def test_a_sink_that_had_some_counts_them_as_duplicates() -> None:
    store = _Store({"x:like:44196397:post:1851000000000000001"})
    counts = collect_interactions([FIXTURES / "x_liking_users.json"], fmt="auto", sink=store, on_reject=print)
    assert counts.written == 1 and counts.duplicates == 1 and counts.reconciled()
    assert len(store.batches[0]) == 2


def test_every_fixture_reconciles_together() -> None:
    counts, records, rejects = run(sorted(FIXTURES / name for name in EXPECTED))
    assert counts.read == counts.written + counts.rejected + counts.skipped + counts.duplicates
    assert len(by_id(records)) == len(records)
    assert all({"reason", "file", "line", "path", "format"} <= r.keys() for r in rejects)
