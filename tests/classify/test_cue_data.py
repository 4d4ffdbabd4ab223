"""The cue families as data: every file validates, every cue matches its example, bad files are refused by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.classify.cue_data import CUES_DIR, CueDataError, load_cues
from pipeline.classify.rules_lexicon import COMPILED, CUES, CUES_WEAK, SCANNER, WEAK, _word_end

INDEX, FAMILIES = load_cues()
ENTRIES = [(name, cue) for name, family in FAMILIES.items() for cue in family.cues]


def test_every_family_file_is_listed_and_loaded() -> None:
    assert set(FAMILIES) == {p.stem for p in CUES_DIR.glob("*.yaml")} - {"index"}
    assert list(CUES) == list(INDEX.families)
    assert list(CUES_WEAK) == list(INDEX.weak_families)
    assert sum(len(f.cues) for f in FAMILIES.values()) == sum(map(len, CUES.values())) + sum(
        map(len, CUES_WEAK.values())
    )


@pytest.mark.parametrize(("family", "cue"), ENTRIES, ids=[f"{n}:{c.pattern[:40]}" for n, c in ENTRIES])
def test_cue_matches_its_example(family: str, cue) -> None:
    anchored = re.compile(rf"(?<![\w])(?:{cue.pattern}){_word_end(cue.pattern)}")
    assert anchored.fullmatch(cue.example), f"{family}: {cue.pattern!r} does not match {cue.example!r}"
    key = f"{family}~weak" if cue.weak else family
    hits = SCANNER.scan(cue.example).get(key, [])
    assert hits, f"the scanner finds no {key} hit in {cue.example!r}"
    assert [h[:2] for h in hits] == [m.span() for m in COMPILED[key].finditer(cue.example)]


def test_weak_words_are_texts_the_family_matches() -> None:
    for family, words in WEAK.items():
        rx = COMPILED[family]
        unmatched = [w for w in words if not any(m.group() == w for m in rx.finditer(w))]
        assert not unmatched, f"{family}: weak words no cue of the family matches: {unmatched}"


def _write(directory: Path, index: str, **families: str) -> Path:
    directory.mkdir()
    (directory / "index.yaml").write_text(index, encoding="utf-8")
    for name, text in families.items():
        (directory / f"{name}.yaml").write_text(text, encoding="utf-8")
    return directory


INDEX_ONE = "families: [support]\nweak_families: []\nfirst_person: 'saya'\n"


def test_a_valid_directory_loads(tmp_path: Path) -> None:
    d = _write(
        tmp_path / "ok",
        INDEX_ONE,
        support="family: support\ndescription: x\ncues:\n  - {pattern: 'sampai menang', example: 'sampai menang'}\n"
        "  - {pattern: 'salut', example: 'salut', weak: true}\n",
    )
    index, families = load_cues(d)
    assert index.families == ("support",)
    assert families["support"].strong == ["sampai menang"]
    assert families["support"].weak == ["salut"]


@pytest.mark.parametrize(
    ("family_text", "problem"),
    [
        (
            "family: support\ndescription: x\ncues:\n  - {pattern: '(?:menang', example: 'menang'}\n",
            "does not compile",
        ),
        ("family: support\ndescription: x\ncues:\n  - {pattern: 'menang'}\n", "example"),
        ("family: support\ndescription: x\ncues:\n  - {pattern: 'menang', example: ' '}\n", "empty example"),
        ("family: support\ndescription: x\ncues:\n  - {pattern: 'a', example: 'a', colour: red}\n", "colour"),
        ("family: call\ndescription: x\ncues:\n  - {pattern: 'a', example: 'a'}\n", "file name says"),
        (
            "family: support\ndescription: x\ncues:\n  - {pattern: 'a', example: 'a'}\n  - {pattern: 'a', example: 'a'}\n",
            "listed twice",
        ),
        ("family: support\ndescription: [unclosed\n", "support.yaml"),
    ],
)
def test_a_bad_family_file_is_refused_by_name(tmp_path: Path, family_text: str, problem: str) -> None:
    d = _write(tmp_path / "bad", INDEX_ONE, support=family_text)
    with pytest.raises(CueDataError, match="support.yaml") as info:
        load_cues(d)
    assert problem in str(info.value)


def test_an_unlisted_file_and_a_missing_file_are_refused(tmp_path: Path) -> None:
    ok = "family: support\ndescription: x\ncues:\n  - {pattern: 'a', example: 'a'}\n"
    d = _write(tmp_path / "extra", INDEX_ONE, support=ok, call=ok.replace("support", "call"))
    with pytest.raises(CueDataError, match="not listed"):
        load_cues(d)
    d = _write(
        tmp_path / "missing", "families: [support, call]\nweak_families: []\nfirst_person: 'x'\n", support=ok
    )
    with pytest.raises(CueDataError, match="call.yaml"):
        load_cues(d)
