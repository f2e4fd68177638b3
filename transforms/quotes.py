"""Quoted slogans “…” / 「…」 and cited documents 《…》, with their offsets."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# A slogan is short; a long quotation is speech, not a slogan.
SLOGAN_RE = re.compile(r"“([^“”\n]{1,40})”|「([^「」\n]{1,40})」|‘([^‘’\n]{1,40})’")
CITATION_RE = re.compile(r"《([^《》\n]{1,120})》")


@dataclass(frozen=True)
class Span:
    """A quoted phrase: its text without the marks and the offsets of the marks' span."""

    text: str
    start: int  # offset of the opening mark
    end: int  # offset after the closing mark


def slogans(text: str) -> list[Span]:
    """Every quoted phrase (“…”, 「…」, ‘…’) in document order."""
    return [Span(next(g for g in m.groups() if g is not None), m.start(), m.end())
            for m in SLOGAN_RE.finditer(text)]


def citations(text: str) -> list[Span]:
    """Every cited document title 《…》 in document order."""
    return [Span(m.group(1), m.start(), m.end()) for m in CITATION_RE.finditer(text)]


def protected_mask(text: str, spans: Iterable[Span] | None = None) -> bytearray:
    """1 for every character inside quotes or a title, where numbers are names, not measures.

    Args:
        text: the text.
        spans: its ``slogans`` and ``citations``, when the caller has them (found here otherwise).
    """
    mask = bytearray(len(text))
    for span in (*slogans(text), *citations(text)) if spans is None else spans:
        mask[span.start:span.end] = b"\x01" * (span.end - span.start)
    return mask
