"""NIP (PNS) and NI PPPK numbers: find them in free text, validate them, mask them (BRIEF 9.2).

Both are 18 digits: birth date ``YYYYMMDD`` | appointment ``YYYY`` | month ``01``-``12`` (PNS) or a PPPK code
(``21``, ``24`` observed; empirical, not regulatory) | sex ``1``/``2`` | serial ``001``-``999``.
Bios write them with spaces, dots or dashes between the groups and a ``NIP.`` prefix, e.g.
``NIP. 19860926 201505 1 001``.

Personal data: a parsed NIP is only ever returned masked (``19860926 ****** * ***``); the serial is kept
out of every result because birth date, appointment, sex and serial together are the whole number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any, Literal

from pipeline.schema import NIPInfo

NIPKind = Literal["PNS", "PPPK", "UNKNOWN"]

# Codes seen in digits 13-14 of NI PPPK numbers: 21 (PPPK), 24 (PPPK paruh waktu, 2025). Empirical.
PPPK_CODES = frozenset({21, 24})
MIN_BIRTH_YEAR = 1940
MIN_AGE_AT_APPOINTMENT = 18

_SEP = r"[ \t]*[.\-]?[ \t]*"
# Sex digit is matched loosely (\d) so a candidate with sex 3 is reported as rejected, not silently skipped.
_CANDIDATE_RE = re.compile(
    rf"(?<![\d*])(\d{{8}}){_SEP}(\d{{4}}){_SEP}(\d{{2}}){_SEP}(\d){_SEP}(\d{{3}})(?![\d*])"
)
# A NIP whose tail is masked by its owner or by us: "19860926 ****** * ***", "19860926xxxxxxxxxx".
_MASKED_RE = re.compile(r"(?<![\d*])(\d{8})[ \t.\-]*((?:[*xX][ \t.\-]*){10})(?![\d*xX])")
_NIK_RE = re.compile(r"(?<!\d)\d{16}(?!\d)")
# Any NIP-looking number in free text (birth date YYYYMMDD, appointment year + month or PPPK code, sex 1|2,
# serial), with optional spaces, dots or dashes. Broader than a valid NIP on purpose: masking too much is
# harmless, and a report or an export must not print an invalid-but-real number either.
_NIP_LIKE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))[ .-]?"
    r"(?:19|20)\d{2}\d{2}[ .-]?[12][ .-]?\d{3}(?!\d)"
)
_DIGIT_RUN_RE = re.compile(r"\d{8}")


@dataclass(frozen=True)
class NIPMatch:
    """A valid NIP found in text. ``serial`` is kept for comparison only: never print or store it."""

    kind: NIPKind
    birth_date: dt.date
    appointed_year: int
    appointed_month: int | None  # PNS only: the TMT CPNS month
    sex: Literal["L", "P"]
    span: tuple[int, int]
    digest: str  # sha256 of the 18 digits: lets a registry match without keeping the number

    @property
    def masked(self) -> str:
        return mask_digits(self.birth_date.strftime("%Y%m%d"))

    @property
    def appointed(self) -> str:
        """``YYYY-MM`` for PNS, ``YYYY`` for PPPK and unknown codes."""
        if self.appointed_month:
            return f"{self.appointed_year:04d}-{self.appointed_month:02d}"
        return f"{self.appointed_year:04d}"

    def info(self) -> NIPInfo:
        """The CONTRACT ``nip`` object (masked)."""
        return NIPInfo(
            kind=self.kind,
            birth_date=self.birth_date.isoformat(),
            appointed=self.appointed,
            sex=self.sex,
            masked=self.masked,
        )

    def to_json(self) -> dict[str, Any]:
        return {**self.info().model_dump(), "span": list(self.span)}


@dataclass(frozen=True)
class Rejected:
    """An 18-digit (or 16-digit) number that looks like a NIP but is not a valid one, and why."""

    reason: str
    masked: str
    span: tuple[int, int]

    def to_json(self) -> dict[str, Any]:
        return {"reason": self.reason, "masked": self.masked, "span": list(self.span)}


@dataclass(frozen=True)
class MaskedNIP:
    """A NIP whose owner already masked it: only the birth date is visible."""

    birth_date: dt.date
    masked: str
    span: tuple[int, int]

    def to_json(self) -> dict[str, Any]:
        return {"birth_date": self.birth_date.isoformat(), "masked": self.masked, "span": list(self.span)}


@dataclass
class ParseResult:
    nips: list[NIPMatch]
    rejected: list[Rejected]
    masked: list[MaskedNIP]

    def to_json(self) -> dict[str, Any]:
        return {
            "nips": [m.to_json() for m in self.nips],
            "masked_in_text": [m.to_json() for m in self.masked],
            "rejected": [r.to_json() for r in self.rejected],
        }


def mask_digits(birth_yyyymmdd: str) -> str:
    """``19860926`` -> ``19860926 ****** * ***`` (the CONTRACT's masked form)."""
    return f"{birth_yyyymmdd} ****** * ***"


def mask_nips(text: str) -> str:
    """``text`` with every NIP-looking number replaced by its masked form ``YYYYMMDD ****** * ***``.

    The one mask for free text shown to people (reports, exports, logs); :func:`parse_text` is the parser.
    """
    return _NIP_LIKE_RE.sub(lambda m: mask_digits(m.group(1)), text)


def nip_digest(digits: str) -> str:
    """SHA-256 hex of the 18 digits (separators removed)."""
    return hashlib.sha256(re.sub(r"\D", "", digits).encode("ascii")).hexdigest()


def _check(groups: tuple[str, ...], today: dt.date) -> tuple[NIPKind, dt.date, int | None] | str:
    """Validate one candidate; returns ``(kind, birth, month)`` or the reason it is not a NIP."""
    birth_s, year_s, code_s, sex_s, serial_s = groups
    try:
        birth = dt.date(int(birth_s[:4]), int(birth_s[4:6]), int(birth_s[6:]))
    except ValueError:
        return "birth date is not a calendar date"
    if birth.year < MIN_BIRTH_YEAR:
        return f"birth year before {MIN_BIRTH_YEAR}"
    if birth > today:
        return "birth date in the future"
    if sex_s not in ("1", "2"):
        return "sex digit is not 1 or 2"
    if serial_s == "000":
        return "serial 000"
    year, code = int(year_s), int(code_s)
    if code == 0:
        return "appointment month 00"
    month = code if 1 <= code <= 12 else None
    kind: NIPKind = "PNS" if month else ("PPPK" if code in PPPK_CODES else "UNKNOWN")
    # Appointment no earlier than the month (PNS) or year (others) of the 18th birthday, and not in the future.
    adult_year = birth.year + MIN_AGE_AT_APPOINTMENT
    if month:
        if (year, month) < (adult_year, birth.month):
            return "appointed before age 18"
        if (year, month) > (today.year, today.month):
            return "appointment in the future"
    else:
        if year < adult_year:
            return "appointed before age 18"
        if year > today.year:
            return "appointment in the future"
    return kind, birth, month


def parse_text(text: str, *, today: dt.date | None = None) -> ParseResult:
    """Every NIP-shaped number in ``text``: the valid ones, the rejected ones (with a reason) and masked ones.

    ``today`` (default: the current date) bounds birth and appointment dates; pass it in tests.
    """
    today = today or dt.date.today()
    result = ParseResult([], [], [])
    if not text or not _DIGIT_RUN_RE.search(text):
        return result
    for m in _CANDIDATE_RE.finditer(text):
        checked = _check(m.groups(), today)
        if isinstance(checked, str):
            result.rejected.append(Rejected(checked, mask_digits(m.group(1)), m.span()))
            continue
        kind, birth, month = checked
        result.nips.append(
            NIPMatch(
                kind=kind,
                birth_date=birth,
                appointed_year=int(m.group(2)),
                appointed_month=month,
                sex="L" if m.group(4) == "1" else "P",
                span=m.span(),
                digest=nip_digest("".join(m.groups())),
            )
        )
    for m in _NIK_RE.finditer(text):
        result.rejected.append(
            Rejected("16 digits: a NIK or NUPTK, not a NIP", m.group()[:4] + "*" * 12, m.span())
        )
    for m in _MASKED_RE.finditer(text):
        birth_s = m.group(1)
        try:
            birth = dt.date(int(birth_s[:4]), int(birth_s[4:6]), int(birth_s[6:]))
        except ValueError:
            continue
        if birth.year >= MIN_BIRTH_YEAR and birth <= today:
            result.masked.append(MaskedNIP(birth, mask_digits(birth_s), m.span()))
    result.rejected.sort(key=lambda r: r.span)
    return result


def parse_nips(text: str, *, today: dt.date | None = None) -> list[NIPMatch]:
    """The valid NIPs in ``text``, in order (see :func:`parse_text` for rejects and masked numbers)."""
    return parse_text(text, today=today).nips


def parse_one(value: str, *, today: dt.date | None = None) -> NIPMatch | str:
    """Validate a field that should hold exactly one NIP (a registry column); returns it or the reason."""
    value = (value or "").strip()
    stripped = re.sub(r"^\s*nip\s*[.:]?\s*", "", value, flags=re.IGNORECASE)
    digits = re.sub(r"[\s.\-]", "", stripped)
    if not digits.isdigit():
        return "not a number"
    if len(digits) == 16:
        return "16 digits: a NIK or NUPTK, not a NIP"
    if len(digits) != 18:
        return f"{len(digits)} digits, a NIP has 18"
    result = parse_text(digits, today=today)
    if result.nips:
        return result.nips[0]
    return result.rejected[0].reason if result.rejected else "not a NIP"
