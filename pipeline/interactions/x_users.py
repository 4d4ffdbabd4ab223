"""X API v2 user lists as twarc2 writes them: ``followers``, ``following``, ``liking-users``, ``retweeted-by``.

Shapes read (X API v2 ``GET /2/users/:id/followers``, ``/2/users/:id/following``, ``/2/tweets/:id/liking_users``,
``/2/tweets/:id/retweeted_by``; twarc2 adds ``__twarc``, see twarc's ``client2._append_metadata``):

- a response page per line ``{"data": [user, ...], "includes": {"tweets": [pinned tweets]}, "meta":
  {"result_count", "next_token"}, "__twarc": {"url": "https://api.twitter.com/2/users/123/followers?...",
  "version", "retrieved_at"}}``, or such a page as a whole (pretty-printed) file, or a JSON list of pages;
- a flattened user per line (``twarc2 flatten``): the user object with ``__twarc`` copied from its page (and its
  pinned tweet inlined as ``pinned_tweet``).

A user object: ``{"id", "username", "name", "description", ...}`` (no ``text``: that is a tweet). The endpoint
in ``__twarc.url`` says what the users are: followers of account 123 (actor = each user, ``follow``, object
account ``x:123``), accounts 123 follows (actor = account ``x:123``, of which only the id is known; object =
each user, with its handle), users who liked or retweeted post 456 (``like`` / ``share``, object post ``x:456``).
Without a url, :class:`InteractionOptions` ``relation`` and ``object_id`` say it; with neither, each user is
rejected with a reason naming them. X gives no time for any of these, so ``at`` is null.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import ijson
import orjson

from pipeline.collect.base import Raw, Reject, Skip
from pipeline.collect.fields import PLATFORM_ID_CHARS, as_handle, as_id
from pipeline.collect.readers import iter_json_documents
from pipeline.collect.x_v2 import map_user
from pipeline.interactions.base import RELATIONS, InteractionCollector, InteractionOptions, register
from pipeline.interactions.record import make_interaction

FORMAT = "x-v2-users"
_ENDPOINT = re.compile(r"^/2/(users|tweets)/([^/]+)/(followers|following|liking_users|retweeted_by)/?$")
_KIND = {"followers": "follow", "following": "follow", "liking_users": "like", "retweeted_by": "share"}
_NEEDS = "pass object_id (the account or post id) and relation (" + ", ".join(RELATIONS) + ")"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """What a users list is: ``relation`` (one of :data:`RELATIONS`) of ``target`` (an X platform id), and the
    target's handle when known."""

    relation: str
    target: str
    handle: str | None = None


@lru_cache(maxsize=256)
def endpoint_of(url: str) -> Endpoint | None:
    """The endpoint a twarc ``__twarc.url`` called, or None for another endpoint or no url."""
    match = _ENDPOINT.match(urlparse(url).path)
    if match is None:
        return None
    collection, target, relation = match.groups()
    if (collection == "users") != (relation in ("followers", "following")):
        return None
    return Endpoint(relation, target)


def _relation(value: str) -> str | None:
    relation = value.strip().lower().replace("-", "_")
    return relation if relation in RELATIONS else None


def resolve(twarc: Any, options: InteractionOptions) -> Endpoint | str:
    """The endpoint of a page or flattened user from its ``__twarc`` value, else from the options; a reason
    (a string) when neither says it. ``options.object_handle`` names the url's target when ``object_id`` is
    that target."""
    url = twarc.get("url") if isinstance(twarc, dict) else None
    found = endpoint_of(url) if isinstance(url, str) else None
    target = as_id(options.object_id)
    target = target.removeprefix("x:") if target else None
    handle = options.object_handle.lstrip("@") if options.object_handle else None
    if found is not None:
        return Endpoint(found.relation, found.target, handle) if handle and target == found.target else found
    relation = _relation(options.relation) if options.relation else None
    if options.relation and relation is None:
        return f"unknown relation {options.relation!r}; one of {', '.join(RELATIONS)}"
    if relation is None or target is None:
        what = (
            f"the __twarc url {url[:100]!r} is no such endpoint" if isinstance(url, str) else "no __twarc url"
        )
        return f"{what}: cannot tell whose users these are; {_NEEDS}"
    return Endpoint(relation, target, handle)


def _is_user(value: Any) -> bool:
    return (
        isinstance(value, dict) and "username" in value and "text" not in value and "author_id" not in value
    )


def _first_value(head: bytes) -> Any:
    """The first JSON value of the file's head: its first line when complete, else the first user inside a
    page cut off by the head's end (a page of 1,000 users is longer than the head)."""
    first = head.lstrip().split(b"\n", 1)[0]
    try:
        return orjson.loads(first)
    except orjson.JSONDecodeError:
        pass
    for prefix in ("data.item", "item.data.item", "item"):
        try:
            for item in ijson.items(io.BytesIO(head), prefix, multiple_values=True):
                return {"data": [item]} if "data" in prefix else item
        except (ijson.JSONError, ValueError):
            continue
    return None


@register
class XUsers(InteractionCollector):
    name = FORMAT
    description = "X API v2 user lists from twarc2: followers, following, liking-users, retweeted-by"

    @classmethod
    def detect(cls, head: bytes, name: str) -> int:
        value = _first_value(head)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict) and isinstance(value.get("data"), list):
            data = value["data"]
            return 90 if data and _is_user(data[0]) else 0
        if _is_user(value):
            return 90 if "__twarc" in value else 40
        return 0

    def read(self, path: Path) -> Iterator[Raw]:
        for label, line, value, bad in iter_json_documents(path):
            if bad is not None:
                yield bad
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    yield from self._records(item, label, line, f"$[{i}]")
            else:
                yield from self._records(value, label, line, "$")

    def _records(self, value: Any, label: str, line: int | None, at: str) -> Iterator[Raw]:
        if not isinstance(value, dict):
            kind = type(value).__name__
            yield Raw(value, label, line, path=at, error=f"expected a JSON object, got {kind}")
            return
        endpoint = resolve(value.get("__twarc"), self.options)
        if "data" not in value and ("meta" in value or "errors" in value):
            yield Raw(value, label, line, path=at, skip="response page without users")
            return
        if "data" not in value:  # a flattened user
            yield Raw(value, label, line, path=None if at == "$" else at, context=endpoint)
            return
        data = value["data"]
        if isinstance(data, dict):
            data, where = [data], [f"{at}.data"]
        elif isinstance(data, list):
            where = [f"{at}.data[{i}]" for i in range(len(data))]
        else:
            reason = f"data is {type(data).__name__}, expected a list"
            yield Raw(value, label, line, path=f"{at}.data", error=reason)
            return
        for user, path in zip(data, where, strict=True):
            yield Raw(user, label, line, path=path, context=endpoint)

    def map(self, raw: Raw) -> dict[str, Any] | Reject | Skip:
        user, endpoint = raw.value, raw.context
        if not isinstance(user, dict):
            return Reject(f"expected a user object, got {type(user).__name__}")
        if "text" in user:
            return Reject("a tweet, not a user object (read it with collect --format x-v2)")
        uid = as_id(user.get("id"))
        if uid is None or len(uid) > PLATFORM_ID_CHARS:
            return Reject("missing or invalid user id")
        if isinstance(endpoint, str):
            return Reject(endpoint)
        if len(endpoint.target) > PLATFORM_ID_CHARS or not endpoint.target.isascii():
            return Reject(f"invalid {endpoint.relation} target id {endpoint.target!r}")
        account = map_user(user, uid) or {}
        kind, target = _KIND[endpoint.relation], f"x:{endpoint.target}"
        common: dict[str, Any] = {"platform": "x", "kind": kind, "fmt": FORMAT, "raw": raw}
        if endpoint.relation == "following":
            actor = {"id": target, "platform": "x", "handle": endpoint.handle, "name": None, "bio": None}
            handle = as_handle(account.get("handle"))
            return make_interaction(
                actor=actor, object_type="account", object_id=account["id"], object_handle=handle, **common
            )
        object_type = "account" if endpoint.relation == "followers" else "post"
        handle = endpoint.handle if object_type == "account" else None
        return make_interaction(
            actor=account, object_type=object_type, object_id=target, object_handle=handle, **common
        )
