"""``asnwatch scan``: classify stored posts not yet scanned and queue partisan posts by likely ASN."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli._common import DEFAULT_DB, DbOption, QuietOption, handle_errors, note


@handle_errors
def scan(
    election: Annotated[Path, typer.Option("--election", "-e", help="Election config YAML.")],
    db: DbOption = DEFAULT_DB,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="'rules', a model name under models/, or a model dir.")
    ] = None,
    weights: Annotated[
        Path | None, typer.Option("--weights", help="Account-scorer weights JSON (from `accounts refit`).")
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Classify stored posts not yet scanned, score their authors, and queue flagged items for review.

    Running it twice adds nothing the second time.
    """
    from pipeline.accounts.stored import scorer_for_store
    from pipeline.classify import load_classifier
    from pipeline.election import load_election
    from pipeline.scan import scan as run_scan
    from pipeline.store import open_store

    cfg = load_election(election)
    store = open_store(db)
    clf = load_classifier(model, election=cfg)
    scorer = scorer_for_store(store, weights=weights)
    result = run_scan(store, cfg, clf, scorer)
    labels = ", ".join(f"{k} {v}" for k, v in sorted(result.by_label.items())) or "none"
    note(
        f"scanned {result.classified} posts with {clf.name}@{clf.version}: {result.partisan} partisan, "
        f"{result.flagged} queued for review ({labels}); {result.below_asn_threshold} by accounts below the ASN "
        f"threshold, {result.already_flagged} already queued",
        quiet=quiet,
    )
    if result.interactions:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(result.by_kind.items())) or "none"
        note(
            f"interactions: {result.interactions} read, {result.campaign_interactions} with campaign accounts or "
            f"partisan posts, {result.interactions_flagged} queued for review ({kinds}); "
            f"{result.interactions_below_asn} by accounts below the ASN threshold",
            quiet=quiet,
        )
