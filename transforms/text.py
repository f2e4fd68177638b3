"""Normalise decoded report text while keeping a map back to the source.

The normalised text is what the warehouse stores and what every fact's
``char_start``/``char_end`` point into. Normalising only ever maps one code
point to one code point or drops code points (CR of CRLF, paywall markers), so
a list of source offsets per normalised character is enough to trace any fact
back to the file as decoded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

PAYWALL_MARKERS = ("##paidbegin##", "##paidend##")
PAID_BEGIN = PAYWALL_MARKERS[0]

# Full-width forms that change how numbers read; brackets, quotes and
# Chinese punctuation stay as written because headings and slogans use them.
_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FULLWIDTH.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FULLWIDTH.update({"％": "%", "＋": "+", "．": ".", "／": "/", "－": "-", "\u3000": " ", "\xa0": " "})
# a report holds a handful of them: replacing each match is far cheaper than translating every character
_FULLWIDTH_RE = re.compile("[" + "".join(map(re.escape, _FULLWIDTH)) + "]")
_DROPPED = re.compile("|".join(map(re.escape, PAYWALL_MARKERS)) + r"|(?P<crlf>\r(?=\n))|(?P<cr>\r)")


@dataclass(frozen=True)
class NormalisedText:
    """Text ready for parsing, with its way back to the source.

    Attributes:
        text: the normalised text.
        source_offsets: for each character of ``text``, its code-point index in
            the decoded source (a range where nothing was dropped: no list of a
            number per character then).
        paid_char_start: offset in ``text`` where a paywalled segment starts, or None.
    """

    text: str
    source_offsets: Sequence[int]
    paid_char_start: int | None

    @property
    def has_paid_segment(self) -> bool:
        return self.paid_char_start is not None

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text to the decoded source."""
        if start >= end:
            pos = self.source_offsets[start] if start < len(self.source_offsets) else self._source_len()
            return pos, pos
        return self.source_offsets[start], self.source_offsets[end - 1] + 1

    def _source_len(self) -> int:
        return self.source_offsets[-1] + 1 if self.source_offsets else 0


def normalise(source: str) -> NormalisedText:
    """Normalise decoded text: newlines, paywall markers and full-width forms.

    Args:
        source: the decoded file content; a leading BOM is dropped and not counted.

    Returns:
        The normalised text with its source offsets.
    """
    source = source.removeprefix("\ufeff")
    if _DROPPED.search(source) is None:
        return NormalisedText(text=_FULLWIDTH_RE.sub(lambda m: _FULLWIDTH[m.group()], source),
                              source_offsets=range(len(source)), paid_char_start=None)
    pieces: list[str] = []
    offsets: list[int] = []
    paid_start: int | None = None
    kept, pos = 0, 0
    # copy the runs between the code points that go, with their source offsets
    for m in _DROPPED.finditer(source):
        pieces.append(source[pos:m.start()])
        offsets.extend(range(pos, m.start()))
        kept += m.start() - pos
        if m.group() == PAID_BEGIN and paid_start is None:
            paid_start = kept
        elif m.lastgroup == "cr":  # a lone CR is a newline; the CR of CRLF goes
            pieces.append("\n")
            offsets.append(m.start())
            kept += 1
        pos = m.end()
    pieces.append(source[pos:])
    offsets.extend(range(pos, len(source)))
    text = _FULLWIDTH_RE.sub(lambda m: _FULLWIDTH[m.group()], "".join(pieces))
    return NormalisedText(text=text, source_offsets=tuple(offsets), paid_char_start=paid_start)
