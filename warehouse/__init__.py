"""The DuckDB warehouse: schema, loading, validation queries and the published copy."""
