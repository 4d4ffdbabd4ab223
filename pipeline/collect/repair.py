"""Mending what a streaming JSON parser cannot get past, so that one bad record never ends a file.

ijson (the C parser that streams Telegram exports, and reads JSON nested deeper than orjson goes) cannot resume
after an error, and crashes the process on an integer over 4,300 digits. :class:`RepairedStream` hands it bytes
it can always read to the end: invalid UTF-8 and unpaired surrogate escapes become a mark (:data:`REPLACEMENT`)
that rejects the record holding it, an over-long digit run becomes :data:`DIGITS_MARK` (rejected as out of
range), and a byte order mark is dropped. :func:`deep_loads` builds a value from such a stream without recursion.
"""

from __future__ import annotations

import codecs
import io
import re
from decimal import Decimal
from typing import IO, Any

import ijson

from pipeline.collect.clean import MAX_DEPTH, TOO_DEEP

REPLACEMENT = "\ufdd0"
"""What an invalid UTF-8 sequence becomes in a :class:`RepairedStream`: a Unicode noncharacter, which no export
holds, so a record that carries it is known to have had bad bytes (and is rejected, not kept)."""
LONG_NUMBER_DIGITS = 4_000
"""A run of more digits than this is replaced by :data:`DIGITS_MARK`: Python refuses to read integers over
4,300 digits, and the C JSON parser crashes on one rather than raising."""
DIGITS_MARK = b"9" * 21
"""Stands for a too-long digit run: as a number it is over 64 bits, so the record holding it is rejected."""
_DIGITS = b"0123456789"
# an escaped backslash, a surrogate pair, or (group 1) an unpaired surrogate escape: scanned left to right, so a
# backslash that is itself escaped never starts an escape
_ESCAPES = re.compile(
    rb"\\\\|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|(\\u[dD][89a-fA-F][0-9a-fA-F]{2})"
)
_HIGH = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}")
_DIGIT_MASK = bytes(1 if 48 <= i <= 57 else 0 for i in range(256))
_RUN = b"\x01" * LONG_NUMBER_DIGITS


def _mark(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return REPLACEMENT, exc.end


codecs.register_error("asnwatch-mark", _mark)


class RepairedStream:
    """A binary stream over ``fh`` whose bytes are always valid UTF-8 (bad sequences become :data:`REPLACEMENT`)
    and hold no digit run over :data:`LONG_NUMBER_DIGITS`; ``repairs`` counts the changes made so far.

    A whole-file export (Telegram's ``result.json``) read by ijson cannot resume after a parse error, so what can
    be mended is mended here and each record carrying a mark is rejected on its own, the rest read on.
    """

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.repairs = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="asnwatch-mark")
        self._held = b""  # trailing digits of the last chunk: the run may go on
        self._in_run = False  # inside a digit run already over the limit
        self._start, self._head = True, b""  # a byte order mark at the start is dropped
        self._escape_held = b""  # a backslash escape cut by the end of a chunk

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""
        while True:
            data = self.fh.read(size if size > 0 else 65_536)
            out = self._repair(data, final=not data)
            if out or not data:
                return out

    def _escapes(self, data: bytes, final: bool) -> bytes:
        """Unpaired surrogate escapes (``\\udc00``: the C parser turns them into bad UTF-8 and stops) become
        ``\\ufdd0``, the mark of a mended record; a pair stays."""
        data, self._escape_held = self._escape_held + data, b""
        if b"\\" not in data:
            return data
        if not final:
            cut = data.find(b"\\", max(0, len(data) - 12))
            if cut >= 0:  # an escape may go on in the next chunk: keep it, with the backslashes before it
                if cut >= 6 and _HIGH.fullmatch(data, cut - 6, cut):  # and the first half of a pair
                    cut -= 6
                while cut > 0 and data[cut - 1 : cut] == b"\\":
                    cut -= 1
                data, self._escape_held = data[:cut], data[cut:]
        if b"\\u" not in data:
            return data
        return _ESCAPES.sub(self._mend_escape, data)

    def _mend_escape(self, match: re.Match[bytes]) -> bytes:
        if match.group(1) is None:
            return match.group()
        self.repairs += 1
        return b"\\ufdd0"

    def _repair(self, data: bytes, final: bool) -> bytes:
        if self._start:
            data, self._head = self._head + data, b""
            if len(data) < 3 and not final:
                self._head = data
                return b""
            self._start, data = False, data.removeprefix(b"\xef\xbb\xbf")
        data = self._digits(self._held + self._escapes(data, final), final)
        text = self._decoder.decode(data, final)
        if REPLACEMENT in text:
            self.repairs += text.count(REPLACEMENT)
        return text.encode("utf-8")

    def _digits(self, data: bytes, final: bool) -> bytes:
        self._held = b""
        if self._in_run:
            rest = data.lstrip(_DIGITS)
            if not rest and not final:
                return b""
            self._in_run = False
            data = DIGITS_MARK + rest
        if not final:
            kept = data.rstrip(_DIGITS)
            tail = data[len(kept) :]
            if len(tail) > LONG_NUMBER_DIGITS:
                self._in_run, self.repairs, data = True, self.repairs + 1, kept
            else:
                self._held, data = tail, kept
        mask = data.translate(_DIGIT_MASK)
        start = mask.find(_RUN)
        if start < 0:
            return data
        parts, at = [], 0
        while start >= 0:
            end = mask.find(b"\x00", start)
            end = len(data) if end < 0 else end
            parts += [data[at:start], DIGITS_MARK]
            self.repairs += 1
            at = end
            start = mask.find(_RUN, end)
        parts.append(data[at:])
        return b"".join(parts)


def deep_loads(raw: bytes) -> Any:
    """Parse JSON nested deeper than orjson goes, without recursion (ijson's events), cutting what is deeper than
    ``MAX_DEPTH`` to :data:`TOO_DEEP`."""
    stack: list[Any] = []
    keys: list[Any] = []
    root: list[Any] = []
    skip = 0

    def add(value: Any) -> None:
        if not stack:
            root.append(value)
        elif isinstance(stack[-1], list):
            stack[-1].append(value)
        else:
            stack[-1][keys[-1]] = value

    for event, value in ijson.basic_parse(RepairedStream(io.BytesIO(raw))):
        if skip:
            skip += (
                1 if event in ("start_map", "start_array") else -1 if event in ("end_map", "end_array") else 0
            )
        elif event in ("start_map", "start_array"):
            if len(stack) >= MAX_DEPTH - 1:
                add(TOO_DEEP)
                skip = 1
                continue
            container: Any = {} if event == "start_map" else []
            add(container)
            stack.append(container)
            keys.append(None)
        elif event in ("end_map", "end_array"):
            stack.pop()
            keys.pop()
        elif event == "map_key":
            keys[-1] = value
        else:
            add(float(value) if isinstance(value, Decimal) else value)
    return root[0]


def parse_int(digits: str) -> int | float:
    """An integer as Python reads it, or infinity past 4,000 digits (Python reads no more than 4,300)."""
    return int(digits) if len(digits) <= LONG_NUMBER_DIGITS else float("inf")
