"""OCR end to end: the classifier reads image text, ``asnwatch ocr`` on files and on both stores, and an
image-only partisan post by an ASN account reaches the review queue once."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from pipeline.accounts.stored import scorer_for_store
from pipeline.classify import load_classifier
from pipeline.labels import is_partisan
from pipeline.ocr.engine import OcrResult
from pipeline.ocr.run import OcrSummary, ocr_posts, ocr_store
from pipeline.scan import scan
from pipeline.schema import Media, Post
from pipeline.store import tables
from pipeline.store.posts import add_posts
from tests.conftest import run_cli

WHEN = "2024-11-10T09:00:00+07:00"
ASN = {"id": "x:u501", "handle": "siti_dinkes", "name": "Siti", "bio": "PNS Dinas Kesehatan Kab. Sukamaju"}
POSTER = "COBLOS NOMOR 1\nHENDRA WIJAYA - SITI RAHMA\nSUKAMAJU HEBAT"


class FixedReader:
    """A reader that returns given text per file name (the store and stream logic, without Tesseract)."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.calls = 0

    def read(self, path):
        self.calls += 1
        text = self.texts.get(path.name, "")
        return OcrResult(text, 0.93 if text else 0.0, len(text.split()), None if text else "no text found")


def _post(i: int, text: str, media: list[Media] | None, author=ASN) -> Post:
    return Post(id=f"x:{i}", platform="x", text=text, created_at=WHEN, author=author, media=media)


def test_the_classifier_reads_the_image_text(sample_election):
    rules = load_classifier("rules", election=sample_election)
    bare = _post(1, "Bagikan ya", [Media(path="a.jpg")])
    read = _post(1, "Bagikan ya", [Media(path="a.jpg", ocr_text=POSTER, ocr_confidence=0.93)])
    before, after = rules.predict([bare, read])
    assert not is_partisan(before.labels)
    assert "AJAKAN" in after.labels and after.targets == [1]
    assert any(e.startswith("gambar: ") and "COBLOS NOMOR 1" in e for e in after.evidence)
    assert not any(e.startswith("gambar: ") for e in before.evidence)


def test_a_read_image_clears_butuh_gambar_an_unread_one_keeps_it(sample_election):
    rules = load_classifier("rules", election=sample_election)
    text = "Pasang twibbon dulu gaes 👉 twibbon HERMA Hebat"
    plain = _post(2, text, None)
    unread = _post(2, text, [Media(path="t.jpg", ocr_error="low confidence")])
    read = _post(2, text, [Media(path="t.jpg", ocr_text="Saya dukung HERMA", ocr_confidence=0.9)])
    p_plain, p_unread, p_read = rules.predict([plain, unread, read])
    assert "BUTUH_GAMBAR" in p_plain.flags and "BUTUH_GAMBAR" in p_unread.flags
    assert "BUTUH_GAMBAR" not in p_read.flags
    fired = [why for _, why in rules.explain(unread).fired]
    assert "image not read (low confidence)" in fired


def test_ocr_posts_streams_in_order_and_skips_what_was_done(tmp_path):
    (tmp_path / "a.jpg").write_bytes(b"x")
    posts = [
        _post(1, "satu", [Media(path="a.jpg")]),
        _post(2, "dua", None),
        _post(3, "tiga", [Media(url="https://example.org/b.jpg")]),
        _post(4, "empat", [Media(path="a.jpg", ocr_text="lama", ocr_confidence=0.8)]),
    ]
    reader = FixedReader({"a.jpg": POSTER})
    summary = OcrSummary()
    out = list(ocr_posts(posts, reader=reader, media_root=tmp_path, workers=2, summary=summary))
    assert [p.id for p in out] == ["x:1", "x:2", "x:3", "x:4"]
    assert out[0].media[0].ocr_text == POSTER and out[0].media[0].read
    assert out[1] is posts[1]
    assert out[2].media[0].ocr_error == "no local file (asnwatch never fetches a URL)"
    assert out[3].media[0].ocr_text == "lama"
    assert (summary.images_read, summary.images_unread, summary.images_skipped) == (1, 1, 1)
    assert reader.calls == 1


def test_ocr_in_the_store_then_scan_queues_the_image_only_post_once(store, sample_election, tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "poster.jpg").write_bytes(b"x")
    (tmp_path / "photos" / "kucing.jpg").write_bytes(b"x")
    posts = [
        _post(11, "Bagikan ya", [Media(type="photo", path="photos/poster.jpg")]),
        _post(12, "Lucu banget", [Media(type="photo", path="photos/kucing.jpg")]),
        _post(13, "Lihat ini", [Media(type="photo", path="../../etc/passwd")]),
    ]
    with store.session() as session:
        add_posts(session, posts)
    clf = load_classifier("rules", election=sample_election)
    first = scan(store, sample_election, clf, scorer_for_store(store))
    assert first.flagged == 0  # the poster is not read yet: the caption alone takes no side

    reader = FixedReader({"poster.jpg": POSTER, "kucing.jpg": "kucing oren tidur siang"})
    summary = ocr_store(store, reader=reader, media_root=tmp_path, workers=2)
    assert (summary.posts, summary.images_read, summary.images_unread) == (3, 2, 1)
    assert summary.predictions_cleared == 2 and summary.already_queued == 0
    with store.session() as session:
        row = session.get(tables.Post, "x:13")
        assert row.extra["media"][0]["ocr_error"] == "path outside the media root"

    second = scan(store, sample_election, clf, scorer_for_store(store))
    assert second.classified == 2 and second.flagged == 1
    with store.session() as session:
        flag = session.scalars(select(tables.Flag)).one()
        assert flag.post_id == "x:11"
        assert any(e.startswith("gambar: ") for e in flag.evidence)

    again = ocr_store(store, reader=reader, media_root=tmp_path)
    assert again.images_read == 0 and again.images_skipped == 3 and reader.calls == 2
    assert scan(store, sample_election, clf, scorer_for_store(store)).flagged == 0
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(tables.ReviewItem)) == 1


def test_ocr_cli_on_files_with_tesseract(rendered, tmp_path):
    folder, rows = rendered
    partisan = next(r for r in rows if r["partisan"])
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        json.dumps(
            {
                "id": "x:1",
                "text": "📸",
                "created_at": WHEN,
                "media": [{"type": "photo", "path": partisan["image"]}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "read.jsonl"
    done = run_cli("ocr", "--input", str(posts), "--output", str(out), "--media-root", str(folder))
    assert done.returncode == 0, done.stderr
    assert "1 images read" in done.stderr
    medium = json.loads(out.read_text(encoding="utf-8"))["media"][0]
    assert medium["ocr_text"] and medium["ocr_confidence"] > 0.5 and medium.get("ocr_error") is None
    # and it reads back as canonical posts
    assert Post.model_validate(json.loads(out.read_text(encoding="utf-8"))).media[0].read


def test_ocr_cli_refuses_bad_arguments(tmp_path):
    missing = run_cli("ocr", "--media-root", str(tmp_path / "nope"), "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert missing.returncode == 2 and "--media-root: not a folder" in missing.stderr
    half = run_cli("ocr", "--media-root", str(tmp_path), "--input", str(tmp_path / "x.jsonl"))
    assert half.returncode == 2 and "--input and --output go together" in half.stderr
