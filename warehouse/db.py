"""Connections, schema and views of the warehouse."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb

from transforms.units import unit_rows

# Readers of the published file may run DuckDB 1.x (most BI drivers): write a format they read.
PUBLISHED_STORAGE_VERSION = "v1.0.0"


def _sql_files(folder: str) -> dict[str, str]:
    root = resources.files("warehouse").joinpath(folder)
    return {
        entry.name.removesuffix(".sql"): entry.read_text(encoding="utf-8")
        for entry in sorted(root.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".sql")
    }


def table_sql() -> dict[str, str]:
    """``create table`` statements by table name."""
    return _sql_files("schema")


def view_sql() -> dict[str, str]:
    """The ``select`` of every published view, by view name."""
    return _sql_files("views")


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a warehouse file; a writer also gets the schema created or completed."""
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        migrate(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and fill the unit dimension; safe to run on every open."""
    for ddl in table_sql().values():
        con.execute(ddl)
    rows = unit_rows()
    con.executemany(
        "insert into dim_unit (unit, unit_family) values (?, ?) on conflict (unit) do nothing",
        [(r["unit"], r["unit_family"]) for r in rows],
    )


def create_views(con: duckdb.DuckDBPyConnection, temporary: bool = False) -> None:
    """Create or replace every ``v_*`` view from its SQL file, views that read other views after those."""
    kind = "temporary view" if temporary else "view"
    pending = view_sql()
    while pending:
        failed = {}
        for name, select in pending.items():
            try:
                con.execute(f"create or replace {kind} {name} as {select}")
            except duckdb.CatalogException as exc:
                failed[name] = (select, exc)
        if len(failed) == len(pending):
            name, (_, exc) = next(iter(failed.items()))
            raise RuntimeError(f"view {name} cannot be created: {exc}")
        pending = {name: select for name, (select, _) in failed.items()}


def quote_literal(value: str) -> str:
    """A SQL string literal for statements that take no parameters (ATTACH)."""
    return "'" + value.replace("'", "''") + "'"
