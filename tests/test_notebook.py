"""notebooks/compare_backends.ipynb runs end to end (small configuration, tiny encoder built here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "classify"))


def test_compare_backends_notebook_executes(tmp_path: Path, monkeypatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    from tiny_models import write_tiny_encoder

    encoder = write_tiny_encoder(tmp_path / "tiny-bert")
    monkeypatch.setenv("ASNWATCH_NB_LIMIT", "60")
    monkeypatch.setenv("ASNWATCH_NB_BACKENDS", "tfidf,e5,cascade")
    monkeypatch.setenv("ASNWATCH_NB_ENCODER", str(encoder))
    monkeypatch.setenv("ASNWATCH_NB_OUT", str(tmp_path / "out"))
    monkeypatch.setenv("ASNWATCH_EMBED_CACHE", str(tmp_path / "cache"))
    nb = nbformat.read(ROOT / "notebooks" / "compare_backends.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    for name in ("tfidf", "e5", "cascade"):
        assert (tmp_path / "out" / name / "model_card.json").is_file()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = "".join(str(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert "partisan_f1" in html and "cascade" in html
