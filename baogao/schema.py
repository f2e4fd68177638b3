"""The warehouse tables' columns and types, as their DDL in ``warehouse/schema/`` declares them.

The DDL is the one place a column is written: the parser builds its frames from what this reads
back, so a column added to a table's ``create table`` is a column the frames carry. Reading the
files needs neither DuckDB nor Polars, so the pure transforms can use it.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# `    name type ...` inside a create table; constraints and comments follow the type
_COLUMN_RE = re.compile(r"^\s+([a-z_][a-z0-9_]*)\s+(varchar|integer|ubigint|bigint|double|boolean|timestamp)\b", re.MULTILINE)

# Columns the loader sets when it inserts a batch, not the parser: which run, when, and the corpus-wide count.
SET_AT_LOAD = {"dim_document": ("run_id", "ingested_at"), "dim_term": ("document_count",)}


def ddl(table: str) -> str:
    """The ``create table`` statement of ``table``."""
    return resources.files("baogao.warehouse").joinpath("schema", f"{table}.sql").read_text(encoding="utf-8")


@cache
def columns(table: str) -> dict[str, str]:
    """Column name → DuckDB type (lower case) of ``table``, in the DDL's order."""
    found = dict(_COLUMN_RE.findall(ddl(table)))
    if not found:
        raise ValueError(f"warehouse/schema/{table}.sql declares no columns")
    return found


def parsed_columns(table: str) -> dict[str, str]:
    """The columns of ``table`` that a parsed report fills, in the DDL's order."""
    skip = SET_AT_LOAD.get(table, ())
    return {name: kind for name, kind in columns(table).items() if name not in skip}
