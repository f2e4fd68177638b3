"""Connections, schema and views of the warehouse."""

from __future__ import annotations

import graphlib
import os
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from baogao.transforms.units import unit_rows

# Readers of the published file may run DuckDB 1.x (most BI drivers): write a format they read.
PUBLISHED_STORAGE_VERSION = "v1.0.0"


def _sql_files(folder: str) -> dict[str, str]:
    root = resources.files("baogao.warehouse").joinpath(folder)
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


# The writer's memory: DuckDB caches what it reads up to this, then spills; RSS stays flat as the warehouse grows.
WRITER_MEMORY = os.environ.get("BAOGAO_DUCKDB_MEMORY", "256MB")
# Strings are never FSST-compressed, in the warehouse or its copies: in the copies' storage version
# FSST took much of the CPU of writing, for little of the size, and queries ran no faster with it.
UNUSED_COMPRESSION = "fsst"


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a warehouse file; a writer also gets the schema created or completed.

    A new warehouse is written in the published copies' storage version, so that a first publish
    lays a copy as the warehouse's own bytes instead of writing every row again (``publish``).
    A warehouse made in a newer version keeps it, and its copies are written row by row.
    """
    config = {} if read_only else {"memory_limit": WRITER_MEMORY, "storage_compatibility_version":
                                   PUBLISHED_STORAGE_VERSION}
    con = duckdb.connect(str(path), read_only=read_only, config=config)
    if not read_only:
        con.execute(f"set disabled_compression_methods = '{UNUSED_COMPRESSION}'")
        if _key(path) not in _held:  # a database held open was migrated when it was opened
            migrate(con)
    return con


# The warehouses ``held_open`` keeps open in this process, by resolved path: how many holds each.
_held: dict[str, int] = {}


def _key(path: Path) -> str:
    return str(Path(path).resolve())


# While a run is open DuckDB checkpoints once this much WAL has gathered, and when the run ends.
RUN_CHECKPOINT_THRESHOLD = "256MB"


@contextmanager
def held_open(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Keep the warehouse open for a run whose tasks each open and close a connection.

    DuckDB shares one database among the connections of a process, and checkpoints it when the
    last one closes. Closed after every batch, the warehouse was checkpointed after every batch,
    and each checkpoint rewrote the partly filled last row groups of the tables, batch after batch.
    Held open, it checkpoints when ``RUN_CHECKPOINT_THRESHOLD`` of WAL has gathered, and once when
    the run ends. Every commit is as durable either way: a run killed meanwhile leaves a WAL that
    the next open replays. The tasks' connections then reach the database this one opened and
    migrated, and skip the migration's look at every table.
    """
    con = connect(path)
    key = _key(path)
    _held[key] = _held.get(key, 0) + 1
    try:
        con.execute(f"set checkpoint_threshold = '{RUN_CHECKPOINT_THRESHOLD}'")
        yield con
    finally:
        _held[key] -= 1
        if not _held[key]:
            del _held[key]
        con.close()


@contextmanager
def one_thread(con: duckdb.DuckDBPyConnection) -> Iterator[Callable[[], None]]:
    """Run every query of the database behind ``con`` on one thread meanwhile.

    While parse workers keep the other cores busy, DuckDB's threads only take turns with them: the
    load's inserts and check queries cost more CPU on several threads than on one, and end no
    sooner. Yields what gives every core back before the end, once the workers are done.
    Afterwards DuckDB has every core again (the publish copies tables on all of them).
    """
    con.execute("set threads = 1")

    def every_core() -> None:
        con.execute("reset threads")

    try:
        yield every_core
    finally:
        every_core()


# Columns added after warehouses were made: (table, column, type with the default old rows take).
_ADDED_COLUMNS = (
    ("fact_indicator", "value_high", "double"),
    ("fact_indicator", "normalized_high", "double"),
    ("fact_indicator", "in_appendix", "boolean not null default false"),
    ("dim_section", "is_appendix", "boolean not null default false"),
    ("fact_sentence", "in_appendix", "boolean not null default false"),
    ("fact_slogan", "slogan_kind", "varchar not null default 'slogan'"),
    ("fact_slogan", "in_appendix", "boolean not null default false"),
    ("fact_citation", "citation_kind", "varchar not null default 'document'"),
    ("fact_citation", "in_appendix", "boolean not null default false"),
)


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction, if one is left: a commit that failed (a full disk) leaves none, and
    its error, not "no transaction is active", is the one to report."""
    try:
        con.rollback()
    except duckdb.TransactionException:
        pass


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and fill the unit dimension; safe to run on every open."""
    for ddl in table_sql().values():
        con.execute(ddl)
    if "document_count" not in columns_of(con, "dim_term"):  # a warehouse from before document counts were kept
        con.execute("alter table dim_term add column document_count integer default 0")
        con.execute("""update dim_term set document_count = counts.documents
                       from (select term, count(distinct document_id) as documents from fact_term group by term) counts
                       where counts.term = dim_term.term""")
    if "section_path" not in columns_of(con, "fact_indicator"):  # a warehouse from before figures carried them
        con.execute("alter table fact_indicator add column section_path varchar")
        con.execute("alter table fact_indicator add column sentence varchar")
        con.execute("""update fact_indicator set section_path = s.path from dim_section s
                       where s.section_id = fact_indicator.section_id""")
        con.execute("""update fact_indicator set sentence = t.text from fact_sentence t
                       where t.sentence_id = fact_indicator.sentence_id""")
    if "term_count" not in columns_of(con, "dim_document"):  # a warehouse from before documents kept it
        con.execute("alter table dim_document add column term_count integer")
        con.execute("""update dim_document set term_count = counts.occurrences
                       from (select document_id, sum(occurrences) as occurrences from fact_term group by document_id) counts
                       where counts.document_id = dim_document.document_id""")
        con.execute("update dim_document set term_count = 0 where term_count is null")
    if "repeat_char_start" not in columns_of(con, "dim_document"):  # a warehouse from before repeats were found
        con.execute("alter table dim_document add column repeat_char_start integer")
    if "place" not in columns_of(con, "dim_document"):  # a warehouse from before places and two years
        for column, kind in (("place", "varchar"), ("delivered_year", "integer"), ("metadata_source", "varchar")):
            con.execute(f"alter table dim_document add column {column} {kind}")
    if "document_id" in columns_of(con, "fact_sentence_gram"):  # a warehouse from before the index's numbers
        _number_index(con)
    for table, column, kind in _ADDED_COLUMNS:  # a warehouse from before appendices, ranges and kinds
        if column not in columns_of(con, table):
            con.execute(f"alter table {table} add column {column} {kind}")
    rows = unit_rows()
    # one statement: a row-by-row executemany would slow every open
    con.execute(
        "insert into dim_unit (unit, unit_family) select unnest($units), unnest($families) "
        "on conflict (unit) do nothing",
        {"units": [r["unit"] for r in rows], "families": [r["unit_family"] for r in rows]},
    )


def document_key_sql(document_id: str) -> str:
    """SQL for the search index's number of a report: its ``document_id``'s 16 hex digits read as a number."""
    return f"('0x' || {document_id})::ubigint"


def _number_index(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the search index with each report's number in place of its id, its rows in their order."""
    con.begin()
    try:
        con.execute("alter table fact_sentence_gram rename to fact_sentence_gram_by_id")
        con.execute(table_sql()["fact_sentence_gram"])
        con.execute(f"""insert into fact_sentence_gram by name
                       select * exclude (document_id), {document_key_sql('document_id')} as document_key
                       from fact_sentence_gram_by_id""")
        con.execute("drop table fact_sentence_gram_by_id")
        con.commit()
    except BaseException:
        rollback(con)
        raise


def in_published_version(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database behind ``con`` is stored in the published copies' version (readers' DuckDB 1.x reads it)."""
    tags = con.execute("select tags from duckdb_databases() where database_name = current_database()").fetchall()
    return bool(tags) and (tags[0][0] or {}).get("storage_version", "").rstrip("+") == PUBLISHED_STORAGE_VERSION


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The columns of a table or view of the current database, in order."""
    return [r[0] for r in con.execute(
        "select column_name from duckdb_columns() where table_name = ? and database_name = current_database() "
        "order by column_index", [table]).fetchall()]


def published_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The ``v_*`` views of the database behind ``con``, by name."""
    return [r[0] for r in con.execute(
        "select view_name from duckdb_views() where not internal and view_name like 'v\\_%' escape '\\' "
        "order by 1").fetchall()]


def create_views(con: duckdb.DuckDBPyConnection, temporary: bool = False) -> None:
    """Create or replace every ``v_*`` view from its SQL file, each after the views it declares it reads."""
    kind = "temporary view" if temporary else "view"
    sql, reads = view_sql(), view_dependencies()
    for name in graphlib.TopologicalSorter({view: reads.get(view, []) for view in sql}).static_order():
        con.execute(f"create or replace {kind} {name} as {sql[name]}")
    if not temporary:  # the published copies: the views' users get the macros that read them
        for statements in _sql_files("macros").values():
            con.execute(statements)


def _views_toml() -> dict:
    return tomllib.loads(resources.files("baogao.warehouse").joinpath("views").joinpath("views.toml")
                         .read_text(encoding="utf-8"))


def view_dependencies() -> dict[str, list[str]]:
    """The views each view reads (``depends_on`` in ``views/views.toml``)."""
    return {view: list(docs.get("depends_on", [])) for view, docs in _views_toml().items() if view != "columns"}


def quote_literal(value: str) -> str:
    """A SQL string literal for statements that take no parameters (ATTACH)."""
    return "'" + value.replace("'", "''") + "'"


def view_docs() -> dict[str, dict[str, str]]:
    """Descriptions of each view and of its columns, from ``views/views.toml``."""
    raw = _views_toml()
    shared = raw.pop("columns", {})
    return {view: {**shared, **{k: v for k, v in docs.items() if k != "depends_on"}} for view, docs in raw.items()}


def comment_views(con: duckdb.DuckDBPyConnection) -> None:
    """COMMENT ON every published view and its columns, so BI tools and ``baogao views`` can show them."""
    docs = view_docs()
    for view in view_sql():
        described = docs.get(view, {})
        if "description" in described:
            con.execute(f"comment on view {view} is {quote_literal(described['description'])}")
        for column in columns_of(con, view):
            if column in described:
                con.execute(f"comment on column {view}.{column} is {quote_literal(described[column])}")
