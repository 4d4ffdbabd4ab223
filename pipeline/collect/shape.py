"""The canonical shape of a post and the store's column sizes, checked fast (:func:`fits`) or with the reason
(:func:`shape_error`); the runner calls them through :func:`pipeline.collect.clean.finish_post`.

The fields of the CONTRACT carry their types (``text`` a string, ``author.handle`` a string or null, counts
integers, ``created_at`` ISO 8601 with an offset, media objects), so whatever is written reads back with
``collect --format jsonl``; and the lengths stay within ``pipeline/store/tables.py`` (:data:`LIMITS`,
:data:`AUTHOR_LIMITS`; a test keeps them there), so PostgreSQL never refuses a batch for one long field.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.collect.fields import (
    HANDLE_CHARS,
    ID_CHARS,
    LANG_CHARS,
    NAME_CHARS,
    PLATFORM_CHARS,
    PLATFORM_ID_CHARS,
    as_handle,
)

LIMITS: dict[str, int] = {
    "id": ID_CHARS, "platform": PLATFORM_CHARS, "platform_id": PLATFORM_ID_CHARS, "parent_id": ID_CHARS,
    "lang": LANG_CHARS,
}  # fmt: skip
AUTHOR_LIMITS: dict[str, int] = {
    "id": ID_CHARS, "platform": PLATFORM_CHARS, "handle": HANDLE_CHARS, "name": NAME_CHARS,
}  # fmt: skip
KINDS = frozenset({"post", "comment", "reply", "share", "quote"})

_STR_FIELDS = (
    "platform",
    "platform_id",
    "url",
    "parent_id",
    "parent_text",
    "quoted_id",
    "quoted_text",
    "lang",
)
_AUTHOR_FIELDS = ("id", "platform", "handle", "name", "bio")
_METRIC_FIELDS = ("likes", "shares", "replies", "views")
_SOURCE_STR_FIELDS = ("format", "file", "path")
_MEDIA_STR_FIELDS = ("type", "key", "url", "path", "ocr_text", "ocr_error")

_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:[+-]\d\d:\d\d|Z)\Z")


_OPT_STR = frozenset({str, type(None)})
_OPT_INT = frozenset({int, type(None)})


def fits(post: dict[str, Any]) -> bool:
    """The common case of :func:`shape_error` in one expression: True means no error, False "look closer".
    The tests keep the two in agreement."""
    g = post.get
    pid, platform, pfid, parent, lang, created = (
        g("id"), g("platform"), g("platform_id"), g("parent_id"), g("lang"), g("created_at"),
    )  # fmt: skip
    if not (
        type(pid) is str and 0 < len(pid) <= ID_CHARS and type(g("text")) is str
        and type(platform) in _OPT_STR and (platform is None or len(platform) <= PLATFORM_CHARS)
        and type(pfid) in _OPT_STR and (pfid is None or len(pfid) <= PLATFORM_ID_CHARS)
        and type(parent) in _OPT_STR and (parent is None or len(parent) <= ID_CHARS)
        and type(lang) in _OPT_STR and (lang is None or len(lang) <= LANG_CHARS)
        and type(g("url")) in _OPT_STR and type(g("parent_text")) in _OPT_STR
        and type(g("quoted_id")) in _OPT_STR and type(g("quoted_text")) in _OPT_STR
        and type(kind := g("kind", "post")) is str and kind in KINDS
        and (created is None or (type(created) is str and _ISO_TIME.match(created) is not None
                                 and "0001" < created[:4] < "9999"))
    ):  # fmt: skip
        return False
    author, metrics, source = g("author"), g("metrics"), g("source")
    if g("media") is not None:  # rare: the full check looks at it
        return False
    if author is not None:
        a = author.get if type(author) is dict else None
        if a is None:
            return False
        aid, handle, name, aplatform = a("id"), a("handle"), a("name"), a("platform")
        if not (
            type(aid) in _OPT_STR and (aid is None or len(aid) <= ID_CHARS)
            and type(aplatform) in _OPT_STR and (aplatform is None or len(aplatform) <= PLATFORM_CHARS)
            and type(name) in _OPT_STR and (name is None or len(name) <= NAME_CHARS)
            and type(a("bio")) in _OPT_STR
            and (handle is None or (type(handle) is str and len(handle) <= HANDLE_CHARS and handle.isascii()))
        ):  # fmt: skip
            return False
    if metrics is not None:
        m = metrics.get if type(metrics) is dict else None
        if m is None or not (
            type(m("likes")) in _OPT_INT and type(m("shares")) in _OPT_INT
            and type(m("replies")) in _OPT_INT and type(m("views")) in _OPT_INT
        ):  # fmt: skip
            return False
    if source is not None:
        s = source.get if type(source) is dict else None
        if s is None or not (
            type(s("format")) in _OPT_STR and type(s("file")) in _OPT_STR
            and type(s("path")) in _OPT_STR and type(s("line")) in _OPT_INT
        ):  # fmt: skip
            return False
    return True


def _type(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def shape_error(post: dict[str, Any]) -> str | None:
    """Why ``post`` does not fit the canonical schema or the store's columns; None when it does."""
    pid, text = post.get("id"), post.get("text")
    if type(pid) is not str or not pid:
        return f"id: expected a non-empty string, got {_type(pid)}"
    if type(text) is not str:
        return f"text: expected a string, got {_type(text)}"
    for name in _STR_FIELDS:
        value = post.get(name)
        if value is not None and type(value) is not str:
            return f"{name}: expected a string or null, got {_type(value)}"
    kind = post.get("kind", "post")
    if type(kind) is not str or kind not in KINDS:
        return f"kind: expected one of {', '.join(sorted(KINDS))}"
    created = post.get("created_at")
    if created is not None and (
        type(created) is not str or not _ISO_TIME.match(created) or not "0001" < created[:4] < "9999"
    ):
        got = repr(created[:60]) if type(created) is str else _type(created)
        return f"created_at: expected ISO 8601 with an offset, got {got}"
    for name, limit in LIMITS.items():
        value = post.get(name)
        if value is not None and len(value) > limit:
            return f"{name} longer than {limit} characters"
    return _author_error(post.get("author")) or _parts_error(post)


def _author_error(author: Any) -> str | None:
    if author is None:
        return None
    if type(author) is not dict:
        return f"author: expected an object or null, got {_type(author)}"
    for name in _AUTHOR_FIELDS:
        value = author.get(name)
        if value is not None and type(value) is not str:
            return f"author.{name}: expected a string or null, got {_type(value)}"
    for name, limit in AUTHOR_LIMITS.items():
        value = author.get(name)
        if value is not None and len(value) > limit:
            return f"author.{name} longer than {limit} characters"
    handle = author.get("handle")
    if handle is not None and as_handle(handle) is None:
        return f"author.handle longer than {HANDLE_CHARS} characters once normalised"
    return None


def _media_error(media: Any) -> str | None:
    if media is None:
        return None
    if type(media) is not list:
        return f"media: expected a list or null, got {_type(media)}"
    for i, item in enumerate(media):
        if type(item) is not dict:
            return f"media[{i}]: expected an object, got {_type(item)}"
        if "type" in item and type(item["type"]) is not str:
            return f"media[{i}].type: expected a string, got {_type(item['type'])}"
        for name in _MEDIA_STR_FIELDS:
            value = item.get(name)
            if value is not None and type(value) is not str:
                return f"media[{i}].{name}: expected a string or null, got {_type(value)}"
        score = item.get("ocr_confidence")
        if score is not None and (type(score) not in (int, float) or not 0 <= score <= 1):
            return f"media[{i}].ocr_confidence: expected a number from 0 to 1 or null"
    return None


def _parts_error(post: dict[str, Any]) -> str | None:
    reason = _media_error(post.get("media"))
    if reason:
        return reason
    metrics, source = post.get("metrics"), post.get("source")
    if metrics is not None:
        if type(metrics) is not dict:
            return f"metrics: expected an object or null, got {_type(metrics)}"
        for name in _METRIC_FIELDS:
            value = metrics.get(name)
            if value is not None and type(value) is not int:
                return f"metrics.{name}: expected an integer or null, got {_type(value)}"
    if source is not None:
        if type(source) is not dict:
            return f"source: expected an object or null, got {_type(source)}"
        for name in _SOURCE_STR_FIELDS:
            value = source.get(name)
            if value is not None and type(value) is not str:
                return f"source.{name}: expected a string or null, got {_type(value)}"
        line = source.get("line")
        if line is not None and type(line) is not int:
            return f"source.line: expected an integer or null, got {_type(line)}"
    return None
