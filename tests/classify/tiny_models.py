"""Helpers for the training/evaluation tests: a tiny labelled corpus and a tiny encoder, built in the test.

Nothing is downloaded: the encoder is a 2-layer ``BertModel`` with random weights and a word-level tokenizer
trained on the tiny corpus with ``tokenizers``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ELECTIONS = {
    "pilbup-alpha-2024": ("Hendra Wijaya", "HERMA", "Bagus Prakoso", "BANUR"),
    "pilbup-beta-2024": ("Sutrisno Hadi", "TRISNA", "Bambang Suryadi", "BARI"),
    "pilbup-gamma-2024": ("Yusuf Hidayat", "YUSRA", "Ratna Sari", "RASA"),
}
SPLIT = {"pilbup-alpha-2024": "train", "pilbup-beta-2024": "dev", "pilbup-gamma-2024": "test"}

PARTISAN = [
    ("ayo coblos nomor {n} tanggal 27 ya dulur, {acr} pasti menang", ["AJAKAN"]),
    ("pokoknya pilih {name}, orangnya merakyat banget, fix pilihan saya", ["DUKUNGAN"]),
    ("jangan pilih {name}, cuma bisa pencitraan, jalan rusak semua", ["SERANGAN"]),
    ("hadir di deklarasi relawan {acr}, semoga menang", ["KEGIATAN_KAMPANYE", "DUKUNGAN"]),
]
NEUTRAL = [
    ("jangan golput ya, datang ke TPS tanggal 27 dan pilih sesuai hati nurani", ["NETRAL_PEMILU"]),
    ("debat publik semua paslon malam ini jam 19.00, yuk nonton", ["NETRAL_PEMILU"]),
    ("cek namamu di DPT sebelum hari pencoblosan lewat situs KPU", ["NETRAL_PEMILU"]),
]
UNRELATED = [
    ("posyandu melati hari ini melayani 64 balita, makasih kader hebat", ["TIDAK_TERKAIT"]),
    ("harga cabai naik lagi, pusing kepala", ["TIDAK_TERKAIT"]),
    ("rapat koordinasi jam 2 siang di aula kantor ya", ["TIDAK_TERKAIT"]),
]
TAILS = ["", " 🙏", " mantap", " gaes", " hari ini", " ya kawan"]


def election_yaml(election_id: str) -> str:
    name1, acr1, name2, acr2 = ELECTIONS[election_id]
    return f"""election:
  id: {election_id}
  name: Pemilihan Bupati {election_id}
  contest: bupati
  dates: {{campaign: [2024-09-25, 2024-11-23], quiet: [2024-11-24, 2024-11-26], vote: 2024-11-27}}
  candidates:
    - number: 1
      names: [{name1}]
      acronyms: [{acr1}]
    - number: 2
      names: [{name2}]
      acronyms: [{acr2}]
"""


def write_corpus(root: Path, *, per_election: int = 40, seed: int = 0) -> Path:
    """A corpus folder (``posts.jsonl`` + ``configs/``) with three contests, one per split. Returns ``root``."""
    rng = random.Random(seed)
    (root / "configs").mkdir(parents=True, exist_ok=True)
    lines = []
    for election_id, split in SPLIT.items():
        (root / "configs" / f"{election_id}.yaml").write_text(election_yaml(election_id), encoding="utf-8")
        name1, acr1, name2, acr2 = ELECTIONS[election_id]
        for i in range(per_election):
            pool = (PARTISAN, NEUTRAL, UNRELATED)[i % 3]
            template, labels = pool[rng.randrange(len(pool))]
            number = rng.choice([1, 2])
            name, acr = (name1, acr1) if number == 1 else (name2, acr2)
            text = template.format(n=number, name=name, acr=acr) + rng.choice(TAILS)
            partisan = pool is PARTISAN
            lines.append(
                {
                    "id": f"corpus:{election_id}:{i + 1}",
                    "election": election_id,
                    "split": split,
                    "platform": "x",
                    "kind": "post",
                    "text": text,
                    "parent_text": None,
                    "created_at": "2024-10-15T09:00:00+07:00",
                    "labels": labels,
                    "targets": [number] if partisan else [],
                    "flags": [],
                }
            )
    with (root / "posts.jsonl").open("w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return root


def all_texts() -> list[str]:
    out = []
    for name1, acr1, name2, acr2 in ELECTIONS.values():
        for pool in (PARTISAN, NEUTRAL, UNRELATED):
            for template, _ in pool:
                for n, name, acr in ((1, name1, acr1), (2, name2, acr2)):
                    out.append(template.format(n=n, name=name, acr=acr))
    return out + ["[CALON_1] [NOMOR_2] [PARTAI_1] query: passage: ||"]


def write_tiny_encoder(directory: Path, *, hidden: int = 32, layers: int = 2) -> Path:
    """A 2-layer BERT with random weights and a word-level tokenizer trained on the tiny corpus texts."""
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.train_from_iterator(all_texts(), trainers.WordLevelTrainer(special_tokens=specials, min_frequency=1))
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))],
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=64,
    )
    directory.mkdir(parents=True, exist_ok=True)
    fast.save_pretrained(directory)
    config = BertConfig(
        vocab_size=tok.get_vocab_size(),
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=2,
        intermediate_size=hidden * 2,
        max_position_embeddings=128,
        pad_token_id=tok.token_to_id("[PAD]"),
    )
    torch.manual_seed(0)
    BertModel(config).save_pretrained(directory)
    return directory


def write_tfidf_config(tmp_path: Path, corpus: Path, **extra: object) -> Path:
    """A tiny TF-IDF training config over ``corpus`` (``tmp_path/tiny.yaml``); ``extra`` keys replace the defaults."""
    import yaml

    data = {
        "name": "tiny-tfidf",
        "version": "0.1",
        "backend": "tfidf",
        "data": {"corpus": str(corpus)},
        "rules": "none",
        "threshold": {"mode": "f1"},
        "tfidf": {"min_df": 1, "C": 2.0},
    } | extra
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path
