"""Table-driven checks of the rules classifier: tests/classify/cases_rules.yaml (team-written, BRIEF 5.2 and 10)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from pipeline.classify.rules import RulesClassifier
from pipeline.election import load_election
from pipeline.labels import NEUTRAL_LABELS, check_label_set, is_partisan
from pipeline.schema import Post

HERE = Path(__file__).parent
CONFIGS = {"default": HERE / "election_test.yaml", "kotak": HERE / "election_kotak_test.yaml"}
CASES = yaml.safe_load((HERE / "cases_rules.yaml").read_text(encoding="utf-8"))["cases"]
IDEAS = {
    "idiom",
    "emoji-only",
    "code-mixing",
    "obfuscation",
    "sarcasm",
    "quoting",
    "duty",
    "participation",
    "kotak-kosong",
    "share",
    "with-without-target",
    "incumbent",
    "actor",
    "timing",
    "spouse",
}


@pytest.fixture(scope="module")
def classifiers() -> dict[str, RulesClassifier]:
    return {name: RulesClassifier(load_election(path)) for name, path in CONFIGS.items()}


def _post(case: dict, n: int) -> Post:
    day = case.get("date", date(2024, 11, 1))
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return Post(
        id=f"case:{n}",
        text=case["text"],
        kind=case.get("kind", "post"),
        parent_text=case.get("parent"),
        created_at=datetime.combine(day, time(10, 0), tzinfo=ZoneInfo("Asia/Jakarta")),
    )


def test_table_is_large_and_covers_brief_section_10() -> None:
    assert len(CASES) >= 150
    assert {c["idea"] for c in CASES} >= IDEAS


@pytest.mark.parametrize("n", range(len(CASES)), ids=[f"{i}-{c['idea']}" for i, c in enumerate(CASES)])
def test_case(classifiers: dict[str, RulesClassifier], n: int) -> None:
    case = CASES[n]
    pred = classifiers[case.get("config", "default")].predict_one(_post(case, n))
    check_label_set(pred.labels)
    want = case.get("labels", [])
    got = set(pred.labels)
    why = f"{case['text']!r} -> {pred.labels} {pred.targets} {pred.flags}"
    if want:
        if want[0] in NEUTRAL_LABELS:
            assert pred.labels == want, why
        else:
            assert set(want) <= got, why
    if "targets" in case:
        assert pred.targets == sorted(case["targets"]), why
    for flag in case.get("flags", []):
        assert flag in pred.flags, why
    for flag in case.get("not_flags", []):
        assert flag not in pred.flags, why
    assert 0.0 <= pred.partisan_score <= 1.0
    assert (pred.partisan_score >= 0.5) == is_partisan(pred.labels), why
    for start, end, _rule in pred.evidence_spans:
        assert 0 <= start < end <= len(case["text"])
