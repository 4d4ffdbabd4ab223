"""The model directory is replaced by renames: always a whole model, old or new (issue 16)."""

from __future__ import annotations

import pytest

from pipeline.classify.base import CARD
from pipeline.classify.model_dir import write_model_dir
from pipeline.errors import ModelError


def _writer(tag: str):
    def write(tmp):
        (tmp / CARD).write_text(tag, encoding="utf-8")
        (tmp / "weights.bin").write_text(tag, encoding="utf-8")

    return write


def test_a_model_replaces_the_old_one_and_leaves_nothing_beside_it(tmp_path):
    out = tmp_path / "m"
    write_model_dir(out, _writer("v1"))
    write_model_dir(out, _writer("v2"))
    assert (out / CARD).read_text() == "v2" and (out / "weights.bin").read_text() == "v2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]


def test_a_failed_run_after_an_interrupted_swap_keeps_the_old_model(tmp_path):
    out, old = tmp_path / "m", tmp_path / "m.old-train"
    write_model_dir(old, _writer("v1"))
    with pytest.raises(RuntimeError):
        write_model_dir(out, lambda tmp: (_ for _ in ()).throw(RuntimeError("training failed")))
    assert (out / CARD).read_text() == "v1"  # put back before the new run began
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]


def test_an_old_copy_beside_a_whole_model_is_removed(tmp_path):
    out = tmp_path / "m"
    write_model_dir(out, _writer("v1"))
    write_model_dir(tmp_path / "m.old-train", _writer("v0"))  # a kill after the swap, before the clean-up
    write_model_dir(out, _writer("v2"))
    assert (out / CARD).read_text() == "v2" and sorted(p.name for p in tmp_path.iterdir()) == ["m"]


def test_a_folder_that_is_not_a_model_is_never_replaced(tmp_path):
    out = tmp_path / "m"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ModelError, match="not a model directory"):
        write_model_dir(out, _writer("v1"))
    assert (out / "notes.txt").read_text() == "mine"
