"""X (Twitter) API v2: twarc2 response pages, twarc2 ``flatten`` output, and single API responses.

Shapes read (https://developer.x.com/en/docs/x-api/data-dictionary):

- a response page ``{"data": [tweet, ...] | tweet, "includes": {"users": [...], "tweets": [...]}, "meta": {...}}``,
  one per line (twarc2 ``search``/``timeline`` output) or a whole (pretty-printed) file, or a JSON list of pages;
- a flattened tweet per line (twarc2 ``flatten``): the tweet with ``author`` inlined and each
  ``referenced_tweets`` entry expanded to the full referenced tweet.

Tweets in ``includes.tweets`` (and expanded references) are the parents of replies, quotes and retweets: they
become posts too, and the run's dedup keeps each once. A retweet is a ``share`` whose text is the original's
full text (the retweet's own text is a truncated ``RT @user: ...``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from pipeline.collect.base import Collector, Raw, Reject, Skip, register
from pipeline.collect.fields import (
    LANG_CHARS,
    NAME_CHARS,
    PLATFORM_ID_CHARS,
    as_handle,
    as_id,
    as_str,
    parse_time,
)
from pipeline.collect.readers import iter_json_documents

_KIND = {"retweeted": "share", "replied_to": "reply", "quoted": "quote"}
_PRIORITY = ("retweeted", "replied_to", "quoted")  # a reply that quotes is a reply
_METRICS = (
    ("likes", "like_count"),
    ("shares", "retweet_count"),
    ("replies", "reply_count"),
    ("views", "impression_count"),
    ("quotes", "quote_count"),
)


class _Page:
    """Lookups of one response page: users and included tweets by id (``included``: every entry, in order)."""

    __slots__ = ("users", "tweets", "included", "authors", "media")

    def __init__(self, includes: Any) -> None:
        includes = includes if isinstance(includes, dict) else {}
        users, tweets, media = includes.get("users"), includes.get("tweets"), includes.get("media")
        self.media = (
            {m["media_key"]: m for m in media if isinstance(m, dict) and type(m.get("media_key")) is str}
            if isinstance(media, list)
            else {}
        )
        self.included: list[Any] = tweets if isinstance(tweets, list) else []
        self.users = (
            {_key(u.get("id")): u for u in users if isinstance(u, dict)} if isinstance(users, list) else {}
        )
        self.tweets = {_key(t.get("id")): t for t in self.included if isinstance(t, dict)}
        self.authors: dict[Any, dict[str, Any] | None] = {}  # mapped once per page, shared by its tweets

    def author(self, user_id: str | None) -> dict[str, Any] | None:
        if user_id not in self.authors:
            self.authors[user_id] = map_user(self.users.get(user_id), user_id)
        return self.authors[user_id]


def _key(value: Any) -> str | None:
    """A lookup key for an id: the API's string as it is, else :func:`as_id` (a list is no key)."""
    return value if type(value) is str else as_id(value)


_FLAT = _Page(None)  # flattened tweets carry author and references inline


def full_text(tweet: dict[str, Any]) -> Any:
    """The tweet's text; long posts keep their full text in ``note_tweet.text``."""
    note = tweet.get("note_tweet")
    if isinstance(note, dict) and isinstance(note.get("text"), str):
        return note["text"]
    return tweet.get("text")


def map_user(user: Any, user_id: str | None) -> dict[str, Any] | None:
    """Canonical author from an X user object (``description`` is the bio). Fields of another type than the API's
    string are written out when they are numbers (a numeric ``username``) and left out otherwise, as is a field
    longer than the store takes."""
    if user_id is not None and len(user_id) > PLATFORM_ID_CHARS:
        user_id = None
    if isinstance(user, dict):
        uid = as_id(user.get("id"))
        uid = uid if uid is not None and len(uid) <= PLATFORM_ID_CHARS else user_id
        handle, name, bio = user.get("username"), user.get("name"), user.get("description")
        return {
            "id": f"x:{uid}" if uid else None,
            "platform": "x",
            # the API's own strings pass as they are; anything else goes through the helpers
            "handle": handle if type(handle) is str and len(handle) <= 15 else as_handle(handle),
            "name": name if type(name) is str and len(name) <= 50 else as_str(name, NAME_CHARS),
            "bio": bio if type(bio) is str or bio is None else as_str(bio),
        }
    if user_id:
        return {"id": f"x:{user_id}", "platform": "x", "handle": None, "name": None, "bio": None}
    return None


_MEDIA_TYPES = {"photo": "photo", "video": "video", "animated_gif": "animated_gif"}
_KEY_TYPES = {"3": "photo", "7": "video", "13": "video", "16": "animated_gif"}  # media_key "<type>_<id>"


def media_of(tweet: dict[str, Any], page: _Page) -> list[dict[str, Any]] | None:
    """The tweet's attachments as canonical media: ``{"type", "key", "url"}`` (a photo's ``url``, a video's or a
    GIF's ``preview_image_url``). Keys come from ``attachments.media_keys`` resolved in the page's
    ``includes.media``, or inline (``attachments.media``, twarc2 ``flatten``); a key the page does not include
    keeps its kind from the key's prefix and no url."""
    attachments = tweet.get("attachments")
    if type(attachments) is not dict:
        return None
    inline, keys = attachments.get("media"), attachments.get("media_keys")
    found: list[Any] = []
    if isinstance(inline, list):
        found = [m for m in inline if isinstance(m, dict)]
    elif isinstance(keys, list):
        found = [page.media.get(k) or {"media_key": k} for k in keys if type(k) is str]
    media = []
    for item in found:
        key = item.get("media_key")
        key = key if type(key) is str else None
        kind = _MEDIA_TYPES.get(item.get("type")) or _KEY_TYPES.get((key or "").split("_", 1)[0], "media")
        url = item.get("url") if kind == "photo" else item.get("preview_image_url")
        media.append({"type": kind, "key": key, "url": url if type(url) is str else None})
    return media or None


def _fit_id(value: str | None) -> str | None:
    """An id the store can hold (``x:`` + at most :data:`PLATFORM_ID_CHARS`), else None."""
    return value if value is None or len(value) <= PLATFORM_ID_CHARS else None


@register
class XV2(Collector):
    name = "x-v2"
    description = "X API v2 responses and twarc2 output (pages, flattened tweets or a single response)"
    typed = True  # map checks each field it copies: the runner skips the shape check on this hot path

    @classmethod
    def detect(cls, head: bytes, name: str) -> int:
        if b'"author_id"' not in head and b'"edit_history_tweet_ids"' not in head:
            return 0
        if b'"data"' in head or b'"__twarc"' in head:
            return 80
        if b'"author"' in head or b'"public_metrics"' in head:
            return 70
        return 40

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
            yield Raw(
                value, label, line, path=at, error=f"expected a JSON object, got {type(value).__name__}"
            )
            return
        if "data" in value or "includes" in value or ("meta" in value and "id" not in value):
            page = _Page(value.get("includes"))
            data = value.get("data")
            if isinstance(data, dict):  # single tweet lookup: {"data": {...}}
                yield Raw(data, label, line, path=f"{at}.data", context=page)
            elif isinstance(data, list):
                for i, tweet in enumerate(data):
                    yield Raw(tweet, label, line, path=f"{at}.data[{i}]", context=page)
            elif data is None and not page.included:
                yield Raw(value, label, line, path=at, skip="response page without tweets")
            else:
                yield Raw(
                    value,
                    label,
                    line,
                    path=f"{at}.data",
                    error=f"data is {type(data).__name__}, expected a list",
                )
            for j, tweet in enumerate(page.included):
                yield Raw(tweet, label, line, path=f"{at}.includes.tweets[{j}]", context=page)
            return
        # a flattened tweet; its expanded references are tweets too
        yield Raw(value, label, line, path=None if at == "$" else at, context=_FLAT)
        refs = value.get("referenced_tweets")
        if isinstance(refs, list):
            for k, ref in enumerate(refs):
                if isinstance(ref, dict) and "text" in ref:
                    yield Raw(ref, label, line, path=f"{at}.referenced_tweets[{k}]", context=_FLAT)

    def map(self, raw: Raw) -> dict[str, Any] | Reject | Skip:
        tweet = raw.value
        if not isinstance(tweet, dict):
            return Reject(f"expected a tweet object, got {type(tweet).__name__}")
        tid = as_id(tweet.get("id"))
        if tid is None:
            return Reject("missing or invalid id")
        if len(tid) > PLATFORM_ID_CHARS:
            return Reject(f"id longer than {PLATFORM_ID_CHARS} characters")
        text = full_text(tweet)
        if text is None:
            return Reject("missing text")
        if not isinstance(text, str):
            return Reject(f"text is {type(text).__name__}, expected a string")
        page: _Page = raw.context if isinstance(raw.context, _Page) else _FLAT

        author_id = as_id(tweet.get("author_id"))
        author = map_user(tweet.get("author"), author_id) if page is _FLAT else page.author(author_id)

        kind, parent_id, parent_text = "post", None, None
        quoted_fields: dict[str, str | None] = {}
        refs = tweet.get("referenced_tweets")
        if isinstance(refs, list) and refs:
            by_type = {t: r for r in refs if isinstance(r, dict) and type(t := r.get("type")) is str}
            for ref_type in _PRIORITY:
                ref = by_type.get(ref_type)
                if ref is None:
                    continue
                ref_id = _fit_id(as_id(ref.get("id")))
                kind = _KIND[ref_type]
                parent_id = f"x:{ref_id}" if ref_id else None
                parent = ref if "text" in ref else page.tweets.get(ref_id)
                if isinstance(parent, dict):
                    ptext = full_text(parent)
                    parent_text = ptext if isinstance(ptext, str) else None
                if kind == "share" and parent_text is not None:
                    text = parent_text  # the retweet carries the original's full text
                break
            quoted = by_type.get("quoted")
            if quoted is not None and kind != "share":  # a reply may quote another post: keep both
                quoted_ref = _fit_id(as_id(quoted.get("id")))
                qpost = quoted if "text" in quoted else page.tweets.get(quoted_ref)
                qtext = full_text(qpost) if isinstance(qpost, dict) else None
                quoted_fields = {
                    "quoted_id": f"x:{quoted_ref}" if quoted_ref else None,
                    "quoted_text": qtext if isinstance(qtext, str) else None,
                }

        try:
            created_at = parse_time(tweet.get("created_at"), self.options.tz)
        except (ValueError, TypeError):
            return Reject(f"invalid created_at {tweet.get('created_at')!r}")

        handle = author.get("handle") if author else None
        url = f"https://x.com/{handle}/status/{tid}" if handle else f"https://x.com/i/web/status/{tid}"
        pm = tweet.get("public_metrics")
        metrics = None
        if type(pm) is dict:
            metrics = {
                name: value
                for name, key in _METRICS
                if type(value := pm.get(key)) is int and 0 <= value <= 9_223_372_036_854_775_807  # INT_MAX
            } or None
        lang = tweet.get("lang")
        lang = lang if type(lang) is str and len(lang) <= LANG_CHARS else None
        source = {"format": "x-v2", "file": raw.file, "line": raw.line, "path": raw.path}
        # built inline rather than with make_post: this is the hot path of million-tweet imports
        post: dict[str, Any] = {
            "id": "x:" + tid, "platform": "x", "platform_id": tid, "url": url, "created_at": created_at,
            "kind": kind, "parent_id": parent_id, "parent_text": parent_text,
            "lang": lang, "author": author, "text": text, "metrics": metrics, "source": source,
        }  # fmt: skip
        if quoted_fields:
            post.update(quoted_fields)
        if "attachments" in tweet:
            media = media_of(tweet, page)
            if media:
                post["media"] = media
        conversation = tweet.get("conversation_id")
        if conversation is not None:
            post["conversation_id"] = as_id(conversation)  # an extra field: any length
        return post


def page_to_line(page: dict[str, Any]) -> bytes:
    """One response page as a twarc2-style JSON line (used by the live search to keep raw pages)."""
    return orjson.dumps(page) + b"\n"
