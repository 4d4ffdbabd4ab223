"""``asnwatch accounts ...`` and ``asnwatch nip parse`` end to end (subprocess), incl. exit codes."""

from __future__ import annotations

import json

from tests.conftest import run_cli

HEADER = "name,nip,agency,region,platform,handle\n"


def test_nip_parse_prints_masked_json():
    proc = run_cli(
        "nip", "parse", "NIP. 19860926 201505 1 001 / NIK 3201012609860001", "--today", "2025-01-01"
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["nips"][0]["kind"] == "PNS" and data["nips"][0]["masked"] == "19860926 ****** * ***"
    assert data["rejected"][0]["reason"].startswith("16 digits")
    assert "198609262015051001" not in proc.stdout and "201505 1 001" not in proc.stdout
    bad = run_cli("nip", "parse", "x", "--today", "yesterday")
    assert bad.returncode == 2 and "--today must be YYYY-MM-DD" in bad.stderr


def test_score_file_with_registry_rejects_and_weights(tmp_path):
    profiles = tmp_path / "profiles.jsonl"
    lines = [
        {"id": "x:1", "platform": "x", "handle": "budi_s", "name": "Budi", "bio": "Wiraswasta"},
        {"id": "x:2", "platform": "x", "handle": "rina", "name": "Rina", "bio": "Guru honorer SDN 1"},
        {
            "id": "x:9",
            "text": "coblos 2",
            "platform": "x",
            "author": {"id": "x:3", "handle": "a", "bio": "PNS Dinkes"},
        },
        {"bio": 5},
    ]
    profiles.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    registry = tmp_path / "reg.csv"
    registry.write_text(HEADER + "Budi,,Dinkes,S,twitter,https://twitter.com/Budi_S\n", encoding="utf-8")
    out = tmp_path / "scores.jsonl"
    proc = run_cli(
        "accounts", "score", "--input", str(profiles), "--output", str(out), "--registry", str(registry)
    )
    assert proc.returncode == 1, proc.stderr  # one line rejected
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["asn_class"]) for r in rows] == [("x:1", "ASN"), ("x:2", "NON_ASN"), ("x:3", "ASN")]
    assert set(rows[0]) == {"id", "asn_class", "asn_score", "reasons", "nip"}
    reject = json.loads((tmp_path / "scores.jsonl.rejects.jsonl").read_text(encoding="utf-8"))
    assert reject["line"] == 4 and "bio" in reject["reason"]

    weights = tmp_path / "w.json"
    weights.write_text(
        json.dumps(
            {"bias": 0.0, "weights": {"self_status": 0.0, "agency_regional": 0.0, "status_with_agency": 0.0}}
        ),
        encoding="utf-8",
    )
    profiles.write_text(json.dumps(lines[2]) + "\n", encoding="utf-8")
    proc = run_cli(
        "accounts", "score", "--input", str(profiles), "--output", str(out), "--weights", str(weights)
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["asn_score"] == 0.5


def test_score_bad_inputs_exit_2_and_leave_no_output(tmp_path):
    out = tmp_path / "scores.jsonl"
    bad_json = tmp_path / "bad.jsonl"
    bad_json.write_text('{"id": "x:1", "bio": "PNS"}\n{oops\n', encoding="utf-8")
    proc = run_cli("accounts", "score", "--input", str(bad_json), "--output", str(out))
    assert proc.returncode == 2 and "bad.jsonl:2" in proc.stderr
    assert not out.exists()
    registry = tmp_path / "reg.csv"
    registry.write_text(HEADER + "B,123,D,S,x,b\n", encoding="utf-8")
    proc = run_cli(
        "accounts", "score", "--input", str(bad_json), "--output", str(out), "--registry", str(registry)
    )
    assert proc.returncode == 2 and "reg.csv:2: nip: 3 digits" in proc.stderr
    assert run_cli("accounts", "score", "--input", str(bad_json)).returncode == 2


def test_import_registry_list_and_show(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    registry = tmp_path / "reg.csv"
    registry.write_text(HEADER + "Budi,,Dinkes,S,x,budi_s\nBad,,D,S,myspace,b\n", encoding="utf-8")
    proc = run_cli("accounts", "import-registry", str(registry), "--db", db)
    assert proc.returncode == 1
    assert "reg.csv:3: unknown platform 'myspace'" in proc.stderr
    assert "1 new, 0 updated, 0 unchanged, 1 rejected" in proc.stderr
    proc = run_cli("accounts", "import-registry", str(registry), "--db", db)
    assert "0 new, 0 updated, 1 unchanged" in proc.stderr

    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        json.dumps(
            {
                "id": "x:1",
                "platform": "x",
                "text": "hai",
                "author": {"id": "x:100", "handle": "Budi_S", "bio": "Wiraswasta"},
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert run_cli("collect", "--format", "jsonl", "--input", str(posts), "--db", db).returncode == 0
    assert run_cli("accounts", "score", "--db", db).returncode == 0
    proc = run_cli("accounts", "list", "--db", db, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [(r["id"], r["asn_class"], r["posts"], r["registry"]) for r in rows] == [("x:100", "ASN", 1, True)]
    assert "x:100" in run_cli("accounts", "list", "--db", db).stdout
    shown = json.loads(run_cli("accounts", "show", "x:budi_s", "--db", db).stdout)
    assert shown["reasons"][0].startswith("registry:")
    missing = run_cli("accounts", "show", "nobody", "--db", db)
    assert missing.returncode == 2 and "no account 'nobody'" in missing.stderr
    assert run_cli("accounts", "list", "--db", db, "--class", "MAYBE").returncode == 2


def test_refit_command(tmp_path):
    decisions = tmp_path / "decisions.jsonl"
    rows = [{"id": f"x:{i}", "bio": "PNS Dinkes", "asn_class": "ASN"} for i in range(8)]
    rows += [{"id": f"x:n{i}", "bio": "Guru honorer", "asn_class": "NON_ASN"} for i in range(8)]
    decisions.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "w.json"
    proc = run_cli("accounts", "refit", "--decisions", str(decisions), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["trained_on"] == {"ASN": 8, "NON_ASN": 8}
    assert "self_status" in data["fitted"] and "retired" in data["kept"]
