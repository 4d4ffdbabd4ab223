"""Reading helpers every format shares: lines with a size bound, JSON Lines, whole JSON documents, a byte stream
mended for a streaming parser, and CSV rows.

Nothing here raises for a bad record: a line that cannot be read comes back as a :class:`Raw` with ``error`` set
(invalid UTF-8, invalid or truncated JSON, too long, nested too deeply), so the runner rejects it alone and reads on.
"""

from __future__ import annotations

import csv
import json
import zipfile
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import ijson
import orjson

from pipeline.collect.base import EXCERPT_CHARS, MAX_DOCUMENT_BYTES, MAX_LINE_BYTES, Raw
from pipeline.collect.repair import deep_loads, parse_int
from pipeline.io.files import iter_streams


def iter_raw_lines(fh: IO[bytes], label: str) -> Iterator[tuple[int, bytes | None, str | None]]:
    """Yield ``(line number, bytes, error)`` for each line, reading at most 1 MB of any line into memory.

    A longer line gives ``(n, first 2,000 bytes, "line longer than ... bytes")`` and the rest is skipped.
    A read failure (truncated gzip) ends the stream with one error entry.
    """
    number = 0
    while True:
        try:
            raw = fh.readline(MAX_LINE_BYTES + 1)
        except (OSError, EOFError, zipfile.BadZipFile) as exc:
            yield number + 1, None, f"stream cannot be read further ({exc})"
            return
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            head = raw[:EXCERPT_CHARS]
            try:  # drain the rest of the line without keeping it
                while True:
                    chunk = fh.readline(MAX_LINE_BYTES)
                    if not chunk or chunk.endswith(b"\n"):
                        break
            except (OSError, EOFError, zipfile.BadZipFile):
                pass
            yield number, head, f"line too long (over {MAX_LINE_BYTES} bytes)"
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        yield number, raw, None


def loads(raw: bytes) -> Any:
    """Parse JSON with orjson; a text it refuses only for an unpaired surrogate escape (``"\\ud83d"``, an emoji
    cut in half) or a number past a double's range is read by Python's parser: the post then gets U+FFFD there
    (see ``clean``), and such a number is infinity (left out of counts, refused in other fields). One nested
    deeper than orjson goes is read with its deep parts cut (:data:`TOO_DEEP`). Raises ``orjson.JSONDecodeError``.
    """
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        message = str(exc)
        try:
            if "depth limit" in message:
                return deep_loads(raw)
            if "surrogate" in message or "infinity" in message or "control character" in message:
                return json.loads(raw, parse_int=parse_int, strict=False)
        except (ValueError, RecursionError, ijson.JSONError):
            pass
        raise


def iter_json_records(path: str | Path) -> Iterator[tuple[str, int, Any, Raw | None]]:
    """Stream a JSON Lines file: yield ``(label, line, parsed value, None)`` for each good line, or
    ``(label, line, None, Raw)`` with a ready error/skip record for an empty, unreadable or invalid line."""
    for label, fh in iter_streams(path):
        for number, raw, error in iter_raw_lines(fh, label):
            if error:
                yield label, number, None, Raw(None, label, number, error=error, excerpt=excerpt_bytes(raw))
                continue
            assert raw is not None
            if not raw.strip():
                yield label, number, None, Raw(None, label, number, skip="empty line")
                continue
            try:
                value = loads(raw)
            except orjson.JSONDecodeError as exc:
                yield (
                    label,
                    number,
                    None,
                    Raw(None, label, number, error=json_error(raw, exc), excerpt=excerpt_bytes(raw)),
                )
                continue
            yield label, number, value, None


def json_error(raw: bytes, exc: Exception) -> str:
    """Name what is wrong with a line that orjson refused: bad UTF-8, truncated, or invalid JSON."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as uexc:
        return f"invalid UTF-8 at byte {uexc.start}"
    msg = str(exc)
    if "EOF" in msg or "unexpected end" in msg.lower():
        return "truncated JSON"
    return f"invalid JSON ({msg.split(':')[0]})"


def excerpt_bytes(raw: bytes | None) -> str | None:
    if raw is None:
        return None
    return raw[:EXCERPT_CHARS].decode("utf-8", errors="replace").rstrip("\r\n")


def load_document(label: str, fh: IO[bytes]) -> tuple[Any, str | None]:
    """Read a whole (small) JSON document; return ``(value, None)`` or ``(None, reason)``."""
    data = fh.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        return None, f"JSON document larger than {MAX_DOCUMENT_BYTES} bytes; use JSON Lines"
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return loads(data), None
    except orjson.JSONDecodeError as exc:
        return None, json_error(data, exc)


def iter_json_documents(path: str | Path) -> Iterator[tuple[str, int | None, Any, Raw | None]]:
    """Yield the JSON values in a file that is either JSON Lines or one (possibly pretty-printed) document.

    Values come as in :func:`iter_json_records`; a whole document has line ``None``. A file whose first
    non-empty line is not complete JSON is read as one document.
    """
    as_lines = True
    for _, fh in iter_streams(path):  # the first non-empty line decides (a page line can be long)
        for _, raw, error in iter_raw_lines(fh, ""):
            if error or raw is None or not raw.strip():
                continue
            try:
                loads(raw)
            except orjson.JSONDecodeError:
                # a pretty-printed document opens with a lone bracket; a garbled first line stays JSON Lines
                as_lines = raw.strip() not in (b"{", b"[")
            break
        break
    if as_lines:
        yield from iter_json_records(path)
        return
    for label, fh in iter_streams(path):
        try:
            value, error = load_document(label, fh)
        except (OSError, EOFError, zipfile.BadZipFile) as exc:
            value, error = None, f"stream cannot be read ({exc})"
        if error:
            yield label, None, None, Raw(None, label, None, path="$", error=error)
        else:
            yield label, None, value, None


# --- CSV rows, every physical line accounted for -------------------------------------------------------------


class _Lines:
    """The decoded lines of a stream, fed to ``csv.reader``: remembers the lines the current record used, can be
    given lines back, and sets aside the lines that cannot be read (too long, invalid UTF-8) as error records."""

    def __init__(self, fh: IO[bytes], label: str) -> None:
        self.source = iter_raw_lines(fh, label)
        self.label = label
        self.pending: deque[tuple[int, str]] = deque()
        self.used: list[tuple[int, str]] = []
        self.errors: list[Raw] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pending:
            number, text = self.pending.popleft()
        else:
            number, text = self._read()
        self.used.append((number, text))
        return text

    def _read(self) -> tuple[int, str]:
        for number, raw, error in self.source:  # StopIteration once the stream is done, every time asked
            if error is None and raw is not None:
                try:
                    return number, raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    error = f"invalid UTF-8 at byte {exc.start}"
            self.errors.append(Raw(None, self.label, number, error=error, excerpt=excerpt_bytes(raw)))
        raise StopIteration


class CsvRows:
    """The rows of a CSV stream, each with the line it starts on; iterate for ``(line, cells)`` or error
    :class:`Raw` records. Set ``width`` (the header's cell count) once the header is read.

    Quoting is read strictly: a quote left open would otherwise swallow every line after it into one cell.
    When a record spanning several lines is malformed (a quote not closed before the end of the file, a stray
    quote, or not ``width`` cells), its first line is rejected and the lines after it are read again as rows
    of their own; so every physical line ends as part of a row or as a reject.
    """

    def __init__(self, fh: IO[bytes], label: str) -> None:
        self.lines = _Lines(fh, label)
        self.label = label
        self.width: int | None = None

    def __iter__(self) -> Iterator[tuple[int, list[str]] | Raw]:
        lines = self.lines
        reader = csv.reader(lines, strict=True)
        while True:
            lines.used = []
            try:
                row = next(reader)
            except StopIteration:
                yield from self._errors()
                return
            except csv.Error as exc:
                yield from self._errors()
                if lines.used:
                    yield self._give_back(f"malformed CSV ({exc})")
                continue
            yield from self._errors()
            if not lines.used:
                continue
            if len(lines.used) > 1 and self.width is not None and row and len(row) != self.width:
                yield self._give_back(f"malformed CSV ({len(row)} cells, header has {self.width})")
                continue
            yield lines.used[0][0], row

    def _errors(self) -> Iterator[Raw]:
        errors, self.lines.errors = self.lines.errors, []
        yield from errors

    def _give_back(self, reason: str) -> Raw:
        """Reject the first line of the current record; the lines after it are read again."""
        (number, text), rest = self.lines.used[0], self.lines.used[1:]
        self.lines.pending.extendleft(reversed(rest))
        if rest:
            reason += ": a quote opened on this line is not closed; the lines after it are read as rows"
        return Raw(None, self.label, number, error=reason, excerpt=text[:EXCERPT_CHARS].rstrip("\r\n"))
