"""Live X recent search against a fake API on 127.0.0.1: pagination, HTTP 429 waits, resume from checkpoint."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from pipeline.collect.x_search import search_recent
from pipeline.errors import InputError

PAGES = {
    None: ("t2", [("101", "Coblos nomor 1!"), ("102", "Netral dong")]),
    "t2": ("t3", [("103", "Kampanye di kantor?"), ("101", "Coblos nomor 1!")]),
    "t3": (None, [("104", "Rapat dinas")]),
}


class FakeX(BaseHTTPRequestHandler):
    requests: list[dict] = []
    throttle_once: set = set()
    fail_on: set = set()

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        token = query.get("next_token")
        FakeX.requests.append({"path": url.path, "auth": self.headers.get("Authorization"), **query})
        if self.headers.get("Authorization") != "Bearer sekret":
            return self._send(401, {"title": "Unauthorized"})
        if token in FakeX.fail_on:
            return self._send(403, {"title": "Forbidden"})
        if token in FakeX.throttle_once:
            FakeX.throttle_once.discard(token)
            return self._send(
                429,
                {"title": "Too Many Requests"},
                {"x-rate-limit-reset": str(int(time.time()) + 2), "x-rate-limit-remaining": "0"},
            )
        nxt, tweets = PAGES[token]
        page = {
            "data": [
                {"id": i, "text": t, "author_id": "9", "created_at": "2024-11-20T03:15:00.000Z"}
                for i, t in tweets
            ],
            "includes": {"users": [{"id": "9", "username": "budi_s", "name": "Budi", "description": "ASN"}]},
            "meta": {"result_count": len(tweets), **({"next_token": nxt} if nxt else {})},
        }
        self._send(200, page)

    def _send(self, code, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def fake_x():
    FakeX.requests, FakeX.throttle_once, FakeX.fail_on = [], set(), set()
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeX)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_paginates_and_waits_out_429(fake_x, tmp_path):
    FakeX.throttle_once = {"t2"}
    waits: list[float] = []
    result = search_recent(
        "#Sukamaju",
        token="sekret",
        pages_path=tmp_path / "p.jsonl",
        checkpoint=tmp_path / "c.json",
        base_url=fake_x,
        sleep=waits.append,
    )
    assert result.done and result.pages == 3 and result.waits == 1
    assert 1 <= waits[0] <= 4  # until x-rate-limit-reset, plus a second
    assert [r.get("next_token") for r in FakeX.requests] == [None, "t2", "t2", "t3"]
    assert FakeX.requests[0]["query"] == "#Sukamaju" and "author_id" in FakeX.requests[0]["expansions"]
    assert len((tmp_path / "p.jsonl").read_text().splitlines()) == 3


def test_resume_from_checkpoint(fake_x, tmp_path):
    pages, ckpt = tmp_path / "p.jsonl", tmp_path / "c.json"
    first = search_recent(
        "#Sukamaju",
        token="sekret",
        pages_path=pages,
        checkpoint=ckpt,
        base_url=fake_x,
        max_pages=1,
        sleep=lambda s: None,
    )
    assert not first.done and json.loads(ckpt.read_text())["next_token"] == "t2"
    FakeX.fail_on = {"t3"}  # the run breaks on page 3; the checkpoint keeps page 2's place
    with pytest.raises(InputError, match="HTTP 403"):
        search_recent(
            "#Sukamaju",
            token="sekret",
            pages_path=pages,
            checkpoint=ckpt,
            base_url=fake_x,
            sleep=lambda s: None,
        )
    assert json.loads(ckpt.read_text())["next_token"] == "t3"
    FakeX.fail_on = set()
    last = search_recent(
        "#Sukamaju", token="sekret", pages_path=pages, checkpoint=ckpt, base_url=fake_x, sleep=lambda s: None
    )
    assert last.done and last.total_pages == 3
    assert [r.get("next_token") for r in FakeX.requests] == [None, "t2", "t3", "t3"]
    with pytest.raises(InputError, match="another query"):
        search_recent("#Lain", token="sekret", pages_path=pages, checkpoint=ckpt, base_url=fake_x)


def test_bad_token_is_a_clear_error(fake_x, tmp_path):
    with pytest.raises(InputError, match="HTTP 401.*bearer token"):
        search_recent(
            "#Sukamaju",
            token="salah",
            pages_path=tmp_path / "p.jsonl",
            checkpoint=tmp_path / "c.json",
            base_url=fake_x,
        )


def test_cli_collect_x_search(fake_x, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from pipeline.cli.main import app

    monkeypatch.setenv("XTOKEN", "sekret")
    out = tmp_path / "posts.jsonl"
    r = CliRunner().invoke(
        app,
        [
            "collect",
            "x-search",
            "--query",
            "#Sukamaju",
            "--bearer-token-env",
            "XTOKEN",
            "--base-url",
            fake_x,
            "--output",
            str(out),
        ],
    )
    assert r.exit_code == 0, r.output
    posts = [json.loads(x) for x in out.read_text().splitlines()]
    assert [p["id"] for p in posts] == [
        "x:101",
        "x:102",
        "x:103",
        "x:104",
    ]  # 101 twice in the pages, once here
    assert posts[0]["author"]["bio"] == "ASN"
    monkeypatch.delenv("XTOKEN")
    r = CliRunner().invoke(
        app, ["collect", "x-search", "--query", "q", "--bearer-token-env", "XTOKEN", "--output", str(out)]
    )
    assert r.exit_code == 2 and "XTOKEN" in r.output
