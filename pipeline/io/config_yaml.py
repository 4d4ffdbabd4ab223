"""The one reader of YAML that users give us (election configs, training configs, CSV mappings).

``yaml.safe_load`` already refuses tags that build Python objects (``!!python/object/apply``), but it
follows aliases: a few hundred bytes of nested ``&a [*a, *a, ...]`` ("billion laughs") expand into a
structure that validation then walks for minutes. Configs never need anchors, so an alias is refused, and so
is a file over :data:`MAX_BYTES` or nested deeper than :data:`MAX_DEPTH`; each refusal is a ``yaml.YAMLError``
with its line, which the callers already turn into a ConfigError (exit 2) naming the file.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["MAX_BYTES", "MAX_DEPTH", "load_config_yaml"]

MAX_BYTES = 2_000_000  # the largest shipped config is under 20 kB
MAX_DEPTH = 40  # mappings and lists inside each other


class _ConfigLoader(yaml.SafeLoader):  # type: ignore[misc]
    """A safe loader that refuses aliases and deep nesting (the pure-Python loader: the C one composes
    nodes where this cannot see them; configs are small)."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in a config", event.start_mark
            )
        depth = self._depth
        if depth > MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nested deeper than {MAX_DEPTH} levels", self.peek_event().start_mark
            )
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth


def load_config_yaml(text: str) -> Any:
    """The YAML document in ``text``; ``yaml.YAMLError`` for a refused or malformed one."""
    if len(text) > MAX_BYTES:
        raise yaml.YAMLError(f"the file is larger than {MAX_BYTES:,} characters: not a config")
    return yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 (a safe loader, aliases refused)
