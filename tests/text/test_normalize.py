"""Normalisation keeps a map back to the raw text (pipeline.text.normalize)."""

from __future__ import annotations

import pytest

from pipeline.text.normalize import normalize, segment_hashtag


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jgn lupa yg penting", "jangan lupa yang penting"),
        ("menaaaang", "menang"),
        ("maaaaf ya", "maaf ya"),
        ("c0bl0s n0 2", "coblos nomor 2"),
        ("c o b l o s", "coblos"),
        ("no. d*a", "nomor. dua"),
        ("Pokoknya 0️⃣3️⃣", "pokoknya 03"),
        ("nomor ②", "nomor 2"),
        ("#PrabowoGibran2024", "prabowo gibran 2024"),
        ("#pilkadadamai", "pilkada damai"),
        ("#ASNNetral", "asn netral"),
        ("kader2 hebat", "kader-kader hebat"),
        ("paslon02", "paslon 02"),
        ("cek https://kpu.go.id/dpt sekarang", "cek url sekarang"),
        ("RT @budi: coblos", "coblos"),
        ("[RE herma] mantap", "mantap"),
        ("☝️☝️", "☝☝"),
        ("", ""),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


def test_offsets_map_back_to_raw_words() -> None:
    raw = "Jgn lupa c0bl0s nmr 2 ya!! #SukamajuBangkit"
    n = normalize(raw)
    assert len(n.offsets) == len(n.ends) == len(n.text)
    i = n.text.index("coblos")
    assert n.raw_slice(i, i + len("coblos")) == "c0bl0s"
    j = n.text.index("jangan")
    assert n.raw_slice(j, j + len("jangan")) == "Jgn"
    k = n.text.index("sukamaju")
    assert n.raw_slice(k, k + 5) == "#SukamajuBangkit"
    assert all(0 <= s < e <= len(raw) for s, e in zip(n.offsets, n.ends, strict=True) if e > s)


def test_markers_and_entities_are_reported() -> None:
    n = normalize("RT @budi_s: dukung @herma.official #HermaHebat https://x.co/1")
    assert n.retweet_of == "budi_s"
    assert [m[0] for m in n.mentions] == ["herma.official"]
    assert [h[0] for h in n.hashtags] == ["hermahebat"]
    assert n.urls == 1
    assert normalize("[RE Pak Hendra] setuju").reply_to == "pak hendra"


def test_keycaps_are_marked() -> None:
    n = normalize("jam 2️⃣ siang")
    assert n.text == "jam 2 siang"
    assert n.keycaps == [(4, 5)]


def test_spaced_letters_need_two_letters() -> None:
    assert normalize("skor 1 2 3").text == "skor 1 2 3"


def test_segment_hashtag_unknown_stays_whole() -> None:
    assert segment_hashtag("xqzvbnm") == "xqzvbnm"
    assert segment_hashtag("HermaHebat") == "herma hebat"


def test_empty_span_clamps() -> None:
    assert normalize("").raw_span(0, 0) == (0, 0)
    n = normalize("abc")
    assert n.raw_span(5, 9) == (2, 3)


def test_segment_spans_equal_the_character_maps() -> None:
    # raw_span reads segments until the per-character maps are built; both must agree on every span
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    texts = [
        "Tgl 27 jgn lupa c0bl0s no 2 ya dulur ✌️ #PrabowoGibran2024 @budi_s https://x.co/a",
        "RT @kpu: menaaang 1️⃣1️⃣1️⃣ c o b l o s ① İstanbul kader2",
    ]
    with (root / "data/dev/rules_dev.jsonl").open(encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for line in fh]
    for text in texts:
        lazy, built = normalize(text), normalize(text)
        assert built.offsets is not None  # build the maps on this one
        n = len(lazy.text)
        for start in range(0, n, 3):
            for end in (start, start + 1, start + 7, n + 5):
                assert lazy.raw_span(start, end) == built.raw_span(start, end), (text, start, end)
