"""The command line: fast help without heavy imports, version, and one-line errors with CONTRACT exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT, SAMPLE_ELECTION, run_cli

HEAVY = ("torch", "transformers", "sklearn", "datasets", "pandas", "sqlalchemy", "matplotlib")


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_help_imports_no_heavy_library():
    code = (
        "import sys\nsys.argv = ['asnwatch', '--help']\nfrom pipeline.cli.main import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass"
    )
    loaded = _modules_after(code)
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    # the listing comes from the declarations in main.COMMANDS: no command module is imported for it
    commands = {m for m in loaded if m.startswith("pipeline.cli.")} - {
        "pipeline.cli.main",
        "pipeline.cli._common",
    }
    assert not commands


def test_a_command_imports_only_its_own_module():
    code = (
        "import sys\nsys.argv = ['asnwatch', 'nip', '--help']\nfrom pipeline.cli.main import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass"
    )
    commands = {m for m in _modules_after(code) if m.startswith("pipeline.cli.")}
    assert commands - {"pipeline.cli.main", "pipeline.cli._common"} == {"pipeline.cli.nip"}


def test_a_store_command_help_loads_no_database_library():
    # the --db default comes from pipeline.store.url, one home shared with the store, without SQLAlchemy
    code = (
        "import sys\nsys.argv = ['asnwatch', 'review', '--help']\nfrom pipeline.cli.main import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass"
    )
    assert "sqlalchemy" not in {m.split(".")[0] for m in _modules_after(code)}
    from pipeline.cli._common import DEFAULT_DB
    from pipeline.store.db import DEFAULT_URL

    assert DEFAULT_DB is DEFAULT_URL


def test_top_level_help_lists_every_declared_command():
    from pipeline.cli.main import COMMANDS

    res = run_cli("--help")
    assert res.returncode == 0
    for name, _, _ in COMMANDS:
        assert f" {name} " in res.stdout


def test_an_unknown_command_is_a_usage_error():
    res = run_cli("frobnicate")
    assert res.returncode == 2 and "frobnicate" in res.stderr


@pytest.mark.parametrize(
    "group",
    [
        "collect",
        "classify",
        "scan",
        "db",
        "accounts",
        "nip",
        "review",
        "report",
        "explain",
        "train",
        "evaluate",
        "models",
    ],
)
def test_subcommand_help_imports_no_model_library(group):
    code = (
        f"import sys\nsys.argv = ['asnwatch', '{group}', '--help']\nfrom pipeline.cli.main import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass"
    )
    loaded = _modules_after(code)
    assert not {m for m in loaded if m.split(".")[0] in ("torch", "transformers")}


# every command CONTRACT and the issues name (a lost registration once shipped only 4 commands)
PROMISED = [
    "collect",
    "collect x-search",
    "classify",
    "explain",
    "scan",
    "train",
    "evaluate",
    "db upgrade",
    "db current",
    "models prepare-e5",
    "models build-default",
    "accounts score",
    "accounts import-registry",
    "accounts list",
    "accounts show",
    "nip parse",
    "review next",
    "review decide",
    "review list",
    "review show",
    "review history",
    "review agreement",
    "review stats",
    "review export",
    "review enqueue-uncertain",
    "report weekly",
]


def _command_paths() -> set[str]:
    import typer.main

    from pipeline.cli.main import app

    paths: set[str] = set()

    def walk(cmd, prefix: str) -> None:  # typer vendors its own click: groups are known by .commands
        if prefix:
            paths.add(prefix)
        if hasattr(cmd, "commands"):
            for name in cmd.list_commands(None):  # the top level loads its commands on demand
                walk(cmd.get_command(None, name), f"{prefix} {name}".strip())

    walk(typer.main.get_command(app), "")
    return paths


def test_every_promised_command_is_registered():
    assert sorted(set(PROMISED) - _command_paths()) == []


def test_version_and_help():
    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout.startswith("asnwatch ")
    out = run_cli("--help")
    assert out.returncode == 0
    for command in ("collect", "classify", "scan", "accounts", "review", "report", "db"):
        assert command in out.stdout


def test_unknown_option_exits_2():
    out = run_cli("classify", "--no-such-option")
    assert out.returncode == 2
    assert "No such option" in out.stderr


def test_classify_missing_input_exits_2_and_writes_nothing(tmp_path):
    output = tmp_path / "preds.jsonl"
    out = run_cli(
        "classify",
        "--election",
        str(SAMPLE_ELECTION),
        "--input",
        str(tmp_path / "none.jsonl"),
        "--output",
        str(output),
    )
    assert out.returncode == 2
    assert "none.jsonl" in out.stderr and "no such file" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert not output.exists()


def test_classify_bad_config_exits_2_naming_key(tmp_path):
    cfg = yaml.safe_load(SAMPLE_ELECTION.read_text(encoding="utf-8"))
    cfg["election"]["candidates"][0]["nomor"] = 1
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    posts = tmp_path / "posts.jsonl"
    posts.write_text('{"id": "x:1", "text": "halo"}\n', encoding="utf-8")
    output = tmp_path / "preds.jsonl"
    out = run_cli("classify", "--election", str(bad), "--input", str(posts), "--output", str(output))
    assert out.returncode == 2
    assert "bad.yaml" in out.stderr and "election.candidates.0.nomor" in out.stderr
    assert not output.exists()


def test_classify_bad_line_exits_2_and_leaves_no_partial_output(tmp_path):
    posts = tmp_path / "posts.jsonl"
    posts.write_text('{"id": "x:1", "text": "halo"}\n{"id": "x:2"}\n', encoding="utf-8")
    output = tmp_path / "preds.jsonl"
    out = run_cli(
        "classify", "--election", str(SAMPLE_ELECTION), "--input", str(posts), "--output", str(output)
    )
    assert out.returncode == 2
    assert "posts.jsonl:2" in out.stderr and "text" in out.stderr
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [posts]


def test_unknown_model_exits_2(tmp_path):
    posts = tmp_path / "posts.jsonl"
    posts.write_text('{"id": "x:1", "text": "halo"}\n', encoding="utf-8")
    out = run_cli(
        "classify",
        "--election",
        str(SAMPLE_ELECTION),
        "--input",
        str(posts),
        "--output",
        str(tmp_path / "o.jsonl"),
        "--model",
        "no-such-model",
    )
    assert out.returncode == 2 and "unknown model" in out.stderr


def test_classify_writes_one_contract_line_per_post_in_order(tmp_path):
    sample = ROOT / "data" / "samples" / "posts.jsonl"
    output = tmp_path / "preds.jsonl"
    out = run_cli(
        "classify", "--election", str(SAMPLE_ELECTION), "--input", str(sample), "--output", str(output)
    )
    assert out.returncode == 0, out.stderr
    ids = [json.loads(line)["id"] for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()]
    preds = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [p["id"] for p in preds] == ids
    for p in preds:
        assert set(p) >= {"id", "labels", "partisan_score", "scores", "targets", "flags", "evidence", "model"}
        assert 0.0 <= p["partisan_score"] <= 1.0
        assert p["labels"]


def test_db_upgrade_and_current(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    out = run_cli("db", "current", "--db", url)
    assert out.returncode == 0 and out.stdout.startswith("none")
    out = run_cli("db", "upgrade", "--db", url)
    assert out.returncode == 0, out.stderr
    out = run_cli("db", "current", "--db", url)
    assert out.stdout.split()[0] != "none"


def test_debug_shows_traceback(tmp_path):
    out = run_cli(
        "--debug", "classify", "--election", str(tmp_path / "missing.yaml"), "--input", "x", "--output", "y"
    )
    assert out.returncode != 0
    assert "Traceback" in out.stderr
