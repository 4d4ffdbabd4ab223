"""The one-pass cue scanner must find exactly what each family's own regex finds, in the same order."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.classify.rules_lexicon import (
    COMPILED,
    CUES,
    CUES_WEAK,
    SCANNER,
    CueScanner,
    compile_family,
)
from pipeline.text.normalize import normalize
from pipeline.text.regex import leading_literals

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [
    ROOT / "data/corpus/posts.jsonl",
    ROOT / "data/dev/rules_dev.jsonl",
    ROOT / "data/samples/posts.jsonl",
]

TRICKY = [
    "",
    "mantap👍👍 semoga menang",  # emoji right after a word: a non-word pattern inside a word run
    "👍semangat",  # emoji then a word at the same place a word pattern could start
    "[salah] foto palsu soal paslon",  # a non-word pattern that starts with a bracket
    "bajanji kosong dan janji kosong",  # an optional leading group
    "menangkan menang menangkan",  # one prefix, several lengths
    "liat berita tentang berita",  # a lookbehind that moved behind the word
    "saya yakin kami percaya",
    "no 2 no2 nomor dua",
    "x" * 500 + " semoga menang",
]


def _texts() -> list[str]:
    out = [normalize(t).text for t in TRICKY] + TRICKY
    for path in CORPORA:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                out.append(normalize(row["text"]).text)
                if row.get("parent_text"):
                    out.append(normalize(row["parent_text"]).text)
    return out


def _reference(text: str) -> dict[str, list[tuple[int, int, str]]]:
    """Every family's own regex; only families with a hit, as the scanner reports them."""
    hits = {
        name: [(m.start(), m.end(), m.group()) for m in pat.finditer(text)] for name, pat in COMPILED.items()
    }
    return {name: found for name, found in hits.items() if found}


def test_scanner_equals_family_regexes_on_every_corpus_text() -> None:
    texts = _texts()
    assert len(texts) > 4000
    mismatches = [t for t in texts if SCANNER.scan(t) != _reference(t)]
    assert mismatches == []


def test_scanner_skips_families() -> None:
    text = "ayo coblos nomor 2, semoga menang"
    assert {"support", "call"} <= set(SCANNER.scan(text))
    hits = SCANNER.scan(text, skip={"support", "call"})
    assert hits == {k: v for k, v in SCANNER.scan(text).items() if k not in {"support", "call"}}


def test_grouped_compile_equals_plain_alternation() -> None:
    # the first-character grouping must not change which alternative wins at a position
    for name, patterns in {**CUES, **CUES_WEAK}.items():
        ordered = sorted(patterns, key=len, reverse=True)
        end = {p: r"(?![\w])" if re.search(r"[\w)?]$", p) else "" for p in ordered}
        words = [f"(?:{p}){end[p]}" for p in ordered if re.match(r"[\w(]", p)]
        others = [f"(?:{p}){end[p]}" for p in ordered if not re.match(r"[\w(]", p)]
        plain = re.compile("|".join(([rf"(?<![\w])(?:{'|'.join(words)})"] if words else []) + others))
        grouped = compile_family(patterns)
        for text in ("semoga menang terus pak", "ayo coblos nomor 2 ya 👍", "janji kosong 🤮 bajanji kosong"):
            assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)], (
                name
            )


def test_leading_literals_expands_groups_in_order() -> None:
    assert leading_literals("(?:ba)?janji") == [("b", "ajanji"), ("j", "anji")]
    assert leading_literals("(?:saya|aku) yakin") == [("s", "aya yakin"), ("a", "ku yakin")]
    assert leading_literals("(?:x|y)+z") is None  # a repeated group is not expanded
    assert leading_literals(r"\d+ suara") is None


def test_unindexable_family_falls_back_to_a_plain_scan() -> None:
    scanner = CueScanner({"odd": [r"(?<!tidak )suka", "mantap"], "emoji": ["👍"]})
    text = "tidak suka, tapi saya suka mantap 👍"
    assert scanner.scan(text) == {
        "odd": [
            (m.start(), m.end(), m.group())
            for m in compile_family([r"(?<!tidak )suka", "mantap"]).finditer(text)
        ],
        "emoji": [(len(text) - 1, len(text), "👍")],
    }


@pytest.mark.parametrize("text", ["", "   ", "!!!"])
def test_empty_and_wordless_texts(text: str) -> None:
    assert SCANNER.scan(text) == _reference(text)
