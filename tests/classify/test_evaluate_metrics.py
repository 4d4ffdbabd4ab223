"""Metrics, report files and the ``asnwatch evaluate`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from tiny_models import write_corpus
from typer.testing import CliRunner

from pipeline.classify.evaluate import compute_metrics, three_class, write_report
from pipeline.cli.main import app


def _pred(labels, score, id_="x"):
    return {"id": id_, "labels": labels, "partisan_score": score, "model": "m@1"}


def test_three_class() -> None:
    assert three_class(["AJAKAN", "SIMBOL"]) == "partisan"
    assert three_class(["NETRAL_PEMILU"]) == "NETRAL_PEMILU"
    assert three_class(["TIDAK_TERKAIT"]) == "TIDAK_TERKAIT"


def test_compute_metrics_known_values() -> None:
    gold = [
        {"id": "1", "text": "a", "labels": ["AJAKAN"]},
        {"id": "2", "text": "b", "labels": ["DUKUNGAN"]},
        {"id": "3", "text": "c", "labels": ["NETRAL_PEMILU"]},
        {"id": "4", "text": "d", "labels": ["TIDAK_TERKAIT"]},
    ]
    preds = [
        _pred(["AJAKAN"], 0.9),
        _pred(["NETRAL_PEMILU"], 0.45),  # missed partisan
        _pred(["DUKUNGAN"], 0.6),  # false partisan
        _pred(["TIDAK_TERKAIT"], 0.1),
    ]
    m = compute_metrics(gold, preds)
    assert m["partisan"]["precision"] == 0.5 and m["partisan"]["recall"] == 0.5 and m["partisan"]["f1"] == 0.5
    assert m["confusion"]["matrix"] == [[1, 1, 0], [1, 0, 0], [0, 0, 1]]
    # per class F1: partisan 0.5, NETRAL 0, TIDAK 1 -> macro 0.5
    assert m["macro_f1"] == 0.5
    assert m["per_label"]["AJAKAN"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert m["per_label"]["DUKUNGAN"]["f1"] == 0.0
    # the most confident mistakes come first: id 3 (0.6 on a neutral post) before id 2 (0.45 on a partisan one)
    assert [e["id"] for e in m["worst_errors"]] == ["3", "2"]
    assert m["partisan"]["brier"] == pytest.approx((0.01 + 0.3025 + 0.36 + 0.01) / 4, abs=1e-4)
    assert m["partisan"]["average_precision"] == pytest.approx((1 + 2 / 3) / 2, abs=1e-4)
    assert sum(b["count"] for b in m["reliability"]) == 4


def test_compute_metrics_length_mismatch() -> None:
    with pytest.raises(ValueError, match="2 gold records but 1 predictions"):
        compute_metrics([{"labels": ["AJAKAN"]}, {"labels": ["AJAKAN"]}], [_pred(["AJAKAN"], 1.0)])


def test_report_files_and_escaping(tmp_path: Path) -> None:
    gold = [
        {"id": "1", "text": "<script>alert(1)</script> coblos", "labels": ["AJAKAN"]},
        {"id": "2", "text": "biasa saja", "labels": ["TIDAK_TERKAIT"]},
    ]
    preds = [_pred(["TIDAK_TERKAIT"], 0.2), _pred(["TIDAK_TERKAIT"], 0.1)]
    metrics = write_report(tmp_path / "out", records=gold, predictions=preds, model="m@1", data="gold.jsonl")
    out = tmp_path / "out"
    for name in (
        "metrics.json",
        "report.html",
        "pr_curve.png",
        "reliability.png",
        "confusion.png",
        "predictions.jsonl",
    ):
        assert (out / name).is_file(), name
    assert (out / "pr_curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = (out / "report.html").read_text()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "data:image/png;base64," in html
    assert (
        json.loads((out / "metrics.json").read_text())["partisan"]["recall"]
        == metrics["partisan"]["recall"]
        == 0
    )


def test_evaluate_command_end_to_end(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    config = tmp_path / "t.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "name": "tiny",
                "backend": "tfidf",
                "rules": "none",
                "data": {"corpus": str(corpus)},
                "tfidf": {"min_df": 1},
            }
        )
    )
    runner = CliRunner()
    result = runner.invoke(app, ["train", "--config", str(config), "--output", str(tmp_path / "m"), "-q"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--model",
            str(tmp_path / "m"),
            "--data",
            str(corpus / "posts.jsonl"),
            "--election",
            str(corpus / "configs"),
            "--split",
            "test",
            "--output",
            str(tmp_path / "report"),
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads((tmp_path / "report" / "metrics.json").read_text())
    assert metrics["n"] == 40 and metrics["model"] == "tiny@1"
    # one election config for every record works too
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--model",
            "rules",
            "--data",
            str(corpus / "posts.jsonl"),
            "--election",
            str(corpus / "configs" / "pilbup-gamma-2024.yaml"),
            "--split",
            "test",
            "--output",
            str(tmp_path / "report-rules"),
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output


def test_evaluate_command_failures(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    runner = CliRunner()
    missing = runner.invoke(
        app,
        [
            "evaluate",
            "--model",
            "rules",
            "--data",
            str(tmp_path / "none.jsonl"),
            "--election",
            str(corpus / "configs"),
            "--output",
            str(tmp_path / "r"),
        ],
    )
    assert missing.exit_code == 2 and "no such data file" in missing.output
    nosplit = runner.invoke(
        app,
        [
            "evaluate",
            "--model",
            "rules",
            "--data",
            str(corpus / "posts.jsonl"),
            "--election",
            str(corpus / "configs"),
            "--split",
            "nope",
            "--output",
            str(tmp_path / "r"),
        ],
    )
    assert nosplit.exit_code == 2 and "no records with split" in nosplit.output
    badmodel = runner.invoke(
        app,
        [
            "evaluate",
            "--model",
            str(tmp_path),
            "--data",
            str(corpus / "posts.jsonl"),
            "--election",
            str(corpus / "configs"),
            "--output",
            str(tmp_path / "r"),
        ],
    )
    assert badmodel.exit_code == 2 and "not a model directory" in badmodel.output
    assert not (tmp_path / "r" / "report.html").exists()
