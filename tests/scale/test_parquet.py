"""Parquet posts and predictions (issue 17): the canonical fields as columns, nested objects as structs, a round
trip that loses nothing, streaming by row group, and clear errors naming the file and row."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.errors import InputError
from pipeline.io.jsonl import dumps, iter_models
from pipeline.io.parquet import (
    POST_FIELDS,
    PREDICTION_FIELDS,
    from_row,
    iter_parquet_posts,
    iter_parquet_predictions,
    post_writer,
    prediction_writer,
    read_metadata,
    to_row,
)
from pipeline.schema import Post
from tests.conftest import ROOT

SAMPLES = ROOT / "data" / "samples" / "posts.jsonl"

ODD_POST = {
    "id": "x:42",
    "text": "Ayo coblos nomor 2",
    "created_at": "2024-11-20T10:15:00+07:00",
    "kind": "quote",
    "quoted_id": "x:41",
    "quoted_text": "teks asli",
    "author": {"id": "x:7", "handle": "budi", "followers": 120},
    "metrics": {"likes": 3, "views": 2**70},
    "source": {"format": "x-v2", "file": "a.jsonl", "line": 3, "sheet": "A"},
    "media": [
        {
            "type": "photo",
            "url": "https://e/1.jpg",
            "ocr_text": "COBLOS 2",
            "ocr_confidence": 0.9,
            "width": 640,
        }
    ],
    "topic": {"tags": ["a", 1]},
}
# what the columns cannot hold, as a raw record (not every one is a valid post)
ODD_RECORD = {**ODD_POST, "media": [{"type": "photo", "ocr_confidence": 1, "width": 640}, "odd", None]}


def _posts() -> list[Post]:
    return [post for _, post in iter_models(SAMPLES, Post)] + [Post.model_validate(ODD_POST)]


def test_posts_round_trip_through_parquet_unchanged(tmp_path):
    posts = _posts()
    path = tmp_path / "posts.parquet"
    with post_writer(path, rows=10) as writer:
        for post in posts:
            writer.write(post)
    back = [post for _, post in iter_parquet_posts(path)]
    assert [dumps(p) for p in back] == [dumps(p) for p in posts]
    assert writer.count == len(posts)
    pf = pq.ParquetFile(path)
    assert pf.num_row_groups == -(-len(posts) // 10)  # streamed: one row group per 10 posts
    schema = pf.schema_arrow
    assert pa.types.is_struct(schema.field("author").type) and pa.types.is_struct(schema.field("source").type)
    assert schema.field("author").type.get_field_index("bio") >= 0
    assert pa.types.is_list(schema.field("media").type)


def test_what_no_column_holds_goes_to_extra_and_comes_back():
    row = to_row(ODD_RECORD, POST_FIELDS)
    assert row["author"]["handle"] == "budi" and row["metrics"] == {
        "likes": 3,
        "shares": None,
        "replies": None,
        "views": None,
    }
    extra = json.loads(row["extra"])
    assert extra["author"] == {"followers": 120} and extra["metrics"] == {"views": 2**70}
    assert extra["media"] == {"0": {"ocr_confidence": 1, "width": 640}, "1": "odd"}  # an int is not a float
    assert extra["topic"] == {"tags": ["a", 1]}
    back = from_row(row, POST_FIELDS, loose=("media",))
    assert back["media"] == ODD_RECORD["media"] and back["metrics"]["views"] == 2**70
    assert to_row({"id": "a", "text": "b"}, POST_FIELDS)["extra"] is None


def test_predictions_round_trip_keep_score_order_and_extra_fields(tmp_path):
    from pipeline.classify import load_classifier
    from pipeline.election import load_election
    from tests.conftest import SAMPLE_ELECTION

    clf = load_classifier("rules", election=load_election(SAMPLE_ELECTION))
    preds = list(clf.predict(_posts()))
    path = tmp_path / "preds.parquet"
    with prediction_writer(path, metadata={"asnwatch.model": "rules"}) as writer:
        for pred in preds:
            writer.write(pred)
    assert [dumps(p) for _, p in iter_parquet_predictions(path)] == [dumps(p) for p in preds]
    assert read_metadata(path) == {"asnwatch.model": "rules"}
    assert pa.types.is_map(pq.read_schema(path).field("scores").type)
    assert set(PREDICTION_FIELDS) < set(pq.read_schema(path).names)


def test_a_failed_write_leaves_nothing(tmp_path):
    path = tmp_path / "posts.parquet"
    with pytest.raises(RuntimeError), post_writer(path) as writer:
        writer.write(_posts()[0])
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_unusable_parquet_is_refused_with_file_and_row(tmp_path):
    not_parquet = tmp_path / "a.parquet"
    not_parquet.write_text('{"id": "x"}\n')
    with pytest.raises(InputError, match=r"a\.parquet: not a readable Parquet file"):
        list(iter_parquet_posts(not_parquet))
    no_id = tmp_path / "b.parquet"
    pq.write_table(pa.table({"text": ["x"]}), no_id)
    with pytest.raises(InputError, match=r"b\.parquet: no column\(s\) id"):
        list(iter_parquet_posts(no_id))
    bad_row = tmp_path / "c.parquet"
    pq.write_table(pa.table({"id": ["x:1", "x:2"], "text": ["ok", None]}), bad_row)
    with pytest.raises(InputError, match=r"c\.parquet: row 2: text"):
        list(iter_parquet_posts(bad_row))


def test_a_foreign_parquet_with_only_id_and_text_is_read(tmp_path):
    path = tmp_path / "mine.parquet"
    pq.write_table(pa.table({"id": ["x:1"], "text": ["halo"], "score": [0.5]}), path)
    (_, post), *_ = iter_parquet_posts(path)
    assert post.id == "x:1" and post.text == "halo" and post.model_extra == {"score": 0.5}


def test_the_collect_sink_writes_canonical_post_dicts(tmp_path):
    from pipeline.io.parquet import PostSink

    raw = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines()[:5]]
    with post_writer(tmp_path / "posts.parquet") as writer:
        assert PostSink(writer).write(raw) == 5
    back = [post for _, post in iter_parquet_posts(tmp_path / "posts.parquet")]
    assert [dumps(p) for p in back] == [dumps(Post.model_validate(r)) for r in raw]
