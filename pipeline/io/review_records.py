"""The file format of a review export (``asnwatch review export``): columns, cell encoding, reading.

One record per decided item (see :mod:`pipeline.review.export` for its fields). JSONL holds the records as
they are; CSV and HF hold the same record with strings and numbers as columns and nested values as JSON text
(in HF, ``labels`` and ``targets`` are real lists). CSV text cells that a spreadsheet could run as a formula
get a leading apostrophe, removed again when the file is read (:mod:`pipeline.io.cells`). Writing lives with the review queue; reading lives here so
that training (:mod:`pipeline.classify.train`) can take reviewers' decisions without importing the queue.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import InputError, OptionError
from pipeline.io.cells import quote_formula, unquote_formula

FORMATS = ("jsonl", "csv", "hf")
# Column order of CSV/HF, and how each column is written there.
COLUMNS: dict[str, str] = {
    "item_id": "int",
    "post_id": "str",
    "election_id": "str",
    "status": "str",
    "text": "str",
    "labels": "list",
    "targets": "list",
    "decided_at": "str",
    "priority": "float",
    "reviews_required": "int",
    "item_created_at": "str",
    "suggestion": "json",
    "prediction": "json",
    "post": "json",
    "account": "json",
    "decisions": "json",
    "history": "json",
}


def encode_cell(value: Any, kind: str, *, hf: bool) -> Any:
    if kind == "json" or (kind == "list" and not hf):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if not hf and value is None:
        return ""
    if not hf and isinstance(value, str):  # a spreadsheet must not run a post's "=HYPERLINK(...)"
        return quote_formula(value)
    return value


def decode_cell(value: Any, kind: str, *, hf: bool) -> Any:
    if kind == "json" or (kind == "list" and not hf):
        return json.loads(value)
    if kind == "list":
        return list(value) if value is not None else None
    if not hf and value == "":
        return None if kind != "str" else ""
    if not hf and kind == "str":
        return unquote_formula(value)
    if kind == "int" and not hf:
        return int(value)
    if kind == "float" and not hf:
        return float(value)
    return value


def hf_features() -> Any:
    from datasets import Features, Sequence, Value

    types = {
        "int": Value("int64"),
        "str": Value("string"),
        "float": Value("float64"),
        "json": Value("string"),
    }
    features = {c: types.get(kind) for c, kind in COLUMNS.items()}
    features["labels"] = Sequence(Value("string"))
    features["targets"] = Sequence(Value("int64"))
    return Features(features)


def detect_format(path: str | Path) -> str:
    p = Path(path)
    if p.is_dir():
        return "hf"
    if p.suffix.lower() == ".csv":
        return "csv"
    return "jsonl"


def read_records(path: str | Path, *, fmt: str = "auto") -> Iterator[dict[str, Any]]:
    """The records of an export in any of the three formats (``auto``: directory -> hf, .csv -> csv)."""
    p = Path(path)
    if not p.exists():
        raise InputError("no such file or directory", path=p)
    fmt = detect_format(p) if fmt == "auto" else fmt
    if fmt == "jsonl":
        from pipeline.io.jsonl import iter_json_lines

        for _, rec in iter_json_lines(p):
            yield rec
    elif fmt == "csv":
        csv.field_size_limit(sys.maxsize)
        with open(p, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(f"not a review export: missing column(s) {', '.join(missing)}", path=p)
            for line, row in enumerate(reader, start=2):
                try:
                    yield {c: decode_cell(row[c], kind, hf=False) for c, kind in COLUMNS.items()}
                except (ValueError, TypeError) as exc:
                    raise InputError(f"bad value: {exc}", path=p, line=line) from None
    elif fmt == "hf":
        from datasets import load_from_disk

        try:
            dataset = load_from_disk(str(p))
        except (FileNotFoundError, ValueError) as exc:
            raise InputError(f"not a saved dataset: {exc}", path=p) from None
        for row in dataset:
            yield {c: decode_cell(row[c], kind, hf=True) for c, kind in COLUMNS.items()}
    else:
        raise OptionError(f"must be auto or one of {', '.join(FORMATS)}, not {fmt!r}", option="format")


def training_examples(path: str | Path, *, fmt: str = "auto") -> Iterator[dict[str, Any]]:
    """``{"id", "text", "labels", "targets", "election_id", "source", "kind", "parent_text", "created_at",
    "platform"}`` for each exported item whose reviewers gave labels (what ``asnwatch train`` adds to its
    training data with ``--decisions``); the post fields are None where the export has none."""
    for rec in read_records(path, fmt=fmt):
        if rec.get("labels"):
            post = rec.get("post") or {}
            yield {
                "id": rec["post_id"],
                "text": rec["text"],
                "labels": rec["labels"],
                "targets": rec.get("targets") or [],
                "election_id": rec["election_id"],
                "source": "review",
                "kind": post.get("kind"),
                "parent_text": post.get("parent_text"),
                "created_at": post.get("created_at"),
                "platform": post.get("platform"),
            }
