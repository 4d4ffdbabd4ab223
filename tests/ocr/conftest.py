"""Rendered test images (data/images/render.py) and the Tesseract requirement: skipped without the program
outside CI; under CI=true (where the Makefile installs it) a missing program fails."""

from __future__ import annotations

import importlib.util
import os

import pytest

from tests.conftest import ROOT


def require_tesseract() -> None:
    from pipeline.ocr.engine import tesseract_available

    if not tesseract_available():
        message = "tesseract is not installed (make ocr-tools installs tesseract-ocr tesseract-ocr-ind)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(reason=message)


def renderer():
    spec = importlib.util.spec_from_file_location("render", ROOT / "data" / "images" / "render.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """Two images per class of the first entries of each class: (folder, label rows)."""
    require_tesseract()
    folder = tmp_path_factory.mktemp("images")
    rows = renderer().render(folder, variants=1, seed=3, only=3)
    return folder, rows
