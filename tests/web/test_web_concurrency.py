"""Eight HTTP clients claiming from one queue through a real uvicorn server: every item is claimed exactly
once, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter

import httpx
from conftest import PASSWORD
from review_factory import make_items

from pipeline.review.users import add_user

CLIENTS = 8
ITEMS = 40


def test_eight_clients_claim_every_item_exactly_once(live_server):
    base, store = live_server
    ids = make_items(store, ITEMS)  # single-review items: one claim each
    names = [f"pemeriksa{i}" for i in range(CLIENTS)]
    for name in names:
        add_user(store, name, role="reviewer", password=PASSWORD)
    claims: dict[str, list[int]] = {name: [] for name in names}
    errors: list[str] = []
    start = threading.Barrier(CLIENTS)

    def work(name: str) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            login = client.post("/login", data={"username": name, "password": PASSWORD})
            if login.status_code != 303:
                errors.append(f"{name}: login {login.status_code}")
                return
            start.wait()
            while True:
                response = client.post("/api/items/next")
                if response.status_code != 200:
                    errors.append(f"{name}: next {response.status_code} {response.text}")
                    return
                item = response.json()
                if item is None:
                    return
                claims[name].append(item["id"])
                decided = client.post(
                    f"/api/items/{item['id']}/decision", json={"decision": "confirmed", "note": name}
                )
                if decided.status_code != 200:
                    errors.append(f"{name}: decision {decided.status_code} {decided.text}")
                    return

    threads = [threading.Thread(target=work, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    claimed = [i for taken in claims.values() for i in taken]
    twice = [i for i, n in Counter(claimed).items() if n > 1]
    assert not twice, f"claimed more than once: {twice}"
    assert sorted(claimed) == sorted(ids)
    assert sum(1 for taken in claims.values() if taken) >= 2  # the work was really shared
    with httpx.Client(base_url=base) as client:
        client.post("/login", data={"username": names[0], "password": PASSWORD})
        final = client.get("/api/items", params={"status": "confirmed"}).json()
    assert len(final) == ITEMS
    assert all(len(i["labels"]) == 1 for i in final)
