"""Interactions from a CSV with a column mapping (``--format csv-interactions``), or a built-in preset.

A mapping (a YAML file read by :func:`load_interaction_mapping`, ``FIELD=COLUMN`` pairs, or a preset) names, for
each field of :data:`FIELDS`, the column to read, or a list of columns of which the first non-empty cell wins::

    platform: facebook          # constant (or a ``platform`` column, or InteractionOptions.platform)
    kind: member                # constant kind, or a ``kind`` column
    object_type: account        # constant (default account), or a column
    object_id: "1234567890"     # constant (the group or account the list is of), or a column
    object_handle: HermaSukamajuHebat
    timezone: Asia/Jakarta      # for times without an offset
    date_format: "%d/%m/%Y %H:%M"
    columns: {actor_id: Profile Id, actor_name: Full Name, at: Joined}

``actor_url`` is a profile link: the handle is taken from it when no handle column is mapped (``facebook.com/
budi.santoso`` gives ``budi.santoso``; ``profile.php?id=`` links give none). A row needs an actor id or handle
and an object id or handle (a row's cell, else the mapping's constant, else ``InteractionOptions.object_id``).

Preset ``facebook-group-members``: the CSV of the "Facebook Group Members Scraper" browser script
(github.com/floriandiud/facebook-group-members-scraper, the Datablist extractor): ``Profile Id, Full Name,
Profile Link, Bio, ImageSrc, GroupId, Group Joining Text, Profile Type``. Its joining text is relative ("Joined
about a year ago"), so ``at`` stays null.

Rows are read as ``csv`` reads posts (:class:`pipeline.collect.readers.CsvRows`): every physical line ends as an
interaction, a reject (bad UTF-8, broken quoting, a wrong number of cells) or a skip (an empty line).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from pipeline.collect.base import EXCERPT_CHARS, Raw, Reject, Skip
from pipeline.collect.csv_mapped import load_mapping_file as load_interaction_mapping  # one YAML reader
from pipeline.collect.csv_mapped import preset_for_header as posts_preset_for_header
from pipeline.collect.fields import ID_CHARS, NAME_CHARS, as_handle, as_id, as_str, iso_time, parse_time, zone
from pipeline.collect.readers import CsvRows
from pipeline.errors import ConfigError, InputError
from pipeline.interactions.base import InteractionCollector, register
from pipeline.interactions.record import KINDS, OBJECT_HANDLE_CHARS, OBJECT_TYPES, make_interaction
from pipeline.io.files import iter_streams

FORMAT = "csv-interactions"
FIELDS = (
    "actor_id", "actor_handle", "actor_name", "actor_bio", "actor_url", "kind",
    "object_id", "object_type", "object_handle", "at", "platform",
)  # fmt: skip
PRESETS: dict[str, dict[str, Any]] = {
    "facebook-group-members": {
        "platform": "facebook",
        "kind": "member",
        "object_type": "account",
        "signature": ["Profile Id", "Full Name", "Profile Link", "GroupId"],
        "columns": {
            "actor_id": "Profile Id",
            "actor_name": "Full Name",
            "actor_url": "Profile Link",
            "actor_bio": "Bio",
            "object_id": "GroupId",
        },
    },
}
_NO_HANDLE_PATHS = frozenset({"profile.php", "groups", "people", "pages", "permalink.php", "story.php"})


def _merge(out: dict[str, Any], extra: dict[str, Any], where: str) -> None:
    cols = extra.get("columns", {})
    if not isinstance(cols, dict):
        raise ConfigError("must map field names to column names", key=f"{where}columns")
    out.update({k: v for k, v in extra.items() if k not in ("columns", "signature")})
    out["columns"].update(cols)


def build_interaction_mapping(
    *, preset: str | None = None, mapping: dict[str, Any] | None = None, pairs: list[str] | None = None
) -> dict[str, Any] | None:
    """Merge a preset, a mapping file's content and ``FIELD=COLUMN`` pairs (later wins); None when all empty.

    Returns ``{"columns": {field: column or [columns]}, <constants>..., "preset"?}``. Raises
    :class:`ConfigError` for an unknown preset, field or kind, a malformed pair, or no actor column.
    """
    if not (preset or mapping or pairs):
        return None
    out: dict[str, Any] = {"columns": {}}
    if preset:
        if preset not in PRESETS:
            known = ", ".join(sorted(PRESETS))
            raise ConfigError(f"unknown preset {preset!r}; known: {known}", option="preset")
        _merge(out, PRESETS[preset], "")
        out["preset"] = preset
    if mapping:
        if not isinstance(mapping, dict):
            raise ConfigError("a mapping file holds a YAML mapping", key="mapping")
        _merge(out, mapping, "")
    for pair in pairs or []:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise ConfigError(f"expected FIELD=COLUMN, got {pair!r}", option="map")
        out["columns"][field.strip()] = column.strip()
    _check_mapping(out)
    return out


def _check_mapping(out: dict[str, Any]) -> None:
    for field in out["columns"]:
        if field not in FIELDS:
            raise ConfigError(f"unknown field {field!r}; fields: {', '.join(FIELDS)}", key=f"columns.{field}")
    if out.get("kind") is not None and out["kind"] not in KINDS:
        raise ConfigError(f"unknown kind {out['kind']!r}; kinds: {', '.join(KINDS)}", key="kind")
    if out.get("object_type") is not None and out["object_type"] not in OBJECT_TYPES:
        raise ConfigError(f"object_type is one of {', '.join(OBJECT_TYPES)}", key="object_type")
    if "kind" not in out["columns"] and out.get("kind") is None:
        raise ConfigError("the mapping names no kind (a constant kind: or a kind column)", key="kind")
    if not {"actor_id", "actor_handle", "actor_url"} & set(out["columns"]):
        raise ConfigError("the mapping names no actor_id or actor_handle column", key="columns.actor_id")


def preset_for_header(header: list[str]) -> str | None:
    """The interaction preset whose signature columns all appear in ``header`` (the most specific one)."""
    return posts_preset_for_header(header, presets=PRESETS)


def handle_from_url(url: Any) -> str | None:
    """The handle in a profile link (``https://www.facebook.com/budi.santoso`` -> ``budi.santoso``), or None."""
    if not isinstance(url, str) or "/" not in url:
        return None
    parts = [p for p in urlparse(url if "//" in url else "//" + url).path.split("/") if p]
    if len(parts) != 1 or parts[0] in _NO_HANDLE_PATHS:
        return None
    return as_handle(parts[0].lstrip("@"))


def _get(row: dict[str, str], mapping: dict[str, Any], field: str) -> str | None:
    columns = mapping["columns"].get(field)
    if columns is None:
        return None
    for column in columns if isinstance(columns, list) else [columns]:
        value = row.get(column)
        if value is not None and value.strip():
            return value.strip()
    return None


@register
class CsvInteractions(InteractionCollector):
    name = FORMAT
    description = "CSV interactions with a column mapping, or a preset (facebook-group-members)"

    @classmethod
    def detect(cls, head: bytes, name: str) -> int:
        first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
        header = [h.strip() for h in next(csv.reader([first]), [])]
        if preset_for_header(header):
            return 75
        if "actor_id" in header and ("kind" in header or "object_id" in header):
            return 60
        return 0

    def read(self, path: Path) -> Iterator[Raw]:
        for label, fh in iter_streams(path):
            yield from self._read_csv(path, label, fh)

    def _mapping_for(self, path: Path, header: list[str]) -> dict[str, Any]:
        options = self.options
        mapping = options.mapping
        if mapping is None:
            preset = options.preset or preset_for_header(header)
            if preset is None and "actor_id" in header:  # a CSV with the canonical field names
                pairs = [f"{f}={f}" for f in FIELDS if f in header]
                return build_interaction_mapping(pairs=pairs) or {}
            if preset is None:
                raise InputError(
                    "no column mapping: pass a mapping file, FIELD=COLUMN pairs or a preset", path=path
                )
            mapping = build_interaction_mapping(preset=preset) or {}
        for field in ("actor_id", "actor_handle", "actor_url"):
            if any(c in header for c in self._columns(mapping, field)):
                return mapping
        wanted = " or ".join(
            repr(c) for f in ("actor_id", "actor_handle", "actor_url") for c in self._columns(mapping, f)
        )
        raise InputError(f"no actor column ({wanted}) in the header", path=path, line=1)

    @staticmethod
    def _columns(mapping: dict[str, Any], field: str) -> list[str]:
        columns = mapping["columns"].get(field)
        return [] if columns is None else columns if isinstance(columns, list) else [columns]

    def _read_csv(self, path: Path, label: str, fh: Any) -> Iterator[Raw]:
        rows = CsvRows(fh, label)
        header: list[str] | None = None
        mapping: dict[str, Any] = {}
        for item in rows:
            if isinstance(item, Raw):
                yield item
                continue
            start, row = item
            if header is None:
                if row:
                    header = [h.strip() for h in row]
                    mapping = self._mapping_for(path, header)
                    rows.width = len(header)
                continue
            if not row or not any(cell.strip() for cell in row):
                yield Raw(None, label, start, skip="empty line")
            elif len(row) != len(header):
                error = f"{len(row)} cells, header has {len(header)}"
                yield Raw(None, label, start, error=error, excerpt=",".join(row)[:EXCERPT_CHARS])
            else:
                yield Raw(dict(zip(header, row, strict=True)), label, start, context=mapping)

    def _time(self, value: str | None, mapping: dict[str, Any]) -> str | None:
        tz = zone(mapping["timezone"]) if mapping.get("timezone") else self.options.tz
        if value is not None and mapping.get("date_format"):
            dt = datetime.strptime(value, mapping["date_format"])
            return iso_time(dt if dt.tzinfo else dt.replace(tzinfo=tz))
        return parse_time(value, tz)

    def _setting(self, row: dict[str, str], mapping: dict[str, Any], field: str) -> str | None:
        """A row's cell for ``field``, else the mapping's constant."""
        value = _get(row, mapping, field)
        return value if value is not None else as_str(mapping.get(field))

    def map(self, raw: Raw) -> dict[str, Any] | Reject | Skip:
        row, mapping = raw.value, raw.context
        platform = (
            _get(row, mapping, "platform") or self.options.platform or mapping.get("platform") or "unknown"
        )
        kind = self._setting(row, mapping, "kind")
        if kind not in KINDS:
            return Reject(f"unknown kind {kind!r}; one of {', '.join(KINDS)}" if kind else "missing kind")
        object_type = self._setting(row, mapping, "object_type") or "account"
        if object_type not in OBJECT_TYPES:
            return Reject(f"unknown object_type {object_type!r}; one of {', '.join(OBJECT_TYPES)}")
        actor = self._actor(row, mapping, platform)
        if isinstance(actor, Reject):
            return actor
        object_id = as_id(self._setting(row, mapping, "object_id")) or as_id(self.options.object_id)
        object_handle = as_str(self._setting(row, mapping, "object_handle") or self.options.object_handle)
        object_handle = object_handle.lstrip("@") if object_handle else None
        if object_id is None and not object_handle:
            return Reject("missing object id or handle (map object_id, or pass object_id)")
        if object_handle is not None and len(object_handle) > OBJECT_HANDLE_CHARS:
            object_handle = None
        if object_id is not None and not object_id.startswith(f"{platform}:"):
            object_id = f"{platform}:{object_id}"
        try:
            at = self._time(_get(row, mapping, "at"), mapping)
        except (ValueError, TypeError, OverflowError):
            return Reject(f"invalid at {_get(row, mapping, 'at')!r}")
        fmt = FORMAT if not mapping.get("preset") else f"{FORMAT}:{mapping['preset']}"
        return make_interaction(
            platform=platform, kind=kind, actor=actor, object_type=object_type, object_id=object_id,
            object_handle=object_handle, at=at, fmt=fmt, raw=raw,
        )  # fmt: skip

    def _actor(self, row: dict[str, str], mapping: dict[str, Any], platform: str) -> dict[str, Any] | Reject:
        actor_id = as_id(_get(row, mapping, "actor_id"))
        handle = as_handle(_get(row, mapping, "actor_handle")) or handle_from_url(
            _get(row, mapping, "actor_url")
        )
        handle = handle.lstrip("@") if handle else None
        if actor_id is None and not handle:
            return Reject("missing actor id or handle")
        account = f"{platform}:{actor_id or handle}"
        if len(account) > ID_CHARS:
            return Reject(f"actor id longer than {ID_CHARS} characters")
        return {
            "id": account,
            "platform": platform,
            "handle": handle,
            "name": as_str(_get(row, mapping, "actor_name"), NAME_CHARS),
            "bio": _get(row, mapping, "actor_bio"),
        }


__all__ = [
    "CsvInteractions",
    "build_interaction_mapping",
    "handle_from_url",
    "load_interaction_mapping",
    "preset_for_header",
]
