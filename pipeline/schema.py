"""Canonical records shared by every stage (CONTRACT "Canonical post", ``classify`` and ``accounts score``).

These pydantic models are the one home of the file formats: collectors write :class:`Post`, ``classify``
writes :class:`Prediction`, ``accounts score`` writes :class:`AccountScore`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.labels import ALL_LABELS, REVIEW_FLAGS

PostKind = Literal["post", "comment", "reply", "share", "quote"]
ASNClass = Literal["ASN", "NON_ASN", "UNKNOWN"]


class _Record(BaseModel):
    # Unknown keys are kept (CONTRACT: "you may add fields"), so a round trip loses nothing.
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Author(_Record):
    """The account that wrote a post; also the input line of ``accounts score``."""

    id: str | None = None
    platform: str | None = None
    handle: str | None = None
    name: str | None = None
    bio: str | None = None


class Metrics(_Record):
    likes: int | None = None
    shares: int | None = None
    replies: int | None = None
    views: int | None = None


class Source(_Record):
    """Provenance: which export format, file and line (or JSON path) a post came from."""

    format: str | None = None
    file: str | None = None
    line: int | None = None
    path: str | None = None


class Media(_Record):
    """An image or file attached to a post (CONTRACT "canonical post additions").

    ``path`` is relative to the export's folder (the ``--media-root`` of ``asnwatch ocr``); ``url`` is kept for
    the reviewer and never fetched. ``ocr_text`` / ``ocr_confidence`` (0-1) are set by ``asnwatch ocr``, and
    ``ocr_error`` says why an image could not be read.
    """

    type: str = "photo"
    key: str | None = None
    url: str | None = None
    path: str | None = None
    ocr_text: str | None = None
    ocr_confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    ocr_error: str | None = None

    @property
    def read(self) -> bool:
        """True when OCR found text in this image."""
        return bool(self.ocr_text) and self.ocr_error is None


class Post(_Record):
    """One canonical post. ``id`` is ``<platform>:<platform_id>`` and stable across re-imports."""

    id: str = Field(min_length=1)
    text: str
    platform: str | None = None
    platform_id: str | None = None
    url: str | None = None
    created_at: datetime | None = None
    kind: PostKind = "post"
    parent_id: str | None = None
    parent_text: str | None = None
    # a quoted post (CONTRACT "canonical post additions"): a tweet can reply to one post and quote another
    quoted_id: str | None = None
    quoted_text: str | None = None
    lang: str | None = None
    author: Author | None = None
    metrics: Metrics | None = None
    source: Source | None = None
    media: list[Media] | None = None

    @field_validator("media", mode="before")
    @classmethod
    def _media_items(cls, value: Any) -> Any:
        # older exports and collectors name only the kind of medium ("photo"): keep it as {"type": ...}
        if isinstance(value, list):
            return [{"type": item} if isinstance(item, str) else item for item in value]
        return value

    @field_validator("created_at")
    @classmethod
    def _needs_offset(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("created_at must carry a UTC offset (ISO 8601, e.g. 2024-11-20T10:15:00+07:00)")
        return value

    def to_json_dict(self) -> dict[str, Any]:
        """JSON-ready dict with ``created_at`` in ISO 8601, ``None`` fields dropped below the top level."""
        return self.model_dump(mode="json", exclude_none=False)


class Prediction(_Record):
    """One line of ``classify`` output."""

    id: str
    labels: list[str]
    partisan_score: float = Field(ge=0.0, le=1.0)
    scores: dict[str, float] = Field(default_factory=dict)
    targets: list[int] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    model: str

    @field_validator("labels")
    @classmethod
    def _known_labels(cls, value: list[str]) -> list[str]:
        unknown = [label for label in value if label not in ALL_LABELS]
        if unknown:
            raise ValueError(f"unknown label(s) {unknown}")
        return value

    @field_validator("flags")
    @classmethod
    def _known_flags(cls, value: list[str]) -> list[str]:
        unknown = [flag for flag in value if flag not in REVIEW_FLAGS]
        if unknown:
            raise ValueError(f"unknown flag(s) {unknown}")
        return value


class NIPInfo(_Record):
    """A parsed NIP, already masked: the full number is never kept in output."""

    kind: Literal["PNS", "PPPK", "UNKNOWN"]
    birth_date: str
    appointed: str
    sex: Literal["L", "P"]
    masked: str


class AccountScore(_Record):
    """One line of ``accounts score`` output."""

    id: str | None
    asn_class: ASNClass
    asn_score: float = Field(ge=0.0, le=1.0)
    reasons: list[str] = Field(default_factory=list)
    nip: NIPInfo | None = None
