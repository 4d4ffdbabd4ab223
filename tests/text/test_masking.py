"""Target masking for trained models (pipeline.text.masking)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.election import load_election
from pipeline.text.masking import mask_targets

HERE = Path(__file__).parents[1] / "classify"


@pytest.fixture(scope="module")
def cfg():
    return load_election(HERE / "election_test.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tgl 27 coblos no 2, Kang Bagus pasti menang",
            "tanggal 27 coblos [NOMOR_2], [CALON_2] pasti menang",
        ),
        ("#AsalBukanYusra KTA Partai Cahaya", "[ANTI_3] kta [PARTAI_1]"),
        ("27/11 ✌️✌️ #SukamajuBangkit", "27/11 [NOMOR_2] [TAGAR_2]"),
        ("Semangat Pak Bagus!", "semangat pak bagus!"),  # no election cue: not a candidate
        ("Pelayanan nomor satu", "pelayanan nomor satu"),
        ("Sukamaju Hebat, HERMA!", "[SLOGAN_1], [CALON_1]!"),
    ],
)
def test_mask(cfg, text: str, expected: str) -> None:
    assert mask_targets(text, cfg) == expected


def test_parent_context(cfg) -> None:
    assert mask_targets("semangat Pak Bagus", cfg, parent_text="Kampanye BANUR") == "semangat [CALON_2]"


def test_masks_transfer_across_elections(cfg) -> None:
    kotak = load_election(HERE / "election_kotak_test.yaml")
    a = mask_targets("coblos nomor 2 ya, BANUR menang", cfg)
    b = mask_targets("coblos nomor 1 ya, DALES menang", kotak)
    assert a.replace("_2]", "_N]") == b.replace("_1]", "_N]")
    assert mask_targets("ayo coblos kolom kosong", kotak) == "ayo coblos [KOTAK_KOSONG]"
