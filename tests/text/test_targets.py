"""Target resolution from the election config (pipeline.text.targets)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.election import load_election
from pipeline.text.targets import TargetResolver

CONFIG = Path(__file__).parents[1] / "classify" / "election_test.yaml"
KOTAK = Path(__file__).parents[1] / "classify" / "election_kotak_test.yaml"


@pytest.fixture(scope="module")
def resolver() -> TargetResolver:
    return TargetResolver(load_election(CONFIG))


def found(r: TargetResolver, text: str, parent: str | None = None) -> list[tuple[int, str]]:
    res = r.resolve(r.normalize(text), parent=r.normalize(parent) if parent else None)
    return sorted({(m.number, m.kind) for m in res.mentions if not m.in_parent})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hendra Wijaya hadir", [(1, "name")]),
        ("mantap Bagus-Nurul", [(2, "pair")]),
        ("gas YUSRA", [(3, "acronym")]),
        ("#HermaHebat", [(1, "hashtag")]),
        ("#AsalBukanYusra", [(3, "watch")]),
        ("follow @herma.official", [(1, "account")]),
        ("KTA Partai Hijau Raya", [(3, "party")]),
        ("coblos nomor 2", [(2, "number")]),
        ("paslon tiga", [(3, "number")]),
        ("pokoke nomer loro", [(2, "number")]),
        ("urang pilih nomer hiji", [(1, "number")]),
        ("coblos 1️⃣", [(1, "number")]),
        ("pilkada: 03 💪", [(3, "number")]),
        ("Hijau hijau sampai 27 November", [(3, "colour")]),
        ("salam dua jari", [(2, "number")]),
    ],
)
def test_resolves(resolver: TargetResolver, text: str, expected: list[tuple[int, str]]) -> None:
    assert found(resolver, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Pelayanan kami nomor satu",  # idiom
        "juara 1 lomba",
        "antre nomor 2 di poli",
        "rapat jam 2️⃣ siang",
        "Semangat Pak Bagus!",  # common first name without an election cue
        "nasi goreng bagus",
        "langit biru cerah",  # colour without election cue
        "Alhamdulillah ✌️",  # gesture without election cue
        "lanjutkan kerjanya",  # one-word slogan without cue
        "TPS 02 Desa Mekar",
        "27/11 dan 1-3 Desember",
    ],
)
def test_does_not_resolve(resolver: TargetResolver, text: str) -> None:
    assert found(resolver, text) == []


def test_weak_alias_with_election_cue(resolver: TargetResolver) -> None:
    assert found(resolver, "Debat pilkada tadi Pak Bagus keren") == [(2, "alias")]


def test_parent_gives_context_to_emoji(resolver: TargetResolver) -> None:
    assert found(resolver, "☝️☝️", parent="Kampanye Pak Hendra #HermaHebat") == [(1, "emoji")]
    assert found(resolver, "☝️☝️", parent="Tim voli juara lagi") == []


def test_kotak_kosong_only_in_single_candidate_contest(resolver: TargetResolver) -> None:
    assert found(resolver, "coblos kotak kosong") == []
    kotak = TargetResolver(load_election(KOTAK))
    assert found(kotak, "coblos kotak kosong") == [(0, "kotak")]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("coblos yang paling kanan di kertas suara", 3),
        ("pilih paslon paling kiri ya", 1),
        ("urutan kedua paling mantap", 2),
        ("yg tengah di surat suara pilihanku", 2),
    ],
)
def test_ballot_positions(resolver: TargetResolver, text: str, number: int) -> None:
    assert found(resolver, text) == [(number, "number")]


def test_a_position_word_without_the_ballot_is_not_a_target(resolver: TargetResolver) -> None:
    assert found(resolver, "rumahnya yang paling kanan di gang itu") == []


def _with(**election_extra) -> TargetResolver:
    import yaml

    from pipeline.election import parse_election

    data = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    data["election"].update(election_extra)
    return TargetResolver(parse_election(data, source="test"))


def test_incumbent_references_resolve_to_the_incumbent_only_with_context() -> None:
    r = _with(incumbent_references=["beliau"])
    (inc,) = r.incumbents
    assert found(r, "beliau tegas, pas buat mimpin lagi di pilkada ini") == [(inc, "alias")]
    assert found(r, "beliau sedang sakit") == []


def test_camp_terms_name_that_camp_as_attacked() -> None:
    r = _with(camp_terms={"cebong": 1})
    res = r.resolve(r.normalize("dasar cebong, pilkada masih lama"))
    assert [(m.number, m.kind, m.polarity) for m in res.mentions] == [(1, "watch", -1)]
    assert found(r, "cebong di kolam belakang rumah") == []
