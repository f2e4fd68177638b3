"""The outline of a report: numbered headings, part headings, appendices and inline lead sentences.

Heading styles, from the outermost: 第一部分/第一章 and unnumbered part headings on a line of their
own (2023年工作回顾, 过去五年工作回顾, “十五五”时期的主要目标任务), 一、, （一）, 第一，, 1./1、/1．, （1）, ①.
A heading's level is its depth: one more than the open headings of larger
styles above it, so a report that starts at （一） has （一） at level 1, and
1. directly under 一、 is level 2. A numbered line that is a list item (a sentence
carrying figures: "12. 工业增加值率提高到23%") is not a heading. A lead sentence (a short
summary sentence opening a run of prose, "强化政治监督。") becomes a point one
level below the section it sits in. Appendices (附件, 名词解释 …) are level-1 sections
flagged ``is_appendix``, outside the main outline; their entries are not headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from baogao.transforms import clutter

_CN = "一二三四五六七八九十"
# (style, pattern for the label at the start of a line); order = rank.
HEADING_STYLES: tuple[tuple[str, re.Pattern], ...] = (
    ("part", re.compile(rf"第[{_CN}]+(?:部分|章|篇)")),
    ("cn", re.compile(rf"[{_CN}]+、")),
    ("dash", re.compile(r"——(?=[^—\s])")),
    ("paren_cn", re.compile(rf"[（(][{_CN}]+[）)]")),
    ("ordinal", re.compile(rf"第[{_CN}]+[，,、](?=\S)")),
    ("arabic", re.compile(r"\d{1,2}[.、．](?!\d)")),
    ("paren_arabic", re.compile(r"[（(]\d{1,2}[）)]")),
    ("circled", re.compile("[\u2460-\u2473]")),
)
STYLE_RANK = {name: i for i, (name, _) in enumerate(HEADING_STYLES)}
MAX_TITLE = 60
POINT = "point"
APPENDIX = "appendix"
# Markdown and quoting marks that converters leave before a heading (**一、…**, ## 一、, > …)
_MARKS = " \t\u3000*#>"
_PART_RE = re.compile(
    r"(?:(?:19|20)\d\d年|[一二]〇[〇一二三四五六七八九]{2}年|过去[一二三四五六七八九十]年|本届政府|上届政府|今后[一二三四五]年|"
    r"今年|明年|[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间)?|近[一二三四五]年)"
    r"[^。，；：:!！？?\d]{0,12}"
    r"(?:工作回顾|工作总结|工作安排|工作部署|工作建议|工作任务|主要任务|目标任务|主要目标|总体要求|奋斗目标|回顾|安排)")
# a list item, not a heading: its title already gives figures
_FIGURE_IN_TITLE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|个百分点|万|亿|元|倍)")
SENTENCE_END = "。！？"


@dataclass
class Section:
    ordinal: int
    level: int
    label: str
    title: str
    char_start: int
    char_end: int
    parent: int | None  # ordinal of the parent section
    style: str

    @property
    def is_point(self) -> bool:
        """A lead sentence, not a numbered heading."""
        return self.style == "point"

    @property
    def is_appendix(self) -> bool:
        """An appendix header (附件, 名词解释 …), outside the main outline."""
        return self.style == "appendix"


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _match_heading(line: str) -> tuple[str, str, int] | None:
    """(style, label, offset of the label in the line) when the line opens with a heading label."""
    stripped = line.lstrip(_MARKS)
    indent = len(line) - len(stripped)
    for style, pattern in HEADING_STYLES:
        m = pattern.match(stripped)
        if m and len(stripped) > m.end():
            label = m.group(0).rstrip()
            if style == "cn":
                label = label[:-1]  # 一、 is labelled 一
            return style, label, indent
    return None


def _introduces_headings(line: str, following) -> bool:
    """A short dash line with no sentence in it, whose next line is a numbered heading."""
    body = line.strip(_MARKS)
    if len(body) > 42 or any(ch in body for ch in "。；;：:"):
        return False
    nxt = next((ln for _, ln in following if ln.strip()), "")
    hit = _match_heading(nxt)
    return hit is not None and hit[0] not in ("dash", "part", "cn")


def _part_heading(line: str) -> tuple[str, int] | None:
    """(title, offset in the line) of an unnumbered part heading standing alone on its line."""
    stripped = line.strip(_MARKS)
    if not 4 <= len(stripped) <= 24 or _PART_RE.fullmatch(stripped) is None:
        return None
    return stripped, len(line) - len(line.lstrip(_MARKS))


def _title(rest: str) -> str | None:
    """Heading text: the whole short line, or its first sentence when prose follows on the line."""
    rest = rest.strip().rstrip("*").strip()
    cut = min((i for i in (rest.find(ch) for ch in SENTENCE_END) if i >= 0), default=-1)
    title = rest if cut < 0 else rest[:cut]
    if not title or len(title) > MAX_TITLE:
        return None
    if cut < 0 and len(rest) > MAX_TITLE:
        return None
    return title


def parse(text: str, ignore: bytearray | None = None, appendix_start: int | None = None) -> list[Section]:
    """Headings of a normalised report, each spanning to the next heading at its level or above.

    Args:
        text: normalised report text.
        ignore: 1 for characters that are not report text (web chrome);
            no heading starts there and sections end where a trailing run of them begins.
        appendix_start: where the appendices begin (``clutter.appendix_start``); found here when None.

    Returns:
        Sections in document order with levels, parents and spans; appendices last, flagged.
    """
    appendix = clutter.appendix_start(text) if appendix_start is None else appendix_start
    body_end = appendix
    if ignore:
        while body_end > 0 and (ignore[body_end - 1] or text[body_end - 1].isspace()):
            body_end -= 1
    found: list[tuple[str, str, str, int]] = []
    lines = list(_lines(text))
    for i, (pos, line) in enumerate(lines):
        if ignore and ignore[pos:pos + len(line)].count(0) == 0 and line:
            continue
        if pos >= body_end:
            break
        hit = _match_heading(line)
        if hit is not None and hit[0] == "dash" and not _introduces_headings(line, lines[i + 1:]):
            continue  # ——经济平稳增长。…: a list item; only a dash line opening numbered headings is one
        if hit is None:
            part = _part_heading(line)
            if part is not None:
                found.append(("part", "", part[0], pos + part[1]))
            continue
        style, label, indent = hit
        stripped = line[indent:]
        full_label = HEADING_STYLES[STYLE_RANK[style]][1].match(stripped).group(0).rstrip()
        title = _title(stripped[len(full_label):])
        if title is None:
            continue
        if STYLE_RANK[style] > STYLE_RANK["ordinal"] and _FIGURE_IN_TITLE.search(title):
            continue  # 12. 工业增加值率提高到23%: an item of its section's list
        found.append((style, label if style == "cn" else full_label, title, pos + indent))
    sections: list[Section] = []
    stack: list[Section] = []
    for ordinal, (style, label, title, start) in enumerate(found, 1):
        # a heading closes every open heading of its own style or a smaller one
        while stack and STYLE_RANK[stack[-1].style] >= STYLE_RANK[style]:
            stack.pop().char_end = start
        sec = Section(ordinal, len(stack) + 1, label, title, start, body_end,
                      stack[-1].ordinal if stack else None, style)
        sections.append(sec)
        stack.append(sec)
    _close_at_trailer(text, sections)
    sections = _with_points(text, sections)
    return sections + _appendices(text, appendix, len(sections), clutter.is_appendix_header)


def _appendices(text: str, start: int, ordinals: int, is_header) -> list[Section]:
    """The appendix headers after ``start``: the first at level 1, the others inside it at level 2."""
    found: list[Section] = []
    for pos, line in _lines(text[start:]):
        if not line.strip() or not is_header(line):
            continue
        at = start + pos + len(line) - len(line.lstrip(_MARKS))
        title = line.strip(_MARKS).rstrip("：:")
        parent = found[0].ordinal if found else None
        found.append(Section(ordinals + len(found) + 1, 2 if found else 1, "", title, at, len(text), parent, APPENDIX))
    for sec, nxt in pairwise(found[1:]):
        sec.char_end = nxt.char_start
    return found


def _close_at_trailer(text: str, sections: list[Section]) -> None:
    """The closing paragraph (下一步，… / 特此报告) is not part of the last section."""
    if not sections:
        return
    last_start = sections[-1].char_start
    m = re.compile(r"^\s*(下一步|今后|特此报告|202\d年，?我们将)", re.MULTILINE).search(text, last_start + 1)
    if m:
        for sec in sections:
            sec.char_end = min(sec.char_end, m.start())


def section_at(sections: list[Section], pos: int) -> Section | None:
    """The deepest section whose span holds ``pos``."""
    best = None
    for sec in sections:
        if sec.char_start <= pos < sec.char_end and (best is None or sec.level >= best.level):
            best = sec
    return best


def paths(sections: list[Section]) -> dict[int, str]:
    """For every section, by ordinal: the titles from the outermost section down to it, joined by ' > '."""
    by_ordinal = {s.ordinal: s for s in sections}
    found: dict[int, str] = {}

    def path(sec: Section) -> str:
        if sec.ordinal not in found:
            parent = by_ordinal.get(sec.parent) if sec.parent else None
            found[sec.ordinal] = f"{path(parent)} > {sec.title}" if parent is not None else sec.title
        return found[sec.ordinal]

    for sec in sections:
        path(sec)
    return found


POINT_MIN, POINT_MAX = 4, 20
_POINT_FORBIDDEN = re.compile(r"[，,、；;：:《\d%]")
_SENTENCE_RE = re.compile(r"[^。！？\n]+[。！？]?")


def lead_sentences(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """Lead sentences in ``text[start:end]``: (start, end of the sentence, end of its group).

    A lead sentence is a whole short sentence ending in 。 with no comma, figure
    or citation, followed in its paragraph by a longer sentence that explains it.
    """
    found: list[tuple[int, int, int]] = []
    for line_start, line in _lines(text[start:end]):
        para_start = start + line_start
        sentences = [(para_start + m.start(), para_start + m.end()) for m in _SENTENCE_RE.finditer(line)]
        para_points = []
        for i, (s, e) in enumerate(sentences):
            body = text[s:e].strip()
            if not body.endswith("。") or i + 1 >= len(sentences):
                continue
            core = body[:-1]
            if not POINT_MIN <= len(core) <= POINT_MAX or _POINT_FORBIDDEN.search(core):
                continue
            nxt = text[sentences[i + 1][0]:sentences[i + 1][1]]
            if len(nxt) <= len(body):
                continue
            lead = s + (len(text[s:e]) - len(text[s:e].lstrip()))
            para_points.append((lead, lead + len(core)))
        para_end = para_start + len(line)
        for j, (s, e) in enumerate(para_points):
            group_end = para_points[j + 1][0] if j + 1 < len(para_points) else para_end
            found.append((s, e, group_end))
    return found


def _with_points(text: str, sections: list[Section]) -> list[Section]:
    """Add lead-sentence points under every leaf section, renumbering ordinals in document order."""
    parents = {s.parent for s in sections}
    points: list[Section] = []
    for sec in sections:
        if sec.ordinal in parents:
            continue
        body_start = text.find("\n", sec.char_start)
        if body_start < 0 or body_start >= sec.char_end:
            continue
        for s, e, group_end in lead_sentences(text, body_start + 1, sec.char_end):
            points.append(Section(0, sec.level + 1, "", text[s:e], s, group_end, sec.ordinal, POINT))
    if not points:
        return sections
    merged = sorted(sections + points, key=lambda x: (x.char_start, x.level))
    renumber = {}
    for i, sec in enumerate(merged, 1):
        if not sec.is_point:
            renumber[sec.ordinal] = i
    for i, sec in enumerate(merged, 1):
        sec.parent = renumber.get(sec.parent) if sec.parent else None
        sec.ordinal = i
    return merged
