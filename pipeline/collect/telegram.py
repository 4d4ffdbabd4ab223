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

Messages are read one by one, so one bad message is rejected alone with its JSON path: the stream goes through
:class:`pipeline.collect.repair.RepairedStream` (invalid UTF-8, unpaired surrogate escapes and over-long digit runs
are marked, not fatal), every message is checked for integers over 64 bits and nesting past ``MAX_DEPTH``, and any
array under a ``messages`` key counts, wherever it is. Only a syntax error (a file cut short, a stray character
between values) stops the reading: what came before is kept, and one reject says where the rest was lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson
import orjson

from pipeline.collect.base import Collector, Raw, Reject, Skip, register
from pipeline.collect.clean import MAX_DEPTH, find_value, is_big_int
from pipeline.collect.fields import NAME_CHARS, as_count, as_id, as_str, make_post, parse_time
from pipeline.collect.repair import DIGITS_MARK, LONG_NUMBER_DIGITS, REPLACEMENT, RepairedStream
from pipeline.io.files import iter_streams

REPLY_MEMORY = 200_000
"""Texts of at most this many earlier messages per chat are kept to fill ``parent_text`` of replies."""
PARENT_TEXT_CHARS = 4_000

_OTHER_MEDIA = (("poll", "poll"), ("location_information", "location"), ("contact_information", "contact"))


def media_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The message's attachments as canonical media (``{"type", "path"}``; ``path`` relative to the export's folder,
    null when the export left the file out)."""

    def path(value: Any) -> str | None:
        return value if isinstance(value, str) and value and not value.startswith("(") else None

    media: list[dict[str, Any]] = []
    if message.get("photo"):
        media.append({"type": "photo", "path": path(message["photo"])})
    kind = message.get("media_type")
    if message.get("file") or kind:
        media.append(
            {"type": kind if isinstance(kind, str) and kind else "file", "path": path(message.get("file"))}
        )
    media.extend({"type": name} for key, name in _OTHER_MEDIA if message.get(key))
    return media


class _Chat:
    """A chat: the object holding a ``messages`` array (the export itself, or an entry of ``chats.list``)."""

    __slots__ = ("id", "name", "type", "where", "texts", "count")

    def __init__(self, where: str) -> None:
        self.id: str | None = None
        self.name: str | None = None
        self.type: str | None = None
        self.where = where  # its JSON path: "$" or "$.chats.list[3]"
        self.texts: dict[str, str] = {}
        self.count = 0

    def path(self, message_index: int) -> str:
        return f"{self.where}.messages[{message_index}]"

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


class _Stream:
    """Where the reading of one export stands: the chat it is in and the message being built from ijson's events.

    A message is built only to :data:`MAX_DEPTH` levels (deeper, the rest of it is skipped and it is rejected);
    a value in a ``messages`` array that is not an object is handed on as it is (and rejected by ``map``).
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.items: dict[str, int] = {}  # array prefix ("chats.list.item") -> items begun so far
        self.owners: dict[str, _Chat] = {}  # object prefix -> the (would-be) chat there now
        self.chat = self._owner("")
        self.builder: ijson.ObjectBuilder | None = None
        self.depth = 0
        self.too_deep = False
        self.where = "$"

    def feed(self, prefix: str, event: str, value: Any) -> Raw | None:
        """Take one ijson event; the message's :class:`Raw` when the event completes one, else None.

        Any array under a ``messages`` key holds messages, and the object around it is their chat, wherever it
        is (a damaged key on the way, ``chats.l?st``, loses nothing)."""
        if self.builder is not None:
            return self._build(event, value)
        if event not in ("map_key", "end_map", "end_array") and (
            prefix == "item" or prefix.endswith(".item")
        ):
            self.items[prefix] = self.items.get(prefix, 0) + 1
            self.owners.pop(prefix, None)  # a new object there: a new chat, if it holds messages
        if prefix == "messages.item" or prefix.endswith(".messages.item"):
            self.chat = self._owner(prefix[: -len("messages.item")].rstrip("."))
            if event in ("start_map", "start_array"):
                self.builder, self.depth, self.too_deep = ijson.ObjectBuilder(), 1, False
                self.builder.event(event, value)
                return None
            return self._done(value)  # a message that is not an object: map rejects it
        owner, _, key = prefix.rpartition(".")
        if key == "messages" and event not in ("start_array", "end_array", "map_key", "end_map"):
            where = self._owner(owner).path(0).rpartition("[")[0]
            kind = "an object" if event == "start_map" else f"a {event}"
            return Raw(
                value, self.label, None, path=where, error=f"messages is {kind}, expected a list, at {where}"
            )
        if key == "id" and event in ("number", "string"):
            self._owner(owner).id = as_id(value)
        elif key in ("name", "type") and event == "string":
            setattr(self._owner(owner), key, value)
        return None

    def _owner(self, prefix: str) -> _Chat:
        chat = self.owners.get(prefix)
        if chat is None:
            where = "$"
            parts: list[str] = []
            for part in prefix.split(".") if prefix else ():
                parts.append(part)
                index = self.items.get(".".join(parts), 0) - 1
                where += f"[{index}]" if part == "item" else f".{part}"
            chat = self.owners[prefix] = _Chat(where)
        return chat

    def _build(self, event: str, value: Any) -> Raw | None:
        assert self.builder is not None
        if event in ("start_map", "start_array"):
            self.depth += 1
            self.too_deep = self.too_deep or self.depth > MAX_DEPTH
        elif event in ("end_map", "end_array"):
            self.depth -= 1
        if not self.too_deep:  # past the limit nothing more is built: what was is kept for the rejects file
            self.builder.event(event, value)
        if self.depth:
            return None
        message, self.builder = self.builder.value, None
        raw = self._done(message)
        if self.too_deep:
            raw.error = f"nested deeper than {MAX_DEPTH} levels at {raw.path}"
        return raw

    def _done(self, message: Any) -> Raw:
        chat = self.chat
        self.where = chat.path(chat.count)
        chat.count += 1
        parent_text = None
        if isinstance(message, dict):
            mid = as_id(message.get("id"))
            reply_to = as_id(message.get("reply_to_message_id"))
            if reply_to is not None:
                parent_text = chat.texts.get(reply_to)
            text = flatten_text(message.get("text"))
            if mid is not None and text:
                chat.remember(mid, text)
        context = (chat.id, chat.name, chat.type, parent_text)
        return Raw(message, self.label, None, path=self.where, context=context)

    def failure(self, exc: Exception) -> Raw:
        """The one record for a stream that cannot be read further (truncated, not JSON)."""
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        lowered = reason.lower()
        kind = "truncated JSON" if "incomplete" in lowered or "premature" in lowered else "invalid JSON"
        if isinstance(exc, UnicodeDecodeError) or "utf" in lowered:
            kind = "invalid UTF-8"
        at = self.chat.path(self.chat.count) if self.builder is not None else self.where
        return Raw(
            None, self.label, None, path=at, error=f"{kind} at {at} ({reason[:200]}); the rest is unread"
        )


def _checked(raw: Raw, stream: RepairedStream) -> Raw:
    """``raw`` with ``error`` set when its message holds what no writer takes: an integer over 64 bits (named by
    its path), or bytes the stream had to mend (invalid UTF-8, a digit run over 4,000)."""
    if raw.error is not None or raw.value is None:
        return raw
    try:
        dumped = orjson.dumps(raw.value, default=str)
    except TypeError:
        where = find_value(raw.value, is_big_int, raw.path or "$")
        raw.error = f"number out of range (64-bit integers) at {where or raw.path}"
        return raw
    if stream.repairs:
        if REPLACEMENT.encode() in dumped:
            where = find_value(raw.value, lambda v: isinstance(v, str) and REPLACEMENT in v, raw.path or "$")
            raw.error = f"invalid UTF-8 or an unpaired surrogate at {where or raw.path}"
        elif DIGITS_MARK in dumped:
            raw.error = f"a number or digit run of {LONG_NUMBER_DIGITS:,} digits or more at {raw.path}"
    return raw


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
        stream = RepairedStream(fh)
        state = _Stream(label)
        try:
            for prefix, event, value in ijson.parse(stream):
                raw = state.feed(prefix, event, value)
                if raw is not None:
                    yield _checked(raw, stream)
        except (ijson.JSONError, UnicodeDecodeError, OSError, EOFError, ValueError) as exc:
            yield state.failure(exc)

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
        media = media_of(msg)
        if not text.strip() and not media:
            return Skip("empty message")

        try:
            if msg.get("date_unixtime"):
                created_at = parse_time(int(str(msg["date_unixtime"])), self.options.tz)
            else:
                created_at = parse_time(msg.get("date"), self.options.tz)
        except (ValueError, TypeError, OverflowError):
            return Reject(f"invalid date {msg.get('date_unixtime') or msg.get('date')!r}")

        author = None
        from_id = as_id(msg.get("from_id"))
        if from_id or msg.get("from"):
            author = {
                "id": f"telegram:{from_id}" if from_id else None,
                "platform": "telegram",
                "handle": None,
                "name": as_str(msg.get("from"), NAME_CHARS),
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
            counts = (as_count(r.get("count")) for r in reactions if isinstance(r, dict))
            likes = as_count(sum(c for c in counts if c is not None))
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
