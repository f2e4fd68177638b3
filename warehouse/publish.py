"""The published database: a complete copy that readers open while ingest goes on.

Readers (BI tools, ``baogao sql``) open ``published.duckdb`` read-only. Each
publish writes a new file beside it and renames it over the old one: a reader
that holds the old file keeps a complete old state, a new reader gets the new
one, and no reader ever holds a lock the writer needs.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from warehouse.db import PUBLISHED_STORAGE_VERSION, create_views, quote_literal


def publish(con: duckdb.DuckDBPyConnection, published: Path) -> None:
    """Copy the warehouse behind ``con`` to ``published`` with every ``v_*`` view, atomically.

    Args:
        con: a read-write connection to the warehouse, with no open transaction.
        published: the file readers open.
    """
    tmp = published.with_name(published.name + ".tmp")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    source = con.execute("select current_database()").fetchall()[0][0]
    con.execute(f"attach {quote_literal(str(tmp))} as published_copy (storage_version '{PUBLISHED_STORAGE_VERSION}')")
    try:
        con.execute(f"copy from database {source} to published_copy")
    finally:
        con.execute("detach published_copy")
    out = duckdb.connect(str(tmp))
    try:
        create_views(out)
        out.execute("checkpoint")
    finally:
        out.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, published)
