"""Render the team's image texts (``posters.yaml``) as posters, twibbons, chat screenshots and banners.

    python data/images/render.py OUT_DIR [--variants 4] [--seed 7]

Each entry is drawn ``variants`` times with a different font, size, background, rotation, JPEG quality and
noise (seeded: the same arguments give the same files). Writes ``OUT_DIR/<id>-<k>.jpg`` and
``OUT_DIR/labels.jsonl`` (one line per image: ``image``, ``entry``, ``election``, ``layout``, ``partisan``,
``text``). Used by tests/ocr and benchmarks/ocr.py; the images are never committed.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

import yaml
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = (
    "DejaVuSans-Bold.ttf",
    "DejaVuSerif-Bold.ttf",
    "DejaVuSansCondensed-Bold.ttf",
    "DejaVuSans.ttf",
    "DejaVuSansMono-Bold.ttf",
    "DejaVuSerif.ttf",
)
# (background, text) colour pairs: campaign colours, dark and light grounds
PALETTE = (
    ((20, 60, 160), (255, 255, 255)),
    ((230, 120, 20), (255, 255, 255)),
    ((20, 120, 60), (255, 250, 220)),
    ((250, 245, 230), (30, 30, 30)),
    ((120, 40, 140), (255, 230, 90)),
    ((255, 255, 255), (200, 20, 30)),
    ((190, 20, 30), (255, 255, 255)),
    ((250, 220, 60), (20, 20, 20)),
)
SIZES = {"poster": (800, 1000), "twibbon": (900, 900), "screenshot": (720, 1280), "banner": (1600, 400)}


def entries(path: Path = HERE / "posters.yaml") -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8")))


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / name), size)


def _fit(
    draw: ImageDraw.ImageDraw, text: str, font_name: str, size: int, width: int
) -> ImageFont.FreeTypeFont:
    font = _font(font_name, size)
    while size > 14 and draw.textlength(text, font=font) > width:
        size -= 2
        font = _font(font_name, size)
    return font


def _centred(
    img: Image.Image,
    lines: list[str],
    rng: random.Random,
    font_name: str,
    colour: tuple,
    top: int,
    bottom: int,
) -> None:
    draw = ImageDraw.Draw(img)
    w = img.width
    base = rng.randint(44, 72) if img.height > 500 else rng.randint(40, 56)
    fonts = [
        _fit(draw, line, font_name, base + (24 if i == 0 else 0), int(w * 0.9))
        for i, line in enumerate(lines)
    ]
    heights = [f.size * 1.35 for f in fonts]
    y = top + max(0.0, (bottom - top - sum(heights)) / 2)
    for line, font, h in zip(lines, fonts, heights, strict=True):
        x = (w - draw.textlength(line, font=font)) / 2
        draw.text((x, y), line, font=font, fill=colour)
        y += h


def _poster(lines: list[str], rng: random.Random, font: str) -> Image.Image:
    bg, fg = rng.choice(PALETTE)
    img = Image.new("RGB", SIZES["poster"], bg)
    ImageDraw.Draw(img).rectangle((20, 20, 780, 980), outline=fg, width=6)
    _centred(img, lines, rng, font, fg, 60, 940)
    return img


def _twibbon(lines: list[str], rng: random.Random, font: str) -> Image.Image:
    bg, fg = rng.choice(PALETTE)
    img = Image.new(
        "RGB", SIZES["twibbon"], (rng.randint(90, 200), rng.randint(90, 200), rng.randint(90, 200))
    )
    draw = ImageDraw.Draw(img)
    draw.ellipse((150, 80, 750, 680), fill=(rng.randint(150, 230),) * 3)  # where the wearer's photo goes
    draw.rectangle((0, 600, 900, 900), fill=bg)
    _centred(img, lines, rng, font, fg, 610, 890)
    return img


def _screenshot(lines: list[str], rng: random.Random, font: str) -> Image.Image:
    img = Image.new("RGB", SIZES["screenshot"], (236, 229, 221))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 720, 110), fill=(7, 94, 84))
    draw.text((30, 35), "Grup Kantor", font=_font(font, 34), fill=(255, 255, 255))
    y = 180
    size = rng.randint(30, 38)
    f = _font(font, size)
    for line in lines:
        width = draw.textlength(line, font=f)
        draw.rounded_rectangle((30, y - 14, 60 + width, y + size + 16), radius=14, fill=(220, 248, 198))
        draw.text((45, y), line, font=f, fill=(20, 20, 20))
        y += size + 60
    draw.text((560, y - 40), "09.41", font=_font(font, 22), fill=(110, 110, 110))
    return img


def _banner(lines: list[str], rng: random.Random, font: str) -> Image.Image:
    bg, fg = rng.choice(PALETTE)
    img = Image.new("RGB", SIZES["banner"], bg)
    _centred(img, lines, rng, font, fg, 20, 380)
    return img


LAYOUTS = {"poster": _poster, "twibbon": _twibbon, "screenshot": _screenshot, "banner": _banner}


def _degrade(img: Image.Image, rng: random.Random) -> tuple[Image.Image, int]:
    angle = rng.choice((0, 0, 2, -2, 4, -5))
    if angle:
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(255, 255, 255))
    if rng.random() < 0.4:
        img = img.filter(ImageFilter.GaussianBlur(rng.choice((0.6, 1.0))))
    sigma = rng.choice((0, 0, 6, 12))
    if sigma:
        noise = Image.effect_noise(img.size, sigma).convert("RGB")
        img = Image.blend(img, noise, 0.12)
    scale = rng.choice((1.0, 1.0, 0.75, 0.6))
    if scale != 1.0:
        img = img.resize((int(img.width * scale), int(img.height * scale)), Image.Resampling.BILINEAR)
    return img, rng.choice((95, 75, 50, 35))


def render(out: Path, *, variants: int = 4, seed: int = 7, only: int | None = None) -> list[dict[str, Any]]:
    """Draw every entry ``variants`` times into ``out``; returns the label rows (also written to labels.jsonl).
    ``only``: keep the first N entries of each class (partisan and not), for quick tests."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    chosen = entries()
    if only is not None:
        chosen = [e for e in chosen if e["partisan"]][:only] + [e for e in chosen if not e["partisan"]][:only]
    rows = []
    for entry in chosen:
        for k in range(variants):
            img = LAYOUTS[entry["layout"]](list(entry["lines"]), rng, rng.choice(FONTS))
            img, quality = _degrade(img, rng)
            name = f"{entry['id']}-{k}.jpg"
            img.save(out / name, format="JPEG", quality=quality)
            rows.append(
                {
                    "image": name,
                    "entry": entry["id"],
                    "election": entry["election"],
                    "layout": entry["layout"],
                    "partisan": entry["partisan"],
                    "text": "\n".join(entry["lines"]),
                }
            )
    with open(out / "labels.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return rows


def render_entry(entry_id: str, path: Path, *, seed: int = 1, degrade: bool = False) -> dict[str, Any]:
    """Draw one entry of ``posters.yaml`` to ``path`` (JPEG; folders made), e.g. a photo an export names.
    ``degrade`` adds the rotation, blur, noise and scaling of :func:`render`. Returns the entry."""
    entry = next((e for e in entries() if e["id"] == entry_id), None)
    if entry is None:
        raise KeyError(f"no entry {entry_id!r} in posters.yaml")
    rng = random.Random(seed)
    img = LAYOUTS[entry["layout"]](list(entry["lines"]), rng, rng.choice(FONTS))
    quality = 90
    if degrade:
        img, quality = _degrade(img, rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, format="JPEG", quality=quality)
    return entry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--variants", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rows = render(args.out, variants=args.variants, seed=args.seed)
    print(f"{len(rows)} images in {args.out}")


if __name__ == "__main__":
    main()
