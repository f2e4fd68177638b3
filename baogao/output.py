"""Turning query results and run summaries into text for the terminal."""

from __future__ import annotations

import csv
import errno
import io
import json
import re
import threading
import unicodedata
from datetime import date, datetime
from decimal import Decimal

from baogao.home import Home


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _json_value(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    """Rows as an aligned table, CSV, or a JSON array of objects."""
    if fmt == "json":
        records = [{c: _json_value(v) for c, v in zip(columns, row)} for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        return buf.getvalue()
    return table(columns, [[_cell(v) for v in row] for row in rows])


def table(columns: list[str], rows: list[list[str]]) -> str:
    if not columns:
        return "(no result)\n"
    cells = [[c.replace("\n", " ") for c in row] for row in rows]
    widths = [max([_width(col)] + [_width(r[i]) for r in cells]) for i, col in enumerate(columns)]

    def line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def ingest_summary(summary: dict, home: Home) -> str:
    dq = summary["data_quality"]
    lines = [
        f"Run {summary['run_id']}: {summary['status']}",
        f"  files loaded:      {len(summary['files_loaded'])}",
        f"  already loaded:    {len(summary['files_skipped'])}",
        f"  quarantined:       {len(summary['files_quarantined'])}",
    ]
    added = {t: n for t, n in summary["rows_added"].items() if n}
    if added:
        lines.append("  rows added:        " + ", ".join(f"{t} {n}" for t, n in added.items()))
    if dq["expectations"]:
        state = "FAILED" if dq["critical_failure"] else "passed" if not dq["failed"] else "passed with warnings"
        lines.append(f"  data quality:      {state} ({dq['expectations']} expectations"
                     f"{', failing: ' + ', '.join(dq['failed']) if dq['failed'] else ''})")
    lines.append(f"  published views:   {summary['published']}")
    return "\n".join(lines)


COUNT_SECONDS = 0.25  # per view: status stays quick however large the warehouse


def _count_rows(con, view: str) -> int | None:
    """Rows of a view, or None when counting would take longer than COUNT_SECONDS.

    Views computed over every term (v_keywords, v_term_trends) grow slow to count as documents
    accumulate; status is a glance, so their count is left to `baogao sql` there.
    """
    import duckdb

    timer = threading.Timer(COUNT_SECONDS, con.interrupt)
    timer.start()
    try:
        return con.execute(f'select count(*) from "{view}"').fetchall()[0][0]
    except duckdb.InterruptException:
        return None
    finally:
        timer.cancel()


def status_from(con) -> dict:
    """Rows per view, the last runs and the data-quality state, read from the published database."""
    from baogao.warehouse.db import published_views

    counts = {v: _count_rows(con, v) for v in published_views(con)}
    runs_cur = con.execute(
        "select run_id, started_at, status, files_seen, files_loaded, files_skipped, files_quarantined "
        "from v_ingest_runs order by started_at desc limit 5")
    run_cols = [d[0] for d in runs_cur.description]
    runs = [dict(zip(run_cols, r)) for r in runs_cur.fetchall()]
    dq = {"last_run_id": None, "expectations": 0, "failed": []}
    if runs:
        last = runs[0]["run_id"]
        rows = con.execute(
            "select suite, expectation, column_name, is_critical, success from v_dq_results where run_id = ?",
            [last]).fetchall()
        dq = {"last_run_id": last, "expectations": len(rows),
              "failed": [f"{s}.{e}({c})" + (" [critical]" if crit else "") for s, e, c, crit, ok in rows if not ok]}
    return {"views": counts, "recent_runs": runs, "data_quality": dq, "metadata": _missing_metadata(con)}


def _missing_metadata(con) -> dict:
    """How many current documents lack an issuer, a year or a type: a normal state of real reports, worth a glance."""
    documents, issuer, year, kind = con.execute(
        "select count(*), count(*) filter (where issuer is null), count(*) filter (where report_year is null), "
        "count(*) filter (where report_type is null or report_type = '其他') from v_documents where is_current"
    ).fetchone()
    return {"documents": documents, "without_issuer": issuer, "without_year": year, "without_type": kind}


def status_table(report: dict) -> str:
    lines = ["Paths:"]
    lines += [f"  {k:<11}{v}" for k, v in report["paths"].items()]
    lines.append(f"Inbox: {report['inbox_files']} file(s) waiting; quarantine: {report['quarantine_files']} file(s)")
    if not report["published"]:
        lines.append("Nothing published yet: run 'baogao ingest'.")
        return "\n".join(lines)
    lines.append("Views (rows):")
    lines += [f"  {v:<20}{n if n is not None else f'not counted (over {COUNT_SECONDS} s): baogao sql counts it'}"
              for v, n in report["views"].items()]
    lines.append("Recent runs:")
    for r in report["recent_runs"]:
        lines.append(f"  {r['run_id']}  {r['started_at']:%Y-%m-%d %H:%M:%S}  {r['status']:<12}"
                     f"seen {r['files_seen']}, loaded {r['files_loaded']}, skipped {r['files_skipped']}, "
                     f"quarantined {r['files_quarantined']}")
    meta = report.get("metadata")
    if meta and meta["documents"]:
        lines.append(f"Metadata of {meta['documents']} current document(s): {meta['without_issuer']} without issuer, "
                     f"{meta['without_year']} without year, {meta['without_type']} without type "
                     "(baogao inspect FILE shows what was read)")
    dq = report["data_quality"]
    if dq["last_run_id"]:
        state = "all passed" if not dq["failed"] else "failing: " + ", ".join(dq["failed"])
        lines.append(f"Data quality (run {dq['last_run_id']}): {dq['expectations']} expectations, {state}")
        if dq.get("data_docs"):
            lines.append(f"Data Docs: {dq['data_docs']}")
    return "\n".join(lines)


def inspection(report, fmt: str) -> str:
    """What a parsed report holds: metadata, outline and figures, as text or JSON."""
    doc = {k: v for k, v in report.document.items() if k != "text"}
    source = json.loads(doc.pop("metadata_source") or "{}")
    sections = report.frames["dim_section"].select("section_id", "level", "label", "title", "char_start", "char_end")
    figures = report.frames["fact_indicator"].select(
        "raw_text", "value", "scale", "normalized_value", "unit", "qualifier", "kind", "context", "section_path",
        "char_start", "char_end")
    if fmt == "json":
        return json.dumps({"document": {**doc, "metadata_source": source}, "sections": sections.to_dicts(),
                           "indicators": figures.to_dicts()},
                          ensure_ascii=False, indent=2, default=str) + "\n"
    lines = ["Document:"]
    # each metadata value with where it was read (title, opening, signature, file_name …)
    lines += [f"  {k:<17}{_cell(v)}" + (f"  ({source[k]})" if k in source and v is not None else "")
              for k, v in doc.items()]
    lines.append(f"Outline ({sections.height} headings and points):")
    for r in sections.iter_rows(named=True):
        lines.append("  " + "  " * (r["level"] - 1) + (r["label"] + " " if r["label"] else "· ") + r["title"])
    lines.append(f"Indicators ({figures.height}):")
    rows = [[_cell(r[c]) for c in ("raw_text", "normalized_value", "unit", "qualifier", "kind", "context")]
            for r in figures.iter_rows(named=True)]
    lines.append(table(["raw_text", "normalized_value", "unit", "qualifier", "kind", "context"], rows).rstrip("\n"))
    return "\n".join(lines) + "\n"


def view_docs(con, only: str | None = None) -> list[dict]:
    """Each published view with its description and its columns' types and descriptions."""
    views = con.execute(
        "select view_name, comment from duckdb_views() where not internal and view_name like 'v\\_%' escape '\\' "
        "and (? is null or view_name = ?) order by 1", [only, only]).fetchall()
    out = []
    for name, comment in views:
        columns = con.execute(
            "select column_name, data_type, comment from duckdb_columns() where table_name = ? order by column_index",
            [name]).fetchall()
        out.append({"view": name, "description": comment,
                    "columns": [{"column": c, "type": t, "description": d} for c, t, d in columns]})
    return out


def render_view_docs(docs: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(docs, ensure_ascii=False, indent=2) + "\n"
    lines = []
    for view in docs:
        lines.append(f"{view['view']}: {view['description'] or ''}")
        width = max(len(c["column"]) for c in view["columns"])
        for c in view["columns"]:
            lines.append(f"  {c['column']:<{width}}  {c['type']:<10}  {c['description'] or ''}")
        lines.append("")
    return "\n".join(lines)


_NO_SPACE_FILE = re.compile(r'(?:Could not write file|write to file) "([^"]+)"[^"]*?No space left on device')


def failure(exc: BaseException, home: Home, left_in_processing: int) -> str:
    """One line for a failed ingest: its first cause, not what failed after it, and where the files are.

    A full disk shows first as an OS error and then as every later step failing on the invalidated
    database: the line names the disk, whatever exception reached the command.
    """
    chain, seen = [], set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    where = (f"{left_in_processing} files being processed stay in {home.processing} and return to the inbox on the "
             f"next run" if left_in_processing else "no file was left half done")
    for e in chain:
        text = str(e)
        if (isinstance(e, OSError) and e.errno == errno.ENOSPC) or "No space left on device" in text:
            m = _NO_SPACE_FILE.search(text)
            path = m.group(1) if m else getattr(e, "filename", None) or home.root
            return (f"ingest failed: the disk is full (No space left on device: {path}); free some space and run "
                    f"again: what earlier batches loaded is kept, {where}")
    top = chain[0]
    message = str(top).splitlines()[0] if str(top) else ""
    return f"ingest failed ({type(top).__name__}: {message}); {where}. Run again with --verbose for details"
