"""Bad and odd inputs for every collector, derived from the fixtures (used by ``test_fuzz.py``).

A :class:`Source` is one fixture, written back out by this module so that it knows where each record lies (its
line, JSON path and byte span). ``source.case(rng)`` draws one mutation with ``rng`` (a ``random.Random``, from
hypothesis or seeded) and returns a :class:`Case`: the file's bytes, the format, and the ids of the posts that
must survive it (``spared``: every post of the clean file whose record the mutation did not touch).

Families (``FAMILIES``): a value given a wrong type, a missing field, NUL and other C0 controls, an unpaired
surrogate, deep nesting, huge numbers, an over-long string, a container of the wrong type; and on the file: a
byte order mark, CRLF line ends, truncation, invalid UTF-8 (or a raw control byte), and for CSV broken quoting, a
cell too many or too few, and a line break inside a cell.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from random import Random
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
Path_ = tuple[Any, ...]
Loc = tuple[int | None, Path_]  # (line or None for a whole document, JSON path of the record)

VALUE_FAMILIES = ("wrong type", "missing field", "control characters", "unpaired surrogate", "deep nesting",
                  "huge number", "long string", "container type")  # fmt: skip
FILE_FAMILIES = ("bom", "crlf", "truncation", "invalid bytes")
CSV_FAMILIES = ("broken quoting", "cell count", "line break in cell")
FAMILIES = VALUE_FAMILIES + FILE_FAMILIES + CSV_FAMILIES


class RawJson(bytes):
    """JSON text written as it is (numbers and nestings Python's json module cannot write)."""


HUGE_NUMBERS = ("1" + "0" * 30, "18446744073709551616", "-9223372036854775809", "1e400", "-1e309",
                "1" * 5000, "0." + "0" * 400 + "1", "123456789012345678901234567890.5")  # fmt: skip
CONTROLS = ("\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x1f", "\r\n", "\x00\x00")


@dataclass
class Case:
    source: str
    family: str
    fmt: str
    data: bytes
    filename: str
    options: dict[str, Any]
    spared: set[str]
    baseline: set[str]
    note: str = ""
    exact: bool = False  # nothing may change: the same posts as the clean file
    loose: bool = False  # a spared row may end inside another record (a quote left open swallows lines)
    extra: dict[str, Any] = field(default_factory=dict)


# --- writing JSON with the byte span of every container ------------------------------------------------------


def dump(value: Any, *, pretty: bool, spans: dict[Path_, tuple[int, int]] | None = None) -> bytes:
    """``value`` as JSON text; ``spans`` gets the byte span of every object and array by JSON path."""
    out: list[bytes] = []
    size = [0]

    def put(chunk: bytes) -> None:
        out.append(chunk)
        size[0] += len(chunk)

    def walk(node: Any, path: Path_) -> None:
        start = size[0]
        if isinstance(node, RawJson):
            put(bytes(node))
        elif isinstance(node, str):
            try:
                put(json.dumps(node, ensure_ascii=False).encode("utf-8"))
            except UnicodeEncodeError:  # an unpaired surrogate: only its escape is JSON
                put(json.dumps(node).encode())
        elif isinstance(node, dict):
            put(b"{\n" if pretty and not path else b"{")
            for i, (key, item) in enumerate(node.items()):
                put((b",\n" if pretty else b", ") if i else b"")
                walk(key, path + ("<key>",))
                put(b": ")
                walk(item, path + (key,))
            put(b"\n}" if pretty and not path else b"}")
        elif isinstance(node, list):
            put(b"[\n" if pretty else b"[")
            for i, item in enumerate(node):
                put((b",\n" if pretty else b", ") if i else b"")
                walk(item, path + (i,))
            put(b"\n]" if pretty else b"]")
        else:
            put(json.dumps(node).encode())
        if spans is not None and isinstance(node, (dict, list)) and not isinstance(node, RawJson):
            spans[path] = (start, size[0])

    walk(value, ())
    return b"".join(out)


_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def parse_path(text: str | None) -> Path_:
    """``$.data[2].id`` -> ``("data", 2, "id")``; None or ``$`` -> ``()``."""
    return tuple(
        m.group(1) if m.group(1) is not None else int(m.group(2)) for m in _STEP.finditer(text or "")
    )


def related(a: Path_, b: Path_) -> bool:
    return a[: len(b)] == b or b[: len(a)] == a


def node_at(root: Any, path: Path_) -> Any:
    for step in path:
        root = root[step]
    return root


def copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


# --- value mutations -----------------------------------------------------------------------------------------


def odd_value(rng: Random, family: str, old: Any) -> Any:
    """A replacement for ``old`` in ``family``."""
    if family == "wrong type":
        choices = [42, -1, 3.5, True, None, "teks", [1, "a"], {"x": 1}, [], {}]
        return rng.choice([c for c in choices if type(c) is not type(old)] or choices)
    if family == "control characters":
        text = old if isinstance(old, str) else str(old)
        at = rng.randint(0, len(text))
        return text[:at] + rng.choice(CONTROLS) + text[at:]
    if family == "unpaired surrogate":
        text = old if isinstance(old, str) else "teks"
        at = rng.randint(0, len(text))
        return text[:at] + rng.choice(["\ud800", "\udfff", "\ud83d"]) + text[at:]
    if family == "deep nesting":
        depth = rng.choice([64, 255, 256, 300, 1100, 3000])
        opener, closer = rng.choice([(b"[", b"]"), (b'{"a":', b"}")])
        return RawJson(opener * depth + b"1" + closer * depth)
    if family == "huge number":
        return RawJson(rng.choice(HUGE_NUMBERS).encode())
    if family == "long string":
        return rng.choice(["x" * 201, "y" * 5000, "İ" * 120, "@" + "z" * 300])
    raise AssertionError(family)


def pick_path(rng: Random, node: Any) -> Path_:
    """A random path below ``node`` (possibly empty: the node itself)."""
    path: Path_ = ()
    while isinstance(node, (dict, list)) and node and rng.random() < 0.7:
        step = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        path, node = path + (step,), node[step]
    return path


def mutate_value(rng: Random, root: Any, path: Path_, family: str) -> tuple[Any, Path_, str]:
    """``root`` (a copy) with the value at ``path`` (or below it) changed; returns (root, changed path, note)."""
    root = copy(root)
    sub = pick_path(rng, node_at(root, path))
    target = path + sub
    if family == "missing field":
        while target and not isinstance(node_at(root, target[:-1]), dict):
            target = target[:-1]
        if not target:
            return root, target, "nothing to remove"
        del node_at(root, target[:-1])[target[-1]]
        return root, target, f"removed {target}"
    if not target:
        return odd_value(rng, family, root), target, f"{family}: whole record"
    parent = node_at(root, target[:-1])
    parent[target[-1]] = odd_value(rng, family, parent[target[-1]])
    return root, target, f"{family} at {target}"


# --- collecting a case ---------------------------------------------------------------------------------------


def collect_bytes(
    data: bytes, fmt: str, options: dict[str, Any], filename: str
) -> tuple[Any, list[dict], list[dict]]:
    """Collect ``data`` (written to a temporary ``filename``) in-process: (counts, posts, rejects)."""
    import tempfile

    import orjson

    from pipeline.collect import CollectOptions, JsonlSink, collect
    from pipeline.collect.csv_mapped import build_mapping, load_mapping_file

    if options.get("interactions"):
        return _collect_interaction_bytes(data, fmt, options, filename)
    mapping = None
    if options.get("preset") or options.get("mapping"):
        loaded = load_mapping_file(FIXTURES / options["mapping"]) if options.get("mapping") else None
        mapping = build_mapping(preset=options.get("preset"), mapping=loaded)
    opts = CollectOptions(mapping=mapping, platform=options.get("platform"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        path.write_bytes(data)
        buf, rejects = io.BytesIO(), []
        counts = collect([path], fmt=fmt, sink=JsonlSink(buf), on_reject=rejects.append, options=opts)
    return counts, [orjson.loads(line) for line in buf.getvalue().splitlines()], rejects


def _collect_interaction_bytes(
    data: bytes, fmt: str, options: dict[str, Any], filename: str
) -> tuple[Any, list[dict], list[dict]]:
    """:func:`collect_bytes` for the interaction collectors (options ``interactions: True``)."""
    import tempfile

    import orjson

    from pipeline.interactions import InteractionOptions, JsonlInteractionSink, collect_interactions
    from pipeline.interactions.csv_interactions import build_interaction_mapping

    preset = options.get("preset")
    opts = InteractionOptions(
        mapping=build_interaction_mapping(preset=preset, mapping=None, pairs=None) if preset else None,
        preset=preset, object_id=options.get("object_id"), relation=options.get("relation"),
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        path.write_bytes(data)
        buf, rejects = io.BytesIO(), []
        counts = collect_interactions(
            [path], fmt=fmt, sink=JsonlInteractionSink(buf), on_reject=rejects.append, options=opts
        )
    return counts, [orjson.loads(line) for line in buf.getvalue().splitlines()], rejects


# --- sources -------------------------------------------------------------------------------------------------


class Source:
    """One fixture as records with locations; subclasses write it and say where each record is."""

    name = ""
    fmt = ""
    filename = "input"
    options: dict[str, Any] = {}
    families: tuple[str, ...] = VALUE_FAMILIES + FILE_FAMILIES
    stops = (
        False  # a bad byte may stop the reading (one streamed document): only what comes before it is sure
    )
    shared: tuple[
        str, ...
    ] = ()  # keys whose value decides every record below its object (a Telegram chat's id)
    tail = 0  # 1 for a line: a byte put just before its newline is in it
    decides: tuple[str, ...] = ()  # top-level keys whose subtree decides every record of the line or document

    def write(self, root: Any) -> bytes:
        raise NotImplementedError

    @cached_property
    def root(self) -> Any:
        raise NotImplementedError

    @cached_property
    def data(self) -> bytes:
        return self.write(self.root)

    @cached_property
    def records(self) -> list[tuple[Loc, str]]:
        """``(location, post id)`` of every post the clean file gives."""
        counts, posts, rejects = collect_bytes(self.data, self.fmt, self.options, self.filename)
        assert posts, self.name
        return [(self.locate(p["source"]), p["id"]) for p in posts]

    def locate(self, source: dict[str, Any]) -> Loc:
        return source.get("line"), parse_path(source.get("path"))

    def spans(self) -> dict[Loc, tuple[int, int]]:
        """Byte span of each record location (for cuts and bad bytes); empty when the file is one document."""
        return {}

    def case(self, rng: Random, family: str | None = None) -> Case:
        family = family or rng.choice(self.families)
        baseline = {pid for _, pid in self.records}
        if family not in FILE_FAMILIES:
            return self.value_case(rng, family, baseline)
        data, spared, note = self.file_mutation(rng, family)
        case = Case(self.name, family, self.fmt, data, self.filename, self.options, spared, baseline, note,
                    exact=family in ("bom", "crlf"))  # fmt: skip
        if self.stops and family == "invalid bytes":
            # a bad byte inside a message loses that message alone, unless the stream stopped there (outside a
            # string); outside every message (a chat's own id) it may change them all
            at, spans = int(note.rsplit(" ", 1)[1]), self.spans()
            inside = [loc for loc, _ in self.records if loc in spans and spans[loc][0] <= at < spans[loc][1]]
            if inside:
                case.extra["unless_stopped"] = {pid for loc, pid in self.records if loc not in inside}
        return case

    def value_case(self, rng: Random, family: str, baseline: set[str]) -> Case:
        (line, path), _ = rng.choice(self.records)
        if family == "container type":
            path, family = path[: rng.randrange(len(path) + 1)], "wrong type"
        root, changed, note = self.mutate(rng, line, path, family)
        spared = {pid for (ln, p), pid in self.records if ln != line or not self.affects(changed, p)}
        return Case(self.name, family, self.fmt, self.write(root), self.filename, self.options, spared, baseline,
                    f"line {line}: {note}")  # fmt: skip

    def mutate(self, rng: Random, line: int | None, path: Path_, family: str) -> tuple[Any, Path_, str]:
        return mutate_value(rng, self.root, path, family)

    def affects(self, changed: Path_, record: Path_) -> bool:
        """Whether a change at ``changed`` may change or remove the post of the record at ``record``."""
        if related(changed, record):
            return True
        if changed and changed[0] in self.decides:
            return True
        return bool(changed) and changed[-1] in self.shared and related(changed[:-1], record)

    def file_mutation(self, rng: Random, family: str) -> tuple[bytes, set[str], str]:
        data = self.data
        everything = {pid for _, pid in self.records}
        if family == "bom":
            return b"\xef\xbb\xbf" + data, everything, "byte order mark"
        if family == "crlf":
            return data.replace(b"\n", b"\r\n"), everything, "CRLF line ends"
        spans = self.spans()
        start = self.first_record_byte()
        at = rng.randint(start, len(data) - 1)
        if family == "truncation":
            kept = {pid for loc, pid in self.records if loc in spans and spans[loc][1] <= at}
            return data[:at], kept, f"cut at byte {at} of {len(data)}"
        bad = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf0\x9f\x91", b"\x00", b"\x1f", b"\x80\x80"])
        if self.stops:
            kept = {pid for loc, pid in self.records if loc in spans and spans[loc][1] <= at}
        else:
            kept = {
                pid
                for loc, pid in self.records
                if loc in spans and not spans[loc][0] <= at < spans[loc][1] + self.tail
            }
        return data[:at] + bad + data[at:], kept, f"{bad!r} at byte {at}"

    def first_record_byte(self) -> int:
        return 0


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


class JsonLines(Source):
    tail = 1

    def __init__(self, name: str, fmt: str, fixture: str, options: dict[str, Any] | None = None) -> None:
        self.name, self.fmt, self.fixture = name, fmt, fixture
        self.filename = fixture
        self.options = options or {}

    @cached_property
    def root(self) -> Any:
        lines = (FIXTURES / self.fixture).read_text(encoding="utf-8").splitlines()
        # a fixture's deliberately broken lines are its own tests' business: the clean ones are the baseline
        values = [json.loads(line) for line in lines if line.strip() and _parses(line)]
        values = [v for v in values if isinstance(v, dict)]  # a fixture's non-object lines: its own tests
        if self.fmt in ("jsonl", "interactions-jsonl"):  # the reader then records where each record came from
            for value in values:
                value.pop("source", None)
        return values

    def write(self, root: Any) -> bytes:
        return b"".join(dump(value, pretty=False) + b"\n" for value in root)

    def locate(self, source: dict[str, Any]) -> Loc:
        return source["line"], parse_path(source.get("path"))

    def mutate(self, rng: Random, line: int | None, path: Path_, family: str) -> tuple[Any, Path_, str]:
        assert line is not None
        root, changed, note = mutate_value(rng, self.root, (line - 1, *path), family)
        return root, changed[1:] if changed else (), note

    def spans(self) -> dict[Loc, tuple[int, int]]:
        out, at = {}, 0
        for number, text in enumerate(self.data.split(b"\n")[:-1], start=1):
            for loc, _ in self.records:
                if loc[0] == number:
                    out[loc] = (at, at + len(text))
            at += len(text) + 1
        return out


class JsonDoc(Source):
    """One JSON document (pretty-printed); ``stops`` for Telegram's, streamed message by message."""

    def __init__(self, name: str, fmt: str, fixture: str, *, stops: bool = False) -> None:
        self.name, self.fmt, self.fixture, self.stops = name, fmt, fixture, stops
        # a chat's id is part of its posts' ids; for members its type also says whether it is a group at all
        self.shared = {"telegram-desktop": ("id",), "telegram-members": ("id", "type")}.get(fmt, ())
        self.filename = "result.json" if fmt == "telegram-desktop" else fixture

    @cached_property
    def root(self) -> Any:
        return json.loads((FIXTURES / self.fixture).read_text(encoding="utf-8"))

    def write(self, root: Any) -> bytes:
        return dump(root, pretty=True)

    def spans(self) -> dict[Loc, tuple[int, int]]:
        if not self.stops:
            return {}
        spans: dict[Path_, tuple[int, int]] = {}
        dump(self.root, pretty=True, spans=spans)
        return {(None, path): spans[path] for (_, path), _ in self.records}


class XSearch(JsonDoc):
    """A live-search response body, kept by ``collect x-search`` as one page line (``page_line``) for x-v2."""

    def __init__(self) -> None:
        super().__init__("x-search", "x-v2", "x_api_response.json")
        self.filename = "pages.jsonl"

    def write(self, root: Any) -> bytes:
        return self.line(dump(root, pretty=True))

    @staticmethod
    def line(body: bytes) -> bytes:
        from pipeline.collect.x_search import page_line

        return page_line(body, "https://api.x.com/2/tweets/search/recent")[0]

    def locate(self, source: dict[str, Any]) -> Loc:
        return None, parse_path(source.get("path"))

    def file_mutation(self, rng: Random, family: str) -> tuple[bytes, set[str], str]:
        body = dump(self.root, pretty=True)
        everything = {pid for _, pid in self.records}
        if family in ("bom", "crlf"):
            body = b"\xef\xbb\xbf" + body if family == "bom" else body.replace(b"\n", b"\r\n")
            return self.line(body), everything, family
        at = rng.randint(0, len(body) - 1)
        bad = rng.choice([b"\xff", b"\xc3", b"\x00"])
        body = body[:at] if family == "truncation" else body[:at] + bad + body[at:]
        return self.line(body), set(), f"body {family} at byte {at}"

    def case(self, rng: Random, family: str | None = None) -> Case:
        """As for any source; a body that even Python's parser refuses is an InputError (exit 2), the pages file
        then stays empty."""
        from pipeline.errors import InputError

        state = rng.getstate()
        try:
            return super().case(rng, family)
        except InputError as exc:
            rng.setstate(state)
            baseline = {pid for _, pid in self.records}
            return Case(
                self.name, "refused body", self.fmt, b"", self.filename, {}, set(), baseline, str(exc)
            )


class Csv(Source):
    """A CSV export with a preset or a mapping file; rows are written back with ``csv.writer``."""

    tail = 1

    families = ("wrong type", "missing field", "control characters", "long string", "huge number") + (
        FILE_FAMILIES + CSV_FAMILIES
    )

    def __init__(self, name: str, fixture: str, options: dict[str, Any]) -> None:
        self.name, self.fmt, self.fixture, self.options = name, "csv", fixture, options
        self.filename = fixture

    @cached_property
    def root(self) -> Any:
        text = (FIXTURES / self.fixture).read_text(encoding="utf-8-sig")
        return list(csv.reader(io.StringIO(text, newline="")))

    def write(self, root: Any) -> bytes:
        return b"".join(self.rows(root))

    @staticmethod
    def rows(root: Any) -> list[bytes]:
        out = []
        for row in root:
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerow(row)
            out.append(buf.getvalue().encode("utf-8"))
        return out

    def row_lines(self) -> dict[int, int]:
        """Row index -> the line it starts on."""
        starts, line = {}, 1
        for index, text in enumerate(self.rows(self.root)):
            starts[index] = line
            line += text.count(b"\n")
        return starts

    def spans(self) -> dict[Loc, tuple[int, int]]:
        out, at = {}, 0
        by_line = {line: index for index, line in self.row_lines().items()}
        texts = self.rows(self.root)
        offsets = []
        for text in texts:
            offsets.append((at, at + len(text) - 1))
            at += len(text)
        for (line, path), _ in self.records:
            out[(line, path)] = offsets[by_line[line]]
        return out

    def first_record_byte(self) -> int:
        return len(self.rows(self.root)[0])

    def value_case(self, rng: Random, family: str, baseline: set[str]) -> Case:
        (line, _), _ = rng.choice(self.records)
        index = {ln: i for i, ln in self.row_lines().items()}[line]
        root = copy(self.root)
        row = root[index]
        col = rng.randrange(len(row))
        loose = False
        if family == "missing field":
            row[col] = ""
        elif family == "cell count":
            row.pop(col) if rng.random() < 0.5 else row.insert(col, "lebih")
        elif family == "line break in cell":
            row[col] = (
                row[col][: len(row[col]) // 2]
                + rng.choice(["\n", "\r\n", "\n\n"])
                + row[col][len(row[col]) // 2 :]
            )
        elif family == "wrong type":
            row[col] = rng.choice(["abc", "-1", "1.5e3", "[1, 2]", "{}", "null", "true", "2024-13-45 99:99"])
        elif family in ("huge number", "long string"):
            row[col] = (
                rng.choice(["1" * 5000, "9" * 30, "-" + "9" * 20]) if family == "huge number" else "x" * 5000
            )
        elif family == "control characters":
            row[col] = odd_value(rng, family, row[col])
        texts = self.rows(root)
        if family == "broken quoting":
            loose = True
            text = texts[index].decode("utf-8")
            at = rng.randrange(len(text))
            texts[index] = (text[:at] + '"' + text[at:]).encode("utf-8")
        spared = {pid for (ln, _), pid in self.records if ln != line}
        note = f"row {index} (line {line}) column {col}: {family}"
        return Case(self.name, family, self.fmt, b"".join(texts), self.filename, self.options, spared, baseline,
                    note, loose=loose)  # fmt: skip


SOURCES: list[Source] = [
    JsonLines("x-v2 pages", "x-v2", "x_twarc2_pages.jsonl"),
    JsonLines("x-v2 flattened", "x-v2", "x_twarc2_flat.jsonl"),
    JsonDoc("x-v2 response", "x-v2", "x_api_response.json"),
    XSearch(),
    JsonDoc("telegram chat", "telegram-desktop", "telegram_single_chat.json", stops=True),
    JsonDoc("telegram export", "telegram-desktop", "telegram_full_export.json", stops=True),
    Csv("csv crowdtangle-facebook", "crowdtangle_facebook.csv", {"preset": "crowdtangle-facebook"}),
    Csv("csv crowdtangle-instagram", "crowdtangle_instagram.csv", {"preset": "crowdtangle-instagram"}),
    Csv("csv meta-cl-facebook", "meta_cl_facebook.csv", {"preset": "meta-cl-facebook"}),
    Csv("csv meta-cl-instagram", "meta_cl_instagram.csv", {"preset": "meta-cl-instagram"}),
    Csv("csv 4cat", "fourcat.csv", {"preset": "4cat"}),
    Csv("csv mapping", "custom.csv", {"mapping": "custom_mapping.yaml"}),
    JsonLines("ndjson 4cat", "csv", "fourcat.ndjson", {"preset": "4cat"}),
    JsonDoc("tiktok videos", "tiktok", "tiktok_videos.json"),
    JsonLines("tiktok comments", "tiktok", "tiktok_comments.jsonl"),
    JsonDoc("youtube", "youtube", "youtube_comment_threads.json"),
    JsonLines("canonical jsonl", "jsonl", "canonical.jsonl"),
]


INTERACTION_FIXTURES = Path(__file__).parents[1] / "interactions" / "fixtures"


def _interactions(source: Source, **options: Any) -> Source:
    """A source of interaction records (issue 15's collectors), read from tests/interactions/fixtures."""
    source.fixture = str(INTERACTION_FIXTURES / source.fixture)  # type: ignore[attr-defined]
    source.filename = Path(source.fixture).name  # type: ignore[attr-defined]
    source.options = {**source.options, **options, "interactions": True}
    if source.fmt == "csv":
        source.fmt = "csv-interactions"
    if source.fmt == "x-v2-users":  # a page's __twarc.url says what its users did, and to whom
        source.decides = ("__twarc",)
    return source


INTERACTION_SOURCES: list[Source] = [
    _interactions(JsonLines("x followers pages", "x-v2-users", "x_followers_pages.jsonl")),
    _interactions(JsonLines("x retweeted-by flat", "x-v2-users", "x_retweeted_by_flat.jsonl")),
    _interactions(
        JsonDoc("x liking-users response", "x-v2-users", "x_liking_users.json"),
        relation="liking_users",
        object_id="1851000000000000001",
    ),  # fmt: skip
    _interactions(JsonDoc("telegram members", "telegram-members", "telegram_group_members.json", stops=True)),
    _interactions(
        Csv("csv facebook-group-members", "facebook_group_members.csv", {}),
        preset="facebook-group-members",
        object_id="987654321012345",
    ),  # fmt: skip
    _interactions(JsonLines("interactions jsonl", "interactions-jsonl", "interactions.jsonl")),
]
