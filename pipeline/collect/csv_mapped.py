"""Any CSV (or flat/nested NDJSON) with a column mapping: user-given, from a YAML file, or a preset.

``--map text=Message --map id="Post ID"`` or ``--mapping mapping.yaml``::

    platform: facebook
    timezone: Asia/Jakarta        # for times without an offset
    id_from_url: false            # true: no id column, take the post id from the URL
    date_format: "%d/%m/%Y %H:%M" # optional strptime pattern
    columns:
      id: Post ID
      text: [Message, Description] # first non-empty cell wins
      created_at: Date

Fields: see :data:`pipeline.collect.csv_presets.FIELDS`. ``text`` and ``id`` (or ``id_from_url`` with ``url``)
are required. Without a mapping the preset is recognised from the header (``--format auto`` does this).
Rows are read line by line with at most 1 MB per line; a line with bad UTF-8 is rejected alone, and so is the
first line of a record whose quoting is broken (the lines after it are read as rows of their own).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import orjson

from pipeline.collect.base import EXCERPT_CHARS, MAX_LINE_BYTES, Collector, Raw, Reject, read_head, register
from pipeline.collect.csv_presets import FIELDS, PRESETS
from pipeline.collect.fields import (
    ID_CHARS,
    LANG_CHARS,
    NAME_CHARS,
    as_count,
    as_handle,
    as_id,
    as_str,
    clean_metrics,
    iso_time,
    make_post,
    media_refs,
    parse_time,
    zone,
)
from pipeline.collect.readers import CsvRows, iter_json_records, loads
from pipeline.errors import ConfigError, InputError
from pipeline.io.files import iter_streams

_TZ_ABBREVIATIONS = {
    "WIB": 7, "WITA": 8, "WIT": 9, "UTC": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
    "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "CET": 1, "CEST": 2, "BST": 1, "SGT": 8, "AEST": 10,
}  # fmt: skip
_ABBREV_RE = re.compile(r"^(.*\d)\s+([A-Z]{2,5})$")
csv.field_size_limit(MAX_LINE_BYTES)


def build_mapping(
    *, preset: str | None = None, mapping: dict[str, Any] | None = None, pairs: list[str] | None = None
) -> dict[str, Any] | None:
    """Merge a preset, a mapping file's content and ``field=column`` pairs (later wins). None when all empty.

    Raises :class:`ConfigError` for an unknown preset or field, or a malformed pair.
    """
    if not (preset or mapping or pairs):
        return None
    out: dict[str, Any] = {"columns": {}}
    if preset:
        if preset not in PRESETS:
            raise ConfigError(
                f"unknown preset {preset!r}; known: {', '.join(sorted(PRESETS))}", option="preset"
            )
        base = PRESETS[preset]
        out.update({k: v for k, v in base.items() if k != "columns"})
        out["columns"].update(base["columns"])
        out["preset"] = preset
    if mapping:
        if not isinstance(mapping, dict):
            raise ConfigError("a mapping file holds a YAML mapping", key="mapping")
        cols = mapping.get("columns", {})
        if not isinstance(cols, dict):
            raise ConfigError("must map field names to column names", key="columns")
        out.update({k: v for k, v in mapping.items() if k != "columns"})
        out["columns"].update(cols)
    for pair in pairs or []:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise ConfigError(f"expected FIELD=COLUMN, got {pair!r}", option="map")
        out["columns"][field.strip()] = column.strip()
    for field in out["columns"]:
        if field not in FIELDS:
            raise ConfigError(f"unknown field {field!r}; fields: {', '.join(FIELDS)}", key=f"columns.{field}")
    if "text" not in out["columns"]:
        raise ConfigError("the mapping names no text column", key="columns.text")
    if "id" not in out["columns"] and not (out.get("id_from_url") and "url" in out["columns"]):
        raise ConfigError(
            "the mapping names no id column (or id_from_url with a url column)", key="columns.id"
        )
    return out


def load_mapping_file(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping file (posts' or interactions' CSV) with the config reader that refuses aliases, tags
    and oversized documents; :class:`ConfigError` naming the file when it is not a mapping."""
    import yaml

    from pipeline.io.config_yaml import load_config_yaml
    from pipeline.io.files import check_input

    p = check_input(path)
    try:
        data = load_config_yaml(p.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid YAML ({str(exc).splitlines()[0]})", path=p) from None
    if not isinstance(data, dict):
        raise ConfigError("expected a YAML mapping of settings and columns", path=p)
    return data


def preset_for_header(columns: list[str], *, presets: dict[str, dict[str, Any]] = PRESETS) -> str | None:
    """The preset (of ``presets``) whose signature columns all appear in ``columns`` (the most specific one)."""
    have = set(columns)
    found = [(len(p["signature"]), name) for name, p in presets.items() if set(p["signature"]) <= have]
    return max(found)[1] if found else None


def post_id_from_url(url: str) -> str | None:
    """A stable post id from a post URL: ``story_fbid``/``fbid``/``v`` query value, else the last path part."""
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    for key in ("story_fbid", "fbid", "v"):
        if query.get(key):
            return query[key][0]
    parts = [p for p in parsed.path.split("/") if p]
    return parts[-1] if parts else None


def _lookup(row: dict[str, Any], column: str) -> Any:
    if column in row:
        return row[column]
    node: Any = row
    for part in column.split("."):  # nested NDJSON: "post_owner.id"
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _json_value(line: bytes) -> bool:
    try:
        loads(line)
    except orjson.JSONDecodeError:
        return False
    return bool(line)


def _json_object(line: bytes) -> dict[str, Any] | None:
    try:
        value = loads(line)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _flat_keys(obj: dict[str, Any], prefix: str = "") -> Iterator[str]:
    for key, value in obj.items():
        yield prefix + key
        if isinstance(value, dict):
            yield from _flat_keys(value, f"{prefix}{key}.")


@register
class CsvMapped(Collector):
    name = "csv"
    description = "CSV or NDJSON with a column mapping (--map, --mapping) or a preset (--preset)"

    @classmethod
    def detect(cls, head: bytes, name: str) -> int:
        first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
        if first.lstrip().startswith("{"):
            try:
                obj = orjson.loads(first)
            except orjson.JSONDecodeError:
                return 0
            return 70 if isinstance(obj, dict) and preset_for_header(list(_flat_keys(obj))) else 0
        header = next(csv.reader([first]), [])
        if preset_for_header(header):
            return 75
        return 10 if name.endswith(".csv") else 0

    def read(self, path: Path) -> Iterator[Raw]:
        head = read_head(path)
        if self._is_ndjson(head):
            mapping = self._mapping_for(path, None, head)
            for label, line, value, bad in iter_json_records(path):
                if bad is not None:
                    yield bad
                elif not isinstance(value, dict):
                    yield Raw(value, label, line, error=f"expected a JSON object, got {type(value).__name__}")
                else:
                    yield Raw(value, label, line, context=mapping)
            return
        for label, fh in iter_streams(path):
            yield from self._read_csv(path, label, fh)

    def _is_ndjson(self, head: bytes) -> bool:
        """NDJSON when the first line opens an object or an array or is any JSON value (a first record gone bad),
        or when it is no CSV header for the mapping and a later line opens an object; CSV otherwise."""
        lines = [line.strip() for line in head.lstrip().split(b"\n")]
        if lines[0].startswith((b"{", b"[")) or _json_value(lines[0]):
            return True
        if not any(line.startswith(b"{") for line in lines[1:]):
            return False
        header = [h.strip() for h in next(csv.reader([lines[0].decode("utf-8", errors="replace")]), [])]
        preset = preset_for_header(header)
        mapping = self.options.mapping or (build_mapping(preset=preset) if preset else None)
        try:
            self._check_columns(Path("-"), header, mapping or {"columns": {}})
        except InputError:
            return True
        return False

    def _mapping_for(self, path: Path, header: list[str] | None, head: bytes) -> dict[str, Any]:
        if self.options.mapping:
            return self.options.mapping
        if header is None:  # NDJSON: the keys of the first object in the head
            objects = (_json_object(line.strip()) for line in head.split(b"\n"))
            first = next((obj for obj in objects if obj is not None), None)
            header = list(_flat_keys(first)) if first is not None else []
        preset = preset_for_header(header)
        if preset is None:
            raise InputError(
                "no column mapping: pass --preset, --mapping FILE or --map FIELD=COLUMN", path=path
            )
        return build_mapping(preset=preset) or {}

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
                if not row:
                    continue
                header = [h.strip() for h in row]
                mapping = self._mapping_for(path, header, b"")
                self._check_columns(path, header, mapping)
                rows.width = len(header)
                continue
            if not row or not any(cell.strip() for cell in row):
                yield Raw(None, label, start, skip="empty line")
                continue
            if len(row) != len(header):
                yield Raw(
                    None,
                    label,
                    start,
                    error=f"{len(row)} cells, header has {len(header)}",
                    excerpt=",".join(row)[:EXCERPT_CHARS],
                )
                continue
            yield Raw(dict(zip(header, row, strict=True)), label, start, context=mapping)

    @staticmethod
    def _check_columns(path: Path, header: list[str], mapping: dict[str, Any]) -> None:
        need = ["text"] + (
            ["url"] if mapping.get("id_from_url") and "id" not in mapping["columns"] else ["id"]
        )
        for field in need:
            columns = mapping["columns"].get(field)
            options = columns if isinstance(columns, list) else [columns]
            if not any(c in header for c in options):
                raise InputError(
                    f"column {' or '.join(map(repr, options))} for {field} is not in the header",
                    path=path,
                    line=1,
                )

    def _get(self, row: dict[str, Any], mapping: dict[str, Any], field: str) -> Any:
        columns = mapping["columns"].get(field)
        if columns is None:
            return None
        for column in columns if isinstance(columns, list) else [columns]:
            value = _lookup(row, column)
            if value is not None and value != "":
                return value
        return None

    def _time(self, value: Any, mapping: dict[str, Any]) -> str | None:
        tz = zone(mapping["timezone"]) if mapping.get("timezone") else self.options.tz
        if isinstance(value, str):
            value = value.strip()
            if mapping.get("date_format"):
                dt = datetime.strptime(value, mapping["date_format"])
                return iso_time(dt if dt.tzinfo else dt.replace(tzinfo=tz))
            match = _ABBREV_RE.match(value)
            if match and match.group(2) in _TZ_ABBREVIATIONS:  # CrowdTangle: "2024-11-20 10:15:00 WIB"
                offset = timezone(timedelta(hours=_TZ_ABBREVIATIONS[match.group(2)]))
                dt = datetime.fromisoformat(match.group(1))
                return iso_time(dt.replace(tzinfo=offset))
        return parse_time(value, tz)

    def map(self, raw: Raw) -> dict[str, Any] | Reject:
        row, mapping = raw.value, raw.context
        text = self._get(row, mapping, "text")
        if text is None:
            return Reject("missing text")
        if not isinstance(text, str):
            return Reject(f"text is {type(text).__name__}, expected a string")
        url = self._get(row, mapping, "url")
        url = url if isinstance(url, str) else None
        pid = as_id(self._get(row, mapping, "id"))
        if pid is None and mapping.get("id_from_url") and url:
            pid = post_id_from_url(url)
        if pid is None:
            return Reject("missing or invalid id")
        platform = (
            self.options.platform or as_id(self._get(row, mapping, "platform")) or mapping.get("platform")
        )
        platform = platform or "unknown"
        try:
            created_at = self._time(self._get(row, mapping, "created_at"), mapping)
        except (ValueError, TypeError, OverflowError):
            return Reject(f"invalid created_at {self._get(row, mapping, 'created_at')!r}")

        kind = self._get(row, mapping, "kind")
        kind = kind if kind in ("post", "comment", "reply", "share", "quote") else "post"
        parent = as_id(self._get(row, mapping, "parent_id"))
        thread = as_id(self._get(row, mapping, "thread_id"))
        if parent is None and thread is not None and thread != pid:
            parent = thread
            kind = "comment" if kind == "post" else kind
        if parent is not None and kind == "post":
            kind = "reply"

        author = None
        author_id = as_id(self._get(row, mapping, "author_id"))
        handle = as_handle(self._get(row, mapping, "author_handle"))
        handle = handle.lstrip("@") if handle else None
        name = as_str(self._get(row, mapping, "author_name"), NAME_CHARS)
        if author_id or handle or name:
            account = f"{platform}:{author_id or handle or name}"
            author = {
                "id": account if len(account) <= ID_CHARS else None,
                "platform": platform,
                "handle": handle,
                "name": name,
                "bio": as_str(self._get(row, mapping, "author_bio")),
            }
        lang = self._get(row, mapping, "lang")
        media_columns = mapping["columns"].get("media")
        media = None
        if media_columns is not None:  # every listed column, each cell possibly several references
            columns = media_columns if isinstance(media_columns, list) else [media_columns]
            media = media_refs(_lookup(row, column) for column in columns)
        image_text = as_str(self._get(row, mapping, "image_text"))
        if image_text:  # text the export read in the image (CrowdTangle "Image Text"): the image's OCR field
            media = media or [{"type": "photo"}]
            media[0] = {**media[0], "ocr_text": image_text}
        post = make_post(
            platform=platform,
            platform_id=pid,
            text=text,
            fmt=self.name if not mapping.get("preset") else f"csv:{mapping['preset']}",
            raw=raw,
            url=url,
            created_at=created_at,
            kind=kind,
            parent_id=f"{platform}:{parent}" if parent else None,
            lang=as_str(lang, LANG_CHARS),
            author=author,
            metrics=clean_metrics(
                likes=self._get(row, mapping, "likes"),
                shares=self._get(row, mapping, "shares"),
                replies=self._get(row, mapping, "replies"),
                views=self._get(row, mapping, "views"),
            ),
        )
        if media:
            post["media"] = media
        return post


__all__ = ["CsvMapped", "as_count", "build_mapping", "load_mapping_file", "preset_for_header"]
