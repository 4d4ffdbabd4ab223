"""Live X API v2 recent search (``GET /2/tweets/search/recent``), kept as twarc2-style pages and resumable.

Each response page is appended as one JSON line to a pages file (the ``x-v2`` collector then reads it like any
twarc2 output), and after each page a checkpoint ``{"query", "next_token", "pages", "done"}`` is replaced
atomically. A run that stops (network, Ctrl-C, quota) is resumed by running it again with the same checkpoint:
it continues from ``next_token``; a page fetched twice is harmless (posts are deduplicated by id).

Rate limits: on HTTP 429 the client waits until ``x-rate-limit-reset`` (Unix seconds; or ``retry-after``), then
goes on. Server errors (5xx) and dropped connections are retried with backoff.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from pipeline.collect.clean import MAX_DEPTH, json_safe
from pipeline.collect.readers import loads
from pipeline.errors import InputError

DEFAULT_BASE_URL = "https://api.x.com"
SEARCH_PATH = "/2/tweets/search/recent"
PARAMS = {
    "tweet.fields": "id,text,author_id,created_at,conversation_id,in_reply_to_user_id,referenced_tweets,"
    "entities,public_metrics,lang,note_tweet",
    "expansions": "author_id,referenced_tweets.id,referenced_tweets.id.author_id,in_reply_to_user_id",
    "user.fields": "id,name,username,description,created_at,location,verified",
}
MAX_WAIT_S = 15 * 60 + 5
RETRIES = 5


@dataclass
class SearchResult:
    pages: int  # pages fetched in this run
    total_pages: int  # pages fetched over all runs of this checkpoint
    waits: int  # rate-limit waits
    done: bool


def _load_checkpoint(path: Path, query: str) -> dict[str, Any]:
    if not path.exists():
        return {"query": query, "next_token": None, "pages": 0, "done": False}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputError("checkpoint is not valid JSON; delete it to start over", path=path) from None
    if not isinstance(state, dict) or state.get("query") != query:
        raise InputError("checkpoint belongs to another query; use another --checkpoint", path=path)
    return state


def _save_checkpoint(path: Path, state: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def search_recent(
    query: str,
    *,
    token: str,
    pages_path: Path,
    checkpoint: Path,
    base_url: str = DEFAULT_BASE_URL,
    max_results: int = 100,
    max_pages: int | None = None,
    start_time: str | None = None,
    end_time: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    now: Callable[[], float] = time.time,
    timeout_s: float = 30.0,
) -> SearchResult:
    """Fetch pages of recent-search results into ``pages_path`` (appended), resuming from ``checkpoint``.

    ``max_pages`` bounds the pages fetched in this call. Raises :class:`InputError` for a refused token or
    query (4xx other than 429) or when the service stays unreachable after retries (the checkpoint keeps the
    place).
    """
    state = _load_checkpoint(checkpoint, query)
    fetched = waits = 0
    with open(pages_path, "ab") as out:
        while not state["done"] and (max_pages is None or fetched < max_pages):
            params = {"query": query, "max_results": str(max_results), **PARAMS}
            if start_time:
                params["start_time"] = start_time
            if end_time:
                params["end_time"] = end_time
            if state.get("next_token"):
                params["next_token"] = state["next_token"]
            url = f"{base_url.rstrip('/')}{SEARCH_PATH}?{urllib.parse.urlencode(params)}"
            body, n_waits = _get(url, token=token, sleep=sleep, now=now, timeout_s=timeout_s)
            waits += n_waits
            line, page = page_line(body, url.split("?")[0])
            out.write(line)
            out.flush()
            fetched += 1
            meta = page.get("meta") if isinstance(page, dict) else None
            token_next = meta.get("next_token") if isinstance(meta, dict) else None
            token_next = token_next if isinstance(token_next, str) and token_next else None
            state = {**state, "next_token": token_next, "pages": state["pages"] + 1, "done": not token_next}
            _save_checkpoint(checkpoint, state)
    return SearchResult(pages=fetched, total_pages=state["pages"], waits=waits, done=state["done"])


def page_line(body: bytes, where: str) -> tuple[bytes, Any]:
    """A response body as one JSON line that the ``x-v2`` reader reads (the same parser, orjson), and its value.

    A body orjson takes is kept byte for byte (its line breaks, only ever between tokens, become spaces). One it
    refuses but :func:`pipeline.collect.readers.loads` reads (an unpaired surrogate escape, a raw control
    character, a number past a double, nesting past 1,024 levels, bad UTF-8) is mended and written again: U+FFFD
    for broken characters, null for infinity, a short note for what is nested too deeply. Anything else (a body
    cut short) raises :class:`InputError`; the checkpoint keeps the place.
    """
    body = body.removeprefix(b"\xef\xbb\xbf")
    try:
        page = orjson.loads(body)
    except orjson.JSONDecodeError:
        pass
    else:
        return body.strip().replace(b"\r", b" ").replace(b"\n", b" ") + b"\n", page
    try:
        page = loads(body.decode("utf-8", errors="replace").encode("utf-8"))
    except orjson.JSONDecodeError as exc:
        raise InputError(
            f"X API answered with invalid JSON ({str(exc).splitlines()[0][:200]})", path=where
        ) from None
    page = json_safe(page, limit=MAX_DEPTH - 2)
    return orjson.dumps(page) + b"\n", page


def _get(
    url: str, *, token: str, sleep: Callable[[float], None], now: Callable[[], float], timeout_s: float
) -> tuple[bytes, int]:
    """GET with bearer auth; waits out 429s and retries 5xx/connection errors. Returns (body, waits)."""
    waits = failures = 0
    request = urllib.request.Request(
        url, headers={"Authorization": f"Bearer {token}", "User-Agent": "asnwatch"}
    )
    while True:
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310 - http(s) only
                return response.read(), waits
        except urllib.error.HTTPError as exc:
            if exc.code == 429:
                waits += 1
                sleep(_wait_seconds(exc.headers, now()))
                continue
            if exc.code >= 500 and failures < RETRIES:
                failures += 1
                sleep(min(2**failures, 60))
                continue
            detail = exc.read()[:300].decode("utf-8", errors="replace")
            hint = " (check the bearer token)" if exc.code in (401, 403) else ""
            raise InputError(
                f"X API refused the request: HTTP {exc.code}{hint}: {detail}", path=url.split("?")[0]
            ) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            if failures < RETRIES:
                failures += 1
                sleep(min(2**failures, 60))
                continue
            raise InputError(
                f"X API unreachable ({exc}); run again to resume", path=url.split("?")[0]
            ) from None


def _wait_seconds(headers: Any, now: float) -> float:
    """Seconds to wait after a 429: until ``x-rate-limit-reset`` (+1 s), else ``retry-after``, else 60."""
    reset = headers.get("x-rate-limit-reset") if headers else None
    if reset and str(reset).strip().isdigit():
        return min(max(int(reset) - now, 0) + 1, MAX_WAIT_S)
    retry = headers.get("retry-after") if headers else None
    if retry and str(retry).strip().isdigit():
        return min(int(retry), MAX_WAIT_S)
    return 60.0
