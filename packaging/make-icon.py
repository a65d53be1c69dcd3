#!/usr/bin/env python3
"""Draws packaging/icon.png (128x128, the NuGet package icon): a white paddle on a blue rounded
square. Standard library only; 4x4 supersampling for smooth edges. Run: python3 make-icon.py"""
import math, struct, zlib, os

N, SS = 128, 4
BLUE, WHITE = (37, 99, 205), (255, 255, 255)

def inside_rounded_square(x, y):
    r, lo, hi = 22.0, 4.0, N - 4.0
    cx, cy = min(max(x, lo + r), hi - r), min(max(y, lo + r), hi - r)
    return lo <= x <= hi and lo <= y <= hi and (x - cx) ** 2 + (y - cy) ** 2 <= r * r

def inside_paddle(x, y):
    # Rotate into the paddle's frame: its axis runs from bottom-left to top-right.
    a = math.radians(-45)
    u = (x - 64) * math.cos(a) - (y - 64) * math.sin(a)
    v = (x - 64) * math.sin(a) + (y - 64) * math.cos(a)
    blade = ((u - 20) / 26) ** 2 + (v / 15) ** 2 <= 1.0          # elliptic blade
    shaft = -44 <= u <= 0 and abs(v) <= 4.5                        # straight shaft
    grip = ((u + 46) / 8) ** 2 + (v / 7) ** 2 <= 1.0              # round grip
    return blade or shaft or grip

rows = []
for py in range(N):
    row = bytearray([0])                                           # PNG filter: none
    for px in range(N):
        acc = [0.0, 0.0, 0.0, 0.0]
        for sy in range(SS):
            for sx in range(SS):
                x, y = px + (sx + 0.5) / SS, py + (sy + 0.5) / SS
                if not inside_rounded_square(x, y):
                    continue
                c = WHITE if inside_paddle(x, y) else BLUE
                acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
        k = SS * SS
        alpha = acc[3] / k
        rgb = [round(acc[i] / (acc[3] / 255)) if acc[3] else 0 for i in range(3)]
        row += bytes(rgb + [round(alpha)])
    rows.append(bytes(row))

def chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png")
with open(out, "wb") as f:
    f.write(png)
print(out, len(png), "bytes")
