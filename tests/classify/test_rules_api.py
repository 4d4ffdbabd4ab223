"""The RulesClassifier interface (predict, features, evidence) and the explain command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.classify.rules import RulesClassifier
from pipeline.election import load_election
from pipeline.labels import ALL_LABELS
from pipeline.schema import Post, Prediction

HERE = Path(__file__).parent
CONFIG = HERE / "election_test.yaml"


@pytest.fixture(scope="module")
def clf() -> RulesClassifier:
    return RulesClassifier(load_election(CONFIG))


def test_prediction_shape(clf: RulesClassifier) -> None:
    text = "Tgl 27 jgn lupa c0bl0s no 2 ya dulur ✌️"
    pred = clf.predict_one(Post(id="x:1", text=text))
    assert isinstance(pred, Prediction)
    assert pred.model == "rules@" + clf.version
    assert "AJAKAN" in pred.labels and pred.targets == [2]
    assert pred.partisan_score >= 0.5
    assert set(pred.scores) <= set(ALL_LABELS)
    assert all(0.0 <= v <= 1.0 for v in pred.scores.values())
    spans = pred.model_dump()["evidence_spans"]
    assert spans and all(text[s:e] for s, e, _ in spans)
    assert any("c0bl0s" in text[s:e] for s, e, _ in spans)  # raw offsets, not normalised ones
    assert all(ev in text for ev in pred.evidence)


def test_neutral_has_exactly_one_label(clf: RulesClassifier) -> None:
    pred = clf.predict_one(Post(id="x:2", text="Harga cabai naik lagi"))
    assert pred.labels == ["TIDAK_TERKAIT"] and pred.partisan_score < 0.5 and pred.targets == []


def test_predict_keeps_order(clf: RulesClassifier) -> None:
    posts = [Post(id=f"x:{i}", text=t) for i, t in enumerate(["#HermaHebat", "", "coblos paslon 3"])]
    assert [p.id for p in clf.predict(posts)] == ["x:0", "x:1", "x:2"]


def test_features_are_stable_floats(clf: RulesClassifier) -> None:
    f = clf.features(Post(id="x:3", text="Ayo coblos YUSRA tanggal 27!", kind="comment"))
    assert all(isinstance(v, float) for v in f.values())
    assert f["kind.comment"] == 1.0 and f["target.acronym"] == 1.0 and f["score.AJAKAN"] >= 0.5
    assert f == clf.features(Post(id="x:3", text="Ayo coblos YUSRA tanggal 27!", kind="comment"))


def test_explain_command_prints_why() -> None:
    from pipeline.cli.main import app

    runner = CliRunner()
    res = runner.invoke(
        app, ["explain", "--election", str(CONFIG), "--text", "Wes pokoke nomer loro 😎", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["normalized"].startswith("sudah pokoknya nomor loro")
    assert data["prediction"]["targets"] == [2]
    assert any(r["rule"] == "allegiance_number" for r in data["rules_fired"])
    table = runner.invoke(app, ["explain", "-e", str(CONFIG), "-t", "Semangat Pak Bagus!"])
    assert table.exit_code == 0 and "rejected" in table.stdout and "TIDAK_TERKAIT" in table.stdout


def test_explain_bad_config_exits_2(tmp_path: Path) -> None:
    from pipeline.cli.main import app

    bad = tmp_path / "bad.yaml"
    bad.write_text("election: {id: x}\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["explain", "--election", str(bad), "--text", "halo"])
    assert res.exit_code == 2
    res = CliRunner().invoke(app, ["explain", "--election", str(CONFIG), "--text", "halo", "--kind", "tweet"])
    assert res.exit_code == 2


# -- calibration of partisan_score ------------------------------------------------------------------------


def test_calibration_file_is_monotone_probability() -> None:
    from pipeline.classify.rules import load_calibration

    cal = load_calibration()
    assert cal is not None
    xs, ys = cal
    assert list(xs) == sorted(xs) and list(ys) == sorted(ys)
    assert all(0.0 <= y <= 1.0 for y in ys)


def test_calibrated_score_orders_like_raw_and_keeps_labels() -> None:
    cfg = load_election(CONFIG)
    cal, raw = RulesClassifier(cfg), RulesClassifier(cfg, calibrated=False)
    texts = ["Tgl 27 jgn lupa coblos no 2 ya dulur", "Semangat pak 💪", "Harga cabai naik lagi, pusing 😩"]
    pairs = []
    for i, t in enumerate(texts):
        a, b = cal.predict_one(Post(id=f"c:{i}", text=t)), raw.predict_one(Post(id=f"c:{i}", text=t))
        assert a.labels == b.labels and a.scores == b.scores  # only partisan_score is mapped
        pairs.append((b.partisan_score, a.partisan_score))
    pairs.sort()
    assert [p[1] for p in pairs] == sorted(p[1] for p in pairs)
    assert pairs[-1][1] > 0.9 and pairs[0][1] < 0.1  # a clear call is near-certain, an unrelated post is not


def test_apply_calibration_interpolates_and_clamps() -> None:
    from pipeline.classify.rules import apply_calibration

    cal = ((0.2, 0.6), (0.1, 0.9))
    assert apply_calibration(cal, 0.0) == 0.1
    assert apply_calibration(cal, 1.0) == 0.9
    assert apply_calibration(cal, 0.4) == pytest.approx(0.5)


def test_bad_calibration_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.classify.rules.calibration as rules

    bad = tmp_path / "pkg"
    (bad / "data").mkdir(parents=True)
    (bad / "data" / rules.CALIBRATION_FILE).write_text('{"x": [0.5, 0.1], "y": [0.2, 0.3]}', encoding="utf-8")
    monkeypatch.setattr(rules.resources, "files", lambda _pkg: bad)
    rules.load_calibration.cache_clear()
    try:
        with pytest.raises(ValueError, match="ascending"):
            rules.load_calibration()
    finally:
        rules.load_calibration.cache_clear()


def test_features_carry_the_clearing_frames() -> None:
    clf = RulesClassifier(load_election(CONFIG))
    feats = clf.features(
        Post(id="f1", text="Turut berduka cita atas wafatnya ibunda Pak Bagus, semoga husnul khotimah")
    )
    assert feats["frame.condolence"] == 1.0 and feats["frame.count"] >= 1.0
    assert "frame.condolence" not in clf.features(Post(id="f2", text="Coblos Pak Bagus nomor 2!"))
