"""Collectors keep media references (issue 15): X v2 ``attachments.media_keys`` resolved in ``includes.media``
(photo url, video/GIF preview), inline media of twarc2 ``flatten``, a key the page does not include; the CSV
``media`` field (several separators, URL or path)."""

from __future__ import annotations

import json

from pipeline.collect import CollectOptions, JsonlSink, collect
from pipeline.collect.csv_mapped import build_mapping


def run(path, fmt, options=None):
    import io

    buf, rejects = io.BytesIO(), []
    counts = collect([path], fmt=fmt, sink=JsonlSink(buf), on_reject=rejects.append, options=options)
    posts = {p["id"]: p for p in map(json.loads, buf.getvalue().splitlines())}
    assert counts.reconciled()
    return posts, rejects


def tweet(tid, **extra):
    return {
        "id": tid,
        "text": f"poster {tid}",
        "author_id": "9",
        "created_at": "2024-11-20T03:00:00.000Z",
        **extra,
    }


def test_x_page_media_keys_are_resolved(tmp_path):
    page = {
        "data": [
            tweet("1", attachments={"media_keys": ["3_100", "7_200"]}),
            tweet(
                "2", attachments={"media_keys": ["16_300"]}, referenced_tweets=[{"type": "quoted", "id": "5"}]
            ),
            tweet("3"),
        ],
        "includes": {
            "users": [{"id": "9", "username": "budi", "name": "Budi"}],
            "media": [
                {"media_key": "3_100", "type": "photo", "url": "https://pbs.twimg.com/media/a.jpg"},
                {"media_key": "7_200", "type": "video", "preview_image_url": "https://pbs.twimg.com/v.jpg"},
            ],
            "tweets": [tweet("5", attachments={"media_keys": ["3_100"]})],
        },
    }
    path = tmp_path / "page.jsonl"
    path.write_text(json.dumps(page) + "\n")
    posts, rejects = run(path, "x-v2")
    assert not rejects
    assert posts["x:1"]["media"] == [
        {"type": "photo", "key": "3_100", "url": "https://pbs.twimg.com/media/a.jpg"},
        {"type": "video", "key": "7_200", "url": "https://pbs.twimg.com/v.jpg"},
    ]
    assert posts["x:2"]["media"] == [{"type": "animated_gif", "key": "16_300", "url": None}]  # not included
    assert "media" not in posts["x:3"]
    assert posts["x:5"]["media"][0]["key"] == "3_100"  # an included (quoted) tweet keeps its media too


def test_flattened_tweet_inline_media(tmp_path):
    flat = tweet(
        "7",
        author={"id": "9", "username": "budi"},
        attachments={
            "media_keys": ["3_1"],
            "media": [{"media_key": "3_1", "type": "photo", "url": "https://x/p.png"}],
        },
    )
    path = tmp_path / "flat.jsonl"
    path.write_text(json.dumps(flat) + "\n")
    posts, _ = run(path, "x-v2")
    assert posts["x:7"]["media"] == [{"type": "photo", "key": "3_1", "url": "https://x/p.png"}]


def test_csv_media_column_urls_and_paths(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(
        "id,text,images\n"
        '1,poster,"https://cdn.example/a.jpg | https://cdn.example/b.mp4"\n'
        "2,foto,photos/p1.jpg;photos/p2.png\n"
        "3,teks saja,\n",
        encoding="utf-8",
    )
    mapping = build_mapping(pairs=["id=id", "text=text", "media=images"])
    posts, rejects = run(path, "csv", CollectOptions(mapping=mapping, platform="facebook"))
    assert not rejects
    assert posts["facebook:1"]["media"] == [
        {"type": "photo", "url": "https://cdn.example/a.jpg"},
        {"type": "video", "url": "https://cdn.example/b.mp4"},
    ]
    assert posts["facebook:2"]["media"] == [
        {"type": "photo", "path": "photos/p1.jpg"},
        {"type": "photo", "path": "photos/p2.png"},
    ]
    assert not posts["facebook:3"].get("media")


CT_INSTAGRAM = (
    "Account,User Name,Post Created,Type,Likes,Comments,Views,URL,Photo,Title,Description,Image Text\n"
    "Guru Sukamaju,guru.sukamaju,2024-11-20 09:00:00 WIB,Photo,20,3,0,https://www.instagram.com/p/DCa1/,"
    'https://scontent.example/a.jpg?_nc_ht=x,,Siap!,"COBLOS NOMOR 1\nHERMA"\n'
    "Guru Sukamaju,guru.sukamaju,2024-11-20 10:00:00 WIB,Photo,20,3,0,https://www.instagram.com/p/DCa2/,"
    ",,Rapat KKG,\n"
)


def test_crowdtangle_photo_and_image_text(tmp_path, sample_election):
    from pipeline.classify import load_classifier
    from pipeline.schema import Post

    path = tmp_path / "ct.csv"
    path.write_text(CT_INSTAGRAM, encoding="utf-8")
    posts, rejects = run(path, "csv", CollectOptions(preset="crowdtangle-instagram"))
    assert not rejects
    poster, plain = posts["instagram:DCa1"], posts["instagram:DCa2"]
    assert poster["text"] == "Siap!"
    assert poster["media"] == [
        {
            "type": "photo",
            "url": "https://scontent.example/a.jpg?_nc_ht=x",
            "ocr_text": "COBLOS NOMOR 1\nHERMA",
        }
    ]
    assert "media" not in plain
    (prediction,) = load_classifier("rules", election=sample_election).predict([Post.model_validate(poster)])
    assert "AJAKAN" in prediction.labels
    assert any(e.startswith("gambar: ") for e in prediction.evidence)  # read as the image's text


def test_4cat_image_columns(tmp_path):
    path = tmp_path / "4cat.csv"
    path.write_text(
        "id,thread_id,author,body,timestamp,image_urls,media_urls\n"
        "C1,C1,guru,foto kegiatan,2024-11-20 02:00:00,"
        '"https://cdn.example/1.jpg,https://cdn.example/2.jpg",https://cdn.example/v.mp4\n',
        encoding="utf-8",
    )
    posts, rejects = run(path, "csv", CollectOptions(preset="4cat"))
    assert not rejects
    assert [m["type"] for m in posts["4cat:C1"]["media"]] == ["photo", "photo", "video"]
