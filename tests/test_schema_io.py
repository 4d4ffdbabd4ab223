"""Canonical models and streaming JSONL: round trips, validation messages, atomic outputs."""

from __future__ import annotations

import gzip
import json

import pytest

from pipeline.errors import InputError
from pipeline.io.files import atomic_output
from pipeline.io.jsonl import dumps, iter_json_lines, iter_models, write_lines
from pipeline.labels import check_label_set, is_partisan
from pipeline.schema import AccountScore, Post, Prediction

CONTRACT_POST = {
    "id": "x:1851234567890",
    "platform": "x",
    "platform_id": "1851234567890",
    "url": "https://x.com/budi/status/1851234567890",
    "created_at": "2024-11-20T10:15:00+07:00",
    "kind": "post",
    "parent_id": None,
    "parent_text": None,
    "lang": "id",
    "author": {"id": "x:44196397", "handle": "budi_s", "name": "Budi S.", "bio": "ASN Dinkes Kab. X"},
    "text": "Jangan lupa 27 November coblos nomor 2 ya!",
    "metrics": {"likes": 3, "shares": 0, "replies": 1},
    "source": {"format": "x-v2", "file": "export.jsonl", "line": 12},
}


def test_contract_post_round_trips_without_loss():
    post = Post.model_validate({**CONTRACT_POST, "custom_field": {"kept": True}})
    back = json.loads(dumps(post))
    assert back["created_at"] == "2024-11-20T10:15:00+07:00"
    assert back["custom_field"] == {"kept": True}
    for key, value in CONTRACT_POST.items():
        if key in {"author", "metrics", "source"}:
            assert {k: v for k, v in back[key].items() if v is not None} == value
        else:
            assert back[key] == value


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": ""}, "id"),
        ({"kind": "story"}, "kind"),
        ({"created_at": "2024-11-20T10:15:00"}, "created_at"),
        ({"text": None}, "text"),
    ],
)
def test_invalid_posts_rejected(change, field):
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as err:
        Post.model_validate({**CONTRACT_POST, **change})
    assert err.value.errors()[0]["loc"][0] == field


def test_prediction_and_account_score_validate_codes():
    Prediction(id="x:1", labels=["AJAKAN", "SIMBOL"], partisan_score=0.9, model="rules@1")
    with pytest.raises(ValueError, match="unknown label"):
        Prediction(id="x:1", labels=["CAMPAIGN"], partisan_score=0.9, model="rules@1")
    with pytest.raises(ValueError, match="unknown flag"):
        Prediction(id="x:1", labels=["NETRAL_PEMILU"], flags=["X"], partisan_score=0.1, model="rules@1")
    with pytest.raises(ValueError):
        AccountScore(id="x:1", asn_class="MAYBE", asn_score=0.5)
    with pytest.raises(ValueError):
        AccountScore(id="x:1", asn_class="ASN", asn_score=1.5)


def test_label_set_rules():
    assert is_partisan(["SIMBOL"]) and not is_partisan(["NETRAL_PEMILU"])
    assert check_label_set(["AJAKAN", "SIMBOL"]) == ["AJAKAN", "SIMBOL"]
    for bad in (
        ["AJAKAN", "NETRAL_PEMILU"],
        [],
        ["NETRAL_PEMILU", "TIDAK_TERKAIT"],
        ["AJAKAN", "AJAKAN"],
        ["X"],
    ):
        with pytest.raises(ValueError):
            check_label_set(bad)


def test_jsonl_streams_plain_and_gzip(tmp_path):
    rows = [{"id": f"x:{i}", "text": f"post {i}"} for i in range(3)]
    plain = tmp_path / "p.jsonl"
    with atomic_output(plain) as fh:
        assert write_lines(fh, rows) == 3
    gz = tmp_path / "p.jsonl.gz"
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    for path in (plain, gz):
        got = [(n, p.id) for n, p in iter_models(path, Post)]
        assert got == [(1, "x:0"), (2, "x:1"), (3, "x:2")]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"id": "x:1", "text": "a"}\n{"id": "x:2", "text": \n', "2: invalid JSON"),
        (b'{"id": "x:1", "text": "a"}\n[1, 2]\n', "2: expected a JSON object"),
        (b'{"id": "x:1", "text": "\xff"}\n', "1: invalid UTF-8"),
        (b'{"id": "x:1"}\n', "1: text: Field required"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path, content, problem):
    p = tmp_path / "bad.jsonl"
    p.write_bytes(content)
    with pytest.raises(InputError) as err:
        list(iter_models(p, Post))
    assert f"bad.jsonl:{problem}" in str(err.value)


def test_blank_lines_and_bom_are_skipped(tmp_path):
    p = tmp_path / "p.jsonl"
    p.write_bytes(b'\xef\xbb\xbf{"id": "x:1", "text": "a"}\n\n   \n{"id": "x:2", "text": "b"}\n')
    assert [n for n, _ in iter_json_lines(p)] == [1, 4]


def test_atomic_output_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_output(target) as fh:
        fh.write("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_missing_input_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(iter_json_lines(tmp_path / "missing.jsonl"))
