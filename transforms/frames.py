"""Polars schemas of the warehouse tables a parse fills, typed as the tables' DDL declares them."""

from __future__ import annotations

import polars as pl

from baogao import schema

# The tables a batch of reports is read into.
TABLES = ("dim_document", "dim_section", "fact_sentence", "fact_indicator", "fact_slogan", "fact_citation",
          "fact_term", "dim_term", "fact_sentence_gram")
_POLARS_TYPE = {"varchar": pl.String, "integer": pl.Int32, "bigint": pl.Int64, "ubigint": pl.UInt64, "double": pl.Float64,
                "boolean": pl.Boolean}
SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    table: {name: _POLARS_TYPE[kind] for name, kind in schema.parsed_columns(table).items()} for table in TABLES
}
