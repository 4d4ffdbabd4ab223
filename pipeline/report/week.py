"""ISO weeks in Western Indonesian Time (WIB, Asia/Jakarta).

A report week runs Monday 00:00 WIB to the next Monday 00:00 WIB, so a post at Sunday 23:30 WIB (16:30 UTC)
belongs to that week and a post at Monday 00:10 WIB (Sunday 17:10 UTC) to the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from pipeline.errors import InputError
from pipeline.timezone import WIB

_WEEK_RE = re.compile(r"^\s*(\d{4})-?[Ww](\d{1,2})\s*$")


def weeks_in_year(year: int) -> int:
    """52 or 53: the ISO week number of 28 December is always the year's last week."""
    return date(year, 12, 28).isocalendar()[1]


@dataclass(frozen=True, order=True)
class IsoWeek:
    """One ISO week (``year``, ``week``), its bounds taken in WIB."""

    year: int
    week: int

    @property
    def label(self) -> str:
        """``2024-W47``."""
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def start(self) -> datetime:
        """Monday 00:00 WIB, as an aware UTC datetime (inclusive)."""
        return datetime.combine(self.monday, time(0), tzinfo=WIB).astimezone(timezone.utc)

    @property
    def end(self) -> datetime:
        """The next Monday 00:00 WIB, as an aware UTC datetime (exclusive)."""
        return datetime.combine(self.monday + timedelta(days=7), time(0), tzinfo=WIB).astimezone(timezone.utc)

    def shift(self, weeks: int) -> IsoWeek:
        """The week ``weeks`` weeks later (negative: earlier)."""
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def previous(self, count: int) -> list[IsoWeek]:
        """The ``count`` weeks before this one and this one, oldest first (``count + 1`` weeks)."""
        return [self.shift(-n) for n in range(count, -1, -1)]

    @classmethod
    def of(cls, moment: date | datetime) -> IsoWeek:
        """The week holding ``moment``: an aware datetime is taken in WIB, a date as a WIB calendar day."""
        if isinstance(moment, datetime):
            if moment.tzinfo is None:
                raise ValueError("naive datetime: give a time zone")
            moment = moment.astimezone(WIB).date()
        iso = moment.isocalendar()
        return cls(iso[0], iso[1])

    def __str__(self) -> str:
        return self.label


def parse_week(text: str) -> IsoWeek:
    """``2024-W47`` (also ``2024W47``, ``2024-w47``) -> :class:`IsoWeek`.

    Raises :class:`InputError` (exit 2) naming ``--week`` for anything that is not an existing ISO week.
    """
    match = _WEEK_RE.match(text or "")
    if not match:
        raise InputError(f"{text!r} is not an ISO week; use YYYY-Www, e.g. 2024-W47", option="week")
    year, week = int(match.group(1)), int(match.group(2))
    if not 1 <= year <= 9998:
        raise InputError(f"{text!r}: year out of range", option="week")
    last = weeks_in_year(year)
    if not 1 <= week <= last:
        raise InputError(f"{text!r} does not exist: ISO year {year} has weeks W01-W{last}", option="week")
    return IsoWeek(year, week)
