"""Refactoring guard (issue 18): the rules' predictions on the corpus, the samples and the eval set, as one digest.

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
    if os.environ.get("ASNWATCH_UPDATE_DIGESTS"):
        DIGESTS.write_text(json.dumps(got, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(DIGESTS.read_text(encoding="utf-8"))
