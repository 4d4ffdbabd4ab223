"""Training, saving, loading and predicting with the TF-IDF backend on a tiny corpus built in the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from tiny_models import write_corpus
from tiny_models import write_tfidf_config as _config

from pipeline.classify.base import CARD, load_classifier
from pipeline.classify.train import default_is_current, train
from pipeline.classify.train_config import load_config, parse_config
from pipeline.election import load_election
from pipeline.errors import ConfigError, InputError, ModelError
from pipeline.labels import ALL_LABELS
from pipeline.schema import Post


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def tfidf_model(tmp_path_factory, corpus) -> Path:
    tmp = tmp_path_factory.mktemp("tfidf")
    cfg = load_config(_config(tmp, corpus))
    return train(cfg, output=tmp / "model")


def test_train_writes_model_card(tfidf_model: Path, corpus: Path) -> None:
    card = json.loads((tfidf_model / CARD).read_text(encoding="utf-8"))
    assert card["backend"] == "tfidf"
    assert card["name"] == "tiny-tfidf" and card["version"] == "0.1"
    assert len(card["config_hash"]) == 64
    assert card["data"]["counts"] == {"train": 40, "dev": 40, "test": 40}
    assert card["data"]["elections"]["test"] == ["pilbup-gamma-2024"]
    assert {"scikit-learn", "python"} <= set(card["versions"])
    for split in ("dev", "test"):
        m = card["metrics"][split]
        assert 0.0 <= m["partisan"]["f1"] <= 1.0 and 0.0 <= m["macro_f1"] <= 1.0
    # the templates are trivially separable: a working pipeline gets them right on an unseen contest
    assert card["metrics"]["test"]["partisan"]["f1"] >= 0.9
    assert set(card["decision"]["thresholds"]) >= {"PARTISAN", "AJAKAN"}
    assert (tfidf_model / "tfidf.joblib").is_file()


def test_load_and_predict_by_directory(tfidf_model: Path, corpus: Path) -> None:
    cfg = load_election(corpus / "configs" / "pilbup-gamma-2024.yaml")
    clf = load_classifier(str(tfidf_model), election=cfg)
    posts = [
        Post(id="t:1", text="ayo coblos nomor 1 tanggal 27, YUSRA pasti menang"),
        Post(id="t:2", text="harga cabai naik lagi, pusing kepala"),
        Post(id="t:3", text="jangan golput ya, datang ke TPS tanggal 27"),
    ]
    preds = list(clf.predict(posts))
    assert [p.id for p in preds] == ["t:1", "t:2", "t:3"]
    assert preds[0].model == "tiny-tfidf@0.1"
    assert preds[0].partisan_score > 0.5 > preds[1].partisan_score
    assert preds[1].labels == ["TIDAK_TERKAIT"]
    assert preds[2].labels == ["NETRAL_PEMILU"]
    assert set(preds[0].scores) == set(ALL_LABELS)
    assert all(0.0 <= p.partisan_score <= 1.0 for p in preds)


def test_predict_is_deterministic_after_reload(tfidf_model: Path, corpus: Path) -> None:
    cfg = load_election(corpus / "configs" / "pilbup-beta-2024.yaml")
    posts = [
        Post(id=f"p{i}", text=t)
        for i, t in enumerate(["pilih BARI", "rapat jam 2", "debat paslon malam ini"])
    ]
    a = [p.partisan_score for p in load_classifier(str(tfidf_model), election=cfg).predict(posts)]
    b = [p.partisan_score for p in load_classifier(str(tfidf_model), election=cfg).predict(posts)]
    assert a == b


def test_model_by_name_under_models_dir(tfidf_model: Path, corpus: Path, monkeypatch) -> None:
    import pipeline.classify.base as base

    monkeypatch.setattr(base, "MODELS_DIR", tfidf_model.parent)
    cfg = load_election(corpus / "configs" / "pilbup-gamma-2024.yaml")
    clf = load_classifier(tfidf_model.name, election=cfg)
    assert clf.name == "tiny-tfidf"


def test_retraining_replaces_model_atomically(tmp_path: Path, corpus: Path) -> None:
    cfg = load_config(_config(tmp_path, corpus))
    out = train(cfg, output=tmp_path / "m")
    first = json.loads((out / CARD).read_text())["config_hash"]
    out = train(cfg, output=tmp_path / "m")
    assert json.loads((out / CARD).read_text())["config_hash"] == first
    assert not list(tmp_path.glob("m.tmp*"))
    assert default_is_current(cfg, out)
    changed = load_config(_config(tmp_path, corpus, version="0.2"))
    assert not default_is_current(changed, out)


def test_refuses_to_overwrite_a_non_model_directory(tmp_path: Path, corpus: Path) -> None:
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "notes.txt").write_text("keep me")
    cfg = load_config(_config(tmp_path, corpus))
    with pytest.raises(ModelError, match="not a model directory"):
        train(cfg, output=tmp_path / "precious")
    assert (tmp_path / "precious" / "notes.txt").read_text() == "keep me"


def test_config_errors_name_the_key(tmp_path: Path, corpus: Path) -> None:
    with pytest.raises(ConfigError, match="tfidf_typo: unknown key"):
        load_config(_config(tmp_path, corpus, tfidf_typo=1))
    with pytest.raises(ConfigError, match="backend"):
        parse_config({"backend": "svm"})
    with pytest.raises(ConfigError, match="cascade"):
        parse_config({"backend": "cascade"})
    with pytest.raises(ConfigError, match="C"):
        parse_config({"backend": "tfidf", "tfidf": {"C": -1}})
    with pytest.raises(ConfigError, match="no such training config"):
        load_config(tmp_path / "missing.yaml")


def test_bad_corpus_record_names_the_line(tmp_path: Path, corpus: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "configs").symlink_to(corpus / "configs")
    lines = (corpus / "posts.jsonl").read_text().splitlines()
    record = json.loads(lines[2])
    record["labels"] = ["DUKUNGAN", "NETRAL_PEMILU"]
    lines[2] = json.dumps(record)
    (bad / "posts.jsonl").write_text("\n".join(lines) + "\n")
    cfg = load_config(_config(tmp_path, bad))
    with pytest.raises(InputError, match=r"posts.jsonl:3: labels"):
        train(cfg, output=tmp_path / "m")


def test_unknown_model_and_missing_artifact(tmp_path: Path, tfidf_model: Path, corpus: Path) -> None:
    import shutil

    cfg = load_election(corpus / "configs" / "pilbup-gamma-2024.yaml")
    with pytest.raises(ModelError, match="unknown model"):
        load_classifier("no-such-model", election=cfg)
    broken = tmp_path / "broken"
    shutil.copytree(tfidf_model, broken)
    (broken / "tfidf.joblib").unlink()
    with pytest.raises(ModelError, match="tfidf.joblib"):
        load_classifier(str(broken), election=cfg)
    (broken / "tfidf.joblib").write_bytes(b"not a joblib file")
    with pytest.raises(ModelError, match=r"tfidf\.joblib: unreadable"):
        load_classifier(str(broken), election=cfg)


def test_cascade_config_hash_covers_member_files(tmp_path: Path) -> None:
    (tmp_path / "cheap.yaml").write_text(yaml.safe_dump({"backend": "tfidf", "tfidf": {"C": 1.0}}))
    (tmp_path / "exp.yaml").write_text(yaml.safe_dump({"backend": "e5"}))
    path = tmp_path / "cascade.yaml"
    path.write_text(
        yaml.safe_dump({"backend": "cascade", "cascade": {"cheap": "cheap.yaml", "expensive": "exp.yaml"}})
    )
    before = load_config(path).config_hash()
    (tmp_path / "cheap.yaml").write_text(yaml.safe_dump({"backend": "tfidf", "tfidf": {"C": 2.0}}))
    assert load_config(path).config_hash() != before, "editing a member config makes the default stale"


def _export_record(post_id: str, text: str, labels: list[str], election: str, **post) -> dict:
    """A record as ``asnwatch review export --format jsonl`` writes it (the fields training reads)."""
    return {
        "item_id": 1,
        "post_id": post_id,
        "election_id": election,
        "status": "confirmed",
        "text": text,
        "labels": labels,
        "targets": [1] if labels[0] not in ("NETRAL_PEMILU", "TIDAK_TERKAIT") else [],
        "post": {"id": post_id, "platform": "x", "kind": "post", "created_at": "2024-11-12T08:00:00+07:00"}
        | post,
    }


def test_training_takes_reviewers_decisions(tmp_path: Path, corpus: Path) -> None:
    from pipeline.classify.training_data import load_corpus

    rows = [json.loads(line) for line in (corpus / "posts.jsonl").read_text().splitlines()]
    a_train_id = next(r["id"] for r in rows if r["split"] == "train")
    a_test_id = next(r["id"] for r in rows if r["split"] == "test")
    export = tmp_path / "decisions.jsonl"
    records = [
        _export_record(
            "x:901", "bantu menangkan HERMA ya, share ke grup kantor", ["AJAKAN"], "pilbup-alpha-2024"
        ),
        _export_record(
            "x:902", "kerja bakti di balai desa minggu pagi", ["TIDAK_TERKAIT"], "pilbup-alpha-2024"
        ),
        # a corpus training post re-labelled by reviewers, and a test post that must stay held out
        _export_record(a_train_id, "teks dari reviewer", ["NETRAL_PEMILU"], "pilbup-alpha-2024"),
        _export_record(a_test_id, "bocoran set uji", ["AJAKAN"], "pilbup-gamma-2024"),
        {
            "post_id": "x:903",
            "election_id": "pilbup-alpha-2024",
            "text": "ditolak tanpa label",
            "labels": None,
        },
    ]
    export.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    cfg = load_config(
        _config(tmp_path, corpus, data={"corpus": str(corpus), "decisions": [str(export)],
                                        "decision_configs": str(corpus / "configs")})
    )  # fmt: skip
    data, _ = load_corpus(cfg)
    train_ids = [r["id"] for r in data["train"].records]
    assert len(data["train"]) == 40 + 2  # two new posts; the relabelled one replaces its corpus record
    assert {"x:901", "x:902", a_train_id} <= set(train_ids) and a_test_id not in train_ids
    relabelled = next(r for r in data["train"].records if r["id"] == a_train_id)
    assert relabelled["labels"] == ["NETRAL_PEMILU"] and relabelled["text"] == "teks dari reviewer"
    assert len(data["train"].posts) == len(data["train"].elections) == len(data["train"])

    out = train(cfg, output=tmp_path / "m")
    card = json.loads((out / CARD).read_text())
    assert card["data"]["decisions"]["examples"] == 3
    assert card["data"]["decisions"]["sources"][0]["file"] == str(export)
    assert default_is_current(cfg, out)
    export.write_text(export.read_text() + json.dumps(records[1] | {"post_id": "x:904"}) + "\n")
    assert not default_is_current(cfg, out), "new decisions make the model stale"


def test_bad_decisions_are_refused_naming_the_file(tmp_path: Path, corpus: Path) -> None:
    from pipeline.classify.training_data import load_corpus

    export = tmp_path / "bad.jsonl"
    record = _export_record("x:1", "ayo", ["AJAKAN", "TIDAK_TERKAIT"], "pilbup-alpha-2024")
    export.write_text(json.dumps(record) + "\n")
    data = {"corpus": str(corpus), "decisions": [str(export)], "decision_configs": str(corpus / "configs")}
    with pytest.raises(InputError, match=r"bad.jsonl: record 1 \(x:1\): labels"):
        load_corpus(load_config(_config(tmp_path, corpus, data=data)))
    with pytest.raises(InputError, match="no such review export"):
        load_corpus(load_config(_config(tmp_path, corpus, data=data | {"decisions": ["nope.jsonl"]})))
    export.write_text(json.dumps(record | {"labels": ["AJAKAN"], "election_id": "pilkada-mars"}) + "\n")
    with pytest.raises(ConfigError, match="no election config 'pilkada-mars'"):
        load_corpus(load_config(_config(tmp_path, corpus, data=data)))


def test_train_command_takes_decisions(tmp_path: Path, corpus: Path) -> None:
    from tests.conftest import run_cli

    export = tmp_path / "d.jsonl"
    record = _export_record("x:77", "coblos HERMA nomor 1 ya", ["AJAKAN"], "pilbup-alpha-2024")
    export.write_text(json.dumps(record) + "\n")
    cfg = _config(tmp_path, corpus, data={"corpus": str(corpus), "decision_configs": str(corpus / "configs")})
    proc = run_cli("train", "--config", str(cfg), "--output", str(tmp_path / "m"), "--decisions", str(export))
    assert proc.returncode == 0, proc.stderr
    card = json.loads((tmp_path / "m" / CARD).read_text())
    assert card["data"]["counts"]["train"] == 41 and card["data"]["decisions"]["examples"] == 1
    proc = run_cli(
        "train", "--config", str(cfg), "--output", str(tmp_path / "m2"), "--decisions", "none.jsonl"
    )
    assert proc.returncode == 2 and "no such review export" in proc.stderr
