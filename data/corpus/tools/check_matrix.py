"""Check style-matrix post files against the contest config and the matrix (``STYLE_MATRIX.md``).

    python3 data/corpus/tools/check_matrix.py data/corpus/src/matrix_<contest>_p1.jsonl [...]

Prints one line per problem (``file:line: problem``) and the counts per label, frame and axis, and exits 1
when any line is invalid. The contest is taken from the file name.
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT.parents[1]))

from pipeline.labels import PARTISAN_LABELS, check_label_set  # noqa: E402

AXES = {
    "register": {"casual", "slang", "formal", "bureaucratic", "news", "religious"},
    "language": {"indonesian", "regional", "mixed"},
    "indirectness": {"none", "alias", "implied", "explicit", "obfuscated", "ordinal"},
    "difficulty": {"easy", "medium", "hard"},
    "frame": {
        "none",
        "quote_context",
        "family",
        "kpu_bawaslu",
        "news",
        "gotv_all",
        "antihoax",
        "whistleblowing",
        "birthday",
        "religious_greeting",
        "condolence",
    },
}
PLATFORMS = {"facebook", "x", "instagram", "tiktok", "telegram", "youtube", "whatsapp"}
KINDS = {"post", "comment", "reply", "share", "quote"}
FLAGS = {"BUTUH_GAMBAR", "BUTUH_METADATA", "KONTEKS_KHUSUS", "AKTOR_TIDAK_PASTI"}


def contest_of(path: Path) -> str:
    match = re.match(r"matrix_(.+?-\d{4})", path.name)
    if not match:
        raise SystemExit(f"{path}: name is not matrix_<contest>[_part].jsonl")
    return match.group(1)


def check_row(row: dict, numbers: set[int]) -> list[str]:
    """The problems of one post (empty when it is valid)."""
    problems = []
    try:
        check_label_set(list(row.get("labels") or []))
    except ValueError as exc:
        problems.append(f"labels: {exc}")
    partisan = any(label in PARTISAN_LABELS for label in row.get("labels") or [])
    targets = row.get("targets") or []
    if any(t not in numbers for t in targets):
        problems.append(f"targets {targets} not among ballot numbers {sorted(numbers)}")
    if targets and not partisan:
        problems.append("a non-partisan post has targets")
    if not set(row.get("flags") or []) <= FLAGS:
        problems.append(f"unknown flags {row.get('flags')}")
    if row.get("platform") not in PLATFORMS:
        problems.append(f"platform {row.get('platform')!r}")
    if row.get("kind") not in KINDS:
        problems.append(f"kind {row.get('kind')!r}")
    if row.get("kind") in ("comment", "reply", "share", "quote") and not row.get("parent_text"):
        problems.append(f"a {row.get('kind')} needs parent_text")
    if row.get("kind") == "post" and row.get("parent_text"):
        problems.append("a post has no parent_text (a comment, share or quote has)")
    if not isinstance(row.get("text"), str) or not (row["text"].strip() or row.get("parent_text")):
        problems.append("text is empty and there is no parent_text")
    cell = row.get("matrix") or {}
    for axis, values in AXES.items():
        if cell.get(axis) not in values:
            problems.append(f"matrix.{axis} {cell.get(axis)!r} not in {sorted(values)}")
    return problems


def config_path(contest: str) -> Path:
    """The contest's config: ``configs/`` once it is in the corpus, ``planned/`` while its posts are written."""
    built = ROOT / "configs" / f"{contest}.yaml"
    return built if built.exists() else ROOT / "planned" / f"{contest}.yaml"


def main(paths: list[str]) -> int:
    bad = 0
    seen: dict[str, str] = {}
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for name in paths:
        path = Path(name)
        cfg = yaml.safe_load(config_path(contest_of(path)).read_text(encoding="utf-8"))
        numbers = {c["number"] for c in cfg["election"]["candidates"]}
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path}:{lineno}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{where}: not JSON ({exc.msg})")
                bad += 1
                continue
            problems = check_row(row, numbers)
            key = (row.get("text") or "") + "\x1f" + (row.get("parent_text") or "")
            if key in seen:
                problems.append(f"duplicate of {seen[key]}")
            seen[key] = where
            for problem in problems:
                print(f"{where}: {problem}")
            bad += bool(problems)
            for label in row.get("labels") or []:
                counts["label"][label] += 1
            for axis in AXES:
                counts[axis][(row.get("matrix") or {}).get(axis)] += 1
            counts["platform"][row.get("platform")] += 1
    total = sum(counts["platform"].values())
    print(f"{total} posts, {bad} invalid")
    for axis, counter in counts.items():
        print(f"  {axis}: " + ", ".join(f"{k}={v}" for k, v in counter.most_common()))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
