"""The engine under the collectors: fitting posts (``clean``), mending streams (``repair``), mending live pages."""

from __future__ import annotations

import io

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.collect import Raw, Reject, reject_record
from pipeline.collect.clean import clean_text, finish_post, json_safe
from pipeline.collect.repair import DIGITS_MARK, REPLACEMENT, RepairedStream
from pipeline.collect.shape import AUTHOR_LIMITS, LIMITS, fits, shape_error

FEW = settings(max_examples=150, deadline=None, database=None)


def test_limits_fit_the_store_columns() -> None:
    from pipeline.store import tables

    posts, accounts = tables.Post.__table__.columns, tables.Account.__table__.columns
    for name, limit in LIMITS.items():
        assert limit <= posts[name].type.length, name
    for name, limit in AUTHOR_LIMITS.items():
        assert limit <= accounts[name].type.length, name
    assert AUTHOR_LIMITS["platform"] + 1 + AUTHOR_LIMITS["handle"] <= accounts["id"].type.length
    assert AUTHOR_LIMITS["handle"] <= accounts["handle_norm"].type.length


@pytest.mark.parametrize(
    ("text", "fixed", "changes"),
    [
        ("bersih", "bersih", 0),
        ("a\x00b", "ab", 1),
        ("a\r\nb\rc", "a\nb\nc", 2),
        ("tab\tand\nnewline", "tab\tand\nnewline", 0),
        ("\x1b[31mmerah", "[31mmerah", 1),
        ("pair \ud83d\ude00 lone \udc00", "pair \ufffd\ufffd lone \ufffd", 3),
    ],
)
def test_clean_text(text: str, fixed: str, changes: int) -> None:
    assert clean_text(text) == (fixed, changes)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)
FIELD = st.none() | st.text(max_size=12) | st.text(min_size=190, max_size=320) | JSONISH
POSTS = st.fixed_dictionaries(
    {"id": st.text(max_size=3).map(lambda s: "x:" + s) | FIELD, "text": st.text(max_size=20) | FIELD},
    optional={
        "platform": FIELD, "platform_id": FIELD, "url": FIELD, "parent_id": FIELD, "lang": FIELD,
        "kind": st.sampled_from(["post", "reply", "retweet"]) | FIELD,
        "created_at": st.sampled_from(["2024-11-20T10:15:00+07:00", "2024-11-20T03:15:00Z", "0001-01-01T00:00:00+07:00",
                                       "2024-11-20 10:15", "kemarin"]) | FIELD,
        "author": st.none() | st.fixed_dictionaries({}, optional={k: FIELD for k in ("id", "platform", "handle",
                                                                                      "name", "bio")}) | FIELD,
        "metrics": st.none() | st.dictionaries(st.sampled_from(["likes", "views", "quotes"]), JSONISH) | FIELD,
        "source": st.none() | st.dictionaries(st.sampled_from(["format", "file", "line", "path"]), JSONISH),
        "quoted_text": FIELD, "media": JSONISH,
    },
)  # fmt: skip


@FEW
@given(POSTS)
def test_fast_check_agrees_with_the_full_one(post: dict) -> None:
    """``fits`` (the common case, one expression) says yes only where ``shape_error`` finds nothing."""
    if fits(post):
        assert shape_error(post) is None


@FEW
@given(POSTS)
def test_finished_posts_are_canonical_or_rejected(post: dict) -> None:
    from pipeline.schema import Post

    result = finish_post(post)
    if isinstance(result, Reject):
        assert result.reason
        return
    dumped = orjson.dumps(result)
    Post.model_validate(orjson.loads(dumped))


@FEW
@given(JSONISH, st.text())
def test_a_reject_record_is_always_writable(value: object, reason: str) -> None:
    deep: object = value
    for _ in range(300):
        deep = [deep]
    for raw_value in (value, deep, {"n": 10**40, "s": "\ud800"}):
        record = reject_record(Raw(raw_value, "f.jsonl", 3, path="$.data[0]"), reason + "\udc00", "x-v2")
        orjson.dumps(record, default=str)
    assert json_safe(deep) is not None


def read_all(stream: RepairedStream, size: int) -> bytes:
    out = b""
    while chunk := stream.read(size):
        out += chunk
    return out


@FEW
@given(
    st.lists(
        st.sampled_from([b"a", b'"', b"\\", b"\\u", b"\\ud83d", b"\\ude00", b"\\udc00", b"7" * 4100, b"12",
                         b"\xc3", b"\xa9", b"\xff", b"\xef\xbb\xbf", b"\xf0\x9f\x91\x8d"]),
        max_size=30,
    ),
    st.integers(1, 70),
)  # fmt: skip
def test_repaired_stream_is_valid_utf8_whatever_the_chunks(parts: list[bytes], size: int) -> None:
    data = b"".join(parts)
    whole = RepairedStream(io.BytesIO(b""))._repair(data, final=True)
    chunked = read_all(RepairedStream(io.BytesIO(data)), size)
    assert chunked == whole
    text = chunked.decode("utf-8")  # never raises
    assert max((len(run) for run in text.translate({ord(c): " " for c in text if not c.isdigit()}).split()),
               default=0) < 4_000  # fmt: skip
    if b"\xff" in data:
        assert REPLACEMENT in text


def test_repaired_stream_marks() -> None:
    data = b'{"a": ' + b"9" * 5000 + b', "b": "caf\xe9", "c": "\\udfff", "d": "\\ud83d\\ude00"}'
    stream = RepairedStream(io.BytesIO(b"\xef\xbb\xbf" + data))
    out = read_all(stream, 100)
    assert (
        out == b'{"a": ' + DIGITS_MARK + b', "b": "caf\xef\xb7\x90", "c": "\\ufdd0", "d": "\\ud83d\\ude00"}'
    )
    assert stream.repairs == 3


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (b'{"data": [{"id": "1", "text": "emoji \\ud83d"}]}', "emoji \ufffd"),
        (b'{"data": [{"id": "1", "text": "raw\x00byte"}]}', "rawbyte"),
        (b'{"data": [{"id": "1", "text": "ok", "n": 1e400}]}', "ok"),
        (b'{"data": [{"id": "1", "text": "ok", "x": ' + b"[" * 1100 + b"]" * 1100 + b"}]}", "ok"),
        (b'\xef\xbb\xbf{\n "data": [{"id": "1",\r\n "text": "caf\xe9"}]}', "caf\ufffd"),
    ],
)
def test_live_search_pages_are_mended_for_the_x_reader(
    tmp_path, monkeypatch, collect_run, body, text
) -> None:
    from pipeline.collect import x_search

    monkeypatch.setattr(x_search, "_get", lambda url, **kw: (body, 0))
    pages = tmp_path / "pages.jsonl"
    result = x_search.search_recent("q", token="t", pages_path=pages, checkpoint=tmp_path / "c.json")
    assert result.pages == 1 and result.done
    counts, posts, rejects = collect_run(pages, fmt="x-v2")
    assert [p["text"] for p in posts] == [text] and not rejects


def test_live_search_refuses_a_cut_body_and_keeps_its_place(tmp_path, monkeypatch) -> None:
    from pipeline.collect import x_search
    from pipeline.errors import InputError

    monkeypatch.setattr(x_search, "_get", lambda url, **kw: (b'{"data": [{"id": "1", "te', 0))
    with pytest.raises(InputError, match="X API answered with invalid JSON"):
        x_search.search_recent(
            "q", token="t", pages_path=tmp_path / "p.jsonl", checkpoint=tmp_path / "c.json"
        )
    assert not (tmp_path / "c.json").exists()
