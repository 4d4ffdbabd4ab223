"""The monitoring team's registry of known ASN accounts (CSV ``name,nip,agency,region,platform,handle``).

A registry hit decides ``ASN``: by platform + handle (``@Budi_S``, ``budi_s`` and ``https://x.com/budi_s``
are the same), or by a NIP in the author's bio equal to a registered NIP. A matching *name* on another account
is only a suggestion (a feature of the profile scorer), never a decision.

NIPs are validated when read and then kept only as a masked form and a SHA-256 digest.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.accounts.nip import NIPMatch, parse_one
from pipeline.errors import InputError
from pipeline.handles import PLATFORM_ALIASES, normalise_account, normalise_name
from pipeline.io.files import open_text
from pipeline.schema import Author

COLUMNS = ("name", "nip", "agency", "region", "platform", "handle")
KNOWN_PLATFORMS = frozenset(PLATFORM_ALIASES.values())


@dataclass
class RegistryEntry:
    """One registry row, NIP already reduced to masked form + digest."""

    platform: str
    handle: str  # as written in the file
    handle_norm: str
    name: str | None = None
    agency: str | None = None
    region: str | None = None
    nip_masked: str | None = None
    nip_sha256: str | None = None
    nip_kind: str | None = None
    line: int | None = None
    id: int | None = None  # the store's row id, when loaded from the store

    def describe(self) -> str:
        """``x/@budi_s (Dinkes Kab. Sukamaju)``: what a reason line shows (no NIP)."""
        where = f" ({self.agency})" if self.agency else ""
        return f"{self.platform}/@{self.handle_norm}{where}"


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class Registry:
    """Registry entries indexed for matching. ``errors`` holds rejected rows (lenient reads only)."""

    entries: list[RegistryEntry] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    source: str | None = None

    def __post_init__(self) -> None:
        self._by_handle: dict[tuple[str, str], RegistryEntry] = {}
        self._by_bare_handle: dict[str, list[RegistryEntry]] = {}
        self._by_nip: dict[str, RegistryEntry] = {}
        self._by_name: dict[str, list[RegistryEntry]] = {}
        for entry in self.entries:
            self._index(entry)

    def _index(self, entry: RegistryEntry) -> None:
        self._by_handle[(entry.platform, entry.handle_norm)] = entry
        self._by_bare_handle.setdefault(entry.handle_norm, []).append(entry)
        if entry.nip_sha256:
            self._by_nip[entry.nip_sha256] = entry
        name = normalise_name(entry.name)
        if name and " " in name:  # one-word names ("Budi") are too common to suggest anything
            self._by_name.setdefault(name, []).append(entry)

    def add(self, entry: RegistryEntry) -> None:
        self.entries.append(entry)
        self._index(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, platform: str | None, handle: str | None) -> RegistryEntry | None:
        """The entry for this account, or None. Without a platform, a handle registered on one platform only."""
        p, h = normalise_account(platform, handle)
        if not h:
            return None
        if p:
            return self._by_handle.get((p, h))
        same = self._by_bare_handle.get(h, [])
        return same[0] if len(same) == 1 else None

    def match_author(self, author: Author, *, nip_digest: str | None = None) -> str | None:
        """A one-line description of the registry hit that decides ``ASN`` for ``author``, or None."""
        platform = author.platform
        if not platform and author.id and ":" in author.id:
            platform = author.id.split(":", 1)[0]
        entry = self.lookup(platform, author.handle)
        if entry is not None:
            return f"account {entry.describe()}"
        if nip_digest and nip_digest in self._by_nip:
            return f"NIP in bio equals the registered NIP of {self._by_nip[nip_digest].describe()}"
        return None

    def match_name(self, name: str | None) -> RegistryEntry | None:
        """A registry entry whose person has the same (normalised, two-word or longer) name."""
        key = normalise_name(name)
        if not key:
            return None
        found = self._by_name.get(key)
        return found[0] if found else None


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def parse_row(row: dict[str, str | None], line: int) -> RegistryEntry | str:
    """One CSV row -> entry, or the reason it is rejected."""
    platform, handle_norm = normalise_account(_clean(row.get("platform")), _clean(row.get("handle")))
    if not _clean(row.get("handle")) or not handle_norm:
        return "handle is empty"
    if not platform:
        return "platform is empty (and the handle is not a profile URL)"
    if platform not in KNOWN_PLATFORMS:
        return f"unknown platform {row.get('platform')!r} (use one of {', '.join(sorted(KNOWN_PLATFORMS))})"
    if any(c.isspace() for c in handle_norm):
        return f"handle {row.get('handle')!r} contains spaces"
    entry = RegistryEntry(
        platform=platform,
        handle=_clean(row.get("handle")) or handle_norm,
        handle_norm=handle_norm,
        name=_clean(row.get("name")),
        agency=_clean(row.get("agency")),
        region=_clean(row.get("region")),
        line=line,
    )
    nip_text = _clean(row.get("nip"))
    if nip_text:
        parsed = parse_one(nip_text)
        if not isinstance(parsed, NIPMatch):
            return f"nip: {parsed}"
        entry.nip_masked = parsed.masked
        entry.nip_sha256 = parsed.digest
        entry.nip_kind = parsed.kind
    return entry


def read_registry_rows(path: str | Path) -> tuple[list[RegistryEntry], list[RowError]]:
    """All valid rows and all row errors (1-based physical line numbers; the header is line 1).

    Raises :class:`InputError` when the file cannot be read or the header lacks a required column.
    Separators ``,`` and ``;`` (spreadsheet exports) are both accepted; extra columns are ignored.
    """
    entries: list[RegistryEntry] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    try:
        with open_text(path) as fh:
            head = fh.readline()
            if not head.strip():
                raise InputError("empty file, expected a header row: " + ",".join(COLUMNS), path=path, line=1)
            delimiter = ";" if head.count(";") > head.count(",") else ","
            header = [h.strip().lower() for h in next(csv.reader([head], delimiter=delimiter))]
            missing = [c for c in ("platform", "handle") if c not in header]
            if missing:
                raise InputError(
                    f"header lacks column(s) {', '.join(missing)}; expected " + ",".join(COLUMNS),
                    path=path,
                    line=1,
                )
            reader = csv.reader(fh, delimiter=delimiter)
            line = 1
            for values in reader:
                start = line + 1
                line = reader.line_num + 1
                if not any(v.strip() for v in values):
                    continue
                if len(values) != len(header):
                    errors.append(RowError(start, f"{len(values)} fields, the header has {len(header)}"))
                    continue
                result = parse_row(dict(zip(header, values, strict=True)), start)
                if isinstance(result, str):
                    errors.append(RowError(start, result))
                    continue
                key = (result.platform, result.handle_norm)
                if key in seen:
                    errors.append(RowError(start, f"duplicate of line {seen[key]} ({result.describe()})"))
                    continue
                seen[key] = start
                entries.append(result)
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", path=path) from None
    except csv.Error as exc:
        raise InputError(f"malformed CSV ({exc})", path=path) from None
    return entries, errors


def load_registry_csv(path: str | Path, *, strict: bool = True) -> Registry:
    """Read a registry CSV. ``strict``: the first bad row raises :class:`InputError` with its line number;
    otherwise bad rows are collected in ``Registry.errors`` and the good ones kept.
    """
    entries, errors = read_registry_rows(path)
    if strict and errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more bad rows)" if len(errors) > 1 else ""
        raise InputError(first.message + more, path=path, line=first.line)
    return Registry(entries=entries, errors=errors, source=str(path))


def registry_from_entries(entries: Iterable[RegistryEntry]) -> Registry:
    return Registry(entries=list(entries))
