"""The Tesseract reader: what it reads from rendered images, and every way an image can fail to be read."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from pipeline.ocr.engine import TesseractOCR, parse_tsv
from pipeline.ocr.run import media_path
from tests.ocr.conftest import require_tesseract

TSV_HEAD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _row(block: int, line: int, conf: float, text: str) -> str:
    return f"5\t1\t{block}\t1\t{line}\t1\t0\t0\t10\t10\t{conf}\t{text}"


def test_tsv_keeps_confident_words_by_line_in_reading_order():
    tsv = "\n".join(
        [
            TSV_HEAD,
            _row(1, 1, 96, "COBLOS"),
            _row(1, 1, 90, "NOMOR"),
            _row(1, 2, 88, "1"),
            _row(1, 2, 12, "~"),
            "4\t1\t1\t1\t3\t0\t0\t0\t10\t10\t-1\t",
        ]
    )
    result = parse_tsv(tsv)
    assert result.text == "COBLOS NOMOR\n1"
    assert result.words == 3
    assert result.confidence == pytest.approx((0.96 + 0.90 + 0.88) / 3, abs=1e-4)


def test_tsv_without_words_is_no_text():
    result = parse_tsv(TSV_HEAD + "\n" + _row(1, 1, 5, "~"))
    assert result.text == "" and result.error == "no text found" and not result.read


def test_a_rendered_poster_is_read(rendered):
    folder, rows = rendered
    reader = TesseractOCR()
    poster = next(r for r in rows if r["layout"] == "poster" and r["partisan"])
    result = reader.read(folder / poster["image"])
    assert result.read and result.confidence > 0.7
    words = {w.lower() for w in result.text.split()}
    expected = {w.lower() for w in poster["text"].split()}
    assert len(words & expected) >= len(expected) * 0.6, (result.text, poster["text"])


def test_unreadable_files_give_a_reason_not_an_exception(tmp_path):
    require_tesseract()
    reader = TesseractOCR()
    (tmp_path / "notes.jpg").write_text("this is not an image", encoding="utf-8")
    Image.new("RGB", (600, 400), (255, 255, 255)).save(tmp_path / "blank.png")
    assert "not a readable image" in (reader.read(tmp_path / "notes.jpg").error or "")
    assert reader.read(tmp_path / "missing.jpg").error == f"no such image file: {tmp_path / 'missing.jpg'}"
    blank = reader.read(tmp_path / "blank.png")
    assert not blank.read and blank.error in {"no text found", "low confidence"}


def test_media_paths_stay_inside_the_media_root(tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.jpg").write_bytes(b"x")
    outside = tmp_path.parent / "secret.jpg"
    outside.write_bytes(b"x")
    assert media_path(tmp_path, "photos/a.jpg") == (tmp_path / "photos" / "a.jpg").resolve()
    assert media_path(tmp_path, "../secret.jpg") == "path outside the media root"
    assert media_path(tmp_path, str(outside)) == "path outside the media root"
    assert media_path(tmp_path, "photos/none.jpg") == "image file not found"
    assert media_path(tmp_path, None) == "no local file (asnwatch never fetches a URL)"


def test_without_tesseract_the_reader_says_how_to_install_it(monkeypatch):
    from pipeline.errors import InputError

    monkeypatch.setenv("PATH", str(Path("/nonexistent")))
    with pytest.raises(InputError, match="apt-get install -y tesseract-ocr tesseract-ocr-ind"):
        TesseractOCR()
