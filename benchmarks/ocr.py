"""OCR + classifier on the team's rendered images (data/images): partisan F1, share of images read, images/s.

    python benchmarks/ocr.py [--variants 4] [--workers 2] [--model default]

Renders every entry of data/images/posters.yaml ``--variants`` times (fonts, sizes, rotations, JPEG quality,
noise), makes one post per image whose own text is only a short caption that takes no side ("Bagikan ya",
"📸", ...), reads the images with ``asnwatch ocr``'s reader and classifies each post twice: without the image
text (what the classifier saw before OCR) and with it. Prints partisan precision / recall / F1 for both, the
share of images read, images/s with ``--workers`` reader threads, and the errors by layout.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CAPTIONS = ("", "Bagikan ya", "📸", "Info dari grup", "Lihat gambar", "Share ulang")


def _renderer():
    spec = importlib.util.spec_from_file_location("render", ROOT / "data" / "images" / "render.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _prf(gold: list[bool], pred: list[bool]) -> tuple[float, float, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--model", default="default")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from pipeline.classify import load_classifier
    from pipeline.election import load_election
    from pipeline.labels import is_partisan
    from pipeline.ocr.engine import TesseractOCR
    from pipeline.ocr.run import OcrSummary, ocr_posts
    from pipeline.schema import Media, Post

    with tempfile.TemporaryDirectory() as tmp:
        rows = _renderer().render(Path(tmp), variants=args.variants, seed=args.seed)
        posts = [
            Post(
                id=f"img:{i}",
                text=CAPTIONS[i % len(CAPTIONS)],
                created_at="2024-11-10T09:00:00+07:00",
                media=[Media(type="photo", path=row["image"])],
            )
            for i, row in enumerate(rows)
        ]
        summary = OcrSummary()
        start = time.perf_counter()
        read = list(
            ocr_posts(posts, reader=TesseractOCR(), media_root=tmp, workers=args.workers, summary=summary)
        )
        seconds = time.perf_counter() - start
    gold = [bool(row["partisan"]) for row in rows]
    results = {}
    for name, batch in (("text only", posts), ("text + OCR", read)):
        pred = [False] * len(rows)
        for election in sorted({row["election"] for row in rows}):
            cfg = load_election(ROOT / "configs" / "elections" / f"{election}.yaml")
            clf = load_classifier(args.model, election=cfg)
            idx = [i for i, row in enumerate(rows) if row["election"] == election]
            for i, p in zip(idx, clf.predict([batch[i] for i in idx]), strict=True):
                pred[i] = is_partisan(p.labels)
        results[name] = pred
    print(
        f"images: {len(rows)} ({sum(gold)} partisan) from {len({r['entry'] for r in rows})} texts, "
        f"{args.variants} variants each; model {args.model}"
    )
    print(
        f"read: {summary.images_read} / {len(rows)} ({summary.images_read / len(rows):.1%}); "
        f"{len(rows) / seconds:.2f} images/s with {args.workers} workers ({seconds:.1f} s)"
    )
    for name, pred in results.items():
        p, r, f = _prf(gold, pred)
        print(f"{name:<11} partisan P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    errors = Counter(
        (rows[i]["layout"], "missed" if gold[i] else "wrongly flagged", rows[i]["entry"])
        for i, pred in enumerate(results["text + OCR"])
        if pred != gold[i]
    )
    for (layout, kind, entry), n in sorted(errors.items()):
        print(f"  {layout:<11} {kind:<16} {entry} x{n}")


if __name__ == "__main__":
    main()
