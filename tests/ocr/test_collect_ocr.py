"""``collect --ocr`` on a Telegram Desktop export folder with photos (tests/ocr/fixtures/telegram_export): the
photos the export names are read as the posts are collected, into a file or the store; a photo the export left
out, or a file that is missing, keeps its reason and the post keeps BUTUH_GAMBAR; the image-only partisan post
of a registered ASN reaches the review queue, once, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from sqlalchemy import select

from pipeline.classify import load_classifier
from pipeline.labels import is_partisan
from pipeline.ocr.run import OcrSink
from pipeline.schema import Post
from pipeline.store import open_store, tables
from tests.conftest import ROOT, SAMPLE_ELECTION, run_cli
from tests.ocr.conftest import renderer, require_tesseract
from tests.ocr.test_ocr_pipeline import POSTER, FixedReader

FIXTURE = ROOT / "tests" / "ocr" / "fixtures" / "telegram_export"
CHAT = "telegram:4455667788"


@pytest.fixture
def export(tmp_path):
    """A copy of the export folder with its photos drawn (photos.yaml); photo 3 stays missing."""
    require_tesseract()
    folder = tmp_path / "ChatExport_2024-11-21"
    shutil.copytree(FIXTURE, folder)
    draw = renderer().render_entry
    for path, entry in yaml.safe_load((folder / "photos.yaml").read_text(encoding="utf-8")).items():
        draw(entry, folder / path)
    return folder


def _media(posts: dict[str, Post], message: int):
    return posts[f"{CHAT}:{message}"].media[0]


def test_collect_ocr_reads_the_export_photos_into_a_file(export, tmp_path, sample_election):
    out = tmp_path / "posts.jsonl"
    done = run_cli("collect", "--ocr", "-i", str(export / "result.json"), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "6 posts written" in done.stderr and "1 skipped" in done.stderr
    assert "5 posts with media, 3 images read, 2 not read" in done.stderr
    posts = {p.id: p for p in (Post.model_validate_json(line) for line in out.read_text().splitlines())}
    poster = _media(posts, 201)
    assert poster.read and "COBLOS NOMOR 1" in poster.ocr_text and poster.ocr_confidence > 0.5
    assert "HENDRA WIJAYA" in poster.ocr_text
    assert "Saya dukung" in _media(posts, 207).ocr_text
    assert _media(posts, 203).ocr_error == "no local file (asnwatch never fetches a URL)"
    assert _media(posts, 204).ocr_error == "image file not found"
    assert posts[f"{CHAT}:206"].media is None

    rules = load_classifier("rules", election=sample_election)
    ids = [f"{CHAT}:{n}" for n in (201, 202, 203)]
    image_only, kpu, not_included = rules.predict([posts[i] for i in ids])
    assert posts[ids[0]].text == "" and is_partisan(image_only.labels) and image_only.targets == [1]
    assert any(e.startswith("gambar: ") for e in image_only.evidence)
    assert not is_partisan(kpu.labels)
    assert "BUTUH_GAMBAR" in not_included.flags
    fired = [why for _, why in rules.explain(posts[ids[2]]).fired]
    assert "image not read (no local file (asnwatch never fetches a URL))" in fired


def test_without_ocr_nothing_is_read(export, tmp_path):
    out = tmp_path / "posts.jsonl"
    done = run_cli("collect", "-i", str(export / "result.json"), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "ocr:" not in done.stderr
    first = json.loads(out.read_text().splitlines()[0])
    assert first["media"] == [{"type": "photo", "path": "photos/photo_1@20-11-2024_07-30-00.jpg"}]


def test_collect_ocr_into_the_store_then_scan_queues_the_image_only_post_once(export, tmp_path, db_url):
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "name,nip,agency,region,platform,handle\n"
        "Bambang Sutejo,,SDN 3 Sukamaju,Kabupaten Sukamaju,telegram,bambang_sdn3\n",
        encoding="utf-8",
    )
    collect = run_cli("collect", "--ocr", "-i", str(export / "result.json"), "--db", db_url, cwd=tmp_path)
    assert collect.returncode == 0, collect.stderr
    assert "3 images read" in collect.stderr
    assert run_cli("accounts", "import-registry", str(registry), "--db", db_url, cwd=tmp_path).returncode == 0
    scans = [
        run_cli("scan", "-e", str(SAMPLE_ELECTION), "--db", db_url, "-m", "rules", cwd=tmp_path)
        for _ in range(2)
    ]
    assert all(s.returncode == 0 for s in scans), scans[0].stderr
    store = open_store(db_url)
    try:
        with store.session() as session:
            row = session.get(tables.Post, f"{CHAT}:201")
            assert "COBLOS NOMOR 1" in row.extra["media"][0]["ocr_text"]
            flags = session.scalars(select(tables.Flag).where(tables.Flag.kind == "post")).all()
            flagged = {f.post_id: f for f in flags}
            assert f"{CHAT}:201" in flagged  # the image-only poster, once (two scans)
            assert len(flags) == len(set(flagged))
            assert any(e.startswith("gambar: ") for e in flagged[f"{CHAT}:201"].evidence)
            assert f"{CHAT}:202" not in flagged  # the KPU poster: neutral
            items = session.scalars(select(tables.ReviewItem)).all()
            assert len(items) == len(flags)
    finally:
        store.dispose()


def test_collect_ocr_refuses_bad_arguments(tmp_path):
    src = tmp_path / "result.json"
    shutil.copy(FIXTURE / "result.json", src)
    out = tmp_path / "posts.jsonl"
    alone = run_cli("collect", "-i", str(src), "-o", str(out), "--media-root", str(tmp_path), cwd=tmp_path)
    assert alone.returncode == 2 and "--media-root goes with --ocr" in alone.stderr
    missing = tmp_path / "nope"
    bad = run_cli(
        "collect", "--ocr", "--media-root", str(missing), "-i", str(src), "-o", str(out), cwd=tmp_path
    )
    assert bad.returncode == 2 and "--media-root: not a folder" in bad.stderr
    assert not out.exists()


def test_collect_ocr_without_tesseract_writes_nothing(tmp_path):
    src = tmp_path / "result.json"
    shutil.copy(FIXTURE / "result.json", src)
    out = tmp_path / "posts.jsonl"
    bare = tmp_path / "bin"
    bare.mkdir()  # a PATH with no tesseract program on it
    done = run_cli("collect", "--ocr", "-i", str(src), "-o", str(out), cwd=tmp_path, env={"PATH": str(bare)})
    assert done.returncode == 2 and "tesseract program is not installed" in done.stderr
    assert not out.exists() and not list(tmp_path.glob("*.rejects.jsonl"))


class _Versions:
    """A sink that keeps versions, like the store's."""

    def __init__(self) -> None:
        self.posts: list[dict] = []
        self.versions: list[dict] = []

    def write(self, posts):
        self.posts.extend(posts)
        return len(posts)

    def add_version(self, post):
        self.versions.append(post)


def test_ocr_sink_reads_before_handing_on_and_follows_the_media_root(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "p.jpg").write_bytes(b"x")
    reader = FixedReader({"p.jpg": POSTER})
    inner = _Versions()
    post = {"id": "x:1", "text": "", "media": [{"type": "photo", "path": "p.jpg"}]}
    with ThreadPoolExecutor(2) as pool:
        sink = OcrSink(inner, reader=reader, media_root=tmp_path / "a", pool=pool)
        assert sink.write([post, {"id": "x:2", "text": "tanpa gambar"}]) == 2
        sink.media_root = tmp_path  # the next file's folder: p.jpg is not there
        sink.add_version({**post, "text": "diedit"})
    assert inner.posts[0]["media"][0]["ocr_text"] == POSTER and inner.posts[1] == {
        "id": "x:2",
        "text": "tanpa gambar",
    }
    assert post["media"] == [{"type": "photo", "path": "p.jpg"}]  # the caller's dict is not changed
    assert inner.versions[0]["media"][0]["ocr_error"] == "image file not found"
    assert (sink.summary.posts, sink.summary.images_read, sink.summary.images_unread) == (2, 1, 1)
    assert not hasattr(OcrSink(object(), reader=reader, media_root=tmp_path, pool=pool), "add_version")
