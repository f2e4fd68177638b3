"""The analyst report: one self-contained HTML file with charts drawn as inline SVG.

No script and no network: the file opens anywhere, offline, and prints as it shows.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

PALETTE = ("#c0392b", "#2e86c1", "#28b463", "#d68910", "#7d3c98", "#17a589", "#839192", "#cb4335")
BAR_HEIGHT, GAP, LABEL_WIDTH, CHART_WIDTH = 22, 6, 260, 760

QUERIES = {
    "documents": """
        select coalesce(issuer, '(unknown issuer)') as issuer, coalesce(report_year::varchar, '?') as year,
               count(*) as documents
        from v_documents where is_current group by all order by issuer, year""",
    "sections": """
        select split_part(section_path, ' > ', 1) as section, count(*) as figures
        from v_indicators where section_path is not null group by all order by figures desc, section limit 15""",
    "keywords": """
        with yearly as (
            select d.report_year as year, k.term, sum(k.weight) as weight
            from v_keywords k join v_documents d using (document_id)
            where d.is_current and d.report_year is not null group by all
        )
        select year, term, weight from yearly
        qualify row_number() over (partition by year order by weight desc, term) <= 8
        order by year, weight desc, term""",
    "slogans": """
        with top as (
            select slogan from v_slogan_trends group by slogan order by sum(documents) desc, slogan limit 10
        )
        select t.slogan, t.report_year as year, t.documents
        from v_slogan_trends t join top using (slogan) where t.report_year is not null
        order by t.slogan, t.report_year""",
    "quality": """
        select suite, expectation, column_name, is_critical, success, unexpected_count
        from v_dq_results where run_id = (select run_id from v_ingest_runs order by started_at desc limit 1)
        order by success, suite, expectation, column_name""",
}


def build(con) -> str:
    """The report's HTML from a connection to the published database."""
    data = {name: con.execute(sql).fetchall() for name, sql in QUERIES.items()}
    totals = con.execute("select count(*), count(distinct issuer), min(report_year), max(report_year) "
                         "from v_documents where is_current").fetchall()[0]
    figures = con.execute("select count(*) from v_indicators").fetchall()[0][0]
    sections = [
        ("Documents by issuer and year", _grouped_bars(data["documents"], "documents")),
        ("Figures per section (level 1, all reports)", _bars([(s, n) for s, n in data["sections"]])),
        ("Top keywords per year (TF-IDF weight)", _small_multiples(data["keywords"])),
        ("Slogan trends: reports using each slogan, per year", _grouped_bars(
            [(s, str(y), d) for s, y, d in data["slogans"]], "reports")),
        ("Latest data-quality results", _quality_table(data["quality"])),
    ]
    body = "\n".join(f'<section class="chart"><h2>{html.escape(title)}</h2>{content}</section>'
                     for title, content in sections)
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    summary = (f"{totals[0]} reports from {totals[1]} issuers, {totals[2] or '?'}–{totals[3] or '?'}; "
               f"{figures} figures")
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>baogao report</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; }}
h1 {{ margin-bottom: 0.2em; }} .meta {{ color: #666; }}
section.chart {{ margin: 2em 0; }} svg text {{ font-size: 13px; fill: #222; }}
table {{ border-collapse: collapse; font-size: 13px; }} td, th {{ border: 1px solid #ccc; padding: 3px 8px; }}
tr.fail td {{ background: #fdecea; }} .empty {{ color: #888; font-style: italic; }}
</style></head>
<body><h1>baogao report</h1><p class="meta">{html.escape(summary)} · made {made}</p>
{body}
</body></html>
"""


def _bars(rows: list[tuple[str, float]], color: str = PALETTE[1]) -> str:
    if not rows:
        return '<p class="empty">nothing to show yet</p>'
    top = max(v for _, v in rows) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    parts = []
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = max(1, (CHART_WIDTH - LABEL_WIDTH - 80) * value / top)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT * 0.7}" text-anchor="end">{html.escape(_short(label))}</text>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{color}">'
            f'<title>{html.escape(label)}: {_number(value)}</title></rect>'
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + BAR_HEIGHT * 0.7}">{_number(value)}</text>')
    return f'<svg width="{CHART_WIDTH}" height="{height}" role="img">{"".join(parts)}</svg>'


def _grouped_bars(rows: list[tuple[str, str, float]], unit: str) -> str:
    """Bars of (group, series, value): one row per group and series, the series told apart by colour."""
    if not rows:
        return '<p class="empty">nothing to show yet</p>'
    series = sorted({s for _, s, _ in rows})
    colors = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}
    bars = "".join(_bars([(f"{g} · {s}", v)], colors[s]) for g, s, v in rows)
    legend = " ".join(f'<span style="color:{colors[s]}">■ {html.escape(s)}</span>' for s in series)
    return f"<p>{legend} ({html.escape(unit)})</p>{bars}"


def _small_multiples(rows: list[tuple[int, str, float]]) -> str:
    if not rows:
        return '<p class="empty">nothing to show yet</p>'
    years = sorted({y for y, _, _ in rows})
    return "".join(f"<h3>{y}</h3>" + _bars([(t, round(w, 4)) for yy, t, w in rows if yy == y],
                                           PALETTE[i % len(PALETTE)]) for i, y in enumerate(years))


def _quality_table(rows) -> str:
    if not rows:
        return '<p class="empty">no data-quality results yet</p>'
    head = "<tr><th>suite</th><th>expectation</th><th>column</th><th>critical</th><th>result</th><th>unexpected</th></tr>"
    body = "".join(
        f'<tr class="{"ok" if ok else "fail"}"><td>{html.escape(s)}</td><td>{html.escape(e)}</td>'
        f"<td>{html.escape(c or '')}</td><td>{'yes' if crit else 'no'}</td><td>{'passed' if ok else 'FAILED'}</td>"
        f"<td>{'' if n is None else n}</td></tr>" for s, e, c, crit, ok, n in rows)
    return f"<table>{head}{body}</table>"


def _short(label: str, limit: int = 16) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
