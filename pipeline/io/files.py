"""Opening inputs transparently (.gz, .zip) and writing outputs atomically.

An output is written to a temporary file beside its target and renamed into place only when the
whole job succeeded, so a failed run never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pipeline.errors import InputError


def check_input(path: str | Path) -> Path:
    """Return ``path`` as a Path if it is a readable file, else raise :class:`InputError`."""
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", path=p)
    if p.is_dir():
        raise InputError("is a directory, expected a file", path=p)
    if not os.access(p, os.R_OK):
        raise InputError("file is not readable", path=p)
    return p


@contextlib.contextmanager
def open_binary(path: str | Path) -> Iterator[IO[bytes]]:
    """Open a file for binary reading; ``.gz`` is decompressed and a ``.zip`` yields its first member.

    A zip with several members: use :func:`iter_zip_members` instead.
    """
    p = check_input(path)
    name = p.name.lower()
    if name.endswith(".gz"):
        with gzip.open(p, "rb") as fh:
            yield fh
    elif name.endswith(".zip"):
        with zipfile.ZipFile(p) as zf:
            members = [m for m in zf.infolist() if not m.is_dir()]
            if not members:
                raise InputError("zip archive is empty", path=p)
            with zf.open(members[0]) as fh:
                yield fh
    else:
        with open(p, "rb") as fh:
            yield fh


def iter_zip_members(path: str | Path) -> Iterator[tuple[str, IO[bytes]]]:
    """Yield ``(member name, binary stream)`` for each file in a zip archive, in archive order."""
    with zipfile.ZipFile(check_input(path)) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            with zf.open(info) as fh:
                yield info.filename, fh


@contextlib.contextmanager
def open_text(path: str | Path) -> Iterator[IO[str]]:
    """Open a (possibly compressed) file as UTF-8 text, with a BOM removed."""
    with open_binary(path) as raw:
        yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(path: str | Path, mode: str = "w") -> Iterator[IO]:
    """Write to a temporary file next to ``path`` and move it into place on success.

    On any exception the temporary file is removed and ``path`` is left untouched.
    """
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.exists():
        raise InputError("output directory does not exist", path=parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=parent)
    try:
        kwargs = {} if "b" in mode else {"encoding": "utf-8", "newline": "\n"}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
