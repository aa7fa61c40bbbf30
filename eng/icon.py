#!/usr/bin/env python3
"""Draws templates/bash-runtime/.template.config/icon.png: a shell prompt ">_" in Lambda orange on a dark rounded
square, 64x64, anti-aliased by 4x supersampling. Standard library only: python3 eng/icon.py"""
import math
import struct
import zlib

SIZE, SCALE = 64, 4
BACKGROUND, FOREGROUND = (0x23, 0x2F, 0x3E), (0xFF, 0x99, 0x00)


def distance_to_segment(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def coverage(x, y):
    """0 outside the icon, 1 background, 2 foreground, for one point in 64x64 coordinates."""
    # Rounded square with radius 12.
    cx, cy = min(max(x, 12), 52), min(max(y, 12), 52)
    if math.hypot(x - cx, y - cy) > 12:
        return 0
    # ">" as two thick strokes, "_" as a bar.
    if distance_to_segment(x, y, 14, 18, 30, 32) < 4 or distance_to_segment(x, y, 30, 32, 14, 46) < 4:
        return 2
    if 34 <= x <= 52 and 42 <= y <= 48:
        return 2
    return 1


rows = []
for py in range(SIZE):
    row = bytearray([0])  # filter: none
    for px in range(SIZE):
        samples = [coverage(px + (sx + 0.5) / SCALE, py + (sy + 0.5) / SCALE) for sy in range(SCALE) for sx in range(SCALE)]
        inside = [s for s in samples if s]
        alpha = round(255 * len(inside) / len(samples))
        fore = sum(1 for s in inside if s == 2) / max(1, len(inside))
        row += bytes(round(b + (f - b) * fore) for b, f in zip(BACKGROUND, FOREGROUND)) + bytes([alpha])
    rows.append(bytes(row))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
with open("templates/bash-runtime/.template.config/icon.png", "wb") as f:
    f.write(png)
