"""Election configuration: schema, loader and the election phase of a timestamp (CONTRACT "Election configuration").

One YAML file describes one contest. Every key but ``election.id``, ``election.name`` and each candidate's
``number`` and ``names`` is optional. Unknown keys are refused, so a typo never silently disables a rule.

Example::

    cfg = load_election("configs/elections/pilbup-sukamaju-2024.yaml")
    cfg.phase_of(datetime(2024, 11, 25, 9, tzinfo=timezone.utc))   # -> Phase.QUIET
"""

from __future__ import annotations

import enum
import hashlib
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipeline.errors import ConfigError
from pipeline.io.config_yaml import load_config_yaml

Contest = Literal["presiden", "gubernur", "bupati", "walikota", "legislatif"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Region(_Strict):
    code: str | None = None
    name: str | None = None


class Dates(_Strict):
    """Key dates, in the election's local calendar. ``campaign`` and ``quiet`` are inclusive [start, end]."""

    candidates_set: date | None = None
    numbers_drawn: date | None = None
    campaign: tuple[date, date] | None = None
    quiet: tuple[date, date] | None = None
    vote: date | None = None

    @field_validator("campaign", "quiet")
    @classmethod
    def _ordered(cls, value: tuple[date, date] | None) -> tuple[date, date] | None:
        if value is not None and value[0] > value[1]:
            raise ValueError("start is after end")
        return value


class Accounts(_Strict):
    instagram: list[str] = Field(default_factory=list)
    x: list[str] = Field(default_factory=list)
    facebook: list[str] = Field(default_factory=list)
    tiktok: list[str] = Field(default_factory=list)
    youtube: list[str] = Field(default_factory=list)
    telegram: list[str] = Field(default_factory=list)


class Candidate(_Strict):
    """A candidate (or pair, head first). ``number`` is the ballot number (nomor urut)."""

    number: int = Field(ge=0, le=99)
    names: list[str] = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    acronyms: list[str] = Field(default_factory=list)
    parties: list[str] = Field(default_factory=list)
    slogans: list[str] = Field(default_factory=list)
    hashtags: list[str] = Field(default_factory=list)
    colours: list[str] = Field(default_factory=list)
    emoji: list[str] = Field(default_factory=list)
    accounts: Accounts = Field(default_factory=Accounts)
    incumbent: bool = False
    notes: str | None = None

    @field_validator("names")
    @classmethod
    def _non_empty_names(cls, value: list[str]) -> list[str]:
        if any(not name.strip() for name in value):
            raise ValueError("names must not be empty strings")
        return value

    @property
    def label(self) -> str:
        return f"{self.number} {' - '.join(self.names)}"


class Party(_Strict):
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    number: int | None = None
    colours: list[str] = Field(default_factory=list)
    emoji: list[str] = Field(default_factory=list)


INTERACTION_KINDS = ("follow", "like", "share", "comment", "member", "subscribe")


class ScanSettings(_Strict):
    """Thresholds ``scan`` uses to put an item in the review queue (probabilities in [0, 1])."""

    partisan_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    asn_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    # Reviewers needed per item, by label (issue 7 overlap rule); labels not listed need one.
    overlap: dict[str, int] = Field(default_factory=lambda: {"PENYALAHGUNAAN_JABATAN": 2})
    # Interactions (issue 15): reviewers needed by interaction kind (kinds not listed need one), and the
    # partisan score from which a stored post counts as campaign content (liking or sharing it is queued).
    interaction_overlap: dict[str, int] = Field(default_factory=dict)
    campaign_post_threshold: float = Field(default=0.9, ge=0.0, le=1.0)

    @field_validator("overlap")
    @classmethod
    def _known_overlap_labels(cls, value: dict[str, int]) -> dict[str, int]:
        from pipeline.labels import PARTISAN_LABELS

        for label, n in value.items():
            if label not in PARTISAN_LABELS:
                raise ValueError(f"unknown partisan label {label!r}")
            if not 1 <= n <= 10:
                raise ValueError(f"{label}: reviewers per item must be 1-10")
        return value

    @field_validator("interaction_overlap")
    @classmethod
    def _known_interaction_kinds(cls, value: dict[str, int]) -> dict[str, int]:
        for kind, n in value.items():
            if kind not in INTERACTION_KINDS:
                raise ValueError(f"unknown interaction kind {kind!r} (one of {', '.join(INTERACTION_KINDS)})")
            if not 1 <= n <= 10:
                raise ValueError(f"{kind}: reviewers per item must be 1-10")
        return value


CampaignRole = Literal["candidate", "campaign_team", "volunteer", "party", "media", "other"]


class CampaignAccount(_Strict):
    """An account that campaigns (issue 15): a candidate's own, an official campaign team's, a volunteer group's,
    a party's. ``handle`` (without @) or ``id`` (``<platform>:<platform id>`` or the bare platform id) names it;
    ``candidate`` is the ballot number it campaigns for, when it campaigns for one."""

    platform: str = Field(min_length=1, pattern=r"^[a-z0-9_-]+$")
    handle: str | None = None
    id: str | None = None
    role: CampaignRole = "campaign_team"
    candidate: int | None = None
    name: str | None = None

    @model_validator(mode="after")
    def _named(self) -> CampaignAccount:
        if not (self.handle or self.id):
            raise ValueError("give the account's handle or id")
        return self

    @property
    def account_id(self) -> str | None:
        """The canonical account id, when ``id`` was given."""
        if not self.id:
            return None
        return self.id if ":" in self.id else f"{self.platform}:{self.id}"


class Phase(str, enum.Enum):
    """Where a moment falls in the election timeline (BRIEF 8.1)."""

    BEFORE_CANDIDATES_SET = "before_candidates_set"
    CANDIDATES_SET = "candidates_set"
    CAMPAIGN = "campaign"
    QUIET = "quiet"
    VOTING_DAY = "voting_day"
    AFTER = "after"
    UNKNOWN = "unknown"


class Election(_Strict):
    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    name: str = Field(min_length=1)
    contest: Contest | None = None
    region: Region = Field(default_factory=Region)
    timezone: str = "Asia/Jakarta"
    dates: Dates = Field(default_factory=Dates)
    single_candidate: bool | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    watch_terms: list[str] = Field(default_factory=list)
    # words that mean the one incumbent candidate in this contest's posts ("beliau", "bapak", "pak bupati");
    # resolved like a weak alias (only with election context), and only when exactly one candidate is incumbent
    incumbent_references: list[str] = Field(default_factory=list)
    # nicknames for a camp's supporters, mapped to that camp's ballot number ("cebong": 1); a post using one
    # names that candidate as a target of derision (resolved like a weak alias: only with context)
    camp_terms: dict[str, int] = Field(default_factory=dict)
    campaign_accounts: list[CampaignAccount] = Field(default_factory=list)
    scan: ScanSettings = Field(default_factory=ScanSettings)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Asia/Jakarta)") from None
        return value

    @model_validator(mode="after")
    def _unique_numbers(self) -> Election:
        numbers = [c.number for c in self.candidates]
        dupes = sorted({n for n in numbers if numbers.count(n) > 1})
        if dupes:
            raise ValueError(f"candidates: ballot number {dupes[0]} is used twice")
        unknown = [a.candidate for a in self.campaign_accounts if a.candidate not in (None, *numbers)]
        if unknown:
            raise ValueError(f"campaign_accounts: no candidate has ballot number {unknown[0]}")
        return self

    # -- derived facts -------------------------------------------------------------------------------------

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_single_candidate(self) -> bool:
        """Kotak kosong contest: set explicitly, or one candidate configured."""
        if self.single_candidate is not None:
            return self.single_candidate
        return len(self.candidates) == 1

    def all_campaign_accounts(self) -> list[CampaignAccount]:
        """The candidates' own accounts (role ``candidate``) followed by ``campaign_accounts``."""
        own = [
            CampaignAccount(platform=platform, handle=handle, role="candidate", candidate=c.number)
            for c in self.candidates
            for platform, handles in c.accounts.model_dump().items()
            for handle in handles
        ]
        return own + list(self.campaign_accounts)

    def candidate(self, number: int) -> Candidate | None:
        return next((c for c in self.candidates if c.number == number), None)

    def local_date(self, moment: datetime) -> date:
        """The calendar date of ``moment`` in the election's time zone (naive means already local)."""
        if moment.tzinfo is None:
            return moment.date()
        return moment.astimezone(self.tz).date()

    def phase_of(self, moment: datetime | date) -> Phase:
        """Election phase of a timestamp (aware datetimes are converted to the config's time zone)."""
        day = (
            moment
            if isinstance(moment, date) and not isinstance(moment, datetime)
            else self.local_date(moment)
        )
        d = self.dates
        if d.vote and day == d.vote:
            return Phase.VOTING_DAY
        if d.vote and day > d.vote:
            return Phase.AFTER
        if d.quiet and d.quiet[0] <= day <= d.quiet[1]:
            return Phase.QUIET
        if d.campaign and d.campaign[0] <= day <= d.campaign[1]:
            return Phase.CAMPAIGN
        if d.candidates_set and day >= d.candidates_set:
            return Phase.CANDIDATES_SET
        if d.candidates_set and day < d.candidates_set:
            return Phase.BEFORE_CANDIDATES_SET
        return Phase.UNKNOWN

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        """[start, end) of a local calendar day as aware datetimes."""
        start = datetime.combine(day, time(0, 0), tzinfo=self.tz)
        return start, start + timedelta(days=1)


class ElectionConfig(_Strict):
    """The whole YAML file; ``election`` is the contest. ``source`` and ``sha256`` are set by the loader."""

    election: Election
    source: str | None = None
    sha256: str | None = None

    # Convenience pass-throughs so callers can write cfg.candidates, cfg.phase_of(...).
    def __getattr__(self, item: str) -> Any:  # noqa: D105
        if item.startswith("_"):
            raise AttributeError(item)
        return getattr(self.__dict__["election"], item)


def _describe(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    key = ".".join(str(part) for part in err["loc"]) or "(top level)"
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    elif err["type"] == "missing":
        msg = "required key is missing"
    more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
    return key, msg + more


def parse_election(data: object, *, source: str = "<config>") -> ElectionConfig:
    """Validate an already-parsed YAML document. Raises :class:`ConfigError` naming ``source`` and the key."""
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping with an 'election' key", path=source)
    try:
        return ElectionConfig.model_validate({**data, "source": source})
    except ValidationError as exc:
        key, msg = _describe(exc)
        raise ConfigError(msg, path=source, key=key) from None


def load_election(path: str | Path) -> ElectionConfig:
    """Load and validate an election config file.

    Raises :class:`ConfigError` (exit code 2) naming the file and the offending key.
    """
    p = Path(path)
    if not p.is_file():
        raise ConfigError("no such config file", path=p)
    raw = p.read_bytes()
    try:
        data = load_config_yaml(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError("config is not valid UTF-8", path=p) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(f"invalid YAML: {getattr(exc, 'problem', exc)}", path=p, line=line) from None
    cfg = parse_election(data, source=str(p))
    return cfg.model_copy(update={"sha256": hashlib.sha256(raw).hexdigest()})
