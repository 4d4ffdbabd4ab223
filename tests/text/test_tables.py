"""The text layer's word tables as data: they validate, every election cue matches its example, bad files are
refused by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.text.tables import TableError, normalize_tables, target_tables
from pipeline.text.targets import ELECTION_CUE, NUMBER_WORDS

TABLES = target_tables()


@pytest.mark.parametrize("cue", TABLES.election_cues, ids=[c.pattern for c in TABLES.election_cues])
def test_election_cue_matches_its_example(cue) -> None:
    assert re.fullmatch(cue.pattern, cue.example), f"{cue.pattern!r} does not match {cue.example!r}"
    assert ELECTION_CUE.search(f"kata dia {cue.example} ya"), cue.example


def test_the_resolver_reads_the_tables() -> None:
    assert TABLES.number_words == NUMBER_WORDS
    assert NUMBER_WORDS["tellu"] == 3 and NUMBER_WORDS["tigo"] == 3  # Bugis, Minang
    assert set(TABLES.weak_election_cues) <= {c.example for c in TABLES.election_cues} | {
        "pilihan",
        "wali kota",
    }
    assert normalize_tables().leet["0"] == "o"


def _bad(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_table_file_is_refused_by_name(tmp_path: Path) -> None:
    good = (Path(__file__).resolve().parents[2] / "pipeline/text/data/targets.yaml").read_text(
        encoding="utf-8"
    )
    broken = good.replace("{pattern: 'pilkada', example: 'pilkada'}", "{pattern: '(?:pilkada', example: 'x'}")
    with pytest.raises(TableError, match=r"(?s)targets_bad\.yaml.*does not compile"):
        target_tables(_bad(tmp_path, "targets_bad.yaml", broken))
    with pytest.raises(TableError, match=r"(?s)norm\.yaml.*one character"):
        normalize_tables(_bad(tmp_path, "norm.yaml", "leet: {'0': 'oo'}\nnumber_heads: []\nmaskable: []\n"))
    with pytest.raises(TableError, match=r"(?s)norm2\.yaml.*maskable"):
        normalize_tables(_bad(tmp_path, "norm2.yaml", "leet: {}\nnumber_heads: []\n"))
    with pytest.raises(TableError, match=r"missing\.yaml"):
        normalize_tables(tmp_path / "missing.yaml")
