#!/usr/bin/env python3
"""Writes tests/fixtures/strokes_validation.json: a VALIDATION set of drawn digits, used to choose
how the Sketch pad turns strokes into an 8x8 image (src/data/sketch.hpp) and to compare presets
(`backprop-lab read --strokes ...`). It is NOT the test set: tests/browser/strokes.json (written by
scripts/gen_strokes.py) is only ever measured, never used to choose anything.

The shapes below were written separately from gen_strokes.py's, as control points of how a person
moves the pen (stroke order and direction included), smoothed with Catmull-Rom splines. Each shape
is drawn several times with seeded random variations of the kind people produce: slant, width,
rotation, size, position on the pad, and a little jitter of every control point.
"""
import math
import os
import random

from gen_strokes import write_set


def catmull(points, n=4):
    """Catmull-Rom spline through the control points, n segments per span (ends kept)."""
    if len(points) < 3:
        return [list(p) for p in points]
    pts = [points[0]] + points + [points[-1]]
    out = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for k in range(n):
            t = k / n
            out.append([0.5 * ((2 * p1[j]) + (-p0[j] + p2[j]) * t + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t * t +
                               (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t ** 3) for j in range(2)])
    out.append(list(points[-1]))
    return out


def ring(cx, cy, rx, ry, start, sweep, n):
    """Control points on an ellipse (degrees; 0 = right, 90 = down)."""
    return [(cx + rx * math.cos(math.radians(start + sweep * i / n)), cy + ry * math.sin(math.radians(start + sweep * i / n)))
            for i in range(n + 1)]


# (label, name, strokes as control-point lists, smooth?) in a 0..1 box, y down.
SHAPES = [
    (0, "ccw oval from the top", [ring(0.5, 0.5, 0.3, 0.45, -80, -365, 8)], True),
    (0, "round, closed at the top right", [ring(0.5, 0.5, 0.38, 0.44, -40, 350, 8)], True),
    (1, "bare stem", [[(0.52, 0.05), (0.48, 0.95)]], False),
    (1, "long flag", [[(0.25, 0.32), (0.6, 0.05), (0.6, 0.95)]], False),
    (1, "flag and foot", [[(0.35, 0.22), (0.55, 0.05), (0.55, 0.95)], [(0.3, 0.95), (0.8, 0.95)]], False),
    (2, "swan neck", [[(0.15, 0.3), (0.3, 0.1), (0.6, 0.05), (0.82, 0.22), (0.75, 0.5), (0.45, 0.75), (0.15, 0.95),
                       (0.5, 0.93), (0.88, 0.95)]], True),
    (2, "looped base", [[(0.2, 0.25), (0.45, 0.05), (0.75, 0.15), (0.7, 0.45), (0.35, 0.85), (0.22, 0.95), (0.3, 0.8),
                         (0.45, 0.88), (0.85, 0.92)]], True),
    (3, "round bumps", [[(0.18, 0.15), (0.5, 0.03), (0.8, 0.2), (0.65, 0.42), (0.4, 0.48), (0.7, 0.55), (0.85, 0.75),
                        (0.55, 0.96), (0.15, 0.85)]], True),
    (3, "flat top", [[(0.15, 0.05), (0.85, 0.05), (0.45, 0.4)], [(0.45, 0.4), (0.75, 0.5), (0.85, 0.72), (0.6, 0.95),
                                                                  (0.25, 0.92), (0.12, 0.8)]], False),
    (4, "closed, slanted arm", [[(0.7, 0.95), (0.65, 0.05), (0.1, 0.65), (0.9, 0.65)]], False),
    (4, "open, stem through", [[(0.2, 0.05), (0.12, 0.6), (0.85, 0.6)], [(0.68, 0.1), (0.68, 0.98)]], False),
    (5, "bar last", [[(0.3, 0.05), (0.25, 0.45), (0.5, 0.38), (0.78, 0.5), (0.82, 0.75), (0.6, 0.95), (0.3, 0.95),
                      (0.15, 0.85)], [(0.3, 0.05), (0.85, 0.05)]], True),
    (5, "one stroke", [[(0.85, 0.05), (0.3, 0.05), (0.25, 0.45), (0.55, 0.4), (0.8, 0.55), (0.78, 0.85), (0.5, 0.97),
                        (0.18, 0.88)]], True),
    (6, "big belly", [[(0.75, 0.05), (0.45, 0.15), (0.25, 0.45), (0.2, 0.75), (0.4, 0.95), (0.7, 0.9), (0.8, 0.7),
                       (0.6, 0.52), (0.35, 0.55), (0.22, 0.7)]], True),
    (6, "small loop", [[(0.7, 0.03), (0.4, 0.3), (0.3, 0.65), (0.38, 0.92), (0.6, 0.95), (0.7, 0.78), (0.55, 0.65),
                        (0.35, 0.72)]], True),
    (7, "plain", [[(0.12, 0.08), (0.88, 0.05), (0.4, 0.95)]], False),
    (7, "crossed", [[(0.12, 0.08), (0.88, 0.05), (0.45, 0.95)], [(0.35, 0.5), (0.8, 0.5)]], False),
    (7, "curved stem", [[(0.15, 0.1), (0.85, 0.08), (0.6, 0.45), (0.5, 0.95)]], True),
    (8, "two rings", [ring(0.5, 0.27, 0.26, 0.22, 90, 360, 6), ring(0.5, 0.72, 0.32, 0.24, -90, 360, 6)], True),
    (8, "figure of eight", [[(0.8, 0.12), (0.5, 0.03), (0.2, 0.15), (0.3, 0.35), (0.7, 0.6), (0.78, 0.85), (0.5, 0.97),
                             (0.2, 0.85), (0.3, 0.6), (0.72, 0.35), (0.8, 0.12)]], True),
    (9, "ring and stick", [ring(0.45, 0.28, 0.3, 0.24, 10, -370, 8) + [(0.75, 0.95)]], True),
    (9, "ring and hook", [ring(0.45, 0.28, 0.28, 0.24, 0, -360, 8) + [(0.72, 0.6), (0.6, 0.9), (0.35, 0.95)]], True),
]

COPIES = 6


def variation(rng):
    """One person's way of drawing: slant, width, rotation, size, position; jitter is per point."""
    return {
        "slant": rng.uniform(-0.15, 0.35),          # x += slant * (0.5 - y): italic to the right mostly
        "width": rng.choice([rng.uniform(0.5, 0.8), rng.uniform(0.8, 1.2), rng.uniform(1.2, 1.6)]),
        "rotate": math.radians(rng.uniform(-8, 8)),
        "size": rng.uniform(0.35, 0.8),              # height on the pad
        "cx": rng.uniform(0.3, 0.7), "cy": rng.uniform(0.3, 0.7),
        "jitter": rng.uniform(0.0, 0.025),
    }


def place(strokes, v, rng, smooth):
    out = []
    for s in strokes:
        pts = [(x + rng.gauss(0, v["jitter"]), y + rng.gauss(0, v["jitter"])) for x, y in s]
        if smooth:
            pts = catmull(pts)
        placed = []
        for x, y in pts:
            x, y = (x - 0.5) * v["width"] + v["slant"] * (0.5 - y), y - 0.5   # centred, slanted, widened
            c, s_ = math.cos(v["rotate"]), math.sin(v["rotate"])
            x, y = c * x - s_ * y, s_ * x + c * y
            half = v["size"] / 2
            cx, cy = min(max(v["cx"], half + 0.03), 0.97 - half), min(max(v["cy"], half + 0.03), 0.97 - half)
            placed.append([round(min(0.98, max(0.02, cx + v["size"] * x)), 3), round(min(0.98, max(0.02, cy + v["size"] * y)), 3)])
        out.append(placed)
    return out


def main():
    rng = random.Random(20261201)
    digits = []
    for label, name, strokes, smooth in SHAPES:
        for _ in range(COPIES):
            v = variation(rng)
            digits.append({"label": label, "style": name, "variant": "slant %.2f width %.2f size %.2f" % (v["slant"], v["width"], v["size"]),
                           "strokes": place(strokes, v, rng, smooth)})
    out = write_set(os.path.join("tests", "fixtures", "strokes_validation.json"),
                    "VALIDATION strokes (scripts/gen_strokes_validation.py): used to choose the sketch pipeline and "
                    "presets. The test set is tests/browser/strokes.json and is never used to choose anything.", digits)
    print(len(digits), "digits from", len(SHAPES), "shapes ->", out)


if __name__ == "__main__":
    main()
