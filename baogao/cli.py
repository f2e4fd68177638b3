"""The ``baogao`` command.

Commands that run no flow (``sql``, ``status``) import neither Prefect nor
Great Expectations: those load only inside ``ingest``, ``serve`` and ``demo``.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import sys
from importlib import resources
from pathlib import Path

import click

from baogao import output, settings
from baogao.home import HOME_ENV, Home, configure_prefect, resolve

EXIT_ERROR = 1
EXIT_BUSY = 5
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def home_option(default: str | None = None):
    return click.option(
        "--home", "home", envvar=HOME_ENV, default=default, metavar="DIR",
        help=f"Home folder (inbox, archive, quarantine, warehouse). Default: ${HOME_ENV}, else ~/baogao.",
    )


def format_option(*choices: str):
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True,
                        help="Output format.")


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="baogao")
def cli():
    """baogao: drop Chinese work reports into an inbox, query them as a DuckDB warehouse.

    \b
    Quick start:
        baogao demo                      # load the bundled demo report
        baogao sql "select * from v_documents"
    """


def intake_options(f):
    f = click.option("--settle", "settle", type=click.FloatRange(min=0), default=settings.SETTLE_SECONDS,
                     show_default=True, metavar="SECONDS", envvar="BAOGAO_SETTLE_SECONDS",
                     help="Take a file only once it has not changed for this long.")(f)
    return click.option("--max-file-mb", type=click.FloatRange(min=0.001), default=settings.MAX_FILE_MB,
                        show_default=True, envvar="BAOGAO_MAX_FILE_MB",
                        help="Quarantine larger files unread.")(f)


@cli.command(context_settings=CONTEXT)
@home_option()
@intake_options
@click.option("--task-runner", type=click.Choice(["processes", "dask"]), default="processes", show_default=True,
              help="Parse on this machine's cores, or on a Dask cluster through prefect-dask.")
@click.option("--dask-address", metavar="ADDR", default=None,
              help="Scheduler of an existing Dask cluster (default: a 2-worker LocalCluster).")
@click.option("--verbose", is_flag=True, help="Show Prefect's log lines.")
def ingest(home, settle, max_file_mb, task_runner, dask_address, verbose):
    """Load every finished file of the inbox (one Prefect flow run).

    \b
    Exit codes: 0 all files loaded or already loaded; 3 some files were
    quarantined; 4 data quality failed (those files were quarantined, the
    published views kept their last good state); 5 another ingest is running.

    \b
    Example:
        cp report.txt ~/baogao/inbox/ && baogao ingest
    """
    if dask_address and task_runner != "dask":
        raise click.UsageError("--dask-address goes with --task-runner dask")
    sys.exit(_run_ingest(resolve(home), verbose, settle, max_file_mb, task_runner, dask_address))


def _run_ingest(h: Home, verbose: bool, settle: float, max_file_mb: float = settings.MAX_FILE_MB,
                task_runner: str = "processes", dask_address: str | None = None) -> int:
    from baogao.flows.inbox import IngestBusy, NotEnoughSpace, check_free_space, ingest_lock

    h.ensure()
    try:
        with ingest_lock(h):  # before anything slow: a second ingest on this home is told at once
            check_free_space(h, settings.MIN_FREE_MB, settings.SPACE_PER_REPORT_BYTE)  # and a full disk too
            return _run_ingest_locked(h, verbose, settle, max_file_mb, task_runner, dask_address)
    except IngestBusy as exc:
        click.echo(f"Error: {exc}", err=True)
        return EXIT_BUSY
    except NotEnoughSpace as exc:
        click.echo(f"Error: {exc}", err=True)
        return EXIT_ERROR


def _run_ingest_locked(h: Home, verbose: bool, settle: float, max_file_mb: float, task_runner: str,
                       dask_address: str | None) -> int:
    from baogao.flows import run

    try:
        summary = run.ingest_once(h, verbose, settle, max_file_mb, task_runner, dask_address)
    except Exception as exc:  # noqa: BLE001  (the flow logged the traceback; the user gets one line)
        left = sum(1 for p in h.processing.iterdir() if p.is_file())
        click.echo(f"Error: {output.failure(exc, h, left)}", err=True)
        return EXIT_ERROR
    click.echo(output.ingest_summary(summary, h))
    for warning in summary.get("warnings", []):
        click.echo(f"Warning: {warning}", err=True)
    for q in summary["files_quarantined"]:
        click.echo(f"Quarantined {q['file']}: {q['reason']} (moved to {q['path']})", err=True)
    return summary["exit_code"]


@cli.command(context_settings=CONTEXT)
@home_option(default="./baogao-demo")
@click.option("--verbose", is_flag=True, help="Show Prefect's log lines.")
def demo(home, verbose):
    """Copy the bundled demo report into the inbox and ingest it.

    \b
    Example:
        baogao demo --home /tmp/baogao-demo
    """
    h = resolve(home).ensure()
    demo_dir = resources.files("baogao").joinpath("demo")
    for entry in demo_dir.iterdir():
        if entry.name.endswith(".txt"):
            (h.inbox / entry.name).write_bytes(entry.read_bytes())
    code = _run_ingest(h, verbose, settle=0)  # the demo wrote its file itself: nothing to wait for
    click.echo(
        f"\nWarehouse: {h.warehouse}\nPublished views: {h.published}\n"
        f"Query them:\n  baogao sql --home {h.root} \"select issuer, report_year, raw_text, context "
        f"from v_indicators limit 5\"\n  duckdb -readonly {h.published}"
    )
    sys.exit(code)


@cli.command(context_settings=CONTEXT)
@home_option()
@intake_options
@click.option("--interval", type=click.FloatRange(min=1), default=None, metavar="SECONDS",
              help="Run every SECONDS (default 60).")
@click.option("--cron", default=None, metavar="EXPR", help="Run on a cron schedule instead, e.g. '*/5 * * * *'.")
@click.option("--port", type=int, default=4200, show_default=True,
              help="Port of the Prefect server started when PREFECT_API_URL is not set.")
def serve(home, settle, max_file_mb, interval, cron, port):
    """Serve the ingest flow as a Prefect deployment on a schedule.

    Starts a local Prefect server (127.0.0.1, UI on --port) unless
    PREFECT_API_URL points at one, and stops it on exit (Ctrl-C).

    \b
    Example:
        baogao serve --interval 300
        baogao serve --cron '0 * * * *'
    """
    if interval and cron:
        raise click.UsageError("give --interval or --cron, not both")
    h = resolve(home).ensure()
    configure_prefect(h)
    from baogao.flows.serve import serve_inbox

    serve_inbox(h, interval=None if cron else (interval or settings.SERVE_INTERVAL_SECONDS), cron=cron, port=port,
                parameters={"settle_seconds": settle, "max_file_mb": max_file_mb},
                echo=lambda m: click.echo(m, err=True))


@cli.command(context_settings=CONTEXT)
@home_option()
@format_option("table", "csv", "json")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60, show_default=True,
              help="Stop the query after this many seconds.")
@click.option("--max-rows", type=click.IntRange(min=0), default=10_000, show_default=True,
              help="Print at most this many rows in the table and csv formats (0: all).")
@click.argument("query")
def sql(home, fmt, timeout, max_rows, query):
    """Run a read-only SQL query on the published views (QUERY "-" reads it from stdin).

    \b
    Example:
        baogao sql "select issuer, report_year, count(*) from v_indicators group by all"
        baogao sql --format json "select * from v_documents"
        baogao sql - < query.sql
    """

    if query == "-":
        query = click.get_text_stream("stdin").read()
    result = _query_published(resolve(home), "query", query, timeout, max_rows if max_rows and fmt != "json" else None)
    click.echo(output.render(result.columns, result.rows, fmt), nl=False)
    if result.cut:
        click.echo(f"(first {max_rows} rows shown: the query gives more; --max-rows 0 prints all)", err=True)


@cli.command(context_settings=CONTEXT)
@home_option()
@format_option("table", "csv", "json")
@click.option("--issuer", help="Only reports whose issuer contains this.")
@click.option("--year", "years", metavar="YEAR[-YEAR]", help="Only reports about these years (2023, 2020-2024).")
@click.option("--type", "report_type", help="Only reports whose type contains this (政府工作报告, 纪委 …).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Sentences to show.")
@click.option("--exact", is_flag=True, help="Only sentences holding the query as written.")
@click.option("--count-by", type=click.Choice(["issuer", "place", "year"]),
              help="Count sentences and reports per group instead.")
@click.argument("query")
def search(home, fmt, issuer, years, report_type, limit, exact, count_by, query):
    """Search every sentence of the published reports, ranked (BM25 over Chinese bigrams).

    \b
    Example:
        baogao search 营商环境 --year 2020-2024
        baogao search "放管服" --exact --count-by year
    """
    from baogao.warehouse.query import kwic, search_sql

    span = None
    if years:
        low, _, high = years.partition("-")
        if not low.isdigit() or (high and not high.isdigit()):
            raise click.UsageError(f"--year {years}: give a year (2023) or a range (2020-2024)")
        span = (int(low), int(high or low))
    sql, params = search_sql(issuer, span, report_type, exact, count_by, limit)
    result = _query_published(resolve(home), "search", sql, 60, None, {"q": query, **params})
    if count_by or fmt != "table":
        click.echo(output.render(result.columns, result.rows, fmt), nl=False)
        return
    rows = [dict(zip(result.columns, row)) for row in result.rows]
    shown = [(r["score"], f"{r['issuer'] or '?'} {r['report_year'] or ''}".strip(), r["section_path"] or "",
              kwic(r["sentence"], query)) for r in rows]
    click.echo(output.render(["score", "report", "section", "hit"], shown, "table"), nl=False)


@cli.command(context_settings=CONTEXT)
@home_option()
@format_option("table", "json")
def status(home, fmt):
    """Rows per view, recent runs, data-quality state and where everything is.

    \b
    Example:
        baogao status --format json
    """
    h = resolve(home)
    report = {"paths": h.paths(), "inbox_files": _count_files(h.inbox), "quarantine_files": _count_files(
        h.quarantine, skip_suffix=".reason.json"), "published": h.published.exists()}
    if h.published.exists():
        con = _open_published(h)
        try:
            report.update(output.status_from(con))
        finally:
            con.close()
        last = report["data_quality"]["last_run_id"]
        docs = h.data_docs / str(last) / "index.html"
        report["data_quality"]["data_docs"] = docs.as_uri() if last and docs.exists() else None
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(output.status_table(report))


@cli.command(context_settings=CONTEXT)
@format_option("table", "json")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def inspect(fmt, file):
    """Show what baogao reads from one file (metadata, outline, figures) without loading it.

    \b
    Example:
        baogao inspect ~/Downloads/report.txt
        baogao inspect --format json report.txt | jq '.indicators[] | .raw_text'
    """
    from baogao.transforms.decode import ReportReadError
    from baogao.transforms.parse import parse_report

    try:
        report = parse_report(file.read_bytes(), file.name, terms=False)
    except ReportReadError as exc:
        raise click.ClickException(f"{file}: {exc.reason}") from None
    click.echo(output.inspection(report, fmt), nl=False)


@cli.command(context_settings=CONTEXT)
@home_option()
@format_option("table", "json")
@click.argument("view", required=False)
def views(home, fmt, view):
    """The published views and their columns, with what each one means.

    \b
    Example:
        baogao views
        baogao views v_indicators
    """
    h = resolve(home)
    con = _open_published(h)
    try:
        docs = output.view_docs(con, view)
    finally:
        con.close()
    if view and not docs:
        raise click.ClickException(f"no published view named {view}: see 'baogao views'")
    click.echo(output.render_view_docs(docs, fmt), nl=False)


@cli.command(context_settings=CONTEXT)
@home_option()
@click.option("--format", "fmt", type=click.Choice(["parquet"]), default="parquet", show_default=True,
              help="File format.")
@click.option("--to", "out", required=True, type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Folder to write into.")
def export(home, fmt, out):
    """Write every published view as Parquet (partitioned by report_year where it has one).

    \b
    Example:
        baogao export --format parquet --to ./baogao-parquet
    """
    from baogao.warehouse.export import export_parquet

    h = resolve(home)
    if not h.published.exists():
        raise click.ClickException(f"no published database at {h.published}: run 'baogao ingest --home {h.root}' first")
    for name, rows in export_parquet(h.published, out).items():
        click.echo(f"{name}\t{rows} rows")


@cli.command(context_settings=CONTEXT)
@home_option()
@click.option("--to", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="The HTML file to write.")
def report(home, out):
    """Write an analyst report: one self-contained HTML file with charts, readable offline.

    \b
    Charts: documents by issuer and year, figures per section, top keywords
    per year, slogan trends, and the latest data-quality results.

    \b
    Example:
        baogao report --to report.html
    """
    from baogao.analyst_html import build

    h = resolve(home)
    con = _open_published(h)
    try:
        page = build(con)
    finally:
        con.close()
    out.write_text(page, encoding="utf-8")
    click.echo(f"Wrote {out} ({len(page.encode()) // 1024} KB)")


@cli.group(context_settings=CONTEXT)
def quarantine():
    """List quarantined files with their reasons, or send them back for another try.

    \b
    Example:
        baogao quarantine list
        baogao quarantine retry --all
    """


@quarantine.command("list", context_settings=CONTEXT)
@home_option()
@format_option("table", "json")
def quarantine_list(home, fmt):
    """Every file in quarantine/ and why it is there.

    \b
    Example:
        baogao quarantine list
    """
    from baogao.flows.inbox import quarantined

    h = resolve(home)
    rows = quarantined(h.ensure())
    columns = ["file", "quarantined_at", "reason"]
    click.echo(output.render(columns, [tuple(r[c] for c in columns) for r in rows], fmt), nl=False)


@quarantine.command("retry", context_settings=CONTEXT)
@home_option()
@click.option("--all", "retry_all", is_flag=True, help="Retry every quarantined file.")
@click.option("--verbose", is_flag=True, help="Show Prefect's log lines.")
@click.argument("files", nargs=-1)
def quarantine_retry(home, retry_all, verbose, files):
    """Move quarantined files back to the inbox and ingest them (after a fix or an upgrade).

    \b
    Example:
        baogao quarantine retry report.docx
        baogao quarantine retry --all
    """
    from baogao.flows.inbox import quarantined, release

    h = resolve(home).ensure()
    if not files and not retry_all:
        raise click.UsageError("name the files to retry, or give --all")
    rows = quarantined(h)
    chosen = rows if retry_all else [r for r in rows if r["file"] in files]
    missing = set(files) - {r["file"] for r in chosen}
    if missing:
        raise click.ClickException(f"not in quarantine: {', '.join(sorted(missing))} (see 'baogao quarantine list')")
    for r in chosen:
        release(h, r["path"])
        click.echo(f"Back in the inbox: {r['file']}", err=True)
    sys.exit(_run_ingest(h, verbose, settle=0))


def _open_published(h: Home):
    import duckdb

    if not h.published.exists():
        raise click.ClickException(
            f"no published database at {h.published}: run 'baogao ingest --home {h.root}' first")
    try:
        return duckdb.connect(str(h.published), read_only=True, config={"enable_external_access": False})
    except duckdb.Error as exc:
        raise click.ClickException(f"cannot open {h.published}: {str(exc).splitlines()[0]}") from None


def _query_published(h: Home, what: str, sql: str, timeout: float, max_rows: int | None, params: dict | None = None):
    """Run a read-only query on the published views; its failure as one line for the user."""
    import duckdb

    from baogao.warehouse.query import QueryStopped, run

    con = _open_published(h)
    try:
        return run(con, sql, timeout, max_rows, params)
    except QueryStopped as exc:
        raise click.ClickException(f"{what} {exc}") from None
    except duckdb.Error as exc:
        raise click.ClickException(f"{str(exc).splitlines()[0]}") from None
    finally:
        con.close()


def _count_files(folder: Path, skip_suffix: str | None = None) -> int:
    if not folder.exists():
        return 0
    return sum(1 for p in folder.iterdir() if p.is_file() and not (skip_suffix and p.name.endswith(skip_suffix)))


def main():
    """The ``baogao`` command, as a process: it ends once the command and Python's exit handlers are done.

    An ingest leaves Prefect, Great Expectations and a run's tables in memory, and Python's own
    teardown would free them object by object, a second or two after the result was printed and
    every file was closed. The exit handlers still run (logging's, Prefect's, multiprocessing's wait
    for its children); only that teardown is skipped. ``cli`` itself, as tests call it, is untouched.
    """
    atexit.register(_end_now)  # the first handler registered: Python runs it after all the others
    try:
        cli(prog_name="baogao")
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            _exit_code.append(exc.code or 0)
        raise


_exit_code: list[int] = []  # the command's exit status, once it has one to end with


def _end_now() -> None:
    if not _exit_code:  # an uncaught error: Python reports it and ends as usual
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nothing left to say
            stream.flush()
    os._exit(_exit_code[0])


if __name__ == "__main__":
    main()
