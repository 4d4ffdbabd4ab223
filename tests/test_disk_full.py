"""A full disk (or a read-only one) for the output (issue 16): the command stops with a clear message naming the
file and exit code 2, and leaves no output and no temporary file behind; an existing output stays as it was.
The full disk is an ENOSPC shim on the output's file object, after a given number of bytes."""

from __future__ import annotations

import errno
import os

import pytest
from typer.testing import CliRunner

from pipeline.cli.main import app
from tests.conftest import ROOT

runner = CliRunner()
POSTS = ROOT / "data" / "samples" / "posts.jsonl"


class FullDisk:
    """Wraps a file object; writing past ``room`` bytes raises ENOSPC as a full file system does."""

    def __init__(self, fh, room: int) -> None:
        self.fh, self.room = fh, room

    def write(self, data):
        self.room -= len(data)
        if self.room < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self.fh.write(data)

    def __getattr__(self, name):
        return getattr(self.fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self.fh.__exit__(*exc)


@pytest.fixture
def full_disk(monkeypatch):
    import pipeline.io.files as files

    real = os.fdopen

    def fdopen(fd, *args, **kwargs):
        return FullDisk(real(fd, *args, **kwargs), room=4096)

    monkeypatch.setattr(files.os, "fdopen", fdopen)


def leftovers(directory):
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


def test_collect_to_a_full_disk(tmp_path, full_disk):
    out = tmp_path / "posts.jsonl"
    out.write_text("earlier run\n")
    result = runner.invoke(app, ["collect", "--input", str(POSTS), "--output", str(out)])
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output and "nothing was written" in result.output
    assert out.read_text() == "earlier run\n"
    assert leftovers(tmp_path) == []


def test_classify_to_a_full_disk(tmp_path, full_disk):
    out = tmp_path / "preds.jsonl"
    election = ROOT / "configs" / "elections" / "pilbup-sukamaju-2024.yaml"
    result = runner.invoke(
        app,
        [
            "classify",
            "--election",
            str(election),
            "--input",
            str(POSTS),
            "--output",
            str(out),
            "--model",
            "rules",
        ],
    )
    assert result.exit_code == 2, result.output
    assert "preds.jsonl" in result.output and "No space left" in result.output
    assert not out.exists() and leftovers(tmp_path) == []


def test_read_only_output_directory(tmp_path, monkeypatch):
    import tempfile

    import pipeline.io.files as files

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    result = runner.invoke(app, ["collect", "--input", str(POSTS), "--output", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 2 and "Read-only file system" in result.output
    assert tempfile.mkstemp is refuse  # the shim was the one refusing
