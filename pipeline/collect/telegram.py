"""Telegram Desktop JSON export (``result.json``): one chat, or a full account export with many chats.

Shapes (Telegram Desktop "Export chat history" / "Export Telegram data", JSON):

- single chat: ``{"name", "type", "id", "messages": [message, ...]}``;
- full export: ``{..., "chats": {"about", "list": [chat, ...]}, "left_chats": {"list": [...]}}``.

A message: ``id``, ``type`` (``message`` or ``service``), ``date`` (local time of the exporting machine, no
offset), ``date_unixtime`` (string), ``from``, ``from_id`` (``user123`` / ``channel123``), ``text`` (a string, or a
list of strings and ``{"type", "text"}`` entities), optional ``reply_to_message_id``, ``forwarded_from``,
``photo``/``file``/``media_type``, ``reactions``.

The file is streamed with ijson, so a multi-gigabyte export is read in constant memory apart from the texts kept
to resolve replies within the current chat (capped, see ``REPLY_MEMORY``). ``date_unixtime`` wins over ``date``
when both are there (it is absolute); a bare ``date`` is read in ``--timezone`` (Asia/Jakarta by default).
Service messages (joins, pins, calls) are skipped and counted, not rejected.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson

from pipeline.collect.base import (
    Collector,
    Raw,
    Reject,
    Skip,
    as_id,
    make_post,
    parse_time,
    register,
)
from pipeline.io.files import iter_streams

REPLY_MEMORY = 200_000
"""Texts of at most this many earlier messages per chat are kept to fill ``parent_text`` of replies."""
PARENT_TEXT_CHARS = 4_000

_MESSAGE_PREFIXES = {
    "messages.item": "$",
    "chats.list.item.messages.item": "$.chats.list",
    "left_chats.list.item.messages.item": "$.left_chats.list",
}
_CHAT_PREFIXES = {"": "$", "chats.list.item": "$.chats.list", "left_chats.list.item": "$.left_chats.list"}
_MEDIA_KEYS = (
    "photo",
    "file",
    "media_type",
    "sticker_emoji",
    "poll",
    "location_information",
    "contact_information",
)


class _Chat:
    __slots__ = ("id", "name", "type", "index", "base", "texts", "count")

    def __init__(self, base: str, index: int | None) -> None:
        self.id: str | None = None
        self.name: str | None = None
        self.type: str | None = None
        self.base = base
        self.index = index
        self.texts: dict[str, str] = {}
        self.count = 0

    def path(self, message_index: int) -> str:
        if self.index is None:
            return f"$.messages[{message_index}]"
        return f"{self.base}[{self.index}].messages[{message_index}]"

    def remember(self, message_id: str, text: str) -> None:
        if len(self.texts) >= REPLY_MEMORY:
            self.texts.pop(next(iter(self.texts)))
        self.texts[message_id] = text[:PARENT_TEXT_CHARS]


def flatten_text(value: Any) -> str | None:
    """Telegram ``text``: a string, or a list of strings and ``{"type", "text"}`` entities, joined. None when
    the value has another type (the caller rejects it)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
            else:
                return None
        return "".join(parts)
    return None


@register
class TelegramDesktop(Collector):
    name = "telegram-desktop"
    description = "Telegram Desktop export result.json (one chat or the whole account)"

    @classmethod
    def detect(cls, head: bytes, name: str) -> int:
        if b'"messages"' in head and (b'"date_unixtime"' in head or b'"from_id"' in head):
            return 90
        if b'"personal_information"' in head or (b'"chats"' in head and b'"list"' in head):
            return 80
        if name == "result.json" and b'"messages"' in head:
            return 60
        return 0

    def read(self, path: Path) -> Iterator[Raw]:
        for label, fh in iter_streams(path):
            yield from self._read_stream(label, fh)

    def _read_stream(self, label: str, fh: Any) -> Iterator[Raw]:
        chats: dict[str, int] = {}  # chat prefix -> how many chats of that list were seen
        chat = _Chat("$", None)
        builder: ijson.ObjectBuilder | None = None
        depth = 0
        where = "$"
        try:
            for prefix, event, value in ijson.parse(fh, use_float=True):
                if builder is not None:
                    builder.event(event, value)
                    if event in ("start_map", "start_array"):
                        depth += 1
                    elif event in ("end_map", "end_array"):
                        depth -= 1
                        if depth == 0:
                            where = chat.path(chat.count)
                            yield self._message(builder.value, chat, label, where)
                            chat.count += 1
                            builder = None
                    continue
                if event == "start_map" and prefix in _MESSAGE_PREFIXES:
                    builder = ijson.ObjectBuilder()
                    builder.event(event, value)
                    depth = 1
                elif event == "start_map" and prefix in _CHAT_PREFIXES and prefix:
                    index = chats.get(prefix, 0)
                    chats[prefix] = index + 1
                    chat = _Chat(_CHAT_PREFIXES[prefix], index)
                elif (prefix == "id" or prefix.endswith(".id")) and event in ("number", "string"):
                    owner = prefix[:-3] if prefix != "id" else ""
                    if owner in _CHAT_PREFIXES:
                        chat.id = as_id(value) if not isinstance(value, float) else str(int(value))
                elif event == "string" and (prefix.endswith("name") or prefix.endswith("type")):
                    owner, _, key = prefix.rpartition(".")
                    if owner in _CHAT_PREFIXES:
                        setattr(chat, key, value)
        except (ijson.JSONError, UnicodeDecodeError, OSError, EOFError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            kind = (
                "truncated JSON"
                if "incomplete" in reason.lower() or "premature" in reason.lower()
                else "invalid JSON"
            )
            if isinstance(exc, UnicodeDecodeError) or "utf" in reason.lower():
                kind = "invalid UTF-8"
            at = chat.path(chat.count) if builder is not None else where
            yield Raw(None, label, None, path=at, error=f"{kind} at {at} ({reason[:200]})")

    def _message(self, message: Any, chat: _Chat, label: str, where: str) -> Raw:
        parent_text = None
        if isinstance(message, dict):
            mid = as_id(message.get("id"))
            reply_to = as_id(message.get("reply_to_message_id"))
            if reply_to is not None:
                parent_text = chat.texts.get(reply_to)
            text = flatten_text(message.get("text"))
            if mid is not None and text:
                chat.remember(mid, text)
        return Raw(message, label, None, path=where, context=(chat.id, chat.name, chat.type, parent_text))

    def map(self, raw: Raw) -> dict[str, Any] | Reject | Skip:
        msg = raw.value
        if not isinstance(msg, dict):
            return Reject(f"expected a message object, got {type(msg).__name__}")
        chat_id, chat_name, chat_type, parent_text = raw.context
        mtype = msg.get("type", "message")
        if mtype == "service":
            return Skip("service message")
        if mtype != "message":
            return Skip(f"not a message (type {mtype!r})")
        if chat_id is None:
            return Reject("chat has no id")
        mid = as_id(msg.get("id"))
        if mid is None:
            return Reject("missing or invalid message id")
        if "text" not in msg and "text_entities" not in msg:
            return Reject("missing text")
        text = flatten_text(msg["text"] if "text" in msg else msg["text_entities"])
        if text is None:
            return Reject(
                f"text is {type(msg.get('text')).__name__}, expected a string or a list of entities"
            )
        media = [key for key in _MEDIA_KEYS if msg.get(key)]
        if not text.strip() and not media:
            return Skip("empty message")

        try:
            if msg.get("date_unixtime"):
                created_at = parse_time(int(str(msg["date_unixtime"])), self.options.tz)
            else:
                created_at = parse_time(msg.get("date"), self.options.tz)
        except (ValueError, TypeError):
            return Reject(f"invalid date {msg.get('date_unixtime') or msg.get('date')!r}")

        author = None
        from_id = as_id(msg.get("from_id"))
        if from_id or msg.get("from"):
            author = {
                "id": f"telegram:{from_id}" if from_id else None,
                "platform": "telegram",
                "handle": None,
                "name": msg.get("from") if isinstance(msg.get("from"), str) else None,
                "bio": None,
            }

        kind, parent_id = "post", None
        reply_to = as_id(msg.get("reply_to_message_id"))
        forwarded = msg.get("forwarded_from")
        if reply_to is not None:
            kind, parent_id = "reply", f"telegram:{chat_id}:{reply_to}"
        elif forwarded:
            kind = "share"
        reactions = msg.get("reactions")
        likes = None
        if isinstance(reactions, list):
            likes = sum(
                r.get("count", 0)
                for r in reactions
                if isinstance(r, dict) and isinstance(r.get("count"), int)
            )
        post = make_post(
            platform="telegram",
            platform_id=f"{chat_id}:{mid}",
            text=text,
            fmt=self.name,
            raw=raw,
            created_at=created_at,
            kind=kind,
            parent_id=parent_id,
            parent_text=parent_text if reply_to is not None else None,
            author=author,
            metrics={"likes": likes} if likes is not None else None,
            forwarded_from=forwarded if isinstance(forwarded, str) else None,
            media=media or None,
            edited=msg.get("edited") if isinstance(msg.get("edited"), str) else None,
        )
        post["source"]["chat"] = {"id": chat_id, "name": chat_name, "type": chat_type}
        return post
