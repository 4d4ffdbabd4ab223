"""Kappas against known values and sklearn; agreement and stats reports from real decisions."""

from __future__ import annotations

import pytest
from review_factory import make_items

from pipeline.review import add_reviewer
from pipeline.review.agreement import agreement, cohen_kappa, fleiss_kappa, percent_agreement
from pipeline.review.decide import DecisionInput, decide
from pipeline.review.stats import stats


def test_cohen_kappa_matches_sklearn():
    from sklearn.metrics import cohen_kappa_score

    a = ["c", "c", "r", "r", "c", "e", "r", "c", "c", "r"]
    b = ["c", "r", "r", "r", "c", "e", "c", "c", "c", "e"]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))
    assert cohen_kappa(a, a) == pytest.approx(1.0)
    assert cohen_kappa(["c", "c"], ["c", "c"]) is None  # chance agreement 1: undefined
    with pytest.raises(ValueError):
        cohen_kappa(["c"], ["c", "r"])


def test_fleiss_kappa_known_example():
    # Fleiss (1971) worked example as given on Wikipedia: 10 items, 14 raters, 5 categories -> 0.210.
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    assert fleiss_kappa(table) == pytest.approx(0.210, abs=0.001)
    assert fleiss_kappa([[2, 0], [2, 0]]) is None
    assert fleiss_kappa([[1, 0]]) is None  # no item with two ratings


def test_percent_agreement():
    assert percent_agreement([["a", "a"], ["a", "b"]]) == 0.5
    assert percent_agreement([["a", "a", "b"]]) == pytest.approx(1 / 3)
    assert percent_agreement([["a"]]) is None


def test_agreement_and_stats_from_decisions(store):
    ids = make_items(store, 4, labels=["PENYALAHGUNAAN_JABATAN"])
    add_reviewer(store, "ada", role="adjudicator")
    plan = [
        ("confirmed", "confirmed"),
        ("confirmed", "rejected"),
        ("rejected", "rejected"),
        ("confirmed", "confirmed"),
    ]
    for item_id, (x, y) in zip(ids, plan, strict=True):
        decide(store, item_id, DecisionInput(reviewer="ana", decision=x))
        decide(store, item_id, DecisionInput(reviewer="bob", decision=y))
    decide(store, ids[1], DecisionInput(reviewer="ada", decision="rejected"))
    report = agreement(store)
    assert report["items"] == 4
    assert report["decision"]["percent"] == 0.75
    [pair] = report["pairs"]
    assert pair["reviewers"] == ["ana", "bob"] and pair["items"] == 4
    from sklearn.metrics import cohen_kappa_score

    expected = cohen_kappa_score([x for x, _ in plan], [y for _, y in plan])
    assert pair["cohen_kappa"] == pytest.approx(expected, abs=1e-4)
    label = report["labels"]["PENYALAHGUNAAN_JABATAN"]
    assert label["percent"] == 0.75 and label["items_with_label"] == 3

    st = stats(store)
    assert st["status"]["confirmed"] == 2 and st["status"]["rejected"] == 2 and st["decisions"] == 9
    by = {r["reviewer"]: r for r in st["reviewers"]}
    assert by["ada"]["adjudications"] == 1
    assert by["ana"]["matches_adjudication"] == 0.0 and by["bob"]["matches_adjudication"] == 1.0
    assert by["ana"]["matches_final"] == 0.75 and by["bob"]["matches_final"] == 1.0
