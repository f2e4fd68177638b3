"""Text of a PDF with a text layer, with wrapped lines joined back into paragraphs."""

from __future__ import annotations

import io
import re

SENTENCE_END = "。！？：；”」）)"
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．]|第[一二三四五六七八九十]+[部章])")


class PdfError(ValueError):
    """The PDF cannot give text; the message says what to do."""


def text_of(data: bytes) -> str:
    """The text layer of a PDF.

    Raises:
        PdfError: encrypted, damaged, or without a text layer.
    """
    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    try:
        raw = extract_text(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PdfError("an encrypted PDF: remove its password (print it to a new PDF) and drop it again") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise PdfError(f"a damaged PDF ({type(exc).__name__}): save or print it to a new PDF and drop it again") from None
    text = join_wrapped_lines(raw)
    if sum("\u4e00" <= ch <= "\u9fff" for ch in text) < 20:
        raise PdfError("no text layer (a scan): run OCR first and drop the text or the OCRed PDF")
    return text


def join_wrapped_lines(raw: str) -> str:
    """Lines of a PDF page are visual lines: join a line to the next unless it ends a sentence or a heading follows."""
    lines = [line.strip() for line in raw.replace("\x0c", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    full = max(len(line) for line in lines)
    out: list[str] = []
    for line in lines:
        if out and not out[-1].endswith(tuple(SENTENCE_END)) and len(out[-1]) >= 0.8 * full and not HEADING.match(line):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)
