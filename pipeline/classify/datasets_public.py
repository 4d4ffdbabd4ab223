"""Loaders for the public Indonesian datasets in ``../shared/datasets`` (research runs only).

They are read in place and never copied into the project (their licences range from "none stated" to
CC BY-NC-SA). None labels ASN partisanship; each loader maps its labels as documented and returns records in the
corpus format (``id``, ``election``, ``text``, ``labels``, ...) plus the election config they refer to, so
``compute_metrics`` and every classifier take them as they take the corpus.

- ``pilpres2019``: 1,815 tweets on the 2019 presidential race; ``positif`` -> DUKUNGAN, ``negatif`` ->
  SERANGAN (both partisan), ``netral`` -> NETRAL_PEMILU. The file is UTF-8 that was once decoded as cp1252;
  :func:`fix_mojibake` undoes that.
- ``pilkada-dki-2017``: 900 tweets on the 2017 Jakarta race; positive -> DUKUNGAN, negative -> SERANGAN.
- ``smsa``: IndoNLU SmSA review/comment sentences (mostly unrelated to elections); no labels of ours, used as
  realistic background text (e.g. for throughput on a scan-like stream).
"""

from __future__ import annotations

import contextlib
import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import InputError

if TYPE_CHECKING:
    from pipeline.election import ElectionConfig

DATA_DIR = Path(__file__).resolve().parent / "data"


def datasets_dir() -> Path:
    """``$ASNWATCH_DATASETS`` or ``../shared/datasets`` next to the repository."""
    env = os.environ.get("ASNWATCH_DATASETS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "datasets"


@dataclass
class PublicSet:
    name: str
    records: list[dict[str, Any]]
    election: Any  # ElectionConfig, or None when the texts are not about one contest
    note: str = ""


_CP1252: dict[str, int] = {}


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252 (``ðŸ‘‡`` -> ``👇``); text that is not mojibake is returned unchanged."""
    if not _CP1252:
        for b in range(256):
            with contextlib.suppress(UnicodeDecodeError):
                _CP1252[bytes([b]).decode("cp1252")] = b
    out = bytearray()
    for ch in text:
        if ch in _CP1252:
            out.append(_CP1252[ch])
        elif ord(ch) < 256:  # bytes cp1252 leaves undefined were kept as latin-1 code points
            out.append(ord(ch))
        else:
            return text
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        return out.decode("utf-8", errors="replace") if b"\xf0" in out or b"\xe2" in out else text


def require_dataset(path: Path) -> Path:
    if not path.exists():
        raise InputError(
            "public dataset not found (set ASNWATCH_DATASETS to the shared datasets folder)", path=path
        )
    return path


def public_election(name: str) -> ElectionConfig:
    from pipeline.election import load_election

    return load_election(DATA_DIR / f"{name}.yaml")


def load_pilpres2019(root: Path | None = None) -> PublicSet:
    """Pilpres 2019 tweets as partisan (positif/negatif) versus NETRAL_PEMILU (netral)."""
    path = require_dataset((root or datasets_dir()) / "pilpres2019-sentiment" / "tweet.csv")
    mapping = {"positif": ["DUKUNGAN"], "negatif": ["SERANGAN"], "netral": ["NETRAL_PEMILU"]}
    records = []
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=1):
            label = (row.get("sentimen") or "").strip()
            if label not in mapping:
                continue
            records.append(
                {
                    "id": f"pilpres2019:{i}",
                    "election": "pilpres-2019",
                    "split": "test",
                    "platform": "x",
                    "kind": "post",
                    "text": fix_mojibake(row.get("tweet") or ""),
                    "created_at": "2019-03-01T12:00:00+07:00",  # campaign period; the file has no dates
                    "labels": mapping[label],
                    "source": "pilpres2019-sentiment",
                }
            )
    return PublicSet(
        "pilpres2019",
        records,
        public_election("pilpres-2019"),
        note="positif->DUKUNGAN, negatif->SERANGAN, netral->NETRAL_PEMILU",
    )


PILKADA_PAIRS = {"Agus-Sylvi": 1, "Ahok-Djarot": 2, "Anies-Sandi": 3}  # ballot numbers of the 2017 pairs


def load_pilkada_dki_2017(root: Path | None = None) -> PublicSet:
    """Pilkada DKI 2017 tweets: positive -> DUKUNGAN, negative -> SERANGAN (all partisan)."""
    base = (root or datasets_dir()) / "pilkada-dki-2017" / "sentiment-lestari2017"
    path = require_dataset(base / "dataset_tweet_sentiment_pilkada_DKI_2017.csv")
    mapping = {"positive": ["DUKUNGAN"], "negative": ["SERANGAN"]}
    records = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=1):
            label = (row.get("Sentiment") or "").strip().lower()
            if label not in mapping:
                continue
            records.append(
                {
                    "id": f"pilkada-dki-2017:{row.get('Id') or i}",
                    "election": "pilkada-dki-2017",
                    "split": "test",
                    "platform": "x",
                    "kind": "post",
                    "text": row.get("Text Tweet") or "",
                    "created_at": "2017-01-15T12:00:00+07:00",
                    "labels": mapping[label],
                    "source": "pilkada-dki-2017",
                    # the pair the sentiment is about (the stance model's weak label), not a gold target
                    "weak_target": PILKADA_PAIRS.get((row.get("Pasangan Calon") or "").strip()),
                }
            )
    return PublicSet(
        "pilkada-dki-2017",
        records,
        public_election("pilkada-dki-2017"),
        note="positive->DUKUNGAN, negative->SERANGAN",
    )


def load_smsa_texts(root: Path | None = None, *, limit: int | None = None) -> list[str]:
    """IndoNLU SmSA sentences (train split), as background text; at most ``limit``."""
    path = require_dataset(
        (root or datasets_dir()) / "general-sentiment" / "indonlu-smsa" / "train_preprocess.tsv"
    )
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            text = line.rsplit("\t", 1)[0].strip()
            if text:
                out.append(text)
            if limit and len(out) >= limit:
                break
    return out


LOADERS = {"pilpres2019": load_pilpres2019, "pilkada-dki-2017": load_pilkada_dki_2017}


def load_public(name: str, root: Path | None = None) -> PublicSet:
    """A public labelled set by name (see :data:`LOADERS`)."""
    if name not in LOADERS:
        raise InputError(f"unknown public dataset {name!r} (known: {', '.join(LOADERS)})")
    return LOADERS[name](root)
