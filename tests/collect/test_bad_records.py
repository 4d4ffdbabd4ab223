"""Each kind of bad record is rejected (or skipped) with a reason and a location; nothing crashes, nothing is lost."""

from __future__ import annotations

import gzip
import json
import zipfile

import pytest

from pipeline.collect import CollectOptions
from pipeline.collect.base import MAX_LINE_BYTES

GOOD = {
    "data": [{"id": "1", "text": "baik", "author_id": "9", "created_at": "2024-11-20T03:15:00.000Z"}],
    "includes": {"users": [{"id": "9", "username": "u9", "name": "U", "description": "ASN"}]},
}


def page(tweets):
    return json.dumps({"data": tweets, "includes": {"users": []}}).encode() + b"\n"


def write(path, *chunks: bytes):
    path.write_bytes(b"".join(chunks))
    return path


def test_invalid_utf8_line_rejected_alone(tmp_path, collect_run):
    bad = b'{"data": [{"id": "2", "text": "caf\xe9", "author_id": "9"}]}\n'
    f = write(tmp_path / "x.jsonl", json.dumps(GOOD).encode() + b"\n", bad, page([{"id": "3", "text": "ok"}]))
    counts, posts, rejects = collect_run(f, fmt="x-v2")
    assert [p["id"] for p in posts] == ["x:1", "x:3"]
    assert rejects[0]["reason"].startswith("invalid UTF-8") and rejects[0]["line"] == 2
    assert "excerpt" in rejects[0]


def test_truncated_json_line(tmp_path, collect_run):
    f = write(tmp_path / "x.jsonl", json.dumps(GOOD).encode() + b"\n", b'{"data": [{"id": "2", "te')
    counts, posts, rejects = collect_run(f, fmt="x-v2")
    assert counts.written == 1 and counts.rejected == 1
    assert rejects[0]["reason"] == "truncated JSON" and rejects[0]["line"] == 2


def test_invalid_json_line(tmp_path, collect_run):
    f = write(tmp_path / "x.jsonl", b"{not json}\n", json.dumps(GOOD).encode() + b"\n")
    counts, posts, rejects = collect_run(f, fmt="x-v2")
    assert counts.written == 1 and rejects[0]["reason"].startswith("invalid JSON") and rejects[0]["line"] == 1


def test_wrong_types_and_missing_text(tmp_path, collect_run):
    tweets = [
        {"id": "1", "text": 42},  # wrong type
        {"id": "2"},  # missing text
        {"id": ["3"], "text": "x"},  # wrong id type
        {"id": "4", "text": "ok", "created_at": "kemarin"},  # unreadable date
        "not an object",
        {"id": "5", "text": "ok"},
    ]
    f = write(tmp_path / "x.jsonl", page(tweets))
    counts, posts, rejects = collect_run(f, fmt="x-v2")
    assert [p["id"] for p in posts] == ["x:5"]
    reasons = [r["reason"] for r in rejects]
    assert reasons == [
        "text is int, expected a string",
        "missing text",
        "missing or invalid id",
        "invalid created_at 'kemarin'",
        "expected a tweet object, got str",
    ]
    assert [r["path"] for r in rejects] == ["$.data[0]", "$.data[1]", "$.data[2]", "$.data[3]", "$.data[4]"]
    assert rejects[0]["raw"] == {"id": "1", "text": 42} and all(r["line"] == 1 for r in rejects)


def test_empty_lines_are_skipped_and_counted(tmp_path, collect_run):
    f = write(tmp_path / "x.jsonl", b"\n", json.dumps(GOOD).encode() + b"\n", b"   \n", b"\r\n")
    counts, posts, rejects = collect_run(f, fmt="x-v2")
    assert counts.written == 1 and counts.skipped == 3 and not rejects
    assert counts.reasons["skipped: empty line"] == 3


def test_line_over_1mb_rejected_as_too_long(tmp_path, collect_run):
    huge = b'{"data": [{"id": "7", "text": "' + b"a" * (MAX_LINE_BYTES + 10) + b'"}]}\n'
    f = write(tmp_path / "x.jsonl", huge, json.dumps(GOOD).encode() + b"\n")
    counts, posts, rejects = collect_run(f, fmt="x-v2")
    assert [p["id"] for p in posts] == ["x:1"]
    assert rejects[0]["reason"].startswith("line too long") and rejects[0]["line"] == 1
    assert len(rejects[0]["excerpt"]) <= 2000


def test_canonical_jsonl_validation(tmp_path, collect_run):
    lines = [
        {"id": "x:1", "text": "ok", "created_at": "20 November, pagi"},  # not a time (no offset: read as WIB)
        {"id": "x:2"},
        {"id": "x:3", "text": "ok", "kind": "retweet"},
        [1, 2],
        {"id": "x:4", "text": "baik"},
    ]
    f = write(tmp_path / "p.jsonl", *(json.dumps(x).encode() + b"\n" for x in lines))
    counts, posts, rejects = collect_run(f, fmt="jsonl")
    assert [p["id"] for p in posts] == ["x:4"]
    assert rejects[0]["reason"].startswith("created_at")
    assert rejects[1]["reason"] == "missing text"
    assert rejects[2]["reason"].startswith("kind")
    assert rejects[3]["reason"] == "expected a JSON object, got list"


def test_telegram_truncated_export_keeps_what_was_read(tmp_path, fixtures, collect_run):
    data = (fixtures / "telegram_single_chat.json").read_bytes()
    cut = data[: data.index(b'"id": 7')]
    f = write(tmp_path / "result.json", cut)
    counts, posts, rejects = collect_run(f, fmt="telegram-desktop")
    assert counts.written == 4 and counts.rejected == 1
    assert rejects[0]["reason"].startswith("truncated JSON at $.messages[6]")


def test_telegram_bad_messages(tmp_path, collect_run):
    chat = {
        "name": "g",
        "type": "private_group",
        "id": 5,
        "messages": [
            {"id": 1, "type": "message", "date": "2024-11-20T10:00:00", "text": {"oops": 1}},
            {"id": 2, "type": "message", "date": "2024-11-20T10:00:00"},
            {"id": 3, "type": "message", "date": "hari ini", "text": "x"},
            {"id": 4, "type": "message", "date": "2024-11-20T10:00:00", "text": ""},
            {"id": 5, "type": "service", "date": "2024-11-20T10:00:00", "action": "pin_message", "text": ""},
        ],
    }
    f = write(tmp_path / "result.json", json.dumps(chat).encode())
    counts, posts, rejects = collect_run(f, fmt="telegram-desktop")
    assert [r["reason"] for r in rejects] == [
        "text is dict, expected a string or a list of entities",
        "missing text",
        "invalid date 'hari ini'",
    ]
    assert [r["path"] for r in rejects] == ["$.messages[0]", "$.messages[1]", "$.messages[2]"]
    assert counts.skipped == 2 and counts.reasons["skipped: empty message"] == 1


def test_telegram_invalid_utf8(tmp_path, collect_run):
    f = write(
        tmp_path / "result.json",
        b'{"name": "g", "id": 5, "messages": [{"id": 1, "type": "message", "date": "2024-11-20T10:00:00", '
        b'"text": "ok"}, {"id": 2, "type": "message", "text": "caf\xe9"}]}',
    )
    counts, posts, rejects = collect_run(f, fmt="telegram-desktop")
    assert counts.written == 1 and counts.rejected == 1
    assert "UTF-8" in rejects[0]["reason"] or "invalid JSON" in rejects[0]["reason"]


def test_csv_bad_rows(tmp_path, collect_run):
    from pipeline.collect.csv_mapped import build_mapping

    f = write(
        tmp_path / "a.csv",
        b"id,text,date\n",
        b"1,baik,2024-11-20 10:00\n",
        b"2,caf\xe9,2024-11-20\n",
        b"\n",
        b"3,kurang\n",
        b"4,,2024-11-20\n",
        b"5,tanggal salah,besok\n",
        b"6," + b"a" * (MAX_LINE_BYTES + 5) + b",x\n",
        b'7,"ok ""kutip""",2024-11-21\n',
    )
    mapping = build_mapping(pairs=["id=id", "text=text", "created_at=date"])
    counts, posts, rejects = collect_run(
        f, fmt="csv", options=CollectOptions(mapping=mapping, platform="web")
    )
    assert [p["id"] for p in posts] == ["web:1", "web:7"]
    assert posts[1]["text"] == 'ok "kutip"'
    by_line = {r["line"]: r["reason"] for r in rejects}
    assert by_line[3].startswith("invalid UTF-8")
    assert by_line[5] == "2 cells, header has 3"
    assert by_line[6] == "missing text"
    assert by_line[7] == "invalid created_at 'besok'"
    assert by_line[8].startswith("line too long")
    assert counts.skipped == 1  # the empty line


@pytest.mark.parametrize("wrap", ["gz", "zip"])
def test_gz_and_zip_are_read_transparently(tmp_path, fixtures, collect_run, wrap):
    src = fixtures / "x_twarc2_pages.jsonl"
    if wrap == "gz":
        f = tmp_path / "pages.jsonl.gz"
        f.write_bytes(gzip.compress(src.read_bytes()))
    else:
        f = tmp_path / "export.zip"
        with zipfile.ZipFile(f, "w") as zf:
            zf.write(src, "pages.jsonl")
            zf.write(fixtures / "x_api_response.json", "more/single.json")
    counts, posts, _ = collect_run(f)  # auto-detected through the compression
    assert counts.written == 5
    if wrap == "zip":
        assert posts[0]["source"]["file"].endswith("export.zip!pages.jsonl")


def test_truncated_gzip_is_a_reject_not_a_crash(tmp_path, fixtures, collect_run):
    import random

    rng = random.Random(1)
    lines = b"".join(page([{"id": str(i), "text": f"{rng.getrandbits(400):x}"}]) for i in range(5000))
    blob = gzip.compress(lines)
    f = write(tmp_path / "cut.jsonl.gz", blob[: len(blob) // 2])
    counts, posts, rejects = collect_run(f, fmt="x-v2")
    assert 1000 < counts.written < 5000
    assert rejects[-1]["reason"].startswith("stream cannot be read further")
