"""Evaluation: gold-labelled posts + predictions -> metrics, images and an HTML report.

Metrics (``compute_metrics``):

- ``partisan``: precision / recall / F1 of "is partisan" (any partisan label), plus average precision of
  ``partisan_score``, Brier score and expected calibration error (10 equal-width bins);
- ``per_label``: precision / recall / F1 / support of every label (multi-label);
- ``macro_f1``: macro-F1 over the three classes partisan / NETRAL_PEMILU / TIDAK_TERKAIT, and their 3x3
  ``confusion`` matrix (rows gold, columns predicted);
- ``worst_errors``: the misclassified posts the model was most sure about.

``write_report(dir, ...)`` writes ``metrics.json``, ``report.html`` (self-contained, images embedded),
``pr_curve.png``, ``reliability.png``, ``confusion.png`` and ``predictions.jsonl``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.labels import ALL_LABELS, PARTISAN_LABELS

if TYPE_CHECKING:
    from matplotlib.axes import Axes

CLASSES = ("partisan", "NETRAL_PEMILU", "TIDAK_TERKAIT")
N_WORST = 25


def three_class(labels: Sequence[str]) -> str:
    """partisan / NETRAL_PEMILU / TIDAK_TERKAIT for a label set."""
    if any(label in PARTISAN_LABELS for label in labels):
        return "partisan"
    return "NETRAL_PEMILU" if "NETRAL_PEMILU" in labels else "TIDAK_TERKAIT"


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def calibration_bins(
    scores: Sequence[float], gold: Sequence[int], *, bins: int = 10
) -> list[dict[str, float]]:
    """Reliability table: per equal-width bin, mean score, observed partisan rate and count."""
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, s in enumerate(scores) if lo <= s < hi or (b == bins - 1 and s == 1.0)]
        if idx:
            out.append(
                {
                    "lo": lo,
                    "hi": hi,
                    "mean_score": sum(scores[i] for i in idx) / len(idx),
                    "observed": sum(gold[i] for i in idx) / len(idx),
                    "count": len(idx),
                }
            )
    return out


def compute_metrics(
    records: Sequence[dict[str, Any]], predictions: Sequence[Any], *, summary_only: bool = False
) -> dict[str, Any]:
    """Metrics of ``predictions`` (Prediction objects or dicts, same order as ``records``) against gold labels.

    ``records`` need ``labels`` (and ``id``/``text`` for the error list). ``summary_only`` skips the curves
    and the error list (used inside training).
    """
    preds = [p.model_dump() if hasattr(p, "model_dump") else dict(p) for p in predictions]
    if len(preds) != len(records):
        raise ValueError(f"{len(records)} gold records but {len(preds)} predictions")
    gold3 = [three_class(r["labels"]) for r in records]
    pred3 = [three_class(p["labels"]) for p in preds]
    n = len(records)
    gold_p = [int(g == "partisan") for g in gold3]
    pred_p = [int(p == "partisan") for p in pred3]
    scores = [float(p.get("partisan_score", 0.0)) for p in preds]
    tp = sum(g and p for g, p in zip(gold_p, pred_p, strict=True))
    fp = sum((not g) and p for g, p in zip(gold_p, pred_p, strict=True))
    fn = sum(g and (not p) for g, p in zip(gold_p, pred_p, strict=True))
    partisan = _prf(tp, fp, fn)
    bins = calibration_bins(scores, gold_p)
    partisan["ece"] = (
        round(sum(b["count"] * abs(b["mean_score"] - b["observed"]) for b in bins) / n, 4) if n else 0
    )
    partisan["brier"] = (
        round(sum((s - g) ** 2 for s, g in zip(scores, gold_p, strict=True)) / n, 4) if n else 0
    )
    partisan["average_precision"] = round(_average_precision(scores, gold_p), 4)
    per_class = {}
    for c in CLASSES:
        ctp = sum(g == c and p == c for g, p in zip(gold3, pred3, strict=True))
        cfp = sum(g != c and p == c for g, p in zip(gold3, pred3, strict=True))
        cfn = sum(g == c and p != c for g, p in zip(gold3, pred3, strict=True))
        per_class[c] = _prf(ctp, cfp, cfn)
    macro = sum(per_class[c]["f1"] for c in CLASSES) / len(CLASSES)
    per_label = {}
    for label in ALL_LABELS:
        g = [label in r["labels"] for r in records]
        p = [label in q["labels"] for q in preds]
        per_label[label] = _prf(
            sum(a and b for a, b in zip(g, p, strict=True)),
            sum((not a) and b for a, b in zip(g, p, strict=True)),
            sum(a and (not b) for a, b in zip(g, p, strict=True)),
        )
    confusion = [
        [sum(g == a and p == b for g, p in zip(gold3, pred3, strict=True)) for b in CLASSES] for a in CLASSES
    ]
    out: dict[str, Any] = {
        "n": n,
        "partisan": partisan,
        "macro_f1": round(macro, 4),
        "accuracy_3class": round(sum(g == p for g, p in zip(gold3, pred3, strict=True)) / n, 4) if n else 0.0,
        "per_class": per_class,
        "per_label": per_label,
        "confusion": {"classes": list(CLASSES), "matrix": confusion},
    }
    if summary_only:
        return out
    out["reliability"] = bins
    out["pr_curve"] = _pr_curve(scores, gold_p)
    errors: list[tuple[float, int]] = []
    for i, (record, pred) in enumerate(zip(records, preds, strict=True)):
        if gold3[i] != pred3[i] or set(record["labels"]) != set(pred["labels"]):
            margin = abs(scores[i] - gold_p[i]) + (1.0 if gold3[i] != pred3[i] else 0.0)
            errors.append((margin, i))
    errors.sort(key=lambda e: -e[0])
    out["worst_errors"] = [
        {
            "id": records[i].get("id"),
            "election": records[i].get("election"),
            "text": str(records[i].get("text", ""))[:400],
            "parent_text": (
                str(records[i].get("parent_text"))[:200] if records[i].get("parent_text") else None
            ),
            "gold": list(records[i]["labels"]),
            "predicted": list(preds[i]["labels"]),
            "partisan_score": scores[i],
            "evidence": preds[i].get("evidence", []),
        }
        for _, i in errors[:N_WORST]
    ]
    return out


def _average_precision(scores: Sequence[float], gold: Sequence[int]) -> float:
    pos = sum(gold)
    if not pos:
        return 0.0
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    tp = 0
    ap = 0.0
    for k, i in enumerate(order, start=1):
        if gold[i]:
            tp += 1
            ap += tp / k
    return ap / pos


def _pr_curve(scores: Sequence[float], gold: Sequence[int]) -> list[dict[str, float]]:
    """Precision/recall at each distinct threshold (at most ~200 points)."""
    pos = sum(gold)
    if not pos:
        return []
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    pts, tp = [], 0
    step = max(1, len(order) // 200)
    for k, i in enumerate(order, start=1):
        tp += gold[i]
        last = k == len(order) or scores[order[k]] < scores[i]
        if last and (k % step == 0 or k == len(order)):
            pts.append({"threshold": scores[i], "precision": tp / k, "recall": tp / pos})
    return pts


# -- images and report ---------------------------------------------------------------------------------------


def _figure_png(draw: Callable[[Axes], None]) -> bytes:
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4.8, 4.0), dpi=100)
    draw(ax)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def plot_pr(metrics: dict[str, Any]) -> bytes:
    def draw(ax: Axes) -> None:
        pts = metrics.get("pr_curve", [])
        ax.plot([p["recall"] for p in pts], [p["precision"] for p in pts], lw=2)
        pm = metrics["partisan"]
        ax.scatter([pm["recall"]], [pm["precision"]], color="red", zorder=3, label="decision threshold")
        ax.set(
            xlabel="recall (partisan)",
            ylabel="precision",
            xlim=(0, 1.02),
            ylim=(0, 1.02),
            title=f"Precision-recall, AP {pm['average_precision']:.3f}",
        )
        ax.legend(loc="lower left")
        ax.grid(alpha=0.3)

    return _figure_png(draw)


def plot_reliability(metrics: dict[str, Any]) -> bytes:
    def draw(ax: Axes) -> None:
        bins = metrics.get("reliability", [])
        ax.plot([0, 1], [0, 1], ls="--", color="grey")
        ax.plot([b["mean_score"] for b in bins], [b["observed"] for b in bins], marker="o")
        for b in bins:
            ax.annotate(
                str(b["count"]),
                (b["mean_score"], b["observed"]),
                fontsize=7,
                xytext=(3, -9),
                textcoords="offset points",
            )
        ax.set(
            xlabel="mean partisan_score",
            ylabel="observed partisan rate",
            xlim=(0, 1),
            ylim=(0, 1),
            title=f"Reliability, ECE {metrics['partisan']['ece']:.3f}",
        )
        ax.grid(alpha=0.3)

    return _figure_png(draw)


def plot_confusion(metrics: dict[str, Any]) -> bytes:
    def draw(ax: Axes) -> None:
        m = metrics["confusion"]["matrix"]
        classes = ["partisan", "NETRAL", "TIDAK_T."]
        ax.imshow(m, cmap="Blues")
        for i, row in enumerate(m):
            for j, v in enumerate(row):
                ax.text(j, i, str(v), ha="center", va="center", color="black")
        ax.set_xticks(range(3), classes)
        ax.set_yticks(range(3), classes)
        ax.set(xlabel="predicted", ylabel="gold", title=f"Confusion, macro-F1 {metrics['macro_f1']:.3f}")

    return _figure_png(draw)


def write_report(
    output: str | Path,
    *,
    records: Sequence[dict[str, Any]],
    predictions: Sequence[Any],
    model: str,
    data: str,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Compute metrics and write the report files into ``output`` (created). Returns the metrics."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    from pipeline.io.files import atomic_output

    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    metrics = compute_metrics(records, predictions)
    metrics["model"] = model
    metrics["data"] = data
    if extra:
        metrics.update(extra)
    images = {
        "pr_curve": plot_pr(metrics),
        "reliability": plot_reliability(metrics),
        "confusion": plot_confusion(metrics),
    }
    for name, png in images.items():
        with atomic_output(out / f"{name}.png", mode="wb") as fh:
            fh.write(png)
    with atomic_output(out / "metrics.json") as fh:
        fh.write(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n")
    with atomic_output(out / "predictions.jsonl") as fh:
        for p in predictions:
            d = p.model_dump(mode="json") if hasattr(p, "model_dump") else p
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    env = Environment(loader=PackageLoader("pipeline.classify", "templates"), autoescape=select_autoescape())
    html = env.get_template("evaluation.html").render(
        m=metrics,
        images={k: base64.b64encode(v).decode("ascii") for k, v in images.items()},
        classes=CLASSES,
    )
    with atomic_output(out / "report.html") as fh:
        fh.write(html)
    return metrics
