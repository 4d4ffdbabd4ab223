"""Opening inputs transparently (.gz, .zip) and writing outputs atomically.

An output is written to a temporary file beside its target and renamed into place only when the
whole job succeeded, so a failed run never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from pipeline.errors import InputError, OutputError


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
def _open_members(path: Path) -> Iterator[list[tuple[str, IO[bytes]]]]:
    lower = path.name.lower()
    if lower.endswith(".zip"):
        try:
            zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise InputError(f"not a readable zip archive ({exc})", path=path) from None
        with zf:
            members = [m for m in zf.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")]
            if not members:
                raise InputError("zip archive is empty", path=path)
            opened = [(f"{path}!{m.filename}", zf.open(m)) for m in members]
            try:
                yield opened
            finally:
                for _, fh in opened:
                    fh.close()
    elif lower.endswith(".gz"):
        with gzip.open(path, "rb") as gz:
            yield [(str(path), cast(IO[bytes], gz))]
    else:
        with open(path, "rb") as fh:
            yield [(str(path), fh)]


def iter_streams(path: str | Path) -> Iterator[tuple[str, IO[bytes]]]:
    """Yield ``(label, binary stream)`` for a plain, ``.gz`` or ``.zip`` file (every member of a zip, labelled
    ``archive.zip!member``; macOS ``__MACOSX/`` entries skipped)."""
    p = check_input(path)
    with _open_members(p) as members:
        yield from members


@contextlib.contextmanager
def open_binary(path: str | Path) -> Iterator[IO[bytes]]:
    """Open a file for binary reading; ``.gz`` is decompressed and a ``.zip`` yields its first member.

    A zip with several members: use :func:`iter_streams` instead.
    """
    with _open_members(check_input(path)) as members:
        yield members[0][1]


@contextlib.contextmanager
def open_text(path: str | Path) -> Iterator[IO[str]]:
    """Open a (possibly compressed) file as UTF-8 text, with a BOM removed."""
    with open_binary(path) as raw:
        yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def sha256_file(path: str | Path) -> str:
    """The SHA-256 hex digest of a file's bytes, read 1 MiB at a time."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_DISK_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})
"""Errors of the output's file system (full, over quota, file too large, read-only): an :class:`OutputError`."""


@contextlib.contextmanager
def atomic_output(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temporary file next to ``path`` and move it into place on success.

    On any exception the temporary file is removed and ``path`` is left untouched.
    """
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.exists():
        raise InputError("output directory does not exist", path=parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=parent)
    except OSError as exc:
        if exc.errno not in _DISK_ERRORS:
            raise
        raise OutputError(f"cannot write ({exc.strerror}); nothing was written", path=target) from None
    try:
        text = "b" not in mode
        with os.fdopen(fd, mode, encoding="utf-8" if text else None, newline="\n" if text else None) as fh:
            yield fh
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.errno in _DISK_ERRORS:
            reason = exc.strerror or os.strerror(exc.errno or 0)
            raise OutputError(f"cannot write ({reason}); nothing was written", path=target) from None
        raise
