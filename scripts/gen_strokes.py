#!/usr/bin/env python3
"""Writes tests/browser/strokes.json: the stroke test set of hand-written-style digits for
tests/browser/strokes.test.mjs. Run by hand; the tests read the JSON only.

Each digit is a list of strokes; a stroke is a polyline of [x, y] points in pad units
(0..1, y down), drawn through the Sketch pad with real mouse events (one move per point).
The base shapes are written out below as a person draws them (stroke order and direction
included); the styles are what people do to them: printed (as is), rounded (corners cut),
slanted (italic), narrow, wide, small and off-centre. Variants: open and closed 4s, 7s with
and without a bar, 1s with and without a base serif, 6s and 9s with curved and straight stems.

These strokes were written before any of them was drawn through the page and play no part in
choosing the network (see src/train/presets.md): they are a test set only.
"""
import json
import math
import os


def arc(cx, cy, rx, ry, a0, a1, n):
    """Points on an ellipse from angle a0 to a1 (degrees, 0 = right, 90 = down), n segments."""
    return [[cx + rx * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
             cy + ry * math.sin(math.radians(a0 + (a1 - a0) * i / n))] for i in range(n + 1)]


# ---- base shapes (printed), one entry per variant: (label, variant name, strokes)
BASE = [
    (0, "oval", [arc(0.5, 0.5, 0.22, 0.36, -90, -90 - 370, 12)]),
    (1, "plain stroke", [[[0.5, 0.14], [0.5, 0.86]]]),
    (1, "flag and base serif", [[[0.38, 0.27], [0.52, 0.14], [0.52, 0.86]], [[0.36, 0.86], [0.68, 0.86]]]),
    (2, "curved top, flat base", [arc(0.5, 0.33, 0.2, 0.19, 200, 370, 6) + [[0.56, 0.55], [0.29, 0.86], [0.74, 0.86]]]),
    (3, "two bumps", [arc(0.48, 0.32, 0.2, 0.17, 215, 450, 6)[:-1] + [[0.46, 0.49]] +
                      arc(0.48, 0.68, 0.22, 0.18, -90, 145, 6)]),
    (4, "closed (one stroke)", [[[0.62, 0.86], [0.62, 0.14], [0.26, 0.62], [0.78, 0.62]]]),
    (4, "open (two strokes)", [[[0.32, 0.14], [0.29, 0.58], [0.76, 0.58]], [[0.64, 0.3], [0.64, 0.88]]]),
    (5, "flag, stem, belly", [[[0.72, 0.14], [0.34, 0.14], [0.32, 0.46]] + arc(0.49, 0.65, 0.21, 0.21, 235, 495, 7)]),
    (6, "curved stem", [[[0.66, 0.15], [0.5, 0.2], [0.38, 0.32], [0.31, 0.5]] + arc(0.5, 0.68, 0.19, 0.18, 180, 540, 10)]),
    (6, "straight stem", [[[0.58, 0.13], [0.33, 0.66]] + arc(0.5, 0.68, 0.18, 0.18, 180, 540, 10)]),
    (7, "no bar", [[[0.27, 0.16], [0.73, 0.16], [0.43, 0.86]]]),
    (7, "with a bar", [[[0.27, 0.16], [0.73, 0.16], [0.43, 0.86]], [[0.4, 0.5], [0.68, 0.5]]]),
    (8, "one stroke", [[[0.63, 0.22], [0.5, 0.14], [0.36, 0.21], [0.36, 0.36], [0.5, 0.48], [0.66, 0.6],
                        [0.66, 0.78], [0.5, 0.86], [0.34, 0.78], [0.34, 0.6], [0.5, 0.48], [0.64, 0.36],
                        [0.64, 0.22]]]),
    (9, "curved stem", [arc(0.49, 0.32, 0.18, 0.17, 0, -360, 10) + [[0.67, 0.5], [0.62, 0.7], [0.5, 0.86]]]),
    (9, "straight stem", [arc(0.49, 0.32, 0.18, 0.17, 0, -360, 10) + [[0.67, 0.86]]]),
]


def chaikin(stroke):
    """One round of corner cutting: rounder corners (the ends stay put)."""
    if len(stroke) < 3:
        return stroke
    out = [stroke[0]]
    for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
        out += [[0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1], [0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1]]
    out.append(stroke[-1])
    return out


def affine(f):
    return lambda strokes: [[f(x, y) for x, y in s] for s in strokes]


STYLES = {
    "printed": lambda s: s,
    "rounded": lambda s: [chaikin(t) for t in s],
    "slanted": affine(lambda x, y: [x + 0.28 * (0.5 - y), y]),
    "narrow": affine(lambda x, y: [0.5 + 0.55 * (x - 0.5), y]),
    "wide": affine(lambda x, y: [0.5 + 1.45 * (x - 0.5), 0.5 + 0.9 * (y - 0.5)]),
    "small, off-centre": affine(lambda x, y: [0.3 + 0.45 * (x - 0.5), 0.34 + 0.45 * (y - 0.5)]),
}


def write_set(relative_path, about, digits):
    """Writes a stroke set as {"about": ..., "digits": [...]}, one digit per line. Returns the path."""
    out = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", relative_path))
    with open(out, "w") as fh:
        fh.write('{\n  "about": ' + json.dumps(about) + ',\n  "digits": [\n')
        fh.write(",\n".join("    " + json.dumps(d, separators=(",", ":")) for d in digits))
        fh.write("\n  ]\n}\n")
    return out


def main():
    digits = []
    for style, f in STYLES.items():
        for label, variant, strokes in BASE:
            pts = [[[round(min(0.97, max(0.03, x)), 3), round(min(0.97, max(0.03, y)), 3)] for x, y in s] for s in f(strokes)]
            digits.append({"label": label, "style": style, "variant": variant, "strokes": pts})
    out = write_set(os.path.join("tests", "browser", "strokes.json"),
                    "Hand-written-style digits as stroke polylines in pad units (0..1, y down), drawn through the "
                    "Sketch pad with real mouse events by strokes.test.mjs. Written by scripts/gen_strokes.py; a test set only, "
                    "never used to train or to choose the network.", digits)
    print(len(digits), "digits in", len(STYLES), "styles ->", out)


if __name__ == "__main__":
    main()
