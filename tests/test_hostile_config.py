"""Hostile YAML in the configs users give us (issue 16): refused with a clear message, exit 2, nothing run.

Election configs, training configs: Python-object tags, alias bombs ("billion laughs"), deep nesting, huge
files. Each is refused before validation walks it, with the file named.
"""

from __future__ import annotations

import time

import pytest
import yaml

from pipeline.errors import ConfigError
from pipeline.io.config_yaml import MAX_BYTES, load_config_yaml
from tests.conftest import SAMPLE_ELECTION, run_cli

BOMB = "\n".join(
    [
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *[f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)],
    ]
)
TAG = "election: !!python/object/apply:os.system ['touch {marker}']\n"
DEEP = "election: " + "[" * 200 + "]" * 200 + "\n"


def test_the_loader_refuses_aliases_tags_and_depth():
    with pytest.raises(yaml.YAMLError, match="aliases"):
        load_config_yaml(BOMB)
    with pytest.raises(yaml.YAMLError, match="constructor"):
        load_config_yaml(TAG.format(marker="/tmp/x"))
    with pytest.raises(yaml.YAMLError, match="nested deeper"):
        load_config_yaml(DEEP)
    with pytest.raises(yaml.YAMLError, match="larger than"):
        load_config_yaml("a: b\n" * (MAX_BYTES // 5 + 1))
    assert load_config_yaml("a: &keep 1\nb: [2, 3]\n") == {
        "a": 1,
        "b": [2, 3],
    }  # an unused anchor is harmless


@pytest.mark.parametrize("payload", ["bomb", "tag", "deep"])
def test_election_configs_refuse_hostile_yaml(payload, tmp_path):
    from pipeline.election import load_election

    marker = tmp_path / "pwned"
    text = {"bomb": BOMB, "tag": TAG.format(marker=marker), "deep": DEEP}[payload]
    config = tmp_path / "election.yaml"
    config.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(ConfigError) as err:
        load_election(config)
    assert time.perf_counter() - start < 5
    assert str(config) in str(err.value) and "invalid YAML" in str(err.value)
    assert not marker.exists()


def test_classify_with_a_bomb_config_exits_2_naming_the_file(tmp_path):
    config = tmp_path / "bomb.yaml"
    config.write_text(BOMB, encoding="utf-8")
    posts = tmp_path / "posts.jsonl"
    posts.write_text('{"id": "x:1", "text": "halo"}\n', encoding="utf-8")
    done = run_cli(
        "classify", "-e", str(config), "-i", str(posts), "-o", str(tmp_path / "out.jsonl"), "-m", "rules"
    )
    assert done.returncode == 2, done.stderr
    assert "bomb.yaml" in done.stderr and "aliases" in done.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_training_configs_refuse_hostile_yaml(tmp_path):
    from pipeline.classify.train_config import load_config

    marker = tmp_path / "pwned"
    for name, text in {
        "bomb": BOMB,
        "tag": f"backend: !!python/object/apply:os.system ['touch {marker}']\n",
    }.items():
        config = tmp_path / f"{name}.yaml"
        config.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=name):
            load_config(config)
    assert not marker.exists()


def test_the_shipped_configs_still_load():
    from pipeline.election import load_election

    assert load_election(SAMPLE_ELECTION).election.id == "pilbup-sukamaju-2024"
