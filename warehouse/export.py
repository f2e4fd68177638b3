"""Every published view written as Parquet, for tools that do not speak DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.db import quote_literal

PARTITION_COLUMN = "report_year"


def export_parquet(published: Path, out: Path) -> dict[str, int]:
    """Write each ``v_*`` view of ``published`` under ``out``; views with a report year are partitioned by it.

    Args:
        published: the published database (opened read-only).
        out: the folder to write: ``v_name.parquet`` files and ``v_name/report_year=YYYY/`` folders.

    Returns:
        Rows written per view.
    """
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(published), read_only=True)
    try:
        views = [r[0] for r in con.execute(
            "select view_name from duckdb_views() where not internal and view_name like 'v\\_%' escape '\\' "
            "order by 1").fetchall()]
        written = {}
        for view in views:
            columns = {r[0] for r in con.execute(
                "select column_name from duckdb_columns() where table_name = ?", [view]).fetchall()}
            if PARTITION_COLUMN in columns:
                target = out / view
                con.execute(f"copy (select * from {view}) to {quote_literal(str(target))} "
                            f"(format parquet, partition_by ({PARTITION_COLUMN}), overwrite)")
            else:
                target = out / f"{view}.parquet"
                con.execute(f"copy (select * from {view}) to {quote_literal(str(target))} (format parquet)")
            written[view] = con.execute(f"select count(*) from {view}").fetchall()[0][0]
        return written
    finally:
        con.close()
