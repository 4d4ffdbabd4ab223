"""The encoder backends (frozen embeddings + head, fine-tuning with Trainer) and the cascade, on a tiny corpus
and a tiny 2-layer BERT built in the test (no download)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from tiny_models import write_corpus, write_tiny_encoder

from pipeline.classify.base import CARD, load_classifier
from pipeline.classify.cascade import PASS_NONE, CascadeClassifier
from pipeline.classify.cascade_train import choose_gate
from pipeline.classify.train import train
from pipeline.classify.train_config import load_config
from pipeline.election import load_election
from pipeline.errors import ModelError
from pipeline.schema import Post

POSTS = [
    Post(id="a", text="ayo coblos nomor 2 tanggal 27 ya dulur, RASA pasti menang"),
    Post(id="b", text="harga cabai naik lagi, pusing kepala"),
    Post(id="c", text="debat publik semua paslon malam ini jam 19.00, yuk nonton"),
]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("enc")
    corpus = write_corpus(root / "corpus")
    encoder = write_tiny_encoder(root / "tiny-bert")
    return root, corpus, encoder


def _write(root: Path, name: str, data: dict) -> Path:
    path = root / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _e5_config(root, corpus, encoder) -> dict:
    return {
        "name": "tiny-e5",
        "backend": "e5",
        "data": {"corpus": str(corpus)},
        "rules": "features",
        "threshold": {"mode": "precision", "precision": 0.8},
        "e5": {"encoder": str(encoder), "max_length": 32, "batch_size": 8, "cache": True},
    }


def test_e5_head_train_save_load_predict(setup, monkeypatch) -> None:
    root, corpus, encoder = setup
    monkeypatch.setenv("ASNWATCH_EMBED_CACHE", str(root / "cache"))
    cfg = load_config(_write(root, "e5", _e5_config(root, corpus, encoder)))
    out = train(cfg, output=root / "m-e5")
    card = json.loads((out / CARD).read_text())
    assert card["backend"] == "e5" and card["rules"] == "features"
    assert card["rule_features"]["names"], "rule features are recorded with their names"
    assert card["e5"]["encoder"] == str(encoder)
    assert list((root / "cache").glob("*/vectors.npy")), "training embeddings are cached"
    election = load_election(corpus / "configs" / "pilbup-gamma-2024.yaml")
    clf = load_classifier(str(out), election=election)
    preds = list(clf.predict(POSTS))
    assert [p.id for p in preds] == ["a", "b", "c"]
    assert all(p.model == "tiny-e5@1" for p in preds)
    assert preds[0].partisan_score > preds[1].partisan_score
    # a partisan post gets its targets from the rules layer
    if any(label not in ("NETRAL_PEMILU", "TIDAK_TERKAIT") for label in preds[0].labels):
        assert preds[0].targets == [2]


def test_e5_missing_encoder_is_a_model_error(setup) -> None:
    root, corpus, encoder = setup
    data = _e5_config(root, corpus, encoder)
    data["e5"]["encoder"] = str(root / "nowhere")
    cfg = load_config(_write(root, "e5-missing", data))
    with pytest.raises(ModelError, match="nowhere"):
        train(cfg, output=root / "m-missing")


def test_finetune_with_trainer_save_load_predict(setup) -> None:
    root, corpus, encoder = setup
    data = {
        "name": "tiny-ft",
        "backend": "finetune",
        "data": {"corpus": str(corpus)},
        "rules": "ensemble",
        "calibration": "isotonic",
        "finetune": {
            "encoder": str(encoder),
            "epochs": 2,
            "batch_size": 8,
            "max_length": 32,
            "learning_rate": 1e-3,
        },
    }
    cfg = load_config(_write(root, "ft", data))
    out = train(cfg, output=root / "m-ft")
    assert (out / "encoder" / "config.json").is_file() and (out / "encoder" / "tokenizer.json").is_file()
    card = json.loads((out / CARD).read_text())
    assert card["decision"]["rules_ensemble"] is True
    assert card["decision"]["calibration"]["PARTISAN"]["method"] in ("isotonic", "none")
    election = load_election(corpus / "configs" / "pilbup-gamma-2024.yaml")
    preds = list(load_classifier(str(out), election=election).predict(POSTS))
    assert len(preds) == 3 and all(0 <= p.partisan_score <= 1 for p in preds)


def test_cascade_trains_members_and_gate(setup, monkeypatch) -> None:
    root, corpus, encoder = setup
    monkeypatch.setenv("ASNWATCH_EMBED_CACHE", str(root / "cache"))
    cheap = {"name": "c", "backend": "tfidf", "rules": "features", "tfidf": {"min_df": 1}}
    expensive = _e5_config(root, corpus, encoder)
    data = {
        "name": "tiny-cascade",
        "backend": "cascade",
        "data": {"corpus": str(corpus)},
        "cascade": {"cheap": cheap, "expensive": expensive, "max_recall_drop": 0.01},
    }
    cfg = load_config(_write(root, "cascade", data))
    out = train(cfg, output=root / "m-cascade")
    card = json.loads((out / CARD).read_text())
    assert card["backend"] == "cascade" and 0.0 <= card["gate"] <= PASS_NONE
    assert card["gate_dev"]["recall_cascade"] >= card["gate_dev"]["recall_expensive"] - 0.01
    assert (out / "cheap" / CARD).is_file() and (out / "expensive" / CARD).is_file()
    election = load_election(corpus / "configs" / "pilbup-gamma-2024.yaml")
    clf = load_classifier(str(out), election=election)
    assert isinstance(clf, CascadeClassifier)
    preds = list(clf.predict(POSTS))
    assert [p.id for p in preds] == ["a", "b", "c"]
    assert all(p.model == "tiny-cascade@1" for p in preds)
    assert clf.stats["posts"] == 3 and clf.stats["passed"] <= 3


def test_choose_gate_keeps_recall_within_the_allowed_drop() -> None:
    # the cheap stage misses post 3 (score 0.2) that the expensive member catches
    cheap_scores = [0.9, 0.8, 0.2, 0.1, 0.05]
    cheap_pred = [1, 1, 0, 0, 0]
    expensive_pred = [1, 1, 1, 0, 0]
    gold = [1, 1, 1, 0, 0]
    gate, summary = choose_gate(cheap_scores, cheap_pred, expensive_pred, gold, max_recall_drop=0.01)
    assert gate == 0.2 and summary["recall_cascade"] == 1.0 and summary["pass_rate"] == 0.6
    gate, summary = choose_gate(cheap_scores, cheap_pred, expensive_pred, gold, max_recall_drop=0.34)
    assert gate == PASS_NONE and summary["pass_rate"] == 0.0, (
        "the cheap stage alone is within the allowed drop"
    )
    # an encoder that catches nothing more never needs posts
    gate, summary = choose_gate(cheap_scores, cheap_pred, cheap_pred, gold, max_recall_drop=0.0)
    assert gate == PASS_NONE and summary["recall_cascade"] == summary["recall_expensive"]


def test_choose_gate_respects_the_speed_budget() -> None:
    cheap_scores = [0.9, 0.8, 0.2, 0.1, 0.05]
    cheap_pred = [1, 1, 0, 0, 0]
    expensive_pred = [1, 1, 1, 0, 0]
    gold = [1, 1, 1, 0, 0]
    # recall needs gate 0.2 (3 of 5 posts), but only 2 of 5 may pass: the lowest gate in budget
    gate, summary = choose_gate(
        cheap_scores, cheap_pred, expensive_pred, gold, max_recall_drop=0.01, max_pass_rate=0.4
    )
    assert gate == 0.8 and summary["pass_rate"] == 0.4 and summary["recall_cascade"] < 1.0
    gate, _ = choose_gate(
        cheap_scores, cheap_pred, expensive_pred, gold, max_recall_drop=0.01, max_pass_rate=0.6
    )
    assert gate == 0.2
