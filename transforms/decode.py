"""Bytes of a dropped file to text, with the encoding detected, not guessed.

Order matters: a BOM decides; then strict UTF-8 (valid UTF-8 is almost never
accidental); only then GB18030, which accepts nearly any byte string and would
silently corrupt UTF-8 text if tried first.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT_SUFFIXES = (".txt", ".md", ".text")

# Leading bytes of formats that are not plain text, with what the user should do.
_MAGIC = (
    (b"%PDF", "pdf", "PDF is not read yet: save it as .txt (UTF-8) and drop it again"),
    (b"PK\x03\x04", "zip", "a Word/zip file is not read yet: save it as .txt (UTF-8) and drop it again"),
    (b"\xd0\xcf\x11\xe0", "ole", "an old Word/WPS file (.doc/.wps): save it as .txt (UTF-8) and drop it again"),
    (b"\x89PNG", "png", "an image has no text: run OCR first and drop the text"),
    (b"\xff\xd8\xff", "jpeg", "an image has no text: run OCR first and drop the text"),
    (b"GIF8", "gif", "an image has no text: run OCR first and drop the text"),
)


class ReportReadError(ValueError):
    """A file that cannot be read as a report; ``reason`` says what is wrong and what to do."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    source_format: str


def decode(data: bytes, file_name: str) -> Decoded:
    """Decode a report file's bytes.

    Args:
        data: the whole file.
        file_name: its name, for the format.

    Returns:
        The text (BOM removed), the encoding found and the source format.

    Raises:
        ReportReadError: empty, binary or in an encoding baogao does not read.
    """
    if not data.strip():
        raise ReportReadError("the file is empty: drop the complete report again")
    for magic, fmt, advice in _MAGIC:
        if data.startswith(magic):
            raise ReportReadError(f"not a text file ({fmt}): {advice}")
    fmt = _format(file_name)
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(_strict(data[3:], "utf-8"), "utf-8-sig", fmt)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(_strict(data, "utf-16").removeprefix("\ufeff"), "utf-16", fmt)
    if b"\x00" in data:
        raise ReportReadError("binary content (NUL bytes) without a UTF-16 BOM: save the report as UTF-8 text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", fmt)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ReportReadError(
            f"neither UTF-8 (bad byte at {utf8_error.start}) nor GB18030: save the report as UTF-8 text"
        ) from None
    if _cjk_share(text) < 0.3:
        raise ReportReadError("not UTF-8, and as GB18030 it is not Chinese text: save the report as UTF-8 text")
    return Decoded(text, "gb18030", fmt)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReportReadError(
            f"declares {encoding} by its BOM but has a bad byte at {exc.start}: the file may be truncated"
        ) from None


def _format(file_name: str) -> str:
    lower = file_name.lower()
    return "md" if lower.endswith(".md") else "txt"


def _cjk_share(text: str) -> float:
    letters = [ch for ch in text if not ch.isspace() and not ch.isascii()]
    if not letters:
        return 0.0
    return sum("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
               for ch in letters) / len(letters)
