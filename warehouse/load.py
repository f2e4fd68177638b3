"""Bulk loading of parsed frames into the warehouse tables, and the run log."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import polars as pl

from baogao.transforms.parse import TABLES
from baogao.warehouse.db import rollback

DOCUMENT_TABLES = TABLES  # every table whose rows belong to one document (dim_term: shared, built with them)


def known_sha256(con: duckdb.DuckDBPyConnection, hashes: list[str]) -> set[str]:
    """The hashes among ``hashes`` already loaded."""
    if not hashes:
        return set()
    found = con.execute(
        "select sha256 from dim_document where sha256 in (select unnest(?::varchar[]))", [hashes]
    ).fetchall()
    return {row[0] for row in found}


def insert_frames(
    con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame], run_id: str, ingested_at: datetime
) -> dict[str, int]:
    """Append each table's frame in bulk (Arrow); returns rows added per table.

    ``frames`` come from ``transforms.parse.tables``: a report's own frames lack the dim_term rows
    its terms need, which are built once per batch.
    """
    if "dim_term" not in frames and frames.get("fact_term") is not None and not frames["fact_term"].is_empty():
        raise ValueError("terms without their dim_term rows: load baogao.transforms.parse.tables(reports)")
    added = {}
    for table in DOCUMENT_TABLES:
        frame = frames.get(table)
        if frame is None or frame.is_empty():
            added[table] = 0
            continue
        if table == "dim_document":
            frame = frame.with_columns(pl.lit(run_id).alias("run_id"), pl.lit(ingested_at).alias("ingested_at"))
        # dim_term is shared by all documents: a term already there stays as it is
        shared = table == "dim_term"
        before = con.execute(f"select count(*) from {table}").fetchall()[0][0] if shared else 0
        _append(con, table, frame, "insert or ignore" if shared else "insert")
        added[table] = con.execute(f"select count(*) from {table}").fetchall()[0][0] - before if shared else frame.height
    if frames.get("fact_term") is not None and not frames["fact_term"].is_empty():
        _count_term_documents(con, frames["fact_term"])
    return added


def insert_search_index(con: duckdb.DuckDBPyConnection, postings: pl.DataFrame) -> int:
    """Append a batch's search index rows (``transforms.search_index.postings``); returns how many."""
    if not postings.is_empty():
        _append(con, "fact_sentence_gram", postings)
    return postings.height


def _append(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, verb: str = "insert") -> None:
    """Append a frame's rows to a table by column name, in bulk through Arrow."""
    # Arrow's string views as Polars holds them: no copy of the text on the way to DuckDB
    con.register("staging_frame", frame.to_arrow(compat_level=pl.CompatLevel.newest()))
    try:
        con.execute(f"{verb} into {table} by name select * from staging_frame")
    finally:
        con.unregister("staging_frame")


def _count_term_documents(con: duckdb.DuckDBPyConnection, terms: pl.DataFrame) -> None:
    """Add the new documents to each term's document count (the IDF of v_keywords), in the load's transaction."""
    counts = terms.group_by("term").agg(pl.col("document_id").n_unique().alias("documents"))
    con.register("staging_counts", counts.to_arrow())
    try:
        con.execute("""update dim_term set document_count = dim_term.document_count + staging_counts.documents
                       from staging_counts where staging_counts.term = dim_term.term""")
    finally:
        con.unregister("staging_counts")


def record_run(con: duckdb.DuckDBPyConnection, run: dict) -> None:
    """Insert or update the run's row in the run log."""
    row = dict(run)
    row["rows_added"] = json.dumps(row.get("rows_added") or {}, ensure_ascii=False)
    columns = ["run_id", "flow_run_id", "started_at", "finished_at", "files_seen", "files_loaded",
               "files_skipped", "files_quarantined", "rows_added", "status", "message"]
    con.execute(
        f"insert or replace into fact_ingest_run ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
        [row.get(c) for c in columns],
    )


def record_dq_results(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    if not rows:
        return
    columns = ["run_id", "checked_at", "suite", "expectation", "column_name", "is_critical", "success",
               "element_count", "unexpected_count", "observed_value"]
    frame = pl.DataFrame([[r.get(c) for c in columns] for r in rows], orient="row", schema={
        "run_id": pl.String, "checked_at": pl.Datetime("us"), "suite": pl.String, "expectation": pl.String,
        "column_name": pl.String, "is_critical": pl.Boolean, "success": pl.Boolean, "element_count": pl.Int64,
        "unexpected_count": pl.Int64, "observed_value": pl.String,
    })
    _append(con, "fact_dq_result", frame)


def record_quarantine(con: duckdb.DuckDBPyConnection, rows: list[dict], present: list[str],
                      run: dict | None = None) -> None:
    """Keep fact_quarantine equal to what is in quarantine/: one row per file and bytes, the latest reason.

    Args:
        rows: files going to quarantine now.
        present: paths of the files in quarantine/ now; rows of files since taken out (retried) go.
        run: the run's row as it stands, written in the same transaction when ``rows`` name the run.
    """
    con.begin()
    if rows and run:
        record_run(con, run)
    con.execute("delete from fact_quarantine where quarantine_path not in (select unnest(?::varchar[]))",
                [list(present)])
    columns = ["run_id", "quarantined_at", "file_name", "sha256", "quarantine_path", "reason"]
    for r in rows:
        con.execute("delete from fact_quarantine where file_name = ? and sha256 is not distinct from ?",
                    [r["file_name"], r["sha256"]])
        con.execute(f"insert into fact_quarantine ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
                    [r.get(c) for c in columns])
    con.commit()


_OVERRIDE_COLUMNS = ("file_name", "issuer", "place", "report_year", "delivered_year", "report_type", "admin_level",
                     "org_type", "metadata_source")


def replace_overrides(con: duckdb.DuckDBPyConnection, rows: list[dict], read_at: datetime) -> bool:
    """Make dim_metadata_override hold exactly ``rows`` (the inbox's metadata.csv); True when it changed."""
    current = {tuple(r) for r in con.execute(
        f"select {', '.join(_OVERRIDE_COLUMNS)} from dim_metadata_override").fetchall()}
    wanted = {tuple(r.get(c) for c in _OVERRIDE_COLUMNS) for r in rows}
    if current == wanted:
        return False
    con.begin()
    try:
        con.execute("delete from dim_metadata_override")
        if rows:
            frame = pl.DataFrame([{**{c: r.get(c) for c in _OVERRIDE_COLUMNS}, "read_at": read_at} for r in rows],
                                 schema={**{c: pl.String for c in _OVERRIDE_COLUMNS}, "report_year": pl.Int32,
                                         "delivered_year": pl.Int32, "read_at": pl.Datetime})
            _append(con, "dim_metadata_override", frame)
        con.commit()
    except BaseException:
        rollback(con)
        raise
    return True
