"""Bytes of a dropped file to text, with the format and encoding detected, not guessed.

Formats are told by their leading bytes first and the file name second:
.docx (a zip with word/document.xml), .pdf, .html/.htm, plain .txt/.md.
Plain text: a BOM decides; then strict UTF-8 (valid UTF-8 is almost never
accidental); only then the Chinese legacy encodings, where charset-normalizer
tells GB18030 from Big5 (either decodes the other's bytes into valid but wrong
characters, so a fixed order would pass garbage).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from baogao.transforms import docx, html, pdf

SOURCE_FORMATS = ("txt", "md", "docx", "html", "pdf")

# Leading bytes of formats baogao does not read, with what the user should do.
_REFUSED = (
    (b"\xd0\xcf\x11\xe0", "an old Word/WPS file (.doc/.wps): save it as .docx and drop it again"),
    (b"\x89PNG", "an image (png) has no text: run OCR first and drop the text"),
    (b"\xff\xd8\xff", "an image (jpeg) has no text: run OCR first and drop the text"),
    (b"GIF8", "an image (gif) has no text: run OCR first and drop the text"),
    (b"II*\x00", "an image (tiff) has no text: run OCR first and drop the text"),
    (b"MM\x00*", "an image (tiff) has no text: run OCR first and drop the text"),
    (b"Rar!", "an archive (rar): unpack it and drop the reports themselves"),
    (b"7z\xbc\xaf", "an archive (7z): unpack it and drop the reports themselves"),
    (b"\x1f\x8b", "an archive (gzip): unpack it and drop the reports themselves"),
    (b"{\\rtf", "an RTF file: save it as .docx and drop it again"),
)
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<meta|<body)", re.IGNORECASE)
# A text file may open with an HTML comment (an image caption left by a converter) and be plain text
# below it: it is a page only when page tags follow.
_COMMENT_START = re.compile(rb"^\s*<!--", re.IGNORECASE)
_PAGE_TAG = re.compile(rb"<(?:html|head|body|div|p|table|meta|script|span)[\s>]", re.IGNORECASE)


class ReportReadError(ValueError):
    """A file that cannot be read as a report; ``reason`` says what is wrong and what to do."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str | None  # None for formats that carry their own (docx, pdf)
    source_format: str


def decode(data: bytes, file_name: str) -> Decoded:
    """Read a report file's bytes as text.

    Args:
        data: the whole file.
        file_name: its name, for the format when the bytes do not tell.

    Returns:
        The text (BOM removed), the encoding found and the source format.

    Raises:
        ReportReadError: empty, unreadable or a format baogao does not read; the reason says what to do.
    """
    if not data.strip():
        raise ReportReadError("the file is empty: drop the complete report again")
    for magic, reason in _REFUSED:
        if data.startswith(magic):
            raise ReportReadError(f"not a report text: {reason}")
    lower = file_name.lower()
    if data.startswith(b"%PDF"):
        try:
            return Decoded(pdf.text_of(data), None, "pdf")
        except pdf.PdfError as exc:
            raise ReportReadError(str(exc)) from None
    if data.startswith(b"PK\x03\x04") or lower.endswith(".docx"):
        try:
            return Decoded(docx.text_of(data), None, "docx")
        except docx.DocxError as exc:
            raise ReportReadError(str(exc)) from None
    if lower.endswith((".doc", ".wps")):
        raise ReportReadError("an old Word/WPS file (.doc/.wps): save it as .docx and drop it again")
    if lower.endswith((".html", ".htm", ".xhtml", ".shtml")) or _HTML_START.match(data[:512]) or (
            _COMMENT_START.match(data[:512]) and _PAGE_TAG.search(data[:4096])):
        text, encoding = _plain(data)
        return Decoded(html.text_of(text), encoding, "html")
    text, encoding = _plain(data)
    return Decoded(text, encoding, "md" if lower.endswith(".md") else "txt")


def _plain(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16").removeprefix("\ufeff"), "utf-16"
    if b"\x00" in data:
        raise ReportReadError("binary content (NUL bytes) without a UTF-16 BOM: save the report as UTF-8 text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if utf8_error.reason == "unexpected end of data" and utf8_error.start >= len(data) - 3:
        raise ReportReadError("UTF-8 text that ends in the middle of a character: the file was cut off (a copy "
                              "or download did not finish); drop the complete file again")
    encoding = _legacy_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        # a saved page or an old file with a stray bad byte here and there is still the report: those
        # bytes read as U+FFFD; a file bad throughout is not read
        text = data.decode(encoding, errors="replace")
        if text.count("\ufffd") > max(2, len(data) // _BYTES_PER_BAD_BYTE):
            raise ReportReadError(
                f"neither UTF-8 (bad byte at {utf8_error.start}) nor GB18030 or Big5: the file may be truncated or "
                f"binary; save the report as UTF-8 text"
            ) from None
    if _cjk_share(text) < 0.3:
        raise ReportReadError(f"not UTF-8, and as {encoding.upper()} it is not Chinese text: save the report as "
                              f"UTF-8 text")
    return text, encoding


# The Chinese legacy encodings, as Python names them.
_LEGACY = ("gb18030", "big5", "cp950", "big5hkscs")
# Every encoding a decoded text names (None for .docx and .pdf, which carry no encoding of their own).
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", *_LEGACY)
# A legacy-encoded file may hold this many bytes per byte it cannot decode (each read as U+FFFD).
_BYTES_PER_BAD_BYTE = 1000


def _legacy_encoding(data: bytes) -> str:
    """GB18030 or Big5, as charset-normalizer judges the bytes; GB18030 when it cannot tell."""
    import charset_normalizer  # only files that are not UTF-8 pay for loading it

    best = charset_normalizer.from_bytes(data, cp_isolation=list(_LEGACY)).best()
    return best.encoding if best is not None and best.encoding in _LEGACY else "gb18030"


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReportReadError(
            f"declares {encoding} by its BOM but has a bad byte at {exc.start}: the file may be truncated"
        ) from None


def _cjk_share(text: str) -> float:
    letters = [ch for ch in text if not ch.isspace() and not ch.isascii()]
    if not letters:
        return 0.0
    return sum("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
               for ch in letters) / len(letters)
