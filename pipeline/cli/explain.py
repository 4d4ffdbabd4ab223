"""``asnwatch explain``: show why the rules label a text (normalised text, targets, fired rules, labels)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from pipeline.cli._common import FormatOption, check_format, handle_errors, print_json

if TYPE_CHECKING:
    from pipeline.election import ElectionConfig
    from pipeline.schema import Post
    from pipeline.text.lang import LangTag


@handle_errors
def explain(
    election: Annotated[Path, typer.Option("--election", "-e", help="Election config YAML.")],
    text: Annotated[str, typer.Option("--text", "-t", help="The post text to explain.")],
    parent_text: Annotated[
        str | None, typer.Option("--parent-text", help="The parent post (for a comment, reply or share).")
    ] = None,
    kind: Annotated[str, typer.Option("--kind", help="post, comment, reply, share or quote.")] = "post",
    created_at: Annotated[
        str | None,
        typer.Option("--created-at", help="ISO 8601 timestamp with offset (sets the election phase)."),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            "-m",
            help="Also show this trained model's stance views and decision (a model with a stance model, "
            "e.g. default).",
        ),
    ] = None,
    fmt: FormatOption = "table",
) -> None:
    """Why a text gets its labels: normalised text, targets, clearing frames, fired rules, labels.

    With --model, also the stance towards each candidate named and that model's labels.
    """
    from typing import get_args

    from pipeline.classify.rules import RulesClassifier
    from pipeline.election import load_election
    from pipeline.errors import InputError
    from pipeline.schema import Post, PostKind
    from pipeline.text.lang import detect_language
    from pipeline.text.masking import mask_targets

    if kind not in get_args(PostKind):
        raise InputError(f"unknown kind {kind!r} ({', '.join(get_args(PostKind))})", key="--kind")
    check_format(fmt)
    when = None
    if created_at:
        try:
            when = datetime.fromisoformat(created_at)
        except ValueError:
            raise InputError(f"not an ISO 8601 timestamp: {created_at!r}", key="--created-at") from None
        if when.tzinfo is None:
            raise InputError("timestamp needs an offset, e.g. 2024-11-20T10:15:00+07:00", key="--created-at")
    cfg = load_election(election)
    clf = RulesClassifier(cfg)
    post = Post(
        id="explain:1", text=text, parent_text=parent_text, kind=cast(PostKind, kind), created_at=when
    )
    a = clf.explain(post)
    pred = clf.predict_one(post)
    lang = detect_language(text)
    masked = mask_targets(text, cfg, parent_text=parent_text, resolver=clf.resolver)
    mentions = [
        {
            "number": m.number,
            "kind": m.kind,
            "text": m.text,
            "strong": m.strong,
            "in_parent": m.in_parent,
            "against": m.polarity < 0,
        }
        for m in a.resolution.mentions
    ]
    rejected = [{"number": m.number, "kind": m.kind, "text": m.text} for m in a.resolution.rejected]
    data = {
        "normalized": a.norm.text,
        "masked": masked,
        "lang": lang.code,
        "phase": a.phase,
        "election_cues": [c[2] for c in a.resolution.cues],
        "targets_found": mentions,
        "targets_rejected_without_context": rejected,
        "cues": [
            {"family": h.family, "text": h.text, "weak": h.weak}
            for h in a.hits
            if h.family not in {"quote_frame", "negation"}
        ],
        "rules_fired": [{"rule": r, "why": w} for r, w in a.fired],
        "frames": a.frames.hits,
        "prediction": pred.model_dump(mode="json"),
    }
    if model:
        data["model"] = _model_view(model, post, cfg)
    if fmt == "json":
        print_json(data)
        return
    _print_table(data, text=text, parent_text=parent_text, lang=lang, model=bool(model))


def _print_table(
    data: dict[str, Any], *, text: str, parent_text: str | None, lang: LangTag, model: bool
) -> None:
    """The human-readable explanation (``data`` is the JSON one)."""
    from rich.console import Console
    from rich.markup import escape

    out = Console(highlight=False, soft_wrap=True)
    pred = data["prediction"]
    out.print(f"[bold]raw[/]        {escape(text)}")
    if parent_text:
        out.print(f"[bold]parent[/]     {escape(parent_text)}")
    out.print(f"[bold]normalised[/] {escape(data['normalized'])}")
    out.print(f"[bold]masked[/]     {escape(data['masked'])}")
    out.print(
        f"[bold]language[/]   {lang.code} ({lang.source}, {lang.confidence:.2f})   [bold]phase[/] {data['phase']}"
    )
    out.print(f"[bold]election cues[/] {escape(', '.join(data['election_cues']) or '-')}")
    out.print("[bold]targets[/]")
    for m in data["targets_found"]:
        where = " (parent)" if m["in_parent"] else ""
        tag = " AGAINST" if m["against"] else ""
        out.print(
            f"  {m['number']}  {m['kind']:8s} {escape(m['text'])!r}{' strong' if m['strong'] else ''}{where}{tag}"
        )
    for m in data["targets_rejected_without_context"]:
        out.print(f"  [dim]-  {m['kind']:8s} {escape(m['text'])!r} rejected: no election context[/]")
    if not data["targets_found"] and not data["targets_rejected_without_context"]:
        out.print("  (none)")
    out.print("[bold]rules fired[/]")
    for r in data["rules_fired"] or [{"rule": "(none)", "why": ""}]:
        out.print(f"  {r['rule']:24s} {escape(r['why'])}")
    out.print(
        f"[bold]labels[/]     {', '.join(pred['labels'])}   partisan_score {pred['partisan_score']:.2f}"
    )
    out.print(f"[bold]targets[/]    {pred['targets']}   [bold]flags[/] {', '.join(pred['flags']) or '-'}")
    out.print(f"[bold]evidence[/]   {escape(' | '.join(pred['evidence'])) or '-'}")
    out.print("[bold]clearing frames[/] (features, not vetoes)")
    for name, snippets in data["frames"].items() or [("(none)", [])]:
        out.print(f"  {name:18s} {escape(' | '.join(snippets))}")
    if model:
        view = data["model"]
        out.print(f"[bold]model[/]      {escape(view['model'])}")
        out.print("[bold]stance[/]     (per candidate named; 0 = nobody named)")
        for v in view["stance"] or [{"number": "-", "view": "(this model has no stance model)"}]:
            probs = (
                ""
                if "for" not in v
                else f"for {v['for']:.2f}  against {v['against']:.2f}  none {v['none']:.2f}  "
            )
            out.print(f"  {v['number']}  {probs}{escape(v['view'])}")
        p = view["prediction"]
        out.print(
            f"[bold]model labels[/] {', '.join(p['labels'])}   partisan_score {p['partisan_score']:.2f}"
        )


def _model_view(spec: str, post: Post, cfg: ElectionConfig) -> dict[str, Any]:
    """The trained model's decision for ``post`` and, when it has one, its stance model's views."""
    from pipeline.classify.base import load_classifier
    from pipeline.classify.stance import explain_views

    clf = load_classifier(spec, election=cfg)
    member = getattr(clf, "cheap", clf)  # a cascade's stance features come from its cheap member
    stance = getattr(member, "stance", None)
    batch = clf.batch([post]) if hasattr(clf, "batch") else None
    trained = cast(Any, clf)  # trained backends and cascades: batch-based, beyond the Classifier protocol
    prediction = trained.predict_batch(batch)[0] if batch is not None else trained.predict_one(post)
    views = explain_views(stance, batch.texts[0], post.text) if stance is not None and batch else []
    return {"model": prediction.model, "stance": views, "prediction": prediction.model_dump(mode="json")}
