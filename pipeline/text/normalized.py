"""The normaliser's output: normalised text with a map from each of its characters back to the raw text.

:class:`Normalized` keeps the map as segments (one per emitted piece: its length, the raw span it came from,
and whether it maps character by character) and builds the per-character ``offsets`` / ``ends`` only when
asked; :meth:`Normalized.raw_span` reads most spans off the segments directly.
"""

from __future__ import annotations

from bisect import bisect_right

__all__ = ["Normalized", "Segment"]

Segment = tuple[int, int, int, bool]
"""``(normalised length, raw start, raw end, per_char)``: one emitted piece of the normalised text."""


class Normalized:
    """Normalised text and its map to the raw text.

    ``offsets[i]`` is the raw index where normalised character ``i`` starts, ``ends[i]`` the raw index where it
    ends (exclusive); both have ``len(text)`` items and are built on first use. ``hashtags`` and ``mentions``
    hold ``(lower-case body without '#'/'@', raw start, raw end)``; ``keycaps`` the normalised spans that were
    emoji digits; ``retweet_of``/``reply_to`` the user of a removed ``RT @user:`` / ``[RE user]`` marker.
    """

    __slots__ = (
        "text",
        "raw",
        "hashtags",
        "mentions",
        "urls",
        "keycaps",
        "retweet_of",
        "reply_to",
        "_segments",
        "_segment_starts",
        "_offsets",
        "_ends",
    )

    def __init__(
        self,
        text: str,
        offsets: list[int] | None = None,
        ends: list[int] | None = None,
        *,
        raw: str = "",
        hashtags: list[tuple[str, int, int]] | None = None,
        mentions: list[tuple[str, int, int]] | None = None,
        urls: int = 0,
        keycaps: list[tuple[int, int]] | None = None,
        retweet_of: str | None = None,
        reply_to: str | None = None,
        segments: list[Segment] | None = None,
    ) -> None:
        self.text = text
        self.raw = raw
        self.hashtags = hashtags or []
        self.mentions = mentions or []
        self.urls = urls
        self.keycaps = keycaps or []
        self.retweet_of = retweet_of
        self.reply_to = reply_to
        self._segments = segments
        self._segment_starts: list[int] | None = None
        self._offsets = offsets
        self._ends = ends if ends is not None else ([o + 1 for o in offsets] if offsets is not None else None)

    def __repr__(self) -> str:
        return f"Normalized(text={self.text!r})"

    def _build(self) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for n, rs, re_, per_char in self._segments or ():
            if per_char:
                starts.extend(range(rs, re_))
                ends.extend(range(rs + 1, re_ + 1))
            else:
                starts.extend([rs] * n)
                ends.extend([re_] * n)
        self._offsets, self._ends = starts[: len(self.text)], ends[: len(self.text)]

    @property
    def offsets(self) -> list[int]:
        if self._offsets is None:
            self._build()
        return self._offsets  # type: ignore[return-value]

    @property
    def ends(self) -> list[int]:
        if self._ends is None:
            self._build()
        return self._ends  # type: ignore[return-value]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` covering normalised ``[start, end)`` (an empty or out-of-range span clamps)."""
        if not self.text:
            return (0, 0)
        start = max(0, min(start, len(self.text) - 1))
        end = max(start + 1, min(end, len(self.text)))
        if self._offsets is None and self._segments is not None:
            return self._segment_span(start, end)
        return (self.offsets[start], max(self.ends[start:end]))

    def _segment_span(self, start: int, end: int) -> tuple[int, int]:
        """:meth:`raw_span` read off the segments, without building the per-character maps (most posts
        need a few spans only)."""
        segments = self._segments or []
        starts = self._segment_starts
        if starts is None:
            starts, at = [], 0
            for seg in segments:
                starts.append(at)
                at += seg[0]
            self._segment_starts = starts
        k = bisect_right(starts, start) - 1
        _, rs, _, per_char = segments[k]
        raw_start = rs + (start - starts[k]) if per_char else rs
        raw_end = 0
        while k < len(segments) and starts[k] < end:
            n, rs, re_, per_char = segments[k]
            last = min(end, starts[k] + n) - 1  # the last normalised index of the span in this segment
            raw_end = max(raw_end, rs + (last - starts[k]) + 1 if per_char else re_)
            k += 1
        return (raw_start, raw_end)

    def raw_slice(self, start: int, end: int) -> str:
        rs, re_ = self.raw_span(start, end)
        return self.raw[rs:re_]
