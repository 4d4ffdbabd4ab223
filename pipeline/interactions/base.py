"""The interaction collector contract, its registry and format detection (the post collectors' contract, for
interactions: see :mod:`pipeline.collect.base`).

An interaction collector is one export format. It answers the same three questions:

- ``detect(head, name) -> int``: 0 (not mine) to 100 (certain) for a file whose first bytes are ``head``;
  ``--format auto`` picks the highest score among the interaction formats only.
- ``read(path) -> Iterator[Raw]``: the raw records of a file with their location; a record that cannot be read
  comes back with ``error`` set (the readers of :mod:`pipeline.collect.readers`), never as an exception.
- ``map(raw) -> interaction dict | Reject | Skip``: a canonical interaction (see
  :func:`pipeline.interactions.record.make_interaction`), a rejection with its reason, or a skip.

Formats: every module of this package but the engine (``base``, ``record``, ``run``) registers one class with
:func:`register`.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import tzinfo
from importlib import import_module
from pathlib import Path
from typing import Any, ClassVar

from pipeline.collect.base import CollectOptions, Raw, Reject, Skip, read_head
from pipeline.collect.fields import zone
from pipeline.errors import InputError
from pipeline.timezone import DEFAULT_TIMEZONE

RELATIONS = ("followers", "following", "liking_users", "retweeted_by")
"""What an X users file holds (the X API v2 endpoint, ``users/:id/followers`` ...; twarc2's ``liking-users`` and
``retweeted-by`` spellings are accepted too)."""


@dataclass(slots=True)
class InteractionOptions:
    """Options an interaction collector may use.

    - ``tz``: reads local times without an offset (default Asia/Jakarta);
    - ``mapping``: ``csv-interactions``' column mapping (see
      :func:`pipeline.interactions.csv_interactions.build_interaction_mapping`); ``preset`` names a built-in one;
    - ``platform``: the platform of a CSV that does not say;
    - ``object_id`` / ``object_handle`` / ``relation``: for a file that cannot say whose interactions it holds
      (an X users file without twarc's ``__twarc.url``, a member list without a group column): the id (platform
      id or canonical ``x:123``) of the account or post the endpoint was called for, its handle, and the
      relation (one of :data:`RELATIONS`). A record that names them itself wins.
    """

    tz: tzinfo = field(default_factory=lambda: zone(DEFAULT_TIMEZONE))
    mapping: dict[str, Any] | None = None
    preset: str | None = None
    platform: str | None = None
    object_id: str | None = None
    object_handle: str | None = None
    relation: str | None = None

    def collect_options(self) -> CollectOptions:
        """The post collectors' options holding the same settings (to reuse a post format's reader)."""
        return CollectOptions(tz=self.tz, platform=self.platform)


class InteractionCollector:
    """Base class of every interaction format. Subclasses set ``name`` and implement the three methods."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def __init__(self, options: InteractionOptions | None = None) -> None:
        self.options = options or InteractionOptions()

    @classmethod
    def detect(cls, head: bytes, name: str) -> int:
        """Return 0 (not this format) to 100 (certain) for a file starting with ``head`` named ``name``."""
        return 0

    def read(self, path: Path) -> Iterator[Raw]:
        raise NotImplementedError

    def map(self, raw: Raw) -> dict[str, Any] | Reject | Skip:
        raise NotImplementedError


_NOT_PLUGINS = frozenset({"base", "record", "run", "routing"})  # the engine, not formats
_REGISTRY: dict[str, type[InteractionCollector]] = {}


def plugin_modules() -> list[str]:
    """The names of the interaction format modules of this package, in name order."""
    package = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(package)]) if m.name not in _NOT_PLUGINS)


def register(cls: type[InteractionCollector]) -> type[InteractionCollector]:
    """Class decorator adding an interaction collector to the registry under ``cls.name``."""
    _REGISTRY[cls.name] = cls
    return cls


def registry() -> dict[str, type[InteractionCollector]]:
    """All interaction collectors by format name (modules imported on first use)."""
    for module in plugin_modules():
        import_module(f"pipeline.interactions.{module}")
    return dict(_REGISTRY)


def get_interaction_collector(name: str, options: InteractionOptions | None = None) -> InteractionCollector:
    """The collector for format ``name``; :class:`InputError` listing the known ones for another name."""
    formats = registry()
    if name not in formats:
        raise InputError(
            f"unknown interaction format {name!r}; known: auto, {', '.join(sorted(formats))}", option="format"
        )
    return formats[name](options)


def detect_interaction_format(path: Path) -> str:
    """Guess the interaction format of ``path`` from its first bytes; :class:`InputError` naming the file when
    no interaction format recognises it (post exports are not claimed)."""
    head = read_head(path)
    name = Path(path).name.lower()
    for suffix in (".gz", ".zip"):
        name = name.removesuffix(suffix)
    score, fmt = max((cls.detect(head, name), fmt) for fmt, cls in registry().items())
    if score <= 0:
        raise InputError("cannot tell the interaction export format; pass --format", path=path)
    return fmt
