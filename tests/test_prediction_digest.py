"""Refactoring guard (issue 18): the rules' predictions on the corpus, the samples and the eval set, and a
trained model's (TF-IDF + rule and stance features, trained in the test) on the samples, as digests.

A change that alters any prediction changes the digest. When the change is meant to (a new rule, a better
resolver), regenerate with ``ASNWATCH_UPDATE_DIGESTS=1 pytest tests/test_prediction_digest.py`` and say so in the
commit; a refactor must leave it alone.
"""

from __future__ import annotations

import hashlib
import json
import os

from pipeline.classify.rules import RulesClassifier
from pipeline.classify.training_data import ElectionResolver, record_to_post
from pipeline.schema import Post
from tests.conftest import ROOT

DIGESTS = ROOT / "tests" / "data" / "prediction_digests.json"
SETS = {
    "corpus": (ROOT / "data" / "corpus" / "posts.jsonl", ROOT / "data" / "corpus" / "configs"),
    "samples": (ROOT / "data" / "samples" / "posts.jsonl", ROOT / "configs" / "elections"),
    "eval": (ROOT / "data" / "eval" / "rules_heldout.jsonl", ROOT / "configs" / "elections"),
}


def _digest(posts_path, configs) -> str:
    resolver = ElectionResolver(directory=configs)
    classifiers: dict[str, RulesClassifier] = {}
    h = hashlib.sha256()
    for line in posts_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        cfg = resolver(record) if "election" in record else resolver({"election": "pilbup-sukamaju-2024"})
        clf = classifiers.setdefault(cfg.election.id, RulesClassifier(cfg))
        post = record_to_post(record) if "labels" in record else Post.model_validate(record)
        pred = clf.predict_one(post).model_dump(mode="json")
        h.update(json.dumps(pred, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def test_rules_predictions_are_unchanged() -> None:
    got = {name: _digest(*paths) for name, paths in SETS.items()}
    digests = json.loads(DIGESTS.read_text(encoding="utf-8"))
    if os.environ.get("ASNWATCH_UPDATE_DIGESTS"):
        DIGESTS.write_text(json.dumps(digests | got, indent=2) + "\n", encoding="utf-8")
        digests |= got
    assert got == {name: digests[name] for name in SETS}


def _trained_digest(tmp_path) -> str:
    """A TF-IDF model with rule and stance features trained on the tiny corpus (no outside data), and its
    predictions on the samples: labels, targets and scores rounded to 1e-6 (BLAS sums may differ in the
    last bits between machines; a refactor changes far more than that)."""
    import sys

    import yaml

    sys.path.insert(0, str(ROOT / "tests" / "classify"))
    from tiny_models import write_corpus

    from pipeline.classify.base import load_classifier
    from pipeline.classify.train import train
    from pipeline.classify.train_config import load_config

    corpus = write_corpus(tmp_path / "corpus")
    config = tmp_path / "digest.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "name": "digest-tfidf",
                "version": "1",
                "backend": "tfidf",
                "data": {"corpus": str(corpus)},
                "rules": "features",
                "threshold": {"mode": "f1"},
                "tfidf": {"min_df": 1, "C": 2.0},
                "stance": {"enabled": True, "weak": [], "sentiment": False},
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "model"
    train(load_config(config), output=out)
    resolver = ElectionResolver(directory=ROOT / "configs" / "elections")
    h = hashlib.sha256()
    posts_path = ROOT / "data" / "samples" / "posts.jsonl"
    records = [json.loads(line) for line in posts_path.read_text(encoding="utf-8").splitlines()]
    clf = load_classifier(str(out), election=resolver({"election": "pilbup-sukamaju-2024"}))
    for pred in clf.predict([Post.model_validate(r) for r in records]):
        row = {
            "labels": pred.labels,
            "targets": pred.targets,
            "scores": {k: round(v, 6) for k, v in sorted(pred.scores.items())},
            "partisan": round(pred.partisan_score, 6),
        }
        h.update(json.dumps(row, sort_keys=True).encode("utf-8"))
    return h.hexdigest()


def test_trained_model_predictions_are_unchanged(tmp_path) -> None:
    got = _trained_digest(tmp_path)
    digests = json.loads(DIGESTS.read_text(encoding="utf-8"))
    if os.environ.get("ASNWATCH_UPDATE_DIGESTS"):
        digests["tiny_trained"] = got
        DIGESTS.write_text(json.dumps(digests, indent=2) + "\n", encoding="utf-8")
    assert got == digests["tiny_trained"]
