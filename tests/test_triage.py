"""Priority and the overlap rule."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pipeline.triage import label_weight, priority, recency_factor, reviews_required

NOW = datetime(2024, 11, 25, 12, tzinfo=timezone.utc)


def test_recency_decays_weekly_towards_a_floor():
    assert recency_factor(NOW, now=NOW) == 1.0
    assert recency_factor(NOW - timedelta(days=7), now=NOW) == pytest.approx(0.75)
    assert recency_factor(NOW - timedelta(days=14), now=NOW) == pytest.approx(0.625)
    assert recency_factor(NOW - timedelta(days=700), now=NOW) == pytest.approx(0.5)
    assert recency_factor(None, now=NOW) == 0.75
    assert recency_factor(NOW + timedelta(days=1), now=NOW) == 1.0  # clock skew: never above 1


def test_priority_is_the_product_and_orders_items():
    abuse = priority(
        partisan_score=0.9, asn_score=0.9, labels=["PENYALAHGUNAAN_JABATAN"], created_at=NOW, now=NOW
    )
    symbol = priority(partisan_score=0.9, asn_score=0.9, labels=["SIMBOL"], created_at=NOW, now=NOW)
    older = priority(
        partisan_score=0.9,
        asn_score=0.9,
        labels=["PENYALAHGUNAAN_JABATAN"],
        created_at=NOW - timedelta(days=7),
        now=NOW,
    )
    assert abuse == pytest.approx(0.81)
    assert symbol == pytest.approx(0.81 * 0.3)
    assert older == pytest.approx(0.81 * 0.75)
    assert abuse > older > symbol
    assert (
        priority(partisan_score=0.9, asn_score=0.9, labels=["NETRAL_PEMILU"], created_at=NOW, now=NOW) == 0.0
    )
    assert label_weight(["SIMBOL", "AJAKAN"]) == 0.8


def test_overlap_rule():
    assert reviews_required(["AJAKAN"]) == 1
    assert reviews_required(["AJAKAN", "PENYALAHGUNAAN_JABATAN"]) == 2
    assert reviews_required(["SERANGAN"], overlap={"SERANGAN": 3}) == 3
    assert reviews_required(["PENYALAHGUNAAN_JABATAN"], overlap={}) == 1
