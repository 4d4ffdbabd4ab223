"""Print real-register items with their texts, for annotators: ``show_items.py --part 1 --of 2``.

One line per item: ``id <TAB> election <TAB> text``. The texts come from ../shared (never commit them).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from pipeline.classify import real_register as rr  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", type=int, default=1)
    ap.add_argument("--of", type=int, default=1)
    args = ap.parse_args()
    items = rr.read_items()
    size = -(-len(items) // args.of)
    part = items[(args.part - 1) * size : args.part * size]
    texts = rr.texts_for(part)
    for it in part:
        print(f"{it['id']}\t{it['election']}\t{texts[it['id']]}")


if __name__ == "__main__":
    main()
