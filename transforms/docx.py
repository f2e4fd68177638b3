"""Text of a .docx file: paragraphs and table rows, read from its XML with the standard library.

A .docx is a zip; a hostile one can claim a small size and expand to gigabytes.
The document part is read through a bounded stream and refused past a limit.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_XML_BYTES = 64 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed; Word's XML compresses about 5-15 times


class DocxError(ValueError):
    """The bytes are not a readable .docx; the message says why."""


def text_of(data: bytes) -> str:
    """Paragraph text of a .docx, one paragraph a line; a table row's cells joined by tabs.

    Raises:
        DocxError: not a zip, no document part, or a part that expands past the limits.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DocxError("not a valid .docx (damaged zip): open it in Word or WPS and save it again") from None
    try:
        info = archive.getinfo("word/document.xml")
    except KeyError:
        raise DocxError("a zip without word/document.xml is not a .docx: save the report as .docx or .txt") from None
    if info.file_size > MAX_XML_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise DocxError(f"word/document.xml expands to {info.file_size} bytes from {info.compress_size}: "
                        f"refused as a zip bomb; save the report again as .docx or .txt")
    with archive.open(info) as part:
        xml = part.read(MAX_XML_BYTES + 1)
    if len(xml) > MAX_XML_BYTES:
        raise DocxError("word/document.xml is larger than it declares: refused as a zip bomb")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise DocxError(f"word/document.xml is not well-formed XML ({exc}): save the report again") from None
    body = root.find(f"{W}body")
    lines: list[str] = []
    for block in (body if body is not None else []):
        if block.tag == f"{W}p":
            lines.append(_paragraph(block))
        elif block.tag == f"{W}tbl":
            for row in block.iter(f"{W}tr"):
                cells = ["".join(_paragraph(p) for p in cell.iter(f"{W}p")) for cell in row.iter(f"{W}tc")]
                lines.append("\t".join(cells))
    return "\n".join(lines)


def _paragraph(p) -> str:
    parts = []
    for node in p.iter():
        if node.tag == f"{W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
    return "".join(parts)
