"""The canonical interaction (CONTRACT "Canonical interaction"): its pydantic model, its stable id, and the dict
the collectors build.

One interaction is one JSON object::

    {"id": "x:follow:44196397:account:123", "platform": "x", "kind": "follow",
     "actor": {"id": "x:44196397", "platform": "x", "handle": "budi_s", "name": "Budi", "bio": "ASN ..."},
     "object": {"type": "account", "id": "x:123", "handle": "HermaHebat"},
     "at": "2024-11-20T10:15:00+07:00" | null,
     "source": {"format": "x-v2-users", "file": "followers.jsonl", "line": 3, "path": "$.data[0]"}}

``actor`` is an account as a canonical post's author is (:class:`pipeline.schema.Author`, with the store's
column sizes). ``object`` is the account or post interacted with: its canonical id when the source gives one,
else only its handle. Collectors build plain dicts (:func:`make_interaction`) for speed; the runner passes each
through :func:`fit_interaction`, which cleans control characters and validates it as :class:`Interaction`.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Literal, Protocol

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipeline.collect.base import Reject
from pipeline.collect.clean import ESCAPED_CONTROL, Unfit, clean_value
from pipeline.collect.fields import HANDLE_CHARS, ID_CHARS, NAME_CHARS, PLATFORM_CHARS
from pipeline.handles import normalise_handle
from pipeline.io.jsonl import describe_validation_error
from pipeline.schema import Author, Source

Kind = Literal["follow", "like", "share", "comment", "member", "subscribe"]
ObjectType = Literal["account", "post"]
KINDS: tuple[str, ...] = ("follow", "like", "share", "comment", "member", "subscribe")
OBJECT_TYPES: tuple[str, ...] = ("account", "post")
OBJECT_HANDLE_CHARS = 200
"""The store's ``interactions.object_handle`` column (a chat name may stand for a handle, so not 150)."""
_IDENTITY = ("id", "actor.id", "object.id")


class _Where(Protocol):
    """Where a raw record came from (:class:`pipeline.collect.base.Raw`)."""

    file: str
    line: int | None
    path: str | None


class Actor(Author):
    """The account that interacted: a post author's fields, an id required, within the store's sizes."""

    id: str = Field(min_length=1, max_length=ID_CHARS)
    platform: str | None = Field(default=None, max_length=PLATFORM_CHARS)
    handle: str | None = Field(default=None, max_length=HANDLE_CHARS)
    name: str | None = Field(default=None, max_length=NAME_CHARS)


class InteractionObject(BaseModel):
    """What was interacted with: ``{"type": "account" | "post", "id": canonical id or null, "handle"?}``;
    an id or a handle is required."""

    model_config = ConfigDict(extra="allow")

    type: ObjectType
    id: str | None = Field(default=None, min_length=1, max_length=ID_CHARS)
    handle: str | None = Field(default=None, max_length=OBJECT_HANDLE_CHARS)

    @model_validator(mode="after")
    def _named(self) -> InteractionObject:
        if self.id is None and not self.handle:
            raise ValueError("the object needs an id or a handle")
        return self


class Interaction(BaseModel):
    """One canonical interaction (see the module doc). Unknown keys are kept, as posts keep theirs."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=ID_CHARS)
    platform: str | None = Field(default=None, max_length=PLATFORM_CHARS)
    kind: Kind
    actor: Actor
    object: InteractionObject
    at: datetime | None = None
    source: Source | None = None

    @field_validator("at")
    @classmethod
    def _needs_offset(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("the time must carry a UTC offset (ISO 8601, e.g. 2024-11-20T10:15:00+07:00)")
        return value


def interaction_id(
    platform: str, kind: str, actor_platform_id: str, object_type: str, object_platform_id: str
) -> str:
    """``<platform>:<kind>:<actor platform id>:<object type>:<object platform id>``, stable across re-imports;
    one longer than the store's 200 characters is ``<platform>:<kind>:h<32 hex of its sha256>`` instead
    (never equal to a natural id, which has four colons or more)."""
    natural = f"{platform}:{kind}:{actor_platform_id}:{object_type}:{object_platform_id}"
    if len(natural) <= ID_CHARS:
        return natural
    digest = hashlib.sha256(natural.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{platform}:{kind}:h{digest}"


def platform_part(canonical_id: str, platform: str) -> str:
    """The platform id inside a canonical ``<platform>:<id>`` (the whole string when it has another prefix)."""
    return canonical_id.removeprefix(f"{platform}:")


def make_interaction(
    *,
    platform: str,
    kind: str,
    actor: dict[str, Any],
    object_type: str,
    object_id: str | None,
    fmt: str,
    raw: _Where,
    object_handle: str | None = None,
    at: str | None = None,
) -> dict[str, Any]:
    """A canonical interaction dict in CONTRACT order. ``actor`` is an author dict with an ``id``; ``object_id``
    is canonical (``x:123``) or None when only ``object_handle`` is known (the id then holds ``@handle``)."""
    if object_id is not None:
        object_part = platform_part(object_id, platform)
    else:
        object_part = "@" + (normalise_handle(object_handle) or object_handle or "")
    source: dict[str, Any] = {"format": fmt, "file": raw.file}
    if raw.line is not None:
        source["line"] = raw.line
    if raw.path is not None:
        source["path"] = raw.path
    obj: dict[str, Any] = {"type": object_type, "id": object_id}
    if object_handle is not None:
        obj["handle"] = object_handle
    return {
        "id": interaction_id(platform, kind, platform_part(actor["id"], platform), object_type, object_part),
        "platform": platform,
        "kind": kind,
        "actor": actor,
        "object": obj,
        "at": at,
        "source": source,
    }


def fit_interaction(record: dict[str, Any]) -> dict[str, Any] | Reject:
    """``record`` ready for every sink, or a :class:`Reject` with the reason.

    Control characters and unpaired surrogates are cleaned as in posts (recorded in ``source.cleaned``; in an
    id they reject the record), and the result must validate as :class:`Interaction`.
    """
    try:
        dumped: bytes | None = orjson.dumps(record)
    except TypeError:
        dumped = None
    if dumped is None or (b"\\" in dumped and ESCAPED_CONTROL.search(dumped)):
        found: dict[str, int] = {}
        try:
            record = clean_value(record, "", found)
        except Unfit as exc:
            return Reject(str(exc))
        for field in _IDENTITY:
            if field in found:
                return Reject(f"{field} contains control characters or unpaired surrogates")
        source = record.get("source")
        if found and isinstance(source, dict):
            source["cleaned"] = found
    try:
        Interaction.model_validate(record)
    except ValidationError as exc:
        return Reject(describe_validation_error(exc))
    return record
