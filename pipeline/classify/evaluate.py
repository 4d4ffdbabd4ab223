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


def _prf_of(gold: Sequence[object], pred: Sequence[object]) -> dict[str, float]:
    """:func:`_prf` of parallel gold and predicted yes / no values (truthy = yes)."""
    pairs = list(zip(gold, pred, strict=True))
    return _prf(
        sum(1 for g, p in pairs if g and p),
        sum(1 for g, p in pairs if not g and p),
        sum(1 for g, p in pairs if g and not p),
    )


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
    scores = [float(p.get("partisan_score", 0.0)) for p in preds]
    bins = calibration_bins(scores, gold_p)
    per_class = _class_metrics(gold3, pred3)
    out: dict[str, Any] = {
        "n": n,
        "partisan": _partisan_metrics(scores, gold_p, [int(p == "partisan") for p in pred3], bins=bins),
        "macro_f1": round(sum(per_class[c]["f1"] for c in CLASSES) / len(CLASSES), 4),
        "accuracy_3class": round(sum(g == p for g, p in zip(gold3, pred3, strict=True)) / n, 4) if n else 0.0,
        "per_class": per_class,
        "per_label": _label_metrics(records, preds),
        "confusion": {"classes": list(CLASSES), "matrix": _confusion(gold3, pred3)},
    }
    if summary_only:
        return out
    out["reliability"] = bins
    out["pr_curve"] = _pr_curve(scores, gold_p)
    out["worst_errors"] = _worst_errors(
        records, preds, scores=scores, gold_p=gold_p, gold3=gold3, pred3=pred3
    )
    return out


def _partisan_metrics(
    scores: Sequence[float], gold: Sequence[int], pred: Sequence[int], *, bins: Sequence[dict[str, float]]
) -> dict[str, float]:
    """Precision / recall / F1 / support of "is partisan" (``gold``, ``pred``: 0 or 1 per post), the expected
    calibration error over the reliability ``bins``, the Brier score and the average precision of ``scores``."""
    n = len(scores)
    out = _prf_of(gold, pred)
    out["ece"] = (
        round(sum(b["count"] * abs(b["mean_score"] - b["observed"]) for b in bins) / n, 4) if n else 0
    )
    out["brier"] = round(sum((s - g) ** 2 for s, g in zip(scores, gold, strict=True)) / n, 4) if n else 0
    out["average_precision"] = round(_average_precision(scores, gold), 4)
    return out


def _class_metrics(gold3: Sequence[str], pred3: Sequence[str]) -> dict[str, dict[str, float]]:
    """Precision / recall / F1 / support of each of the three :data:`CLASSES`."""
    return {c: _prf_of([g == c for g in gold3], [p == c for p in pred3]) for c in CLASSES}


def _confusion(gold3: Sequence[str], pred3: Sequence[str]) -> list[list[int]]:
    """The 3x3 confusion matrix of the :data:`CLASSES`: rows gold, columns predicted."""
    pairs = list(zip(gold3, pred3, strict=True))
    return [[sum(g == a and p == b for g, p in pairs) for b in CLASSES] for a in CLASSES]


def _label_metrics(
    records: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]]
) -> dict[str, dict[str, float]]:
    """Precision / recall / F1 / support of every label (multi-label: each label on its own)."""
    return {
        label: _prf_of([label in r["labels"] for r in records], [label in q["labels"] for q in preds])
        for label in ALL_LABELS
    }


def _worst_errors(
    records: Sequence[dict[str, Any]],
    preds: Sequence[dict[str, Any]],
    *,
    scores: Sequence[float],
    gold_p: Sequence[int],
    gold3: Sequence[str],
    pred3: Sequence[str],
) -> list[dict[str, Any]]:
    """The :data:`N_WORST` mistakes (three-class, or the label set) the model was most sure about: by the
    distance of its partisan score from gold, plus 1 for a wrong class."""
    errors: list[tuple[float, int]] = []
    for i, (record, pred) in enumerate(zip(records, preds, strict=True)):
        if gold3[i] != pred3[i] or set(record["labels"]) != set(pred["labels"]):
            margin = abs(scores[i] - gold_p[i]) + (1.0 if gold3[i] != pred3[i] else 0.0)
            errors.append((margin, i))
    errors.sort(key=lambda e: -e[0])
    return [_error_row(records[i], preds[i], scores[i]) for _, i in errors[:N_WORST]]


def _error_row(record: dict[str, Any], pred: dict[str, Any], score: float) -> dict[str, Any]:
    """One entry of ``worst_errors``: the post (text cut to 400 characters, its parent to 200), gold and
    predicted labels, the score and the evidence."""
    return {
        "id": record.get("id"),
        "election": record.get("election"),
        "text": str(record.get("text", ""))[:400],
        "parent_text": (str(record.get("parent_text"))[:200] if record.get("parent_text") else None),
        "gold": list(record["labels"]),
        "predicted": list(pred["labels"]),
        "partisan_score": score,
        "evidence": pred.get("evidence", []),
    }


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
