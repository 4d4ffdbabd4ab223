"""NIP / NI PPPK parsing and validation: the edge cases of BRIEF 9.2."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.accounts.nip import mask_digits, nip_digest, parse_nips, parse_one, parse_text

TODAY = dt.date(2025, 6, 1)


def one(text: str):
    found = parse_nips(text, today=TODAY)
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.parametrize(
    "text",
    [
        "198609262015051001",
        "NIP. 19860926 201505 1 001",
        "NIP.198609262015051001",
        "NIP: 19860926.201505.1.001",
        "19860926-201505-1-001",
        "19860926 2015 05 1 001",
        "Saya Budi (NIP 19860926 201505 1 001), staf Dinkes",
        "nip19860926201505 1 001",
    ],
)
def test_pns_forms(text):
    nip = one(text)
    assert nip.kind == "PNS"
    assert nip.birth_date == dt.date(1986, 9, 26)
    assert nip.appointed == "2015-05"
    assert nip.sex == "L"
    assert nip.masked == "19860926 ****** * ***"


def test_pppk_number_and_female():
    nip = one("19890225 2024 21 2 013")
    assert (nip.kind, nip.appointed, nip.sex) == ("PPPK", "2024", "P")
    assert one("199001012025241005").kind == "PPPK"  # 24: PPPK paruh waktu (empirical)


def test_unknown_code_kept_as_unknown_kind():
    assert one("198609262015151001").kind == "UNKNOWN"  # 15: neither a month nor a PPPK code


def test_leap_day_birth():
    assert one("19880229 201003 2 004").birth_date == dt.date(1988, 2, 29)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("198609262015051000", "serial 000"),
        ("19870229 201003 2 004", "birth date is not a calendar date"),  # 1987 is not a leap year
        ("19861326 201505 1 001", "birth date is not a calendar date"),
        ("19860926 200301 1 001", "appointed before age 18"),  # 16 years old
        ("19860926 200408 1 001", "appointed before age 18"),  # the month before the 18th birthday month
        ("19860926 202712 1 001", "appointment in the future"),
        ("19900101 2007 21 1 001", "appointed before age 18"),
        ("19860926 201500 1 001", "appointment month 00"),
        ("19860926 201505 3 001", "sex digit is not 1 or 2"),
        ("19300926 195505 1 001", "birth year before 1940"),
    ],
)
def test_rejects_with_reason(text, reason):
    result = parse_text(text, today=TODAY)
    assert result.nips == []
    assert [r.reason for r in result.rejected] == [reason]
    assert "*" in result.rejected[0].masked


def test_appointed_in_month_of_18th_birthday_is_accepted():
    assert one("19860926 200409 1 001").appointed == "2004-09"


def test_nik_is_not_a_nip_and_does_not_hide_a_nip_next_to_it():
    result = parse_text("NIK 3201012609860001 NIP 198609262015051001", today=TODAY)
    assert [n.appointed for n in result.nips] == ["2015-05"]
    assert any("NIK" in r.reason for r in result.rejected)
    assert parse_nips("3201012609860001", today=TODAY) == []


def test_longer_digit_runs_and_phone_numbers_are_not_nips():
    assert parse_nips("1986092620150510012", today=TODAY) == []  # 19 digits
    assert parse_nips("WA 0812-3456-7890", today=TODAY) == []
    assert parse_nips("628123456789012345", today=TODAY) == []  # 18 digits, not a date


def test_keeps_scanning_after_a_bad_candidate():
    found = parse_nips("198609262015051000 lalu 199001012015031002", today=TODAY)
    assert [n.birth_date.year for n in found] == [1990]


def test_owner_masked_nip_is_recognised():
    result = parse_text("NIP 19860926 ****** * ***", today=TODAY)
    assert result.nips == []
    assert [m.masked for m in result.masked] == ["19860926 ****** * ***"]
    assert parse_text("19860926xxxxxxxxxx", today=TODAY).masked


def test_outputs_never_contain_the_full_number():
    result = parse_text("NIP. 19860926 201505 1 001", today=TODAY).to_json()
    text = str(result)
    assert "001" not in text.replace("2015-05", "")
    assert "198609262015051001" not in text
    info = one("198609262015051001").info().model_dump()
    assert set(info) == {"kind", "birth_date", "appointed", "sex", "masked"}


def test_parse_one_for_registry_fields():
    assert parse_one("NIP. 19860926 201505 1 001", today=TODAY).kind == "PNS"
    assert parse_one("3201012609860001", today=TODAY).startswith("16 digits")
    assert parse_one("12345", today=TODAY) == "5 digits, a NIP has 18"
    assert parse_one("abc", today=TODAY) == "not a number"
    assert parse_one("198609262015051000", today=TODAY) == "serial 000"


def test_digest_ignores_separators_and_mask_shape():
    assert nip_digest("19860926 201505 1 001") == nip_digest("198609262015051001")
    assert mask_digits("19860926") == "19860926 ****** * ***"
