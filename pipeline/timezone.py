"""The project's one default time zone: Western Indonesian Time (WIB), where most monitoring teams work."""

from __future__ import annotations

from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Jakarta"
WIB = ZoneInfo(DEFAULT_TIMEZONE)

__all__ = ["DEFAULT_TIMEZONE", "WIB"]
