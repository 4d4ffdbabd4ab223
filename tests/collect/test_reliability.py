"""Issue 19, kind by kind: records lost, refused whole, or written out of shape; each reproduced and fixed.

1. a NUL byte lost a whole batch on PostgreSQL; 2. deep nesting was an internal error; 3. one bad Telegram
message refused the whole export; 4. a CSV row with an unclosed quote vanished; 5. an X user with a numeric
``username`` gave a post the canonical reader refused. The fuzz suite (``test_fuzz.py``) generates their families.
"""

from __future__ import annotations

import json

import orjson
import pytest
from typer.testing import CliRunner

from pipeline.cli.main import app

runner = CliRunner()
DEEP = "[" * 300 + "]" * 300


def cli(*args: str):
    return runner.invoke(app, ["collect", *args])


def lines(path):
    return [orjson.loads(x) for x in path.read_bytes().splitlines()]


def stored_posts(db_url: str) -> dict[str, dict]:
    from sqlalchemy import select

    from pipeline.store import open_store
    from pipeline.store.posts import to_schema_post
    from pipeline.store.tables import Post

    store = open_store(db_url)
    try:
        with store.session() as session:
            rows = session.scalars(select(Post)).all()
            return {row.id: to_schema_post(row).model_dump(mode="json") for row in rows}
    finally:
        store.dispose()


# --- 1. NUL and other C0 controls: removed at the reader, recorded in the source, on every store ---------------


def test_nul_byte_no_longer_loses_the_batch(db_url, tmp_path):
    src = tmp_path / "posts.jsonl"
    src.write_text(
        '{"id":"fb:nul1","text":"coblos\\u0000nomor 2"}\n{"id":"fb:clean","text":"posyandu"}\n',
        encoding="utf-8",
    )
    result = cli(
        "--format", "jsonl", "--input", str(src), "--db", db_url, "--rejects", str(tmp_path / "r.jsonl")
    )
    assert result.exit_code == 0, result.output
    posts = stored_posts(db_url)
    assert set(posts) == {"fb:nul1", "fb:clean"}
    assert posts["fb:nul1"]["text"] == "coblosnomor 2"
    assert posts["fb:nul1"]["source"]["cleaned"] == {"text": 1}
    assert "cleaned" not in (posts["fb:clean"]["source"] or {})


def test_control_characters_everywhere_are_cleaned_and_counted(tmp_path, collect_run):
    page = {
        "data": [{"id": "1", "text": "a\x00b\x07c\r\nd\re\tf\x1b", "author_id": "9", "lang": "i\x00d"}],
        "includes": {
            "users": [{"id": "9", "username": "bu\x00di", "name": "B\x0bS", "description": "ASN\x01"}]
        },
    }
    src = tmp_path / "x.jsonl"
    src.write_text(json.dumps(page) + "\n", encoding="utf-8")
    counts, posts, rejects = collect_run(src, fmt="x-v2")
    (post,) = posts
    assert post["text"] == "abc\nd\ne\tf" and post["lang"] == "id"
    assert post["author"] == {"id": "x:9", "platform": "x", "handle": "budi", "name": "BS", "bio": "ASN"}
    assert post["source"]["cleaned"] == {
        "text": 5, "lang": 1, "url": 1, "author.handle": 1, "author.name": 1, "author.bio": 1,
    }  # fmt: skip


def test_an_id_with_a_control_character_is_rejected_not_changed(tmp_path, collect_run):
    src = tmp_path / "p.jsonl"
    src.write_text('{"id": "x:12\\u00003", "text": "a"}\n{"id": "x:123", "text": "b"}\n', encoding="utf-8")
    counts, posts, rejects = collect_run(src, fmt="jsonl")
    assert [p["id"] for p in posts] == ["x:123"]
    assert rejects[0]["reason"] == "id contains control characters or unpaired surrogates"


def test_unpaired_surrogate_becomes_replacement_character(tmp_path, collect_run):
    src = tmp_path / "p.jsonl"
    src.write_text('{"id": "x:1", "text": "emoji \\ud83d terpotong"}\n', encoding="utf-8")
    counts, posts, rejects = collect_run(src, fmt="jsonl")
    assert posts[0]["text"] == "emoji \ufffd terpotong" and posts[0]["source"]["cleaned"] == {"text": 1}


# --- 2. deep nesting: a reject with a reason, and the rest of the file read ---------------------------------


@pytest.mark.parametrize(
    ("fmt", "bad", "good", "reason"),
    [
        ("jsonl", f'{{"id": "a:1", "text": "x", "extra": {DEEP}}}', '{"id": "a:2", "text": "ok"}', "nested deeper"),
        ("jsonl", '{"id": "a:1", "text": "x", "extra": ' + "[" * 2000 + "]" * 2000 + "}",
         '{"id": "a:2", "text": "ok"}', "nested deeper"),
        ("x-v2", f'{{"data": [{{"id": "1", "text": {DEEP}}}, {{"id": "2", "text": "ok"}}]}}', "", "text is list"),
        ("x-v2", '{"data": [{"id": "1", "text": ' + "[" * 3000 + "]" * 3000 + '}, {"id": "2", "text": "ok"}]}',
         "", "text is list"),
        ("tiktok", f'{{"id": "1", "video_description": "x", "username": "u", "hashtag_names": {DEEP}}}',
         '{"id": "2", "video_description": "ok", "username": "u"}', None),
    ],
)  # fmt: skip
def test_deep_nesting_is_a_reject_and_the_rest_is_read(tmp_path, fmt, bad, good, reason):
    src = tmp_path / "in.jsonl"
    src.write_text(bad + "\n" + (good + "\n" if good else ""), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = cli("--format", fmt, "--input", str(src), "--output", str(out))
    assert result.exit_code in (0, 1), result.output  # never 3: the rejects file takes any record
    ids = {p["id"] for p in lines(out)}
    assert ids & {"a:2", "x:2", "tiktok:2"}, (ids, result.output)
    rejects = lines(tmp_path / "out.jsonl.rejects.jsonl")
    if reason:
        assert result.exit_code == 1 and reason in rejects[0]["reason"], rejects
        assert rejects[0]["line"] == 1


def test_deep_telegram_message_is_rejected_alone(tmp_path, collect_run):
    chat = {"name": "g", "id": 5, "messages": [{"id": 1, "type": "message", "text": "a"}]}
    text = json.dumps(chat).replace('"text": "a"}', '"text": "a", "x": ' + "[" * 400 + "]" * 400 + "}")
    src = tmp_path / "result.json"
    src.write_text(text[:-2] + ', {"id": 2, "type": "message", "text": "b"}]}', encoding="utf-8")
    counts, posts, rejects = collect_run(src, fmt="telegram-desktop")
    assert [p["id"] for p in posts] == ["telegram:5:2"]
    assert (
        rejects[0]["reason"] == "nested deeper than 254 levels at $.messages[0]" and "excerpt" in rejects[0]
    )


# --- 3. one bad Telegram message: rejected alone, with its JSON path ------------------------------------------


def telegram_export(path, middle: str) -> None:
    """A chat whose second message carries ``middle`` as the value of ``views``."""
    messages = [
        '{"id": 1, "type": "message", "date_unixtime": "1731891600", "text": "pertama"}',
        '{"id": 2, "type": "message", "date_unixtime": "1731891700", "text": "kedua", "views": '
        + middle
        + "}",
        '{"id": 3, "type": "message", "date_unixtime": "1731891800", "text": "ketiga"}',
    ]
    path.write_bytes(
        (
            '{"name": "g", "type": "private_group", "id": 5, "messages": [' + ", ".join(messages) + "]}"
        ).encode()
    )


@pytest.mark.parametrize(
    "value", ["123456789012345678901234567890", "-9223372036854775809", "1e400", "1" * 5000, "1" * 200_000]
)
def test_telegram_out_of_range_value_rejects_one_message(tmp_path, collect_run, value):
    src = tmp_path / "result.json"
    telegram_export(src, value)
    counts, posts, rejects = collect_run(src, fmt="telegram-desktop")
    ids = [p["id"] for p in posts]
    if value == "1e400":  # a decimal out of a double's range is not an integer: the message keeps
        assert ids == ["telegram:5:1", "telegram:5:2", "telegram:5:3"] and not rejects
        return
    assert ids == ["telegram:5:1", "telegram:5:3"]
    assert rejects[0]["path"] == "$.messages[1]"
    assert rejects[0]["reason"].startswith("number out of range (64-bit integers) at $.messages[1].views")


def test_telegram_bad_utf8_and_surrogate_reject_one_message_each(tmp_path, collect_run):
    src = tmp_path / "result.json"
    telegram_export(src, '"caf\xe9"'.encode("latin-1").decode("latin-1"))
    src.write_bytes(src.read_bytes().replace(b"caf\xc3\xa9", b"caf\xe9"))  # a Latin-1 byte in UTF-8
    counts, posts, rejects = collect_run(src, fmt="telegram-desktop")
    assert [p["id"] for p in posts] == ["telegram:5:1", "telegram:5:3"]
    assert rejects[0]["reason"] == "invalid UTF-8 or an unpaired surrogate at $.messages[1].views"
    telegram_export(src, '"\\udc00"')
    counts, posts, rejects = collect_run(src, fmt="telegram-desktop")
    assert [p["id"] for p in posts] == ["telegram:5:1", "telegram:5:3"] and len(rejects) == 1


def test_telegram_export_is_streamed_not_loaded(tmp_path, collect_run, monkeypatch):
    """ijson over the messages array: the file object is read in chunks, never whole."""
    from pipeline.collect import repair

    sizes: list[int] = []
    original = repair.RepairedStream.read

    def read(self, size=-1):
        sizes.append(size)
        return original(self, size)

    monkeypatch.setattr(repair.RepairedStream, "read", read)
    src = tmp_path / "result.json"
    body = ", ".join(f'{{"id": {i}, "type": "message", "text": "pesan {i}"}}' for i in range(1, 20_001))
    src.write_text('{"name": "g", "id": 5, "messages": [' + body + "]}", encoding="utf-8")
    counts, posts, _ = collect_run(src, fmt="telegram-desktop")
    assert counts.written == 20_000
    assert sizes and all(0 <= size <= 65_536 for size in sizes) and len(sizes) > 5


# --- 4. CSV: every physical row is a post or a reject --------------------------------------------------------


def test_csv_unclosed_quote_rejects_its_row_and_reads_the_next(tmp_path, collect_run):
    from pipeline.collect import CollectOptions
    from pipeline.collect.csv_mapped import build_mapping

    src = tmp_path / "a.csv"
    src.write_text('id,text\n1,baik\n2,"rusak\n3,bagus\n', encoding="utf-8")
    options = CollectOptions(mapping=build_mapping(pairs=["id=id", "text=text"]), platform="web")
    counts, posts, rejects = collect_run(src, fmt="csv", options=options)
    assert (counts.read, counts.written, counts.rejected) == (3, 2, 1)
    assert [(p["id"], p["source"]["line"]) for p in posts] == [("web:1", 2), ("web:3", 4)]
    assert rejects[0]["line"] == 3 and rejects[0]["excerpt"] == '2,"rusak'
    assert "quote opened on this line is not closed" in rejects[0]["reason"]
    # a quote that pairs with a later one, and a legitimate multi-line cell
    src.write_text('id,text\n1,baik\n2,"rusak\n3,"bagus"\n4,"dua\nbaris"\n5,akhir\n', encoding="utf-8")
    counts, posts, rejects = collect_run(src, fmt="csv", options=options)
    assert [p["id"] for p in posts] == ["web:1", "web:3", "web:4", "web:5"]
    assert posts[2]["text"] == "dua\nbaris" and [r["line"] for r in rejects] == [3]


# --- 5. what collect writes always reads back ----------------------------------------------------------------


def test_x_user_fields_of_other_types_read_back(tmp_path):
    page = {
        "data": [{"id": "1", "text": "halo", "author_id": "9"}, {"id": "2", "text": "dua", "author_id": "8"}],
        "includes": {
            "users": [
                {"id": "9", "username": 12345, "name": ["Budi"], "description": {"x": 1}},
                {"id": 8, "username": "u" * 500, "name": "N" * 400, "description": "ok"},
            ]
        },
    }
    src, out, back = tmp_path / "x.jsonl", tmp_path / "out.jsonl", tmp_path / "back.jsonl"
    src.write_text(json.dumps(page) + "\n", encoding="utf-8")
    assert cli("--format", "x-v2", "--input", str(src), "--output", str(out)).exit_code == 0
    first, second = lines(out)
    assert first["author"] == {"id": "x:9", "platform": "x", "handle": "12345", "name": None, "bio": None}
    assert first["url"] == "https://x.com/12345/status/1"
    assert (
        second["author"]["id"] == "x:8"
        and second["author"]["handle"] is None
        and second["author"]["name"] is None
    )
    result = cli("--format", "jsonl", "--input", str(out), "--output", str(back))
    assert result.exit_code == 0, result.output
    assert [p["id"] for p in lines(back)] == ["x:1", "x:2"]


def test_every_kind_into_both_stores(db_url, tmp_path):
    """The inputs of the five kinds in one run into the store: exit 1 (rejects), every clean post stored."""
    chat, csv_file, posts_file = tmp_path / "result.json", tmp_path / "a.csv", tmp_path / "p.jsonl"
    telegram_export(chat, "1" * 5000)
    csv_file.write_text('id,text\n1,baik\n2,"rusak\n3,bagus\n', encoding="utf-8")
    posts_file.write_text(
        '{"id":"fb:nul1","text":"coblos\\u0000nomor 2"}\n'
        f'{{"id": "fb:deep", "text": "x", "extra": {DEEP}}}\n'
        '{"id": "fb:long", "text": "x", "lang": "' + "l" * 50 + '"}\n'
        '{"id": "fb:ok", "text": "ok", "author": {"handle": "' + "İ" * 140 + '"}}\n',
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.jsonl"
    args = ["--db", db_url, "--rejects", str(rejects)]
    assert cli("--format", "telegram-desktop", "--input", str(chat), *args).exit_code == 1
    assert cli("--format", "csv", "--map", "id=id", "--map", "text=text", "--platform", "web",
               "--input", str(csv_file), *args).exit_code == 1  # fmt: skip
    result = cli("--format", "jsonl", "--input", str(posts_file), *args)
    assert result.exit_code == 1, result.output
    reasons = [r["reason"] for r in lines(rejects)]
    assert reasons[0].startswith("nested deeper than 254 levels at extra[0][0]")
    assert reasons[1:] == [
        "lang longer than 10 characters",
        "author.handle longer than 150 characters once normalised",
    ]
    assert set(stored_posts(db_url)) == {"telegram:5:1", "telegram:5:3", "web:1", "web:3", "fb:nul1"}
