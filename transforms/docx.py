"""Text of a .docx file: paragraphs and table rows, read from its XML with the standard library.

A .docx is a zip; a hostile one can claim a small size and expand to gigabytes.
Its parts are read through a bounded stream and refused past a limit.
Word's automatic numbering (一、 （一） 1. ① typed by Word, not by the author) lives in
numbering.xml, not in the paragraph's text: it is written back in front of the paragraph,
so auto-numbered headings read like typed ones.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_XML_BYTES = 64 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed; far beyond what Word's own XML compresses to


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
        root = _part(archive, "word/document.xml")
    except KeyError:
        raise DocxError("a zip without word/document.xml is not a .docx: save the report as .docx or .txt") from None
    try:
        numbering = Numbering(_part(archive, "word/numbering.xml"))
    except KeyError:
        numbering = Numbering(None)
    body = root.find(f"{W}body")
    lines: list[str] = []
    for block in (body if body is not None else []):
        if block.tag == f"{W}p":
            lines.append(numbering.label(block) + _paragraph(block))
        elif block.tag == f"{W}tbl":
            for row in block.iter(f"{W}tr"):
                cells = ["".join(_paragraph(p) for p in cell.iter(f"{W}p")) for cell in row.iter(f"{W}tc")]
                lines.append("\t".join(cells))
    return "\n".join(lines)


def _part(archive: zipfile.ZipFile, name: str):
    """A part's parsed XML, read through a bounded stream (KeyError when the zip has no such part)."""
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise DocxError(f"{name} expands to {info.file_size} bytes from {info.compress_size}: "
                        f"refused as a zip bomb; save the report again as .docx or .txt")
    with archive.open(info) as part:
        xml = part.read(MAX_XML_BYTES + 1)
    if len(xml) > MAX_XML_BYTES:
        raise DocxError(f"{name} is larger than it declares: refused as a zip bomb")
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise DocxError(f"{name} is not well-formed XML ({exc}): save the report again") from None


_CN_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十: as Word counts in Chinese (an outline never reaches 100)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


def _formatted(n: int, fmt: str) -> str:
    if fmt.startswith(("chinese", "ideograph", "taiwanese", "japaneseCounting")):
        return _chinese(n)
    if fmt.startswith("decimalEnclosedCircle"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(n)


class Numbering:
    """Word's list numbering: the label each numbered paragraph shows, counted as Word counts it."""

    def __init__(self, root):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (numFmt, lvlText, start)
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        abstract = {}
        for node in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{W}lvl"):
                fmt, text, start = (lvl.find(f"{W}{tag}") for tag in ("numFmt", "lvlText", "start"))
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                    int(start.get(f"{W}val", "1")) if start is not None else 1)
            abstract[node.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None and ref.get(f"{W}val") in abstract:
                self.levels[num.get(f"{W}numId")] = abstract[ref.get(f"{W}val")]

    def label(self, p) -> str:
        """The label Word shows before paragraph ``p`` ("一、", "（二）", "3."); empty when it has none."""
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is None:
            return ""
        num_id, ilvl = num_pr.find(f"{W}numId"), num_pr.find(f"{W}ilvl")
        levels = self.levels.get(num_id.get(f"{W}val") if num_id is not None else None)
        level = int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
        if not levels or level not in levels:
            return ""
        fmt, text, start = levels[level]
        if fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id.get(f"{W}val"), {})
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [lv for lv in counters if lv > level]:
            del counters[deeper]  # a new item restarts the lists below it
        label = text
        for lv, (lv_fmt, _, lv_start) in levels.items():
            label = label.replace(f"%{lv + 1}", _formatted(counters.get(lv, lv_start), lv_fmt))
        return label


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
