"""Pure transforms: text in, records and Polars frames out. No files, no Prefect, no DuckDB."""
