"""``asnwatch review``: How the review goes: ``agreement``, ``stats``."""

from __future__ import annotations

from pipeline.cli._common import (
    DEFAULT_DB,
    DbOption,
    FormatOption,
    check_format,
    handle_errors,
    open_db,
    print_json,
)
from pipeline.cli.review._app import (
    ElectionOption,
    app,
    print_table,
)


@app.command("agreement")
@handle_errors
def agreement_cmd(
    election: ElectionOption = None,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = "table",
) -> None:
    """Percent agreement and kappas: Fleiss' overall and per label, Cohen's per reviewer pair."""
    from pipeline.review.agreement import agreement

    check_format(format)
    report = agreement(open_db(db), election_id=election)
    if format == "json":
        print_json(report)
        return
    d = report["decision"]
    print_table(
        f"agreement over {report['items']} item(s) with 2+ reviewers",
        ["scope", "percent", "fleiss kappa", "items with label"],
        [["decision", d["percent"], d["fleiss_kappa"], None]]
        + [
            [label, v["percent"], v["fleiss_kappa"], v["items_with_label"]]
            for label, v in report["labels"].items()
        ],
    )
    print_table(
        "reviewer pairs",
        ["reviewer a", "reviewer b", "items", "percent", "cohen kappa"],
        [[*p["reviewers"], p["items"], p["percent"], p["cohen_kappa"]] for p in report["pairs"]],
    )


@app.command("stats")
@handle_errors
def stats_cmd(
    election: ElectionOption = None,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = "table",
) -> None:
    """Items per status; per reviewer: throughput, time spent, agreement with final and adjudicated outcomes."""
    from pipeline.review.stats import stats

    check_format(format)
    report = stats(open_db(db), election_id=election)
    if format == "json":
        print_json(report)
        return
    print_table(
        f"{report['items']} item(s), {report['decisions']} decision(s)",
        ["status", "items"],
        [[s, n] for s, n in report["status"].items()],
    )
    print_table(
        "reviewers",
        [
            "reviewer",
            "decisions",
            "adjudications",
            "confirmed",
            "rejected",
            "escalated",
            "median s",
            "matches final",
            "matches adjudication",
        ],
        [
            [
                r["reviewer"],
                r["decisions"],
                r["adjudications"],
                r["confirmed"],
                r["rejected"],
                r["escalated"],
                r["median_seconds"],
                r["matches_final"],
                r["matches_adjudication"],
            ]
            for r in report["reviewers"]
        ],
    )
