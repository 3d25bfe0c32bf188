"""Small, valid evidence files for the demo, made in code: one-page PDFs and PNG "photos".

Nothing is downloaded and no binary file is kept in the repository; the same inputs always give
the same bytes, so a second demo run recognises them.
"""

import io
import unicodedata

from PIL import Image, ImageDraw

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points


def _ascii(text: str) -> str:
    """The PDF's standard Helvetica speaks Latin-1 at most; the demo's words are plain ASCII anyway."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _pdf_string(text: str) -> str:
    return _ascii(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _wrap(text: str, width: int = 80) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF with a heading and a few lines of text."""
    text = [f"BT /F1 16 Tf 56 {PAGE_HEIGHT - 80} Td ({_pdf_string(title)}) Tj ET"]
    y = PAGE_HEIGHT - 120
    for paragraph in lines:
        for line in _wrap(paragraph):
            text.append(f"BT /F1 11 Tf 56 {y} Td ({_pdf_string(line)}) Tj ET")
            y -= 16
        y -= 8
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
         f"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>").encode("ascii"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode("ascii") + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii"))
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode("ascii"))
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii"))
    return out.getvalue()


PALETTE = [(91, 42, 134), (15, 110, 110), (164, 22, 26), (138, 90, 0), (29, 107, 50)]


def photo(caption: str, seed: int = 0) -> bytes:
    """A small PNG standing in for a photo of an activity: coloured shapes and a caption."""
    background = PALETTE[seed % len(PALETTE)]
    image = Image.new("RGB", (480, 320), (246, 243, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 479, 250), fill=background)
    for index in range(5):
        x = 30 + index * 90
        draw.ellipse((x, 120 - (index % 2) * 20, x + 60, 180 - (index % 2) * 20), fill=(255, 255, 255))
        draw.rectangle((x + 10, 180 - (index % 2) * 20, x + 50, 250), fill=(255, 255, 255))
    draw.text((16, 266), _ascii(caption)[:70], fill=(27, 27, 31))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
