"""Clearing frames: every example in the data file fires its frame, every counterexample does not."""

from __future__ import annotations

import pytest

from pipeline.text import frames as fr

SPECS = fr.frame_patterns()
CASES = [(name, text, True) for name, spec in SPECS.items() for text in spec["examples"]] + [
    (name, text, False) for name, spec in SPECS.items() for text in spec["counterexamples"]
]


@pytest.mark.parametrize(("frame", "text", "fires"), CASES, ids=[f"{c[0]}:{i}" for i, c in enumerate(CASES)])
def test_data_file_examples(frame: str, text: str, fires: bool) -> None:
    assert (frame in fr.detect_frames(text).names) is fires, text


def test_every_frame_has_examples_both_ways() -> None:
    for name, spec in SPECS.items():
        assert spec["examples"] and spec["counterexamples"], name


def test_gotv_all_needs_all_candidates_or_none() -> None:
    text = "Ayo gunakan hak pilih, datang ke TPS"
    assert "gotv_all" in fr.detect_frames(text, mentioned=0, n_candidates=3).names
    assert "gotv_all" in fr.detect_frames(text, mentioned=3, n_candidates=3).names
    assert "gotv_all" not in fr.detect_frames(text, mentioned=1, n_candidates=3).names
    assert "gotv_all" not in fr.detect_frames(text).names  # unknown mentions: no claim


def test_headline_shape_and_url() -> None:
    got = fr.detect_frames("Jokowi Resmikan Bendungan Baru Di Jawa Tengah https://t.co/abc").names
    assert {"headline", "url"} <= got
    assert "headline" not in fr.detect_frames("Saya Dukung Pak Bagus Untuk Lanjut").names


def test_features_are_named_and_counted() -> None:
    feats = fr.detect_frames("Turut berduka cita, semoga husnul khotimah").features()
    assert feats["frame.condolence"] == 1.0 and feats["frame.count"] == 1.0


def test_a_frame_without_examples_is_refused(tmp_path, monkeypatch) -> None:
    bad = tmp_path / "frames.yaml"
    bad.write_text("frames:\n  news:\n    description: x\n    patterns: ['a']\n", encoding="utf-8")
    monkeypatch.setattr(fr, "DATA", bad)
    fr._load.cache_clear()
    try:
        with pytest.raises(ValueError, match="lacks counterexamples, examples"):
            fr._load()
    finally:
        fr._load.cache_clear()
