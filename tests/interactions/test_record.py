"""The canonical interaction: its id, its model, and the fitting every collected interaction passes."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from pipeline.collect.base import Raw, Reject
from pipeline.interactions import KINDS, Interaction, fit_interaction, interaction_id, make_interaction


def _record(**changes: Any) -> dict[str, Any]:
    actor = {"id": "x:44196397", "platform": "x", "handle": "budi_s", "name": "Budi", "bio": "ASN"}
    record = make_interaction(
        platform="x",
        kind="follow",
        actor=actor,
        object_type="account",
        object_id="x:1460000001",
        object_handle="HermaHebat",
        fmt="test",
        raw=Raw(None, "a.jsonl", 3, path="$.data[0]"),
    )
    record.update(changes)
    return record


def test_the_id_names_platform_kind_actor_and_object() -> None:
    record = _record()
    assert record["id"] == "x:follow:44196397:account:1460000001"
    assert record["source"] == {"format": "test", "file": "a.jsonl", "line": 3, "path": "$.data[0]"}
    assert record["object"] == {"type": "account", "id": "x:1460000001", "handle": "HermaHebat"}
    assert fit_interaction(record) is record
    assert set(KINDS) == {"follow", "like", "share", "comment", "member", "subscribe"}


def test_a_long_id_becomes_a_stable_hash_within_200_characters() -> None:
    long_actor = "a" * 190
    first = interaction_id("csv", "member", long_actor, "account", "g1")
    assert first == interaction_id("csv", "member", long_actor, "account", "g1")
    assert len(first) <= 200 and first.startswith("csv:member:h")
    assert first != interaction_id("csv", "member", long_actor, "account", "g2")
    assert interaction_id("x", "like", "1", "post", "2") == "x:like:1:post:2"


def test_an_object_known_by_handle_only_is_named_by_it_in_the_id() -> None:
    record = make_interaction(
        platform="instagram",
        kind="follow",
        actor={"id": "instagram:budi_s"},
        object_type="account",
        object_id=None,
        object_handle="Herma.Official",
        fmt="test",
        raw=Raw(None, "a.csv", 2),
    )
    assert record["id"] == "instagram:follow:budi_s:account:@herma.official"
    assert record["object"] == {"type": "account", "id": None, "handle": "Herma.Official"}
    assert fit_interaction(record) is record


def test_control_characters_are_cleaned_and_recorded_but_not_in_ids() -> None:
    record = _record(actor={"id": "x:1", "name": "Bu\x00di"})
    fitted = fit_interaction(record)
    assert isinstance(fitted, dict)
    assert fitted["actor"]["name"] == "Budi"
    assert fitted["source"]["cleaned"] == {"actor.name": 1}
    bad = fit_interaction(_record(actor={"id": "x:1\x07"}))
    assert isinstance(bad, Reject) and "actor.id contains control characters" in bad.reason


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"kind": "poke"}, "kind:"),
        ({"actor": {"handle": "budi"}}, "actor.id: Field required"),
        (
            {"object": {"type": "account", "id": None}},
            "object: Value error, the object needs an id or a handle",
        ),
        ({"object": {"type": "group", "id": "x:1"}}, "object.type:"),
        ({"at": "2024-11-20T10:15:00"}, "at: Value error, the time must carry a UTC offset"),
        ({"id": "x:" + "1" * 300}, "id: String should have at most 200 characters"),
        ({"actor": {"id": "x:1", "name": "n" * 301}}, "actor.name: String should have at most 300"),
    ],
)
def test_what_does_not_fit_the_model_is_rejected_with_the_field(changes: dict[str, Any], reason: str) -> None:
    result = fit_interaction(_record(**changes))
    assert isinstance(result, Reject)
    assert result.reason.startswith(reason), result.reason


def test_the_model_keeps_unknown_keys_and_reads_times_with_offsets() -> None:
    model = Interaction.model_validate(_record(at="2024-11-20T10:15:00+07:00", extra="kept"))
    assert model.at is not None and model.at.utcoffset() is not None
    assert model.model_dump()["extra"] == "kept"
    with pytest.raises(ValidationError):
        Interaction.model_validate({"id": "x", "kind": "like", "actor": {"id": "x:1"}})
