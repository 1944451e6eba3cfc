#!/usr/bin/env python3
"""Draws Backprop Lab's app icons (web app manifest, favicon) as PNG files, standard library only.

The picture: an 8x8 digit "8" in blue-grey cells, the way the network sees its input, on the
app's dark-blue toolbar colour, with a margin that keeps it whole when a launcher masks it to a
circle ("maskable"). Usage: scripts/gen_icons.py [OUT_DIR] (default assets/icons).
"""
import os
import struct
import sys
import zlib

DIGIT = [  # 8x8 intensities 0..16, a hand-written "8" in the style of the UCI digits
    "..5cc5..",
    ".cg..gc.",
    ".g....g.",
    "..cggc..",
    ".cg..gc.",
    ".g....g.",
    ".cg..gc.",
    "..cggc..",
]
LEVEL = {".": 0, "5": 5, "c": 12, "g": 16}
BACKGROUND = (0x1f, 0x3a, 0x5f)
INK = (0xf2, 0xf5, 0xf8)


def pixel(x, y, size):
    margin = size * 0.18            # inside the maskable safe zone (a circle of 80% of the side)
    cell = (size - 2 * margin) / 8
    cx, cy = (x - margin) / cell, (y - margin) / cell
    if 0 <= cx < 8 and 0 <= cy < 8:
        v = LEVEL[DIGIT[int(cy)][int(cx)]] / 16.0
        gap = 0.06                   # a thin grid line between the cells
        if min(cx % 1, cy % 1) < gap:
            v *= 0.5
        return tuple(round(b + (i - b) * v) for b, i in zip(BACKGROUND, INK))
    return BACKGROUND


def png(size):
    rows = bytearray()
    for y in range(size):
        rows.append(0)               # filter: none
        for x in range(size):
            rows.extend(pixel(x + 0.5, y + 0.5, size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)   # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "assets", "icons")
    os.makedirs(out, exist_ok=True)
    for size in (192, 512):
        with open(os.path.join(out, f"icon-{size}.png"), "wb") as f:
            f.write(png(size))


if __name__ == "__main__":
    main()
