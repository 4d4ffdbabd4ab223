"""Labelled shards for ``evaluate``: records read as the local evaluation reads them, predicted per election.

A labelled shard is a corpus-format JSONL file (``id``, ``text``, ``labels``, optionally ``election`` and
``split``; read with :func:`pipeline.classify.training_data.load_records`, as ``asnwatch evaluate`` does) or a
Parquet file with the same columns. Records keep their shard's order and shards their name order, so the
records and predictions of a folder are those of the concatenated file, and so are the metrics.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import InputError
from pipeline.io.parquet import is_parquet

if TYPE_CHECKING:
    from pipeline.classify import Classifier
    from pipeline.classify.training_data import ElectionResolver
    from pipeline.schema import Prediction

Records = list[dict[str, Any]]


def _parquet_records(path: Path) -> Records:
    from pipeline.io.parquet import parquet_rows
    from pipeline.labels import check_label_set

    rows = list(parquet_rows(path, required=("id", "text", "labels")))
    for i, r in enumerate(rows, start=1):
        for key, value in r.items():
            if isinstance(value, datetime):
                r[key] = (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()
        if not r.get("id") or not isinstance(r.get("text"), str):
            raise InputError(f"row {i}: record needs 'id' and 'text'", path=path)
        try:
            check_label_set(list(r.get("labels") or []))
        except ValueError as exc:
            raise InputError(f"row {i}: labels: {exc}", path=path) from None
    return rows


def load_labelled(path: str | Path, *, split: str | None = None) -> Records:
    """The records of one labelled shard (only those of ``split`` when given), in file order."""
    p = Path(path)
    if is_parquet(p):
        records = _parquet_records(p)
    else:
        from pipeline.classify.training_data import load_records

        records = load_records(p)
    if split:
        records = [r for r in records if r.get("split") == split]
    return records


class RecordPredictor:
    """Predicts labelled records with model ``spec``: one classifier per election, loaded on first use."""

    def __init__(self, spec: str, resolver: ElectionResolver) -> None:
        self.spec, self.resolver = spec, resolver
        self._models: dict[str, Classifier] = {}
        self.name = spec

    def _model(self, record: dict[str, Any]) -> tuple[str, Classifier]:
        from pipeline.classify import load_classifier

        cfg = self.resolver(record)
        key = cfg.election.id
        if key not in self._models:
            self._models[key] = load_classifier(self.spec, election=cfg)
            clf = self._models[key]
            self.name = f"{clf.name}@{clf.version}"
        return key, self._models[key]

    def predict(self, records: Sequence[dict[str, Any]]) -> list[Prediction]:
        """One prediction per record, in record order (records of one election predicted together)."""
        from pipeline.classify.training_data import record_to_post

        groups: dict[str, list[int]] = {}
        models: dict[str, Classifier] = {}
        for i, record in enumerate(records):
            key, clf = self._model(record)
            models[key] = clf
            groups.setdefault(key, []).append(i)
        out: list[Prediction | None] = [None] * len(records)
        for key, idx in groups.items():
            posts = [record_to_post(records[i]) for i in idx]
            for i, pred in zip(idx, models[key].predict(posts), strict=True):
                out[i] = pred
        return [p for p in out if p is not None]


def evaluate_local(
    shards: Iterable[str | Path], *, spec: str, resolver: ElectionResolver, split: str | None = None
) -> tuple[Records, list[Prediction], str]:
    """Records and predictions of every shard, in shard order, in this process; and the model's name."""
    predictor = RecordPredictor(spec, resolver)
    records: Records = []
    predictions: list[Prediction] = []
    for shard in shards:
        part = load_labelled(shard, split=split)
        records.extend(part)
        predictions.extend(predictor.predict(part))
    return records, predictions, predictor.name
