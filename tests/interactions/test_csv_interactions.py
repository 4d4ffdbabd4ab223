"""CSV interactions: the facebook-group-members preset and a custom mapping file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError, InputError
from pipeline.interactions import InteractionOptions
from pipeline.interactions.csv_interactions import (
    build_interaction_mapping,
    handle_from_url,
    load_interaction_mapping,
)
from tests.interactions.conftest import by_id, run

GROUP = "facebook:987654321012345"


def test_facebook_group_members_preset(fixtures: Path) -> None:
    counts, records, rejects = run(fixtures / "facebook_group_members.csv")
    got = by_id(records)
    budi = got["facebook:member:100010000000001:account:987654321012345"]
    assert budi["kind"] == "member" and budi["platform"] == "facebook" and budi["at"] is None
    assert budi["actor"] == {
        "id": "facebook:100010000000001",
        "platform": "facebook",
        "handle": "budi.santoso.77",
        "name": "Budi Santoso",
        "bio": "ASN Dinas Pendidikan Kab. Sukamaju",
    }
    assert budi["object"] == {"type": "account", "id": GROUP}
    assert budi["source"]["format"] == "csv-interactions:facebook-group-members"
    assert budi["source"]["line"] == 2
    rudi = got["facebook:member:100010000000002:account:987654321012345"]
    assert rudi["actor"]["handle"] is None  # a profile.php link names no handle
    assert [(r["reason"], r["line"]) for r in rejects] == [
        ("6 cells, header has 8", 4),
        ("missing actor id or handle", 5),
        ("missing object id or handle (map object_id, or pass object_id)", 7),
    ]
    assert counts.skipped == 1  # the empty line
    assert counts.read == 6  # every physical row (the quoted two-line bio is one record)


def test_the_group_can_come_from_the_options(fixtures: Path) -> None:
    options = InteractionOptions(object_id="987654321012345", object_handle="RelawanHerma")
    _, records, rejects = run(fixtures / "facebook_group_members.csv", options=options)
    sari = by_id(records)["facebook:member:100010000000004:account:987654321012345"]
    assert sari["actor"]["bio"] == "Guru honorer\nibu dua anak"
    assert sari["object"] == {"type": "account", "id": GROUP, "handle": "RelawanHerma"}
    assert len(rejects) == 2


def test_a_mapping_file_with_a_kind_column(fixtures: Path) -> None:
    mapping = build_interaction_mapping(
        mapping=load_interaction_mapping(fixtures / "instagram_likes_mapping.yaml")
    )
    counts, records, rejects = run(
        fixtures / "instagram_likes.csv", fmt="csv-interactions", options=InteractionOptions(mapping=mapping)
    )
    first = records[0]
    assert first["id"] == "instagram:like:budi_s:post:3300000000000000001"
    assert first["actor"]["id"] == "instagram:budi_s" and first["actor"]["name"] == "Budi Santoso"
    assert first["object"] == {"type": "post", "id": "instagram:3300000000000000001"}
    assert first["at"] == "2024-11-20T10:15:00+07:00"
    assert records[1]["at"] == "2024-11-20T11:00:00+07:00"
    assert [(r["reason"], r["line"]) for r in rejects] == [
        ("invalid at 'bukan tanggal'", 4),
        ("unknown kind 'clap'; one of follow, like, share, comment, member, subscribe", 5),
    ]
    assert counts.written == 2


def test_field_column_pairs_and_a_constant_kind(tmp_path: Path) -> None:
    path = tmp_path / "follows.csv"
    path.write_text("user,target\n@Budi_S,HermaHebat\n")
    mapping = build_interaction_mapping(
        mapping={"platform": "x", "kind": "follow"}, pairs=["actor_handle=user", "object_handle=target"]
    )
    _, records, _ = run(path, fmt="csv-interactions", options=InteractionOptions(mapping=mapping))
    assert records[0]["id"] == "x:follow:Budi_S:account:@hermahebat"
    assert records[0]["object"] == {"type": "account", "id": None, "handle": "HermaHebat"}


def test_a_csv_with_the_canonical_field_names_needs_no_mapping(tmp_path: Path) -> None:
    path = tmp_path / "subs.csv"
    path.write_text("actor_id,actor_name,kind,object_id,platform\n7,Budi,subscribe,UC123,youtube\n")
    _, records, _ = run(path)
    assert records[0]["id"] == "youtube:subscribe:7:account:UC123"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"preset": "nope"}, "unknown preset"),
        ({"pairs": ["actor_id"]}, "expected FIELD=COLUMN"),
        ({"pairs": ["text=x", "kind=k"]}, "unknown field 'text'"),
        ({"mapping": {"kind": "poke", "columns": {"actor_id": "a"}}}, "unknown kind 'poke'"),
        ({"pairs": ["actor_id=a"]}, "names no kind"),
        ({"mapping": {"kind": "like", "columns": {"object_id": "o"}}}, "names no actor_id"),
    ],
)
def test_bad_mappings_are_config_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        build_interaction_mapping(**kwargs)


def test_a_header_without_the_actor_column_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("who,what\n1,2\n")
    mapping = build_interaction_mapping(mapping={"kind": "like"}, pairs=["actor_id=user"])
    with pytest.raises(InputError, match="no actor column"):
        run(path, fmt="csv-interactions", options=InteractionOptions(mapping=mapping))
    with pytest.raises(InputError, match="no column mapping"):
        run(path, fmt="csv-interactions")


def test_handles_from_profile_links() -> None:
    assert handle_from_url("https://www.facebook.com/budi.santoso.77") == "budi.santoso.77"
    assert handle_from_url("https://www.facebook.com/profile.php?id=1") is None
    assert handle_from_url("https://www.facebook.com/groups/1/user/2/") is None
    assert handle_from_url("facebook.com/@sari") == "sari"
    assert handle_from_url(None) is None
