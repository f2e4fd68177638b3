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


# Works and media a report names in 《》 without citing a document of policy or law.
MEDIA = ("新闻联播", "人民日报", "求是", "光明日报", "经济日报", "自然", "科学", "焦点访谈", "新华社", "学习时报")
_CJK = re.compile("[\u4e00-\u9fff]")
SLOGAN_KINDS = ("slogan", "single_char", "number", "quotation", "glossary_key")
CITATION_KINDS = ("document", "self", "media")
QUOTATION_MIN = 16  # a quoted stretch this long, or holding a sentence break, is a quotation, not a slogan


def slogan_kind(text: str, span: Span, appendix_start: int | None = None) -> str:
    """What a quoted phrase is: ``slogan``, ``single_char`` (“干”), ``number`` (“1”, “1+9+6”),
    ``quotation`` (a sentence or a line of verse), ``glossary_key`` (an entry of a 名词解释 appendix)."""
    body = span.text.strip()
    if appendix_start is not None and span.start >= appendix_start:
        return "glossary_key"
    if not _CJK.search(body):
        return "number"
    if len(body) == 1:
        return "single_char"
    if len(body) >= QUOTATION_MIN or any(ch in body for ch in "，。！？；,"):
        return "quotation"
    return "slogan"


def citation_kind(title: str) -> str:
    """What a 《》 names: ``self`` (the report itself: 《政府工作报告》), ``media`` (a paper, programme or
    journal), ``document`` (a law, plan, opinion or book: what analysts mean by a citation)."""
    bare = title.strip()
    if bare in ("政府工作报告", "工作报告", "报告", "本报告") or (bare.endswith("政府工作报告") and len(bare) <= 12):
        return "self"
    if bare in MEDIA:
        return "media"
    return "document"
