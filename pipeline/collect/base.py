"""The collector plugin contract, the registry, and format detection.

A collector is one export format. It answers three questions and nothing else:

- ``detect(head, name) -> int``: how sure it is (0 = not mine) that a file whose first bytes are ``head`` is its
  format; ``--format auto`` picks the highest score.
- ``read(path) -> Iterator[Raw]``: the raw records of a file, each with its location (file, line, JSON path).
  Reading never raises for a bad record: it yields a :class:`Raw` with ``error`` set, so the record is rejected
  with a reason instead of stopping the run.
- ``map(raw) -> Post dict | Reject | Skip``: one raw record turned into a canonical post (a plain dict in the
  CONTRACT shape, see :func:`make_post`), a rejection with a reason, or a skip (not a post, e.g. a service
  message).

Canonical posts travel as plain dicts because 20,000+ posts a second leave no room for building a pydantic model
per post; :class:`pipeline.schema.Post` validates them in the tests and on canonical JSONL input, and the runner
passes every post through :func:`pipeline.collect.clean.finish_post`, which makes it fit the schema and every store.

The engine's other modules: ``readers`` (JSON Lines, whole documents, lines read with a size bound, CSV rows),
``repair`` (a byte stream mended for the streaming parser), ``fields``
(times, ids, counts, :func:`make_post`), ``clean`` (control characters, nesting, number ranges), ``shape`` (the
canonical types and the store's field lengths)
and ``run`` (the collection loop with its counts).
"""

from __future__ import annotations

import pkgutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import tzinfo
from importlib import import_module
from pathlib import Path
from typing import Any, ClassVar

from pipeline.collect.fields import zone
from pipeline.errors import InputError
from pipeline.io.files import iter_streams
from pipeline.timezone import DEFAULT_TIMEZONE

MAX_LINE_BYTES = 1_000_000
"""A line longer than this is rejected as too long (and skipped without being held in memory)."""
MAX_DOCUMENT_BYTES = 256_000_000
"""A whole-file JSON document read in one piece (single API responses) may not be larger than this."""
HEAD_BYTES = 65_536
EXCERPT_CHARS = 2_000


@dataclass(slots=True)
class Raw:
    """One raw record and where it came from.

    ``value`` is the parsed record (a dict for JSON, a dict of column -> cell for CSV); ``context`` is what the
    format needs to resolve it (e.g. the page's ``includes`` for X); ``error`` is set when the record could not
    even be read (bad UTF-8, bad JSON, too long), ``excerpt`` then holds the raw text. ``skip`` marks a record
    that is not a post and is counted as skipped (empty line).
    """

    value: Any
    file: str
    line: int | None = None
    path: str | None = None
    context: Any = None
    error: str | None = None
    excerpt: str | None = None
    skip: str | None = None


@dataclass(slots=True)
class Reject:
    """A record that cannot become a post; ``reason`` is one short line."""

    reason: str


@dataclass(slots=True)
class Skip:
    """A record that is not a post (a service message, an empty line): counted, not rejected."""

    reason: str


@dataclass(slots=True)
class CollectOptions:
    """Options a collector may use. ``tz`` reads local times that carry no offset (default Asia/Jakarta)."""

    tz: tzinfo = field(default_factory=lambda: zone(DEFAULT_TIMEZONE))
    mapping: dict[str, Any] | None = None  # csv: {"platform": ..., "columns": {field: column or [columns]}}
    preset: str | None = None
    platform: str | None = None


class Collector:
    """Base class of every format plugin. Subclasses set ``name`` and implement the three methods."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    typed: ClassVar[bool] = False
    """True when ``map`` itself gives every canonical field its type and the store's size (the X v2 hot path); the
    runner then checks only control characters and JSON's limits, not the whole shape, of its posts."""

    def __init__(self, options: CollectOptions | None = None) -> None:
        self.options = options or CollectOptions()

    @classmethod
    def detect(cls, head: bytes, name: str) -> int:
        """Return 0 (not this format) to 100 (certain) for a file starting with ``head`` named ``name``."""
        return 0

    def read(self, path: Path) -> Iterator[Raw]:
        raise NotImplementedError

    def map(self, raw: Raw) -> dict[str, Any] | Reject | Skip:
        raise NotImplementedError


# --- registry -------------------------------------------------------------------------------------------------

# Adding a format = adding a module to this package whose collector class is decorated with @register: every
# module here is discovered, except the engine (this module and its helpers readers, repair, fields, clean, shape)
# and the runner (which stores what collectors read).
_NOT_PLUGINS = frozenset({"base", "run", "readers", "repair", "fields", "clean", "shape"})
_REGISTRY: dict[str, type[Collector]] = {}


def plugin_modules() -> list[str]:
    """The names of the collector plugin modules of this package, in name order."""
    package = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(package)]) if m.name not in _NOT_PLUGINS)


def register(cls: type[Collector]) -> type[Collector]:
    """Class decorator adding a collector to the registry under ``cls.name``."""
    _REGISTRY[cls.name] = cls
    return cls


def registry() -> dict[str, type[Collector]]:
    """All collectors by format name (modules imported on first use)."""
    for module in plugin_modules():  # cheap once imported; a module imported early must not hide the others
        import_module(f"pipeline.collect.{module}")
    return dict(_REGISTRY)


def get_collector(name: str, options: CollectOptions | None = None) -> Collector:
    """The collector for format ``name``; unknown names raise :class:`InputError` listing the known ones."""
    formats = registry()
    if name not in formats:
        raise InputError(
            f"unknown format {name!r}; known: auto, {', '.join(sorted(formats))}", option="format"
        )
    return formats[name](options)


def detect_format(path: Path) -> str:
    """Guess the format of ``path`` from its first bytes; :class:`InputError` when nothing recognises it."""
    head = read_head(path)
    name = Path(path).name.lower()
    for suffix in (".gz", ".zip"):
        name = name.removesuffix(suffix)
    scores = [(cls.detect(head, name), fmt) for fmt, cls in registry().items()]
    score, fmt = max(scores)
    if score <= 0:
        raise InputError("cannot tell the export format; pass --format", path=path)
    return fmt


# --- reading helpers ------------------------------------------------------------------------------------------


def read_head(path: str | Path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` decompressed bytes of a file (first zip member), BOM removed."""
    for _, fh in iter_streams(path):
        try:
            head = fh.read(size)
        except (OSError, EOFError, zipfile.BadZipFile) as exc:
            raise InputError(f"cannot read ({exc})", path=path) from None
        return head.removeprefix(b"\xef\xbb\xbf")
    return b""
