"""Draw the application icon with QPainter and write resources/app.png and resources/app.ico.

Run `python tools/make_icon.py` after changing the drawing; the generated files are committed so that a
build never needs this script. The icon: a ledger sheet with a rising bar chart and a tick, on a blue
rounded square. Each .ico size is drawn at its own size (not scaled down from 256 px), with less detail
at 16-24 px so that it stays legible in the taskbar and in Explorer's small views.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath, QPen

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
PNG_SIZE = 256
# Sizes stored as PNG inside the .ico (Windows Vista and later); the small ones as classic 32-bit DIBs,
# which every shell and resource tool reads.
PNG_IN_ICO_FROM = 128

BLUE_TOP, BLUE_BOTTOM = QColor("#2a6fc9"), QColor("#174a8c")
PAPER, LINE = QColor("#ffffff"), QColor("#b9c7da")
BARS = (QColor("#f2a516"), QColor("#e8791e"), QColor("#d7262e"))
TICK = QColor("#1f9d55")


def draw(size: int) -> QImage:
    """The icon drawn at `size` × `size` pixels on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)  # draw in a 256-unit design grid
    small = size <= 24

    # Background: a rounded square with a soft vertical gradient.
    margin = 8 if small else 12
    bg = QRectF(margin, margin, 256 - 2 * margin, 256 - 2 * margin)
    gradient = QLinearGradient(bg.topLeft(), bg.bottomLeft())
    gradient.setColorAt(0, BLUE_TOP)
    gradient.setColorAt(1, BLUE_BOTTOM)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(gradient)
    p.drawRoundedRect(bg, 44, 44)

    # The ledger sheet, with a folded corner.
    sheet = QRectF(52, 38, 152, 186) if not small else QRectF(44, 34, 168, 190)
    fold = 34
    path = QPainterPath()
    path.moveTo(sheet.left(), sheet.top())
    path.lineTo(sheet.right() - fold, sheet.top())
    path.lineTo(sheet.right(), sheet.top() + fold)
    path.lineTo(sheet.right(), sheet.bottom())
    path.lineTo(sheet.left(), sheet.bottom())
    path.closeSubpath()
    p.setBrush(PAPER)
    p.drawPath(path)
    corner = QPainterPath()
    corner.moveTo(sheet.right() - fold, sheet.top())
    corner.lineTo(sheet.right() - fold, sheet.top() + fold)
    corner.lineTo(sheet.right(), sheet.top() + fold)
    corner.closeSubpath()
    p.setBrush(LINE)
    p.drawPath(corner)

    # Table lines: the rows of the breakdown table (left out where they would only blur).
    if not small:
        p.setPen(QPen(LINE, 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for y in (76, 98):
            p.drawLine(QPointF(sheet.left() + 18, y), QPointF(sheet.right() - fold - 10, y))
        p.setPen(Qt.PenStyle.NoPen)

    # Rising bars: quotas being met.
    base = sheet.bottom() - (18 if not small else 22)
    width = 28 if not small else 36
    gap = 14 if not small else 12
    heights = (46, 72, 100) if not small else (52, 84, 116)
    x = sheet.left() + (20 if not small else 16)
    for color, height in zip(BARS, heights, strict=True):
        p.setBrush(color)
        p.drawRoundedRect(QRectF(x, base - height, width, height), 5, 5)
        x += width + gap

    # A tick in a white-ringed green disc, bottom right: "完成".
    if not small:
        centre, radius = QPointF(188, 188), 40
        p.setBrush(PAPER)
        p.drawEllipse(centre, radius + 8, radius + 8)
        p.setBrush(TICK)
        p.drawEllipse(centre, radius, radius)
        pen = QPen(PAPER, 13, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        tick = QPainterPath()
        tick.moveTo(centre + QPointF(-20, 1))
        tick.lineTo(centre + QPointF(-6, 16))
        tick.lineTo(centre + QPointF(21, -14))
        p.drawPath(tick)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def dib_bytes(image: QImage) -> bytes:
    """A 32-bit BGRA DIB as an .ico entry: header (height doubled), pixels bottom-up, then the AND mask."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)  # straight alpha, BGRA in memory
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, size * size * 4, 0, 0, 0, 0)
    rows = [
        bytes(image.constBits())[y * image.bytesPerLine() : y * image.bytesPerLine() + size * 4] for y in range(size)
    ]
    pixels = b"".join(reversed(rows))
    mask_row = ((size + 31) // 32) * 4  # all zero: the alpha channel decides transparency
    return header + pixels + bytes(mask_row * size)


def ico_bytes(images: list[QImage]) -> bytes:
    """An .ico file holding one entry per image, each drawn at its own size."""
    entries = [png_bytes(img) if img.width() >= PNG_IN_ICO_FROM else dib_bytes(img) for img in images]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for img, data in zip(images, entries, strict=True):
        side = img.width() if img.width() < 256 else 0  # 0 means 256 in an ICONDIRENTRY
        out += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(entries)


def main() -> int:
    """Write resources/app.png (256 px) and resources/app.ico (16-256 px)."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    RESOURCES.mkdir(exist_ok=True)
    (RESOURCES / "app.png").write_bytes(png_bytes(draw(PNG_SIZE)))
    (RESOURCES / "app.ico").write_bytes(ico_bytes([draw(size) for size in ICO_SIZES]))
    print(f"wrote {RESOURCES / 'app.png'} and {RESOURCES / 'app.ico'}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
