"""Library errors name the input they are about; only the CLI turns that into a flag."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError, OptionError
from pipeline.report.week import parse_week
from pipeline.review.workflow import ReviewError


def test_option_error_names_the_option_and_the_cli_shows_its_flag() -> None:
    exc = OptionError("minutes must be positive", option="lease_minutes")
    assert str(exc) == "lease_minutes: minutes must be positive"
    assert exc.for_cli() == "--lease-minutes: minutes must be positive"


def test_an_error_without_option_is_shown_as_it_is() -> None:
    assert ReviewError("item 3 is claimed by ada").for_cli() == "item 3 is claimed by ada"
    where = InputError("bad line", path="posts.jsonl", line=4, option="input")
    assert where.for_cli() == str(where) == "posts.jsonl:4: input: bad line"


def test_library_messages_name_no_cli_flag() -> None:
    with pytest.raises(InputError) as caught:
        parse_week("2024-W99")
    assert not str(caught.value).startswith("--")
    assert caught.value.for_cli().startswith("--week: ")
