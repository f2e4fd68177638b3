"""baogao: Chinese work reports in, a DuckDB analytics warehouse out."""

__version__ = "0.1.0"
