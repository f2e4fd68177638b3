"""Great Expectations Data Docs pages, made readable offline.

GE's own renderer draws each validation result; its page pulls Bootstrap, jQuery, Font Awesome
and Vega from CDNs. Those references are removed and a small stylesheet is put inline, so a page
reads the same with no network.
"""

from __future__ import annotations

import html
import re
import threading
from functools import cache

_REMOTE = re.compile(
    r"<link\b[^>]*href=\"https?://[^\"]*\"[^>]*>"
    r"|<script\b[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>"
    r"|<img\b[^>]*src=\"https?://[^\"]*\"[^>]*>",
    re.IGNORECASE,
)
STYLE = """<style>
body { font-family: "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0; } td, th { border: 1px solid #ccc; padding: 3px 8px; }
.text-danger, .fa-times { color: #c0392b; } .text-success, .fa-check-circle { color: #1e8449; }
.card { border: 1px solid #ddd; margin: 1em 0; padding: 0.5em 1em; } .hide, .d-none, nav { display: none; }
</style>"""


_lock = threading.Lock()


@cache
def _page_view():
    """GE's page view, one per process: every new view compiles all its templates again for each
    page, while one view compiles each template once and keeps it."""
    from great_expectations.render.view import DefaultJinjaPageView

    return DefaultJinjaPageView()


def page(result) -> str:
    """The Data Docs HTML of one validation result, with no reference to the network."""
    from great_expectations.render.renderer import ValidationResultsPageRenderer

    document = ValidationResultsPageRenderer().render(result)
    with _lock:  # pages are drawn one at a time through the shared view
        rendered = _page_view().render(document)
    offline = _REMOTE.sub("", rendered)
    return offline.replace("</head>", f"{STYLE}</head>", 1)


def index(run_id: str, pages: dict[str, bool]) -> str:
    """A page linking every suite's Data Docs page of a run, failures first."""
    items = "".join(
        f'<li class="{"ok" if ok else "fail"}"><a href="{html.escape(name)}.html">{html.escape(name)}</a>: '
        f'{"passed" if ok else "FAILED"}</li>'
        for name, ok in sorted(pages.items(), key=lambda kv: (kv[1], kv[0])))
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Data Docs, run {html.escape(run_id)}</title>"
            f"{STYLE}<style>.fail a {{ color: #c0392b; font-weight: bold; }}</style></head><body>"
            f"<h1>Data quality, run {html.escape(run_id)}</h1><ul>{items}</ul></body></html>")
