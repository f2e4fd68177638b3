"""Every published view written as Parquet, for tools that do not speak DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb

from baogao.warehouse.db import columns_of, published_views, quote_literal

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
        written = {}
        for view in published_views(con):
            if PARTITION_COLUMN in columns_of(con, view):
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
