"""The article text of a report saved as a web page.

**trafilatura** finds the article: on real Chinese government and news pages it
found it more often than a list of class names does (``benchmarks/html_extraction.py``
measures both on pages with hand-made article texts). Where it finds none (a page
of little text), the class names do: scripts, styles, navigation, headers, footers
and forms are dropped, and when the page marks its article (``<article>``, or an
element whose id or class says content/article/zoom/TRS_Editor) only that is kept;
otherwise the body. Either way block elements end lines, and what chrome is left
is recognised later by ``transforms.clutter``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIP = {"script", "style", "noscript", "nav", "header", "footer", "form", "select", "button", "iframe",
        "svg", "template", "aside"}
BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
         "ul", "ol", "blockquote", "pre", "dd", "dt", "td", "th", "title"}
VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}
ARTICLE_HINT = re.compile(r"article|content|zoom|trs_editor|main-text|maintext|detail|textbox|pages_content|con_text",
                          re.IGNORECASE)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, starts an article)
        self.skip_depth = 0
        self.all_parts: list[str] = []
        self.article_parts: list[str] = []
        self.article_depth = 0
        self.title_parts: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if tag == "br":
                self._emit("\n")
            return
        hint = " ".join(v or "" for k, v in attrs if k in ("id", "class"))
        is_article = tag == "article" or bool(ARTICLE_HINT.search(hint))
        self.stack.append((tag, is_article))
        if tag in SKIP:
            self.skip_depth += 1
        if is_article:
            self.article_depth += 1
        if tag == "title":
            self.in_title = True
        if tag in BLOCK:
            self._emit("\n")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, is_article = self.stack.pop()
            if open_tag in SKIP:
                self.skip_depth -= 1
            if is_article:
                self.article_depth -= 1
            if open_tag == "title":
                self.in_title = False
            if open_tag == tag:
                break
        if tag in BLOCK:
            self._emit("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip_depth:
            return
        self._emit(data.replace("\n", " ").replace("\r", " ") if data.strip() else "")

    def _emit(self, s: str):
        self.all_parts.append(s)
        if self.article_depth:
            self.article_parts.append(s)


def text_of(markup: str) -> str:
    """The article text of an HTML page, one block a line."""
    collector = _collected(markup)
    text = _lines(article_by_trafilatura(markup), tabs=True) or _lines(_marked_or_body(collector))
    # a page's <title> is "report title_site name"; use it when the article does not repeat it
    title = re.split(r"[_|｜]| - ", "".join(collector.title_parts).strip())[0].strip()
    if title and re.search(r"报告|总结|工作", title) and title not in text[:300]:
        text = title + "\n" + text
    return text


def article_by_trafilatura(markup: str) -> str:
    """The article as trafilatura finds it (tables kept, comments not); empty when it finds none."""
    import trafilatura  # imported by the first page parsed, not by every worker's start

    found = trafilatura.extract(markup, include_tables=True, include_comments=False, deduplicate=False) or ""
    return "\n".join(_table_row(line) for line in found.split("\n") if not _RULE.match(line))


# trafilatura writes a table as Markdown: "| a | b |" rows under a "|---|---|" rule. A row's cells are
# joined by tabs instead, as a .docx table's are, so a figure and its cell's label read the same way.
_RULE = re.compile(r"^\s*\|(?:\s*:?-+:?\s*\|)+\s*$")
_ROW = re.compile(r"^\s*\|(.*)\|\s*$")


def _table_row(line: str) -> str:
    row = _ROW.match(line)
    return "\t".join(cell.strip() for cell in row.group(1).split("|")) if row else line


def article_by_class_names(markup: str) -> str:
    """The article as the page's class names mark it, else the body without its chrome."""
    return _lines(_marked_or_body(_collected(markup)))


def _collected(markup: str) -> _Collector:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    return collector


def _marked_or_body(collector: _Collector) -> str:
    article = "".join(collector.article_parts)
    return article if len(article.strip()) >= 100 else "".join(collector.all_parts)


def _lines(body: str, tabs: bool = False) -> str:
    """Lines without empty ones, spaces collapsed; ``tabs``: the tabs between table cells kept."""
    spaces = r"[ \u00a0]+" if tabs else r"[ \t\u00a0]+"
    lines = [re.sub(spaces, " ", line).strip() for line in body.split("\n")]
    return "\n".join(line for line in lines if line)
