"""Fixtures of the web application's tests: an app over the ``store`` fixture (SQLite and PostgreSQL) with
four users and three flagged items, a fake clock for session expiry, and a real uvicorn server for the
concurrency and browser tests."""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "review"))

from review_factory import make_items  # noqa: E402

PASSWORD = "kata-sandi-uji-1"
USERS = {"ana": "reviewer", "budi": "reviewer", "adi": "adjudicator", "root": "admin"}
SECRET = "test-secret-of-the-web-app"


class FakeClock:
    """Real time plus an offset that tests move forward (users added later must stay "after" sessions)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def __call__(self) -> float:
        return time.time() + self.offset


@dataclass
class Web:
    store: object
    app: object
    clock: FakeClock
    items: list[int]


def add_users(store) -> None:
    from pipeline.review.users import add_user

    for name, role in USERS.items():
        add_user(store, name, role=role, password=PASSWORD)


@pytest.fixture
def web(store) -> Web:
    from pipeline.web import create_app

    add_users(store)
    items = make_items(store, 3)
    clock = FakeClock()
    app = create_app(store, secret=SECRET, session_minutes=60, clock=clock)
    return Web(store=store, app=app, clock=clock, items=items)


def client_for(web: Web, user: str | None = None):
    """A TestClient (not following redirects), logged in as ``user`` when given."""
    from starlette.testclient import TestClient

    client = TestClient(web.app, follow_redirects=False, base_url="http://testserver")
    if user is not None:
        response = client.post("/login", data={"username": user, "password": PASSWORD})
        assert response.status_code == 303, response.text
    return client


def csrf_of(client, path: str = "/queue") -> str:
    """The CSRF token of the client's session, read off a page's form as a browser would."""
    import re

    html = client.get(path).text
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match, html[:500]
    return match.group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(store) -> Iterator[tuple[str, object]]:
    """``(base_url, store)`` of a real uvicorn server over the ``store`` fixture (users added, no items)."""
    import uvicorn

    from pipeline.web import create_app

    add_users(store)
    port = free_port()
    config = uvicorn.Config(
        create_app(store, secret=SECRET), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", store
    finally:
        server.should_exit = True
        thread.join(timeout=10)
