"""The target-conditioned stance model: views, gold stances, fitting, cross-fitting, and training with it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from tiny_models import write_corpus

from pipeline.classify import stance as st
from pipeline.classify.base import CARD, load_classifier
from pipeline.classify.train import train
from pipeline.classify.train_config import load_config
from pipeline.election import load_election
from pipeline.schema import Post
from tests.conftest import SHARED


def test_one_view_per_candidate_with_target_and_others_marked() -> None:
    views = st.target_views("[CALON_1] tegas , beda dengan [CALON_2] || [NOMOR_2] menang")
    assert [v.number for v in views] == [1, 2]
    assert views[0].text.startswith("[T_CALON] tegas , beda dengan [O_CALON]")
    assert views[1].text.endswith("[T_NOMOR] menang")
    assert "||" not in views[0].window and "[T_CALON]" in views[0].window


def test_a_post_naming_nobody_has_one_view_zero() -> None:
    (view,) = st.target_views("halah rajin ke pasar cuma pas musim pilkada")
    assert view.number == 0 and view.window == view.text


def test_parent_numbers_are_used_when_the_post_names_nobody() -> None:
    assert [v.number for v in st.target_views("setuju banget || pilih [CALON_3]")] == [3]


def test_the_window_keeps_words_near_the_target_only() -> None:
    words = " ".join(f"w{i}" for i in range(30))
    (view,) = st.target_views(f"{words} [CALON_1] akhir")
    assert view.window.split()[0] == f"w{30 - st.WINDOW}" and view.window.endswith("akhir")


@pytest.mark.parametrize(
    ("labels", "targets", "number", "expected"),
    [
        (["NETRAL_PEMILU"], [], 1, "none"),
        (["DUKUNGAN"], [1], 1, "for"),
        (["DUKUNGAN"], [1], 2, "none"),
        (["SERANGAN"], [2], 2, "against"),
        (["AJAKAN", "SERANGAN"], [2], 2, "against"),  # a call against
        (["AJAKAN"], [2], 2, "for"),
        (["DUKUNGAN", "SERANGAN"], [1, 2], 1, None),  # which side is whose is unknown
        (["SIMBOL"], [], 0, "for"),
        (["SERANGAN"], [], 0, "against"),
    ],
)
def test_gold_view_stance(labels, targets, number, expected) -> None:
    assert st.view_stance(labels, targets, number) == expected


def _examples() -> list[st.StanceExample]:
    out = []
    for i in range(12):
        for text, stance in (
            (f"[T_CALON] hebat tegas merakyat {i}", "for"),
            (f"[T_CALON] pembohong janji palsu {i}", "against"),
            (f"[T_CALON] hadir di acara warga {i}", "none"),
        ):
            view = st.TargetView(1, text, text)
            out.append(st.StanceExample(view, (), stance, group=f"p{i}{stance}"))
    return out


def test_fit_learns_stance_words() -> None:
    model = st.StanceModel(st.StanceOptions(enabled=True, sentiment=False, weak=[])).fit(_examples())
    views = [st.TargetView(1, t, t) for t in ("[T_CALON] hebat tegas", "[T_CALON] pembohong palsu")]
    p = model.view_probabilities(views, [(), ()])
    assert p.shape == (2, 3)
    assert p[0].argmax() == st.STANCES.index("for") and p[1].argmax() == st.STANCES.index("against")
    feats = st.aggregate([(1, p[0]), (2, p[1])])
    assert feats["stance.for"] == pytest.approx(p[0][1]) and feats["stance.named"] == 1.0


def test_sentiment_features_need_a_sentiment_model() -> None:
    with pytest.raises(ValueError, match="SentimentModel"):
        st.StanceModel(st.StanceOptions(enabled=True, sentiment=True)).fit(_examples())


def test_folds_are_stable_and_spread() -> None:
    folds = [st.fold_of(f"post:{i}", 5) for i in range(500)]
    assert folds == [st.fold_of(f"post:{i}", 5) for i in range(500)]
    assert set(folds) == {0, 1, 2, 3, 4}


def test_aggregate_of_no_views_is_empty() -> None:
    assert st.aggregate([]) == {}


@pytest.fixture(scope="module")
def stance_model_dir(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("stance")
    corpus = write_corpus(tmp / "corpus")
    cfg = {
        "name": "tiny-stance",
        "backend": "tfidf",
        "data": {"corpus": str(corpus)},
        "rules": "features",
        "tfidf": {"min_df": 1},
        "stance": {"enabled": True, "weak": [], "sentiment": False, "folds": 3},
    }
    path = tmp / "stance.yaml"
    path.write_text(yaml.safe_dump(cfg), encoding="utf-8")
    return train(load_config(path), output=tmp / "model"), corpus


def test_training_with_stance_saves_and_reloads_it(stance_model_dir) -> None:
    model_dir, corpus = stance_model_dir
    card = json.loads((model_dir / CARD).read_text(encoding="utf-8"))
    assert card["stance"]["enabled"] and card["stance"]["summary"]["views"] > 0
    assert (model_dir / "stance.joblib").is_file()
    assert any(name.startswith("stance.") for name in card["rule_features"]["names"])
    election = load_election(corpus / "configs" / "pilbup-gamma-2024.yaml")
    clf = load_classifier(str(model_dir), election=election)
    post = Post(id="t1", text="pokoknya pilih Yusuf Hidayat, orangnya merakyat banget")
    batch = clf.batch([post])
    assert {"stance.for", "stance.against", "stance.taken"} <= set(batch.rule_feats[0])
    again = load_classifier(str(model_dir), election=election)
    assert clf.predict_one(post) == again.predict_one(post)


def test_a_stance_model_dir_without_its_artifact_is_refused(stance_model_dir, tmp_path) -> None:
    import shutil

    from pipeline.errors import ModelError

    model_dir, corpus = stance_model_dir
    broken = tmp_path / "broken"
    shutil.copytree(model_dir, broken)
    (broken / "stance.joblib").unlink()
    election = load_election(corpus / "configs" / "pilbup-gamma-2024.yaml")
    with pytest.raises(ModelError, match="stance.joblib"):
        load_classifier(str(broken), election=election)


PILKADA_MISSING = not (SHARED / "datasets" / "pilkada-dki-2017").is_dir() and not os.environ.get("CI")
ABSENT = "../shared/datasets is absent (in CI a missing dataset fails instead)"


@pytest.mark.skipif(PILKADA_MISSING, reason=ABSENT)
def test_weak_views_skip_real_register_items() -> None:
    from pipeline.classify.inputs import InputOptions
    from pipeline.classify.real_register import read_items
    from pipeline.classify.stance_train import weak_examples

    weak = weak_examples(["pilkada-dki-2017"], inputs=InputOptions())
    real = {it["id"] for it in read_items()}
    assert len(weak) > 300
    assert not {e.group for e in weak} & real
    assert {e.stance for e in weak} <= {"for", "against"} and all(e.weight < 1 for e in weak)


def test_explain_shows_frames_and_the_stance_views(stance_model_dir) -> None:
    from typer.testing import CliRunner

    from pipeline.cli.main import app

    model_dir, corpus = stance_model_dir
    config = corpus / "configs" / "pilbup-gamma-2024.yaml"
    text = "Turut berduka atas wafatnya ibunda Yusuf Hidayat, semoga husnul khotimah"
    res = CliRunner().invoke(
        app, ["explain", "-e", str(config), "-t", text, "--model", str(model_dir), "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert "condolence" in data["frames"]
    (view,) = data["model"]["stance"]
    assert view["number"] == 1 and "[T_CALON]" in view["view"]
    assert abs(view["for"] + view["against"] + view["none"] - 1.0) < 1e-3
    table = CliRunner().invoke(app, ["explain", "-e", str(config), "-t", text, "-m", str(model_dir)])
    assert "clearing frames" in table.output and "stance" in table.output
