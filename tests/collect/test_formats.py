"""Every format's fixtures (written from the public format documentation) read into valid canonical posts."""

from __future__ import annotations

import pytest

from pipeline.collect import CollectOptions, detect_format, zone
from pipeline.schema import Post


def by_id(posts):
    return {p["id"]: p for p in posts}


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("x_twarc2_pages.jsonl", "x-v2"),
        ("x_twarc2_flat.jsonl", "x-v2"),
        ("x_api_response.json", "x-v2"),
        ("telegram_single_chat.json", "telegram-desktop"),
        ("telegram_full_export.json", "telegram-desktop"),
        ("crowdtangle_facebook.csv", "csv"),
        ("crowdtangle_instagram.csv", "csv"),
        ("meta_cl_facebook.csv", "csv"),
        ("meta_cl_instagram.csv", "csv"),
        ("fourcat.csv", "csv"),
        ("fourcat.ndjson", "csv"),
        ("tiktok_videos.json", "tiktok"),
        ("tiktok_comments.jsonl", "tiktok"),
        ("youtube_comment_threads.json", "youtube"),
        ("canonical.jsonl", "jsonl"),
    ],
)
def test_detect_and_every_post_is_canonical(fixtures, collect_run, name, fmt):
    assert detect_format(fixtures / name) == fmt
    counts, posts, _ = collect_run(fixtures / name)
    assert posts and counts.written == len(posts)
    for post in posts:
        Post.model_validate(post)  # raises on anything off-contract
        assert post["id"] == f"{post['platform']}:{post['platform_id']}"
        if fmt != "jsonl":  # canonical input keeps the provenance it arrived with
            assert post["source"]["file"].endswith(name)


def test_x_pages_resolve_authors_kinds_and_parents(fixtures, collect_run):
    counts, posts, rejects = collect_run(fixtures / "x_twarc2_pages.jsonl")
    assert (counts.read, counts.written, counts.duplicates, counts.rejected) == (7, 5, 2, 0)
    p = by_id(posts)
    original = "Ayo dukung Paslon 1 HERMA, Sukamaju Hebat! #HermaHebat"
    rt = p["x:1851000000000000002"]
    assert rt["kind"] == "share" and rt["text"] == original and rt["parent_id"] == "x:1851000000000000001"
    assert rt["author"]["bio"].startswith("ASN Dinkes") and rt["author"]["handle"] == "budi_s"
    assert rt["url"] == "https://x.com/budi_s/status/1851000000000000002"
    reply = p["x:1851000000000000003"]
    assert reply["kind"] == "reply" and reply["parent_text"] == original
    assert reply["created_at"] == "2024-11-19T03:15:00+00:00"
    assert p["x:1851000000000000004"]["kind"] == "quote"
    orig = p["x:1851000000000000001"]  # the original, from includes, once
    assert orig["kind"] == "post" and orig["source"]["path"] == "$.includes.tweets[0]"
    assert orig["metrics"] == {"likes": 40, "shares": 12, "replies": 3, "views": 900, "quotes": 1}
    assert [q["id"] for q in posts].count("x:1851000000000000001") == 1


def test_x_flattened_and_single_response(fixtures, collect_run):
    _, posts, _ = collect_run(fixtures / "x_twarc2_flat.jsonl")
    p = by_id(posts)
    assert set(p) == {f"x:185100000000000000{i}" for i in (1, 2, 3, 4)}
    assert p["x:1851000000000000002"]["kind"] == "share"
    assert p["x:1851000000000000001"]["author"]["handle"] == "relawan_herma"
    assert p["x:1851000000000000003"]["parent_text"].startswith("Ayo dukung")
    _, posts, _ = collect_run(fixtures / "x_api_response.json")
    assert [q["id"] for q in posts] == ["x:1851000000000000005"]
    assert posts[0]["source"]["path"] == "$.data"


def test_same_post_in_several_files_appears_once(fixtures, collect_run):
    counts, posts, _ = collect_run(
        [
            fixtures / "x_twarc2_pages.jsonl",
            fixtures / "x_twarc2_flat.jsonl",
            fixtures / "x_api_response.json",
        ]
    )
    ids = [p["id"] for p in posts]
    assert len(ids) == len(set(ids)) == 5
    assert counts.duplicates == counts.read - 5


def test_telegram_single_chat(fixtures, collect_run):
    counts, posts, rejects = collect_run(fixtures / "telegram_single_chat.json")
    assert (counts.read, counts.written, counts.skipped, counts.rejected) == (7, 5, 2, 0)
    assert counts.reasons["skipped: service message"] == 2
    p = by_id(posts)
    first = p["telegram:1234567890:2"]
    assert first["created_at"] == "2024-11-18T08:05:00+07:00"
    assert first["author"] == {
        "id": "telegram:user44196397",
        "platform": "telegram",
        "handle": None,
        "name": "Budi Santoso",
        "bio": None,
    }
    assert first["metrics"] == {"likes": 4}
    reply = p["telegram:1234567890:3"]
    assert reply["text"] == "Pak Budi kan ASN, harus netral lho"  # entity list joined
    assert reply["kind"] == "reply" and reply["parent_id"] == "telegram:1234567890:2"
    assert reply["parent_text"].startswith("Bapak ibu, 27 November")
    fwd = p["telegram:1234567890:4"]
    assert fwd["kind"] == "share" and fwd["forwarded_from"] == "Relawan HERMA"
    photo = p["telegram:1234567890:5"]  # a photo without caption is still a post (image review)
    assert photo["text"] == "" and photo["media"] == [
        {"type": "photo", "path": "photos/photo_1@18-11-2024_09-10-00.jpg"}
    ]
    assert p["telegram:1234567890:7"]["created_at"] == "2024-11-18T10:00:00+07:00"  # bare local date, WIB
    assert first["source"]["path"] == "$.messages[1]"


def test_telegram_timezone_option_reads_bare_local_dates(fixtures, collect_run):
    _, posts, _ = collect_run(
        fixtures / "telegram_single_chat.json", options=CollectOptions(tz=zone("Asia/Makassar"))
    )
    p = by_id(posts)
    assert p["telegram:1234567890:7"]["created_at"] == "2024-11-18T10:00:00+08:00"
    # date_unixtime is absolute: same instant, shown in the chosen zone
    assert p["telegram:1234567890:2"]["created_at"] == "2024-11-18T09:05:00+08:00"


def test_telegram_full_export(fixtures, collect_run):
    counts, posts, _ = collect_run(fixtures / "telegram_full_export.json")
    assert (counts.read, counts.written, counts.skipped) == (9, 7, 2)
    p = by_id(posts)
    chan = p["telegram:2000000001:11"]
    assert chan["text"] == "#NetralitasASN sanksi menanti pelanggar"
    assert chan["parent_text"].startswith("Pemkab mengimbau")
    assert chan["author"]["id"] == "telegram:channel2000000001"
    assert chan["source"]["path"] == "$.chats.list[1].messages[1]"
    assert chan["source"]["chat"]["name"] == "Info Pemkab Sukamaju"
    assert "telegram:1234567890:2" in p  # the same ids as the single-chat export


def test_crowdtangle_facebook(fixtures, collect_run):
    counts, posts, rejects = collect_run(fixtures / "crowdtangle_facebook.csv")
    assert (counts.written, counts.rejected) == (2, 1)
    p = by_id(posts)
    first = p["facebook:555000000000001"]
    assert first["created_at"] == "2024-11-20T10:15:00+07:00"
    assert first["author"]["name"] == "Kecamatan Sukamaju Timur"
    assert first["metrics"]["likes"] == 800 and first["source"]["format"] == "csv:crowdtangle-facebook"
    link = p["facebook:777000000000002"]  # id from permalink.php?story_fbid=...
    assert link["text"] == "Debat kandidat bupati Sukamaju malam ini"  # Message empty: Description
    assert rejects[0]["reason"] == "missing text" and rejects[0]["line"] == 4


def test_crowdtangle_instagram_and_meta_content_library(fixtures, collect_run):
    _, posts, _ = collect_run(fixtures / "crowdtangle_instagram.csv")
    assert posts[0]["id"] == "instagram:DCabc123XYZ" and posts[0]["author"]["handle"] == "disdik.sukamaju"
    _, posts, _ = collect_run(fixtures / "meta_cl_facebook.csv")
    p = by_id(posts)
    assert p["facebook:1098765432101234"]["created_at"] == "2024-11-20T03:15:00+00:00"
    assert p["facebook:1098765432101235"]["created_at"] == "2024-11-20T10:55:00+07:00"  # Unix time
    assert p["facebook:1098765432101234"]["metrics"] == {"likes": 15, "shares": 2, "replies": 4}
    _, posts, _ = collect_run(fixtures / "meta_cl_instagram.csv")
    assert posts[0]["author"]["handle"] == "bu.rina.guru" and posts[0]["platform"] == "instagram"


def test_4cat_csv_and_ndjson(fixtures, collect_run):
    _, posts, _ = collect_run(fixtures / "fourcat.csv", options=CollectOptions(platform="x"))
    p = by_id(posts)
    assert p["x:1851000000000000001"]["created_at"] == "2024-11-19T01:00:00+00:00"  # 4CAT writes UTC
    reply = p["x:1851000000000000003"]
    assert reply["kind"] == "comment" and reply["parent_id"] == "x:1851000000000000001"
    _, posts, _ = collect_run(fixtures / "fourcat.ndjson")
    assert [q["id"] for q in posts] == ["4cat:t3_abc123", "4cat:t1_def456"]
    assert posts[1]["parent_id"] == "4cat:t3_abc123"


def test_csv_with_mapping_file_and_pairs(fixtures, collect_run):
    from pipeline.collect.csv_mapped import build_mapping, load_mapping_file

    mapping = build_mapping(mapping=load_mapping_file(fixtures / "custom_mapping.yaml"))
    _, posts, _ = collect_run(fixtures / "custom.csv", fmt="csv", options=CollectOptions(mapping=mapping))
    assert posts[0]["id"] == "facebook:A1" and posts[0]["created_at"] == "2024-11-20T10:15:00+07:00"
    pairs = build_mapping(pairs=["id=nomor", "text=isi", "author_handle=akun"])
    _, posts, _ = collect_run(
        fixtures / "custom.csv", fmt="csv", options=CollectOptions(mapping=pairs, platform="facebook")
    )
    assert [q["text"] for q in posts] == ["Coblos nomor 1", "Jaga netralitas"]


def test_csv_mapping_errors_are_config_errors(fixtures, collect_run):
    from pipeline.collect.csv_mapped import build_mapping
    from pipeline.errors import ConfigError, InputError

    with pytest.raises(ConfigError, match="unknown field"):
        build_mapping(pairs=["txt=isi", "id=nomor"])
    with pytest.raises(ConfigError, match="no text column"):
        build_mapping(pairs=["id=nomor"])
    with pytest.raises(ConfigError, match="unknown preset"):
        build_mapping(preset="crowdtangle")
    with pytest.raises(InputError, match="not in the header"):
        collect_run(
            fixtures / "custom.csv",
            fmt="csv",
            options=CollectOptions(mapping=build_mapping(pairs=["id=nomor", "text=Message"])),
        )
    with pytest.raises(InputError, match="no column mapping"):
        collect_run(fixtures / "custom.csv", fmt="csv")


def test_tiktok_videos_and_comments(fixtures, collect_run):
    _, posts, _ = collect_run([fixtures / "tiktok_videos.json", fixtures / "tiktok_comments.jsonl"])
    p = by_id(posts)
    video = p["tiktok:7439000000000000001"]
    assert video["url"] == "https://www.tiktok.com/@dinas.sukamaju/video/7439000000000000001"
    assert (
        video["created_at"] == "2024-11-20T08:40:00+07:00"
        and video["transcript"] == "ayo semangat nomor satu"
    )
    assert video["metrics"] == {"likes": 120, "shares": 5, "replies": 8, "views": 4000}
    comment, reply = p["tiktok:7439200000000000001"], p["tiktok:7439200000000000002"]
    assert comment["kind"] == "comment" and comment["parent_id"] == "tiktok:7439000000000000001"
    assert reply["kind"] == "reply" and reply["parent_id"] == "tiktok:7439200000000000001"


def test_youtube_comment_threads(fixtures, collect_run):
    _, posts, _ = collect_run(fixtures / "youtube_comment_threads.json")
    p = by_id(posts)
    top = p["youtube:UgzAAAAAAAAAAAAAAAA4AaABAg"]
    assert top["text"] == "Pilih nomor 2 & Sukamaju maju!"  # textOriginal, not the HTML
    assert top["kind"] == "comment" and top["parent_id"] == "youtube:dQw4w9WgXcQ"
    assert (
        top["author"]["handle"] == "pakguru_sukamaju"
        and top["author"]["id"] == "youtube:UCguru0000000000000001"
    )
    reply = p["youtube:UgzAAAAAAAAAAAAAAAA4AaABAg.A1B2C3D4E5F"]
    assert reply["kind"] == "reply" and reply["parent_text"] == "Pilih nomor 2 & Sukamaju maju!"
    assert reply["source"]["path"] == "$.items[0].replies.comments[0]"


def test_canonical_jsonl_round_trip(fixtures, collect_run, tmp_path):
    _, posts, _ = collect_run(fixtures / "x_twarc2_pages.jsonl")
    out = tmp_path / "posts.jsonl"
    out.write_text(
        "".join(__import__("json").dumps(p, ensure_ascii=False) + "\n" for p in posts), encoding="utf-8"
    )
    counts, again, rejects = collect_run(out, fmt="jsonl")
    assert counts.written == len(posts) and not rejects
    assert [(p["id"], p["text"], p["kind"]) for p in again] == [
        (p["id"], p["text"], p["kind"]) for p in posts
    ]
