"""YouTube Data API v3 ``commentThreads.list`` responses.

Shape (https://developers.google.com/youtube/v3/docs/commentThreads)::

    {"kind": "youtube#commentThreadListResponse", "nextPageToken", "items": [
      {"kind": "youtube#commentThread", "id", "snippet": {"videoId", "channelId", "totalReplyCount",
        "topLevelComment": {"kind": "youtube#comment", "id", "snippet": {"authorDisplayName",
          "authorChannelUrl", "authorChannelId": {"value"}, "videoId", "textDisplay", "textOriginal",
          "likeCount", "publishedAt", "updatedAt"}}},
       "replies": {"comments": [{"kind": "youtube#comment", "id", "snippet": {..., "parentId"}}]}}]}

One response per line, a whole response, or a list of responses. The top-level comment is a ``comment`` on the
video (``parent_id`` ``youtube:<videoId>``); each reply is a ``reply`` whose ``parent_text`` is the top-level
comment. ``textOriginal`` is preferred to ``textDisplay`` (which is HTML).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.collect.base import Collector, Raw, Reject, register
from pipeline.collect.fields import NAME_CHARS, as_handle, as_id, as_str, clean_metrics, make_post, parse_time
from pipeline.collect.readers import iter_json_documents


@register
class YouTubeCommentThreads(Collector):
    name = "youtube"
    description = "YouTube Data API v3 commentThreads responses (JSON or JSON Lines)"

    @classmethod
    def detect(cls, head: bytes, name: str) -> int:
        return 90 if b"youtube#commentThread" in head or b"youtube#comment" in head else 0

    def read(self, path: Path) -> Iterator[Raw]:
        for label, line, value, bad in iter_json_documents(path):
            if bad is not None:
                yield bad
                continue
            pages = value if isinstance(value, list) else [value]
            for p, page in enumerate(pages):
                at = f"$[{p}]" if isinstance(value, list) else "$"
                if not isinstance(page, dict):
                    yield Raw(
                        page, label, line, path=at, error=f"expected a JSON object, got {type(page).__name__}"
                    )
                    continue
                if page.get("kind") == "youtube#commentThread":  # a bare thread per line
                    yield from self._thread(page, label, line, at)
                    continue
                items = page.get("items")
                if not isinstance(items, list):
                    yield Raw(page, label, line, path=at, error="response has no items list")
                    continue
                for i, thread in enumerate(items):
                    yield from self._thread(thread, label, line, f"{at}.items[{i}]")

    def _thread(self, thread: Any, label: str, line: int | None, at: str) -> Iterator[Raw]:
        if not isinstance(thread, dict):
            yield Raw(
                thread, label, line, path=at, error=f"expected a commentThread, got {type(thread).__name__}"
            )
            return
        raw_snippet = thread.get("snippet")
        snippet = raw_snippet if isinstance(raw_snippet, dict) else {}
        top = snippet.get("topLevelComment")
        top_text = None
        if isinstance(top, dict):
            raw_top = top.get("snippet")
            top_snippet = raw_top if isinstance(raw_top, dict) else {}
            top_text = top_snippet.get("textOriginal") or top_snippet.get("textDisplay")
        yield Raw(
            top, label, line, path=f"{at}.snippet.topLevelComment", context=(snippet.get("videoId"), None)
        )
        replies = thread.get("replies")
        comments = replies.get("comments") if isinstance(replies, dict) else None
        if isinstance(comments, list):
            for k, comment in enumerate(comments):
                yield Raw(
                    comment,
                    label,
                    line,
                    path=f"{at}.replies.comments[{k}]",
                    context=(snippet.get("videoId"), top_text if isinstance(top_text, str) else None),
                )

    def map(self, raw: Raw) -> dict[str, Any] | Reject:
        comment = raw.value
        if not isinstance(comment, dict):
            return Reject(f"expected a comment object, got {type(comment).__name__}")
        cid = as_id(comment.get("id"))
        if cid is None:
            return Reject("missing or invalid id")
        snippet = comment.get("snippet")
        if not isinstance(snippet, dict):
            return Reject("comment has no snippet")
        text = snippet.get("textOriginal", snippet.get("textDisplay"))
        if text is None:
            return Reject("missing text")
        if not isinstance(text, str):
            return Reject(f"text is {type(text).__name__}, expected a string")
        try:
            created_at = parse_time(snippet.get("publishedAt"), self.options.tz)
        except (ValueError, TypeError, OverflowError):
            return Reject(f"invalid publishedAt {snippet.get('publishedAt')!r}")
        thread_video, top_text = raw.context
        video_id = as_id(snippet.get("videoId")) or as_id(thread_video)
        parent = as_id(snippet.get("parentId"))
        channel = snippet.get("authorChannelId")
        channel_id = as_id(channel.get("value")) if isinstance(channel, dict) else as_id(channel)
        display = as_str(snippet.get("authorDisplayName"), NAME_CHARS)
        author = None
        if channel_id or display:
            author = {
                "id": f"youtube:{channel_id}" if channel_id else None,
                "platform": "youtube",
                "handle": as_handle(display.lstrip("@")) if display and display.startswith("@") else None,
                "name": display,
                "bio": None,
            }
        return make_post(
            platform="youtube",
            platform_id=cid,
            text=text,
            fmt=self.name,
            raw=raw,
            url=f"https://www.youtube.com/watch?v={video_id}&lc={cid}" if video_id else None,
            created_at=created_at,
            kind="reply" if parent else "comment",
            parent_id=f"youtube:{parent}" if parent else (f"youtube:{video_id}" if video_id else None),
            parent_text=top_text if parent else None,
            author=author,
            metrics=clean_metrics(likes=snippet.get("likeCount")),
            video_id=f"youtube:{video_id}" if video_id else None,
        )
