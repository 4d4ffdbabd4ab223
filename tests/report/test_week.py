from datetime import datetime, timezone

import pytest

from pipeline.errors import InputError
from pipeline.report.week import IsoWeek, parse_week, weeks_in_year


@pytest.mark.parametrize("text", ["2024-W47", "2024W47", "2024-w47", " 2024-W47 "])
def test_parse_week_accepts_iso_forms(text):
    assert parse_week(text) == IsoWeek(2024, 47)


@pytest.mark.parametrize("text", ["2024-W54", "2024-W53", "2024-W00", "2024-47", "W47", "", "2024-W4x"])
def test_parse_week_refuses_non_weeks(text):
    with pytest.raises(InputError) as err:
        parse_week(text)
    assert str(err.value).startswith("week: ") and err.value.for_cli().startswith("--week: ")


def test_week_53_exists_only_in_long_years():
    assert weeks_in_year(2020) == 53 and weeks_in_year(2024) == 52
    assert parse_week("2020-W53").monday.isoformat() == "2020-12-28"


def test_bounds_are_monday_midnight_wib():
    w = IsoWeek(2024, 47)
    assert w.start == datetime(2024, 11, 17, 17, 0, tzinfo=timezone.utc)  # Mon 18 Nov 00:00 WIB
    assert w.end == datetime(2024, 11, 24, 17, 0, tzinfo=timezone.utc)  # Mon 25 Nov 00:00 WIB


def test_sunday_late_evening_wib_belongs_to_that_week():
    # Sunday 24 Nov 23:30 WIB is 16:30 UTC: W47, although UTC and WIB agree on the date here.
    assert IsoWeek.of(datetime(2024, 11, 24, 16, 30, tzinfo=timezone.utc)) == IsoWeek(2024, 47)
    # Monday 25 Nov 00:10 WIB is Sunday 17:10 UTC: already W48, although the UTC date is still Sunday.
    assert IsoWeek.of(datetime(2024, 11, 24, 17, 10, tzinfo=timezone.utc)) == IsoWeek(2024, 48)


def test_previous_weeks_cross_the_year():
    weeks = IsoWeek(2025, 2).previous(7)
    assert [w.label for w in weeks] == [
        "2024-W47",
        "2024-W48",
        "2024-W49",
        "2024-W50",
        "2024-W51",
        "2024-W52",
        "2025-W01",
        "2025-W02",
    ]


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        IsoWeek.of(datetime(2024, 11, 24, 23, 30))
