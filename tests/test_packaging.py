"""An installed (non-editable) asnwatch must carry every file the package reads at run time."""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is in the standard library from 3.11")
def test_every_data_file_is_package_data() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["pipeline"]
    package = ROOT / "pipeline"
    data = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    ]
    assert data, "the package has data files (lexicons, templates, migrations)"
    missing = [
        f
        for f in data
        if not any(fnmatch.fnmatch(f, pat) or fnmatch.fnmatch(f, pat.removeprefix("**/")) for pat in patterns)
    ]
    assert missing == []
