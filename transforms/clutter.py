"""Lines that are not the report's body: web-page chrome saved with the text, and appendices.

Reports saved from a government website carry breadcrumbs, share and print
buttons, font-size switches, "扫一扫在手机打开当前页", publication timestamps and
view counters: kept in the text, so offsets stay true, and out of every fact.
Reports often end with appendices (附件, 名词解释, 注释, an annexed list of 民生实事,
主要指标测算说明) whose entries look like numbered headings: part of the document, not
of its main body, so their facts are flagged rather than dropped.
"""

from __future__ import annotations

import re

_CHROME = re.compile(
    r"^\s*(?:"
    r"(?:首页|当前位置|您的位置|您现在的位置)\s*[:：>＞»].*"
    r"|.*[>＞»]\s*.*[>＞»].*"                                          # breadcrumbs: a > b > c
    r"|(?:【?\s*(?:字号|字体)\s*[:：]?\s*[大中小\s【】]*】?\s*)+.*"
    r"|.*(?:扫一扫在手机打开当前页|扫一扫在手机上打开|用手机扫描二维码|微信扫一扫).*"
    r"|(?:分享到|分享)\s*[:：]?.*"
    r"|(?:【\s*)?(?:打印|关闭|关闭窗口|打印本页|收藏|返回顶部|保存)(?:\s*】)?(?:\s*【?\s*(?:打印|关闭|关闭窗口|打印本页|收藏|返回顶部|保存)\s*】?)*"
    r"|(?:发布时间|发布日期|发文日期|更新时间|信息来源|来源|作者|浏览次数|阅读次数|点击数|访问量|责任编辑|编辑|索引号|"
    r"发布机构|文号|主题分类|成文日期)\s*[:：].*"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源[:：].*)?"   # bare timestamps
    r"|(?:上一篇|下一篇|相关链接|相关文章|附件下载)\s*[:：]?.*"
    r")\s*$"
)
_APPENDIX = re.compile(
    r"^[\s*#>]*(?:"
    r"附件\s*[\d一二三四五六七八九十]*\s*[:：]?[^\n。，；]{0,30}"             # 附件, 附件1：…
    r"|附表\s*\d*[^\n。，；]{0,20}|附\s*[:：]"
    r"|(?:有关)?(?:名词解释|名词注释|注释|注解|附注|释义)"
    r"|[^\n。，；：]{0,16}(?:名词|术语)(?:、术语|和术语)?(?:解释|注释|说明)"         # 政府工作报告名词、术语注释
    r"|[^\n。，；：]{0,12}主要指标(?:测算)?说明"
    r")[*\s:：]*$")
# an annexed list of the year's 民生实事 is an appendix only near the end, where no plan section follows it
_ANNEX_LIST = re.compile(r"^[\s*#>]*(?:\d{4}年)?[^\n。，；：、]{0,10}民生实事(?:项目)?(?:清单|安排|表)?[*\s]*$")


def chrome_lines(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of lines that are web-page chrome, not report text."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip() and len(line) <= 80 and _CHROME.match(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def appendix_start(text: str) -> int:
    """Where the appendices begin (the first appendix header past a third of the text); ``len(text)`` when none."""
    pos = 0
    for line in text.split("\n"):
        if pos > len(text) // 3 and len(line) <= 40 and (
                _APPENDIX.match(line) or (pos > len(text) * 0.8 and _ANNEX_LIST.match(line))):
            return pos
        pos += len(line) + 1
    return len(text)


def is_appendix_header(line: str) -> bool:
    """A line that opens an appendix (附件, 名词解释 …), wherever it stands."""
    return len(line) <= 40 and bool(_APPENDIX.match(line) or _ANNEX_LIST.match(line))


def mask(text: str) -> bytearray:
    """1 for every character of chrome lines."""
    out = bytearray(len(text))
    for start, end in chrome_lines(text):
        out[start:end] = b"\x01" * (end - start)
    return out


# A line of prose: enough Chinese to be a sentence, and the punctuation sentences have. Navigation,
# link lists, titles and footers have neither; a report has many such lines, or one long one.
_PROSE_CJK = 15
_PROSE_PUNCTUATION = re.compile("[，。；！？]")
_CJK = re.compile("[\u4e00-\u9fff]")
_CJK_RUN = re.compile("[\u4e00-\u9fff]+")  # counting runs, not characters: one string a run, not one a character
MIN_PROSE_CHARS = 50


def prose(text: str, ignore: bytearray) -> tuple[int, int]:
    """(paragraphs, Chinese characters) of prose outside the masked lines."""
    paragraphs = chars = pos = 0
    for line in text.split("\n"):
        if line and ignore[pos:pos + len(line)].count(0):  # a line not wholly chrome
            cjk = sum(map(len, _CJK_RUN.findall(line)))
            if cjk >= _PROSE_CJK and _PROSE_PUNCTUATION.search(line):
                paragraphs += 1
                chars += cjk
        pos += len(line) + 1
    return paragraphs, chars


_PROBE = 40  # characters of the report's opening looked for again further on
_SAMPLES = 20  # stretches of the second copy that must all recur in the first


def repeat_start(text: str) -> int | None:
    """Where a second copy of the whole report begins, when the file holds the text twice; else None.

    Saved downloads repeat the article (a print view below the page view, two exports pasted
    together). The second copy is found where the opening's first prose line recurs past a third of
    the text, and confirmed when evenly spaced stretches of what follows all occur before it.
    """
    long_lines = re.finditer(rf"[^\n]{{{_PROBE},}}", text)
    opening = next((m for m in long_lines if len(_CJK.findall(m.group())) >= _PROBE // 2), None)
    if opening is None:
        return None
    probe = opening.group()[:_PROBE]
    at = text.find(probe, max(opening.end(), len(text) // 3))
    while at >= 0:
        # the second copy starts as far back as it matches what precedes the opening (title, chrome)
        back = 0
        while back < opening.start() and text[opening.start() - back - 1] == text[at - back - 1]:
            back += 1
        line_start = at - back
        while line_start < at and text[line_start].isspace():
            line_start += 1
        rest, before = text[line_start:], text[:line_start]
        step = max(len(rest) // _SAMPLES, 1)
        stretches = [rest[i:i + 30] for i in range(0, len(rest), step)]
        stretches = [s for s in stretches if len(s.strip()) >= 10]
        if len(rest) >= (line_start - opening.start()) // 2 and stretches and all(s in before for s in stretches):
            return line_start
        at = text.find(probe, at + 1)
    return None
