"""Telegram group membership from a Telegram Desktop export (``result.json``: one chat or the whole account).

The file is read by the post collector's reader (:class:`pipeline.collect.telegram.TelegramDesktop`: streamed
with ijson, each message with its JSON path and its chat's id, name and type), so what it rejects there it
rejects here. Each message becomes at most one membership:

- a message in a group or supergroup (chat ``type`` ``private_group``, ``private_supergroup``,
  ``public_supergroup``): its author (``from_id``, ``user123``) is a ``member`` of the chat, object account
  ``telegram:<chat id>`` with the chat's name as handle, ``at`` the message's time. The run keeps the first
  interaction of each id, so a member's ``at`` is the first message of theirs the export holds (exports run
  oldest first); the later ones count as duplicates;
- a service message ``join_group_by_link`` or ``join_group_by_request`` (``actor_id``): a member from then on;
- ``invite_members`` lists the invited by name only (no account ids): skipped, as are other service messages;
- a message sent as a channel (``from_id`` ``channel123``: a linked channel's post, an anonymous admin), any
  message of a channel (chat ``type`` ending in ``channel``: its author is the channel itself) and of a personal
  chat: skipped;
- a message that is not an object, has no author id or an unreadable date, or a chat without an id: rejected
  with its JSON path.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path
from typing import Any

from pipeline.collect.base import Raw, Reject, Skip
from pipeline.collect.fields import NAME_CHARS, PLATFORM_ID_CHARS, as_id, as_str, parse_time
from pipeline.collect.telegram import TelegramDesktop
from pipeline.interactions.base import InteractionCollector, register
from pipeline.interactions.record import OBJECT_HANDLE_CHARS, make_interaction

FORMAT = "telegram-members"
JOINS = frozenset({"join_group_by_link", "join_group_by_request"})


def message_time(message: dict[str, Any], tz: tzinfo) -> str | None:
    """The message's time: ``date_unixtime`` (absolute) when there, else ``date`` read in ``tz``.
    Raises ValueError (or TypeError, OverflowError) for an unreadable one."""
    if message.get("date_unixtime"):
        return parse_time(int(str(message["date_unixtime"])), tz)
    return parse_time(message.get("date"), tz)


def _chat_skip(chat_type: Any) -> Skip | Reject | None:
    """Why a chat's messages say nothing of membership, or None for a group. A chat whose type is missing or
    not a string (a damaged export) rejects its messages: whether they are members cannot be told."""
    if not isinstance(chat_type, str):
        return Reject("chat type missing or not a string: cannot tell a group from a channel")
    kind = chat_type
    if kind.endswith("channel"):
        return Skip("channel message: its author is the channel itself")
    if "group" not in kind:
        return Skip(f"not a group (chat type {chat_type!r})")
    return None


def _author(message: dict[str, Any]) -> tuple[str | None, Any] | Reject | Skip:
    """``(author id, author name)`` of a message or a join, or why there is none."""
    mtype = message.get("type", "message")
    if mtype == "service":
        action = message.get("action")
        if not isinstance(action, str):
            return Reject(f"service message action is {type(action).__name__}, expected a string")
        if action == "invite_members":
            return Skip("invite_members lists names only, no account ids")
        if action not in JOINS:
            return Skip(f"service message ({action})")
        author_id, name, field = as_id(message.get("actor_id")), message.get("actor"), "actor_id"
    elif mtype == "message":
        author_id, name, field = as_id(message.get("from_id")), message.get("from"), "from_id"
    else:
        return Skip(f"not a message (type {mtype!r})")
    if author_id is None:
        return Reject(f"missing or invalid {field}")
    if author_id.startswith("channel"):
        return Skip("sent as a channel, not by a member")
    if len(author_id) > PLATFORM_ID_CHARS:
        return Reject(f"{field} longer than {PLATFORM_ID_CHARS} characters")
    return author_id, name


@register
class TelegramMembers(InteractionCollector):
    name = FORMAT
    description = "group members (message authors and joins) from a Telegram Desktop export result.json"

    @classmethod
    def detect(cls, head: bytes, name: str) -> int:
        return TelegramDesktop.detect(head, name)

    def read(self, path: Path) -> Iterator[Raw]:
        yield from TelegramDesktop(self.options.collect_options()).read(path)

    def map(self, raw: Raw) -> dict[str, Any] | Reject | Skip:
        message = raw.value
        if not isinstance(message, dict):
            return Reject(f"expected a message object, got {type(message).__name__}")
        chat_id, chat_name, chat_type, _ = raw.context
        skip = _chat_skip(chat_type)
        if skip is not None:
            return skip
        if chat_id is None or len(chat_id) > PLATFORM_ID_CHARS:
            return Reject("chat has no id")
        author = _author(message)
        if not isinstance(author, tuple):
            return author
        author_id, name = author
        try:
            at = message_time(message, self.options.tz)
        except (ValueError, TypeError, OverflowError):
            return Reject(f"invalid date {message.get('date_unixtime') or message.get('date')!r}")
        actor = {
            "id": f"telegram:{author_id}",
            "platform": "telegram",
            "handle": None,
            "name": as_str(name, NAME_CHARS),
            "bio": None,
        }
        return make_interaction(
            platform="telegram",
            kind="member",
            actor=actor,
            object_type="account",
            object_id=f"telegram:{chat_id}",
            object_handle=as_str(chat_name, OBJECT_HANDLE_CHARS),
            at=at,
            fmt=FORMAT,
            raw=raw,
        )
