"""Collectors: platform exports in, canonical posts out (CONTRACT ``collect``).

Public names: :func:`collect` (the run), :class:`Counts`, :class:`CollectOptions`, :func:`registry`,
:func:`detect_format`, :func:`get_collector`. Each format is a module registering a :class:`Collector`.
"""

from pipeline.collect.base import (
    CollectOptions,
    Collector,
    Raw,
    Reject,
    Skip,
    detect_format,
    get_collector,
    registry,
)
from pipeline.collect.fields import zone
from pipeline.collect.run import Counts, JsonlSink, PostSink, collect, reject_record

__all__ = [
    "CollectOptions", "Collector", "Counts", "JsonlSink", "PostSink", "Raw", "Reject", "Skip", "collect",
    "detect_format", "get_collector", "registry", "reject_record", "zone",
]  # fmt: skip
