"""Election config: schema validation (exit 2 naming file and key) and election phases in local time."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml

from pipeline.election import Phase, load_election, parse_election
from pipeline.errors import ConfigError

MINIMAL = {
    "election": {"id": "pilbup-x-2024", "name": "Pilbup X", "candidates": [{"number": 1, "names": ["A"]}]}
}

FULL = {
    "election": {
        "id": "pilbup-sukamaju-2024",
        "name": "Pemilihan Bupati Sukamaju 2024",
        "contest": "bupati",
        "region": {"code": "99.01", "name": "Kabupaten Sukamaju"},
        "timezone": "Asia/Jakarta",
        "dates": {
            "candidates_set": "2024-09-22",
            "numbers_drawn": "2024-09-23",
            "campaign": ["2024-09-25", "2024-11-23"],
            "quiet": ["2024-11-24", "2024-11-26"],
            "vote": "2024-11-27",
        },
        "candidates": [
            {
                "number": 1,
                "names": ["Hendra Wijaya", "Siti Rahma"],
                "aliases": ["Pak Hendra"],
                "acronyms": ["HERMA"],
                "hashtags": ["#HermaHebat"],
                "emoji": ["☝️"],
                "accounts": {"instagram": ["herma.official"]},
            },
            {"number": 2, "names": ["Bagus Prakoso", "Nurul Aini"], "incumbent": True},
        ],
        "parties": [{"name": "Partai Cahaya", "aliases": ["PC"]}],
        "watch_terms": ["#AsalBukanHerma"],
    }
}


def write(tmp_path: Path, data: object, name: str = "e.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


def test_minimal_config_loads_with_defaults(tmp_path):
    cfg = load_election(write(tmp_path, MINIMAL))
    assert cfg.election.id == "pilbup-x-2024"
    assert cfg.election.timezone == "Asia/Jakarta"
    assert cfg.election.is_single_candidate  # one pair: kotak kosong
    assert cfg.election.scan.partisan_threshold == 0.5
    assert len(cfg.sha256) == 64


def test_full_config_round_trip(tmp_path):
    cfg = load_election(write(tmp_path, FULL))
    ev = cfg.election
    assert ev.candidate(1).acronyms == ["HERMA"]
    assert ev.candidate(2).incumbent is True
    assert ev.candidate(3) is None
    assert ev.dates.campaign == (date(2024, 9, 25), date(2024, 11, 23))
    assert not ev.is_single_candidate


@pytest.mark.parametrize(
    ("mutate", "key", "words"),
    [
        (lambda d: d["election"].update(candidats=[]), "election.candidats", "unknown key"),
        (
            lambda d: d["election"]["candidates"][0].update(number="satu"),
            "election.candidates.0.number",
            "integer",
        ),
        (lambda d: d["election"].pop("name"), "election.name", "required"),
        (lambda d: d["election"]["candidates"][0].pop("names"), "election.candidates.0.names", "required"),
        (lambda d: d["election"].update(contest="lurah"), "election.contest", "presiden"),
        (lambda d: d["election"].update(timezone="Mars/Olympus"), "election.timezone", "unknown time zone"),
        (
            lambda d: d["election"]["dates"].update(campaign=["2024-11-23", "2024-09-25"]),
            "election.dates.campaign",
            "start is after end",
        ),
        (lambda d: d["election"]["candidates"][1].update(number=1), "election", "used twice"),
        (
            lambda d: d["election"]["candidates"][0].update(hashtags="#HermaHebat"),
            "election.candidates.0.hashtags",
            "list",
        ),
    ],
)
def test_schema_errors_name_file_and_key(tmp_path, mutate, key, words):
    import copy

    data = copy.deepcopy(FULL)
    mutate(data)
    path = write(tmp_path, data)
    with pytest.raises(ConfigError) as err:
        load_election(path)
    message = str(err.value)
    assert str(path) in message
    assert key in message
    assert words in message
    assert err.value.exit_code == 2


def test_invalid_yaml_names_line(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("election:\n  id: x\n  name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.yaml:\d+: invalid YAML"):
        load_election(p)


def test_missing_file_and_wrong_top_level(tmp_path):
    with pytest.raises(ConfigError, match="no such config file"):
        load_election(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="expected a mapping"):
        parse_election(["a", "list"], source="x.yaml")
    with pytest.raises(ConfigError, match="election: required key is missing"):
        parse_election({"pemilu": {}}, source="x.yaml")


@pytest.mark.parametrize(
    ("moment", "phase"),
    [
        (datetime(2024, 9, 1, 12, tzinfo=timezone.utc), Phase.BEFORE_CANDIDATES_SET),
        # 2024-09-21 17:30 UTC is 2024-09-22 00:30 WIB: candidates already set locally
        (datetime(2024, 9, 21, 17, 30, tzinfo=timezone.utc), Phase.CANDIDATES_SET),
        (datetime(2024, 9, 21, 16, 59, tzinfo=timezone.utc), Phase.BEFORE_CANDIDATES_SET),
        (datetime(2024, 9, 24, 3, tzinfo=timezone.utc), Phase.CANDIDATES_SET),
        (datetime(2024, 10, 10, 3, tzinfo=timezone.utc), Phase.CAMPAIGN),
        (datetime(2024, 11, 23, 16, 59, tzinfo=timezone.utc), Phase.CAMPAIGN),  # 23:59 WIB, last campaign day
        (datetime(2024, 11, 23, 17, 0, tzinfo=timezone.utc), Phase.QUIET),  # 00:00 WIB on the 24th
        (datetime(2024, 11, 27, 1, tzinfo=timezone.utc), Phase.VOTING_DAY),
        (datetime(2024, 11, 27, 17, 1, tzinfo=timezone.utc), Phase.AFTER),
        (date(2024, 11, 25), Phase.QUIET),
    ],
)
def test_phase_in_config_timezone(tmp_path, moment, phase):
    cfg = load_election(write(tmp_path, FULL))
    assert cfg.election.phase_of(moment) is phase


def test_phase_follows_other_timezone(tmp_path):
    import copy

    data = copy.deepcopy(FULL)
    data["election"]["timezone"] = "Asia/Jayapura"  # WIT, UTC+9
    cfg = load_election(write(tmp_path, data))
    # 15:30 UTC on 23 Nov is 00:30 WIT on 24 Nov: quiet period in Papua, still campaign in Jakarta
    assert cfg.election.phase_of(datetime(2024, 11, 23, 15, 30, tzinfo=timezone.utc)) is Phase.QUIET


def test_phase_unknown_without_dates(tmp_path):
    cfg = load_election(write(tmp_path, MINIMAL))
    assert cfg.election.phase_of(datetime(2024, 1, 1, tzinfo=timezone.utc)) is Phase.UNKNOWN


def test_overlap_rule_validated(tmp_path):
    import copy

    data = copy.deepcopy(MINIMAL)
    data["election"]["scan"] = {"overlap": {"NETRAL_PEMILU": 2}}
    with pytest.raises(ConfigError, match="election.scan.overlap"):
        load_election(write(tmp_path, data))
