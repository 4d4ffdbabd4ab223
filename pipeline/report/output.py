"""Writing a report directory: CSV, XLSX, HTML and ``manifest.json``.

Everything is rendered in memory first; only then is each file written atomically (temp file + rename), so a
failure while rendering leaves the directory untouched and no file is ever half-written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pipeline.errors import InputError
from pipeline.io.files import atomic_output
from pipeline.report.csv_out import render_csv, render_interactions_csv
from pipeline.report.html_out import render_html
from pipeline.report.manifest import MANIFEST, build_manifest, render_manifest
from pipeline.report.weekly import WeeklyReport
from pipeline.report.xlsx_out import render_xlsx


@dataclass(frozen=True)
class Written:
    directory: Path
    files: tuple[Path, ...]
    manifest: dict[str, object]


def file_names(report: WeeklyReport) -> dict[str, str]:
    """``{"csv": "weekly-2024-W47.csv", ..., "interactions_csv": "weekly-2024-W47-interactions.csv"}``."""
    stem = f"weekly-{report.week.label}"
    return {
        "csv": f"{stem}.csv",
        "xlsx": f"{stem}.xlsx",
        "html": f"{stem}.html",
        "interactions_csv": f"{stem}-interactions.csv",
    }


def write_report(
    report: WeeklyReport, directory: str | Path, *, generated_at: datetime | None = None
) -> Written:
    """Render and write the report files into ``directory`` (created if missing)."""
    out = Path(directory)
    if out.exists() and not out.is_dir():
        raise InputError("output path exists and is not a directory", path=out)
    names = file_names(report)
    contents = {
        names["csv"]: render_csv(report),
        names["xlsx"]: render_xlsx(report),
        names["html"]: render_html(report),
        names["interactions_csv"]: render_interactions_csv(report),
    }
    manifest = build_manifest(report, contents, generated_at=generated_at or datetime.now(timezone.utc))
    contents[MANIFEST] = render_manifest(manifest)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create output directory: {exc.strerror}", path=out) from None
    written = []
    for name, data in contents.items():  # manifest last: its presence means the others are complete
        with atomic_output(out / name, "wb") as fh:
            fh.write(data)
        written.append(out / name)
    return Written(directory=out, files=tuple(written), manifest=manifest)
