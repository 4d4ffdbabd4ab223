"""The bundled sample data, election configs and held-out set parse and agree with each other.

These files are hand-written by the team (data/samples/README.md, data/eval/README.md); a typo in one of them
would silently skew every demo run and benchmark, so each invariant a consumer relies on is checked here.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from pipeline.election import ElectionConfig, load_election
from pipeline.handles import normalise_handle
from pipeline.labels import ALL_LABELS, NEUTRAL_LABELS, REVIEW_FLAGS, check_label_set, is_partisan
from pipeline.schema import Author, Post

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ROOT / "configs" / "elections"
SAMPLES = ROOT / "data" / "samples"
HELDOUT = ROOT / "data" / "eval" / "rules_heldout.jsonl"
SAMPLE_ELECTION_ID = "pilbup-sukamaju-2024"
REGISTRY_HEADER = ["name", "nip", "agency", "region", "platform", "handle"]


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def configs() -> dict[str, ElectionConfig]:
    loaded = {p.stem: load_election(p) for p in sorted(CONFIGS.glob("*.yaml"))}
    return {cfg.election.id: cfg for cfg in loaded.values()}


@pytest.fixture(scope="module")
def posts() -> list[dict]:
    return read_jsonl(SAMPLES / "posts.jsonl")


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return read_jsonl(SAMPLES / "posts.gold.jsonl")


@pytest.fixture(scope="module")
def profiles() -> list[dict]:
    return read_jsonl(SAMPLES / "profiles.jsonl")


@pytest.fixture(scope="module")
def profiles_gold() -> list[dict]:
    return read_jsonl(SAMPLES / "profiles.gold.jsonl")


@pytest.fixture(scope="module")
def heldout() -> list[dict]:
    return read_jsonl(HELDOUT)


def nip_problem(nip: str) -> str | None:
    """Why ``nip`` is not a structurally valid PNS or PPPK number (BRIEF 9.2), or None when it is."""
    digits = re.sub(r"[\s.\-]", "", nip)
    if not re.fullmatch(r"\d{18}", digits):
        return "not 18 digits"
    try:
        birth = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return "birth date is not a date"
    year, middle, sex, serial = int(digits[8:12]), int(digits[12:14]), digits[14], digits[15:18]
    if not 1940 <= birth.year <= 2007:
        return "implausible birth year"
    if not birth.year + 17 <= year <= 2025:
        return "appointed before 17 or in the future"
    if not (1 <= middle <= 12 or middle in (21, 24)):
        return "digits 13-14 are neither a month (PNS) nor 21/24 (PPPK)"
    if sex not in "12":
        return "sex digit is not 1 or 2"
    if serial == "000":
        return "serial 000"
    return None


# -- election configs ------------------------------------------------------------------------------------------


def test_three_configs_load_and_ids_match_file_names(configs: dict[str, ElectionConfig]) -> None:
    assert set(configs) == {"pilbup-sukamaju-2024", "pilwalkot-kotabaru-2024", "pilbup-lembahhijau-2024"}
    for cfg in configs.values():
        assert Path(cfg.source).stem == cfg.election.id


def test_sukamaju_config_matches_brief(configs: dict[str, ElectionConfig]) -> None:
    cfg = configs[SAMPLE_ELECTION_ID]
    assert [c.acronyms[0] for c in cfg.candidates] == ["HERMA", "BANUR", "YUSRA"]
    assert [c.incumbent for c in cfg.candidates] == [False, False, True]
    assert cfg.candidate(2).names == ["Bagus Prakoso", "Nurul Aini"]
    assert cfg.dates.vote == date(2024, 11, 27)
    assert cfg.phase_of(date(2024, 11, 25)).value == "quiet"
    assert "#AsalBukanYusra" in cfg.watch_terms
    party_names = {p.name for p in cfg.parties}
    for cand in cfg.candidates:
        assert set(cand.parties) <= party_names


def test_kotak_kosong_config_is_single_candidate(configs: dict[str, ElectionConfig]) -> None:
    assert configs["pilbup-lembahhijau-2024"].is_single_candidate
    assert not configs["pilwalkot-kotabaru-2024"].is_single_candidate
    assert len(configs["pilwalkot-kotabaru-2024"].candidates) == 2


# -- sample posts and their gold labels ------------------------------------------------------------------------


def test_sample_posts_validate_and_ids_are_unique(posts: list[dict]) -> None:
    assert 90 <= len(posts) <= 130
    ids = [Post.model_validate(p).id for p in posts]
    assert len(set(ids)) == len(ids)
    for line, post in enumerate(posts, start=1):
        assert post["id"] == f"{post['platform']}:{post['platform_id']}"
        assert post["source"] == {"format": "jsonl", "file": "posts.jsonl", "line": line}
        assert post["created_at"].endswith("+07:00")
        if post["kind"] in ("comment", "reply", "quote", "share"):
            assert post["parent_id"] and post["parent_text"], post["id"]
        else:
            assert post["parent_id"] is None and post["parent_text"] is None, post["id"]


def test_sample_posts_cover_every_phase(posts: list[dict], configs: dict[str, ElectionConfig]) -> None:
    cfg = configs[SAMPLE_ELECTION_ID]
    phases = Counter(cfg.phase_of(Post.model_validate(p).created_at).value for p in posts)
    assert {"before_candidates_set", "campaign", "quiet", "voting_day", "after"} <= set(phases)
    assert phases["campaign"] > len(posts) / 2


def test_gold_matches_posts_in_order(posts: list[dict], gold: list[dict]) -> None:
    assert [g["id"] for g in gold] == [p["id"] for p in posts]


def test_gold_labels_targets_and_flags_are_valid(
    gold: list[dict], configs: dict[str, ElectionConfig]
) -> None:
    numbers = {c.number for c in configs[SAMPLE_ELECTION_ID].candidates}
    for record in gold:
        check_label_set(record["labels"])
        assert set(record["flags"]) <= set(REVIEW_FLAGS), record["id"]
        assert set(record["targets"]) <= numbers, record["id"]
        if is_partisan(record["labels"]):
            assert record["targets"], f"{record['id']}: partisan without a target"
        else:
            assert record["targets"] == [], f"{record['id']}: neutral with a target"


def test_every_label_appears_in_the_samples(gold: list[dict]) -> None:
    counts = Counter(label for g in gold for label in g["labels"])
    assert set(counts) == set(ALL_LABELS)
    partisan = sum(is_partisan(g["labels"]) for g in gold)
    assert 35 <= partisan <= 50
    assert counts["NETRAL_PEMILU"] >= 25 and counts["TIDAK_TERKAIT"] >= 25
    assert sum(len(g["labels"]) > 1 for g in gold) >= 10  # multi-label is normal (BRIEF 5.1)


# -- profiles and registry -------------------------------------------------------------------------------------


def test_profiles_are_the_post_authors(posts: list[dict], profiles: list[dict]) -> None:
    ids = [Author.model_validate(p).id for p in profiles]
    assert len(set(ids)) == len(ids)
    assert set(ids) == {p["author"]["id"] for p in posts}
    by_id = {p["id"]: p for p in profiles}
    for post in posts:
        profile = by_id[post["author"]["id"]]
        assert {k: profile[k] for k in ("id", "handle", "name", "bio")} == post["author"]
        assert profile["platform"] == post["platform"]


def test_profiles_gold_classes(profiles: list[dict], profiles_gold: list[dict]) -> None:
    assert [g["id"] for g in profiles_gold] == [p["id"] for p in profiles]
    classes = Counter(g["asn_class"] for g in profiles_gold)
    assert set(classes) == {"ASN", "NON_ASN", "UNKNOWN"}
    assert classes["ASN"] >= 10 and classes["NON_ASN"] >= 8


def test_scan_would_find_partisan_posts_by_asn_and_by_others(
    posts: list[dict], gold: list[dict], profiles_gold: list[dict]
) -> None:
    asn_class = {g["id"]: g["asn_class"] for g in profiles_gold}
    partisan_authors = Counter(
        asn_class[p["author"]["id"]] for p, g in zip(posts, gold, strict=True) if is_partisan(g["labels"])
    )
    assert partisan_authors["ASN"] >= 15
    assert partisan_authors["NON_ASN"] + partisan_authors["UNKNOWN"] >= 8


def test_nip_checker_rejects_broken_numbers() -> None:
    assert nip_problem("19860926 201505 1 001") is None
    assert nip_problem("19890225 2024 21 2 013") is None
    assert nip_problem("198609262015051000") == "serial 000"
    assert nip_problem("198602302015051001") == "birth date is not a date"
    assert nip_problem("198609262015131001") is not None
    assert nip_problem("1986092620150510") == "not 18 digits"


def test_bios_carry_two_valid_nips(profiles: list[dict]) -> None:
    found = [m.group(0) for p in profiles for m in re.finditer(r"\d{8}[\s\d]{10,16}\d", p["bio"] or "")]
    assert len(found) == 2
    assert all(nip_problem(n) is None for n in found)


def test_registry_rows_are_valid(profiles: list[dict]) -> None:
    with (SAMPLES / "registry.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        assert next(reader) == REGISTRY_HEADER
        rows = [dict(zip(REGISTRY_HEADER, row, strict=True)) for row in reader]
    assert 6 <= len(rows) <= 12
    known = {(p["platform"], p["handle"].lower()) for p in profiles}
    matched = 0
    for row in rows:
        assert row["name"] and row["agency"] and row["platform"] and row["handle"], row
        if row["nip"]:
            assert nip_problem(row["nip"]) is None, f"{row['name']}: {nip_problem(row['nip'])}"
        matched += (row["platform"], normalise_handle(row["handle"])) in known
    assert sum(1 for r in rows if not r["nip"]) >= 2
    assert 5 <= matched < len(rows)  # most rows are sample authors, at least one is not


# -- held-out evaluation set -----------------------------------------------------------------------------------


def test_heldout_records_are_valid(heldout: list[dict], configs: dict[str, ElectionConfig]) -> None:
    assert len(heldout) == 220
    assert [h["id"] for h in heldout] == [f"heldout:{i}" for i in range(1, 221)]
    for record in heldout:
        assert set(record) == {
            "id",
            "text",
            "kind",
            "parent_text",
            "created_at",
            "election",
            "labels",
            "targets",
            "flags",
        }
        post = Post.model_validate(
            {k: record[k] for k in ("id", "text", "kind", "parent_text", "created_at")}
        )
        assert post.created_at is not None
        if record["kind"] in ("comment", "reply"):
            assert record["parent_text"], record["id"]
        if record["kind"] == "post":
            assert record["parent_text"] is None, record["id"]
        cfg = configs[record["election"]]
        check_label_set(record["labels"])
        assert set(record["flags"]) <= set(REVIEW_FLAGS)
        assert set(record["targets"]) <= {c.number for c in cfg.candidates}, record["id"]
        if not is_partisan(record["labels"]):
            assert record["targets"] == [], record["id"]


def test_heldout_spread(heldout: list[dict]) -> None:
    per_election = Counter(h["election"] for h in heldout)
    assert per_election["pilbup-lembahhijau-2024"] >= 20
    assert per_election["pilwalkot-kotabaru-2024"] >= 80 and per_election["pilbup-sukamaju-2024"] >= 80
    labels = Counter(label for h in heldout for label in h["labels"])
    assert set(labels) == set(ALL_LABELS)
    partisan = sum(is_partisan(h["labels"]) for h in heldout)
    assert 0.40 <= partisan / len(heldout) <= 0.50
    for neutral in NEUTRAL_LABELS:
        assert labels[neutral] >= 0.2 * len(heldout)


def test_heldout_does_not_repeat_sample_posts(heldout: list[dict], posts: list[dict]) -> None:
    sample_texts = {p["text"].strip().lower() for p in posts if p["text"].strip()}
    overlap = [h["id"] for h in heldout if h["text"].strip().lower() in sample_texts]
    assert overlap == []
