"""TikTok Research API responses: video query and comment list.

Shapes (https://developers.tiktok.com/doc/research-api-specs-query-videos, ``.../query-video-comments``)::

    {"data": {"videos": [{"id", "video_description", "create_time" (Unix s), "username", "region_code",
              "like_count", "comment_count", "share_count", "view_count", "hashtag_names", "voice_to_text"}],
              "cursor", "has_more", "search_id"},
     "error": {"code": "ok", "message": "", "log_id"}}
    {"data": {"comments": [{"id", "text", "video_id", "parent_comment_id", "like_count", "reply_count",
              "create_time"}], "cursor", "has_more"}, "error": {...}}

One response per line (JSONL), a whole response, or a JSON list of responses; bare video/comment objects per line
work too. A comment whose ``parent_comment_id`` is its video is a ``comment``, otherwise a ``reply``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.collect.base import Collector, Raw, Reject, Skip, register
from pipeline.collect.fields import as_handle, as_id, clean_metrics, make_post, parse_time
from pipeline.collect.readers import iter_json_documents


@register
class TikTokResearch(Collector):
    name = "tiktok"
    description = "TikTok Research API video and comment responses (JSON or JSON Lines)"

    @classmethod
    def detect(cls, head: bytes, name: str) -> int:
        if b'"video_description"' in head or (b'"videos"' in head and b'"search_id"' in head):
            return 85
        if b'"video_id"' in head and b'"parent_comment_id"' in head:
            return 85
        return 0

    def read(self, path: Path) -> Iterator[Raw]:
        for label, line, value, bad in iter_json_documents(path):
            if bad is not None:
                yield bad
                continue
            items = value if isinstance(value, list) else [value]
            for i, item in enumerate(items):
                at = f"$[{i}]" if isinstance(value, list) else "$"
                yield from self._records(item, label, line, at)

    def _records(self, value: Any, label: str, line: int | None, at: str) -> Iterator[Raw]:
        if not isinstance(value, dict):
            yield Raw(
                value, label, line, path=at, error=f"expected a JSON object, got {type(value).__name__}"
            )
            return
        data = value.get("data")
        if not isinstance(data, dict):
            if "data" in value or "error" in value:
                error = value.get("error")
                reason = error.get("message") if isinstance(error, dict) else None
                yield Raw(value, label, line, path=at, skip=f"response without data ({reason or 'no data'})")
            else:  # a bare video or comment
                yield Raw(value, label, line, path=None if at == "$" else at, context=_kind_of(value))
            return
        found = False
        for key, kind in (("videos", "video"), ("comments", "comment")):
            items = data.get(key)
            if isinstance(items, list):
                found = True
                for i, item in enumerate(items):
                    yield Raw(item, label, line, path=f"{at}.data.{key}[{i}]", context=kind)
        if not found:
            yield Raw(value, label, line, path=at, skip="response page without videos or comments")

    def map(self, raw: Raw) -> dict[str, Any] | Reject | Skip:
        item = raw.value
        if not isinstance(item, dict):
            return Reject(f"expected an object, got {type(item).__name__}")
        pid = as_id(item.get("id"))
        if pid is None:
            return Reject("missing or invalid id")
        is_video = raw.context == "video"
        text = item.get("video_description") if is_video else item.get("text")
        if text is None:
            return Reject("missing text")
        if not isinstance(text, str):
            return Reject(f"text is {type(text).__name__}, expected a string")
        try:
            created_at = parse_time(item.get("create_time"), self.options.tz)
        except (ValueError, TypeError, OverflowError):
            return Reject(f"invalid create_time {item.get('create_time')!r}")
        if is_video:
            username = as_handle(item.get("username"))
            return make_post(
                platform="tiktok",
                platform_id=pid,
                text=text,
                fmt=self.name,
                raw=raw,
                url=f"https://www.tiktok.com/@{username}/video/{pid}" if username else None,
                created_at=created_at,
                author={
                    "id": f"tiktok:{username}",
                    "platform": "tiktok",
                    "handle": username,
                    "name": None,
                    "bio": None,
                }
                if username
                else None,
                metrics=clean_metrics(
                    likes=item.get("like_count"),
                    shares=item.get("share_count"),
                    replies=item.get("comment_count"),
                    views=item.get("view_count"),
                ),
                hashtags=_strings(item.get("hashtag_names")),
                transcript=item.get("voice_to_text") if isinstance(item.get("voice_to_text"), str) else None,
                region=item.get("region_code") if isinstance(item.get("region_code"), str) else None,
            )
        video_id = as_id(item.get("video_id"))
        parent = as_id(item.get("parent_comment_id"))
        is_reply = parent is not None and parent != video_id
        return make_post(
            platform="tiktok",
            platform_id=pid,
            text=text,
            fmt=self.name,
            raw=raw,
            created_at=created_at,
            kind="reply" if is_reply else "comment",
            parent_id=f"tiktok:{parent if is_reply else video_id}" if (parent or video_id) else None,
            metrics=clean_metrics(likes=item.get("like_count"), replies=item.get("reply_count")),
            video_id=f"tiktok:{video_id}" if video_id else None,
        )


def _strings(value: Any) -> list[str] | None:
    """The strings of a list (hashtags), None when it is not a list."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else None


def _kind_of(item: dict[str, Any]) -> str:
    return "video" if "video_description" in item or "username" in item else "comment"
