"""Refitting the scorer's weights from confirmed account decisions."""

from __future__ import annotations

import json

import pytest

from pipeline.accounts.refit import read_decisions, refit
from pipeline.accounts.score import ProfileScorer
from pipeline.errors import InputError
from pipeline.schema import Author


def decisions(n=10):
    rows = [(Author(id=f"a{i}", bio="Staf Dinkes Kab. Sukamaju"), 0) for i in range(n)]  # reviewers: honorer
    rows += [(Author(id=f"b{i}", bio="PNS Kemenag"), 1) for i in range(n)]
    rows += [(Author(id=f"c{i}", bio="Kepala Desa"), 0) for i in range(n)]
    return rows


def test_refit_learns_from_decisions_and_keeps_unseen_weights():
    base = ProfileScorer()
    result = refit(decisions(), base=base)
    assert result["trained_on"] == {"ASN": 10, "NON_ASN": 20}
    assert set(result["fitted"]) == {
        "agency_regional",
        "employee",
        "self_status",
        "agency_central",
        "status_with_agency",
        "village",
    }
    assert result["weights"]["retired"] == base.weights["retired"]  # never seen: kept
    refit_scorer = ProfileScorer(weights=result)
    staff = Author(id="z", bio="Staf Dinkes Kab. Sukamaju")
    assert refit_scorer.score(staff).asn_score < base.score(staff).asn_score
    json.dumps(result)  # serialisable


def test_refit_needs_both_classes():
    with pytest.raises(InputError, match="both ASN and NON_ASN"):
        refit([(Author(id="a", bio="PNS"), 1)] * 20)


def test_read_decisions(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(
        '{"id": "x:1", "bio": "PNS", "asn_class": "ASN"}\n'
        '{"author": {"id": "x:2", "bio": "Kades"}, "asn_class": "NON_ASN"}\n'
        '{"id": "x:3", "bio": "?", "asn_class": "UNKNOWN"}\n',
        encoding="utf-8",
    )
    rows = read_decisions(path)
    assert [(a.id, y) for a, y in rows] == [("x:1", 1), ("x:2", 0)]
    path.write_text('{"id": "x:1", "bio": "PNS", "asn_class": "YES"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"d.jsonl:1: asn_class"):
        read_decisions(path)


def test_the_hand_weights_are_the_prior():
    import numpy as np

    from pipeline.accounts.refit import fit_with_prior

    rng = np.random.default_rng(0)
    X = rng.integers(0, 2, size=(4000, 3)).astype(float)
    true = np.array([2.0, -3.0, 0.5])
    y = (rng.random(4000) < 1 / (1 + np.exp(-(X @ true - 0.5)))).astype(float)
    prior = np.array([0.0, 0.0, 4.0])
    loose, _ = fit_with_prior(X, y, prior=prior, prior_bias=0.0, C=100.0)
    assert np.allclose(loose, true, atol=0.25)  # much data, weak prior: the data decides
    tight, _ = fit_with_prior(X, y, prior=prior, prior_bias=0.0, C=1e-5)
    assert np.allclose(tight, prior, atol=0.1)  # a strong prior: the hand weights stay
    base = ProfileScorer()
    few = refit(decisions(), base=base, C=1e-4)
    assert abs(few["weights"]["self_status"] - base.weights["self_status"]) < 0.05
