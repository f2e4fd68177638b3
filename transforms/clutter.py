"""Lines that are not the report: web-page chrome saved with the text, and trailing glossaries.

Reports saved from a government website carry breadcrumbs, share and print
buttons, font-size switches, "扫一扫在手机打开当前页", publication timestamps and
view counters. Reports often end with a glossary (名词解释, 注释) whose entries
look like numbered headings. Both are kept in the text, so offsets stay true,
and kept out of the outline, the indicators and the title.
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
_TRAILER = re.compile(r"^\s*(?:名词解释|注释|注解|附注|附件|附表)\s*[:：]?\s*$")


def chrome_lines(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of lines that are web-page chrome, not report text."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip() and len(line) <= 80 and _CHROME.match(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def trailer_start(text: str) -> int:
    """Where a trailing glossary or notes section begins; ``len(text)`` when there is none."""
    pos = 0
    for line in text.split("\n"):
        if _TRAILER.match(line) and pos > len(text) // 3:
            return pos
        pos += len(line) + 1
    return len(text)


def mask(text: str) -> bytearray:
    """1 for every character of chrome lines and of a trailing glossary."""
    out = bytearray(len(text))
    for start, end in chrome_lines(text):
        out[start:end] = b"\x01" * (end - start)
    tail = trailer_start(text)
    out[tail:] = b"\x01" * (len(text) - tail)
    return out
