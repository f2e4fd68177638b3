"""The published database: a complete copy that readers open while ingest goes on.

Readers (BI tools, ``baogao sql``) open ``published.duckdb``, a symbolic link to one of two copies
of the warehouse, ``published.N.duckdb``, with every ``v_*`` view. A publish brings the other
copy up to date with only the rows it lacks and then swaps the link: a reader that holds the old
copy keeps a complete old state, a new reader gets the new one, and no reader ever holds a lock
the writer needs. The first publish makes one full copy; the next lays the other copy as its bytes
(a file copy, off the first run's end, and never made in a home that is loaded once), so every
later publish is incremental. A full copy is the checkpointed warehouse's own bytes, made a
copy (its views added, the keys of ``_UNKEYED`` taken off), where the warehouse is stored in the
copies' version (every warehouse made since it was); others copy every row. When a reader still
holds the other copy (DuckDB lets a writer in only when no reader is), a fresh full copy takes its place; the held file is unlinked and lives on for its
reader. A copy whose tables differ from the warehouse's (made before an upgrade added a column)
is replaced by a full copy the same way. A full copy, and a copy laid as another's bytes, is built
under a ``.partial`` name and takes its own only when complete. An ingest of several batches brings
the spare copy up to date while its last batch loads (``catch_up``), so that its publish adds only
that batch.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from baogao.warehouse.db import (
    PUBLISHED_STORAGE_VERSION,
    UNUSED_COMPRESSION,
    WRITER_MEMORY,
    comment_views,
    create_views,
    document_key_sql,
    in_published_version,
    quote_literal,
    rollback,
    table_sql,
)

ALIAS = "published_copy"
# How a copy catches up, table by table; every other table's rows belong to one document, and a
# copy lacks exactly the documents it has not got.
_PER_RUN = ("fact_ingest_run", "fact_dq_result")  # append the runs it lacks
_SHARED = ("dim_term", "dim_unit")  # shared by all documents, counts change: replace by key
_MIRRORED = ("fact_quarantine", "dim_metadata_override")  # small, and rows leave them: replace
# A copy's tables that take appended rows without their keys. In the copy's storage version an
# append to a table with a primary key lands in its last row group, which the checkpoint then
# rewrites whole: dim_document's holds every report's text, so that checkpoint grows with the
# warehouse. Without keys the row groups already written stay in place. Readers never write to a
# copy; the warehouse keeps the keys.
_UNKEYED = ("dim_document",)


def publish(con: duckdb.DuckDBPyConnection, published: Path, checkpoint_warehouse: bool = False) -> Path:
    """Bring a copy of the warehouse behind ``con`` up to date and point ``published`` at it.

    Args:
        con: a read-write connection to the warehouse, with no open transaction.
        published: the path readers open (a symbolic link after the first publish).
        checkpoint_warehouse: checkpoint the warehouse too, once the copy has its rows: on another
            connection, beside the copy's own checkpoint (and the second copy's bytes, at a first
            publish), where it would otherwise come after them, when the warehouse closes.

    Returns:
        The copy now published.
    """
    beside = _Checkpoint(con) if checkpoint_warehouse else None
    try:
        current, copies = _state(published)
        spare = _spare(published, current, copies)
        target = spare if spare is not None and _update(con, spare, rows_in=beside) else None
        if target is None:
            target = _copy_named(published, _next_number(copies))
            if not _lay_warehouse(con, target):
                _full_copy(con, target, rows_in=beside)
        # a first copy has no twin yet: the next publish, or the catch-up before it, lays it as this
        # one's bytes (``_spare``) when it needs a copy readers do not open
    finally:
        if beside is not None:
            beside.join()
    _point(published, target)
    for old in copies:
        if old not in (target, current):
            old.unlink(missing_ok=True)  # a reader still holding it keeps reading it
    for cut_short in published.parent.glob(f"{glob.escape(published.stem)}.*.duckdb.partial*"):
        cut_short.unlink(missing_ok=True)  # a full copy a killed run left unfinished (and its WAL)
    return target


def catch_up(con: duckdb.DuckDBPyConnection, published: Path, open_run: str | None = None,
             loaded: bool = False) -> Path | None:
    """Bring the copy the next ``publish`` will update up to date with what is committed now; publish nothing.

    An ingest runs this while its last batch loads, on the core its parse workers no longer need,
    and again once that batch is in, beside the checks across documents: the publish at the end of
    the run then adds the run's log alone. The run-log rows of ``open_run`` are left for that
    publish, as the run has more to log. Readers see no change.

    Args:
        con: a read-write connection to the warehouse, with no open transaction.
        published: the path readers open.
        open_run: the run under way.
        loaded: the run loads no more reports: a first copy may be laid as the warehouse's bytes now.

    Returns:
        The copy brought up to date; None when the publish will make a new copy anyway (a reader
        holds the spare one, an upgrade changed the tables, or there is no copy yet and the publish
        lays the warehouse's bytes).
    """
    current, copies = _state(published)
    spare = _spare(published, current, copies)
    if spare is not None:
        return spare if _update(con, spare, open_run) else None
    first = _copy_named(published, _next_number(copies))  # no copy yet: the one the first publish would make
    if in_published_version(con):
        # the warehouse's own bytes, cheaper than any copy made row by row; laid before the run
        # loads its last report, the publish would add that report's rows one by one
        return first if loaded and _lay_warehouse(con, first, open_run) else None
    _full_copy(con, first, open_run)
    return first


def _state(published: Path) -> tuple[Path | None, list[Path]]:
    """The copy readers open now (None before the first publish) and every copy, by number."""
    current = published.resolve() if published.is_symlink() else None
    return current, sorted(_copies(published), key=_number)


def _spare(published: Path, current: Path | None, copies: list[Path]) -> Path | None:
    """The copy readers do not open; laid as the bytes of the published one where there is none yet
    (after a first publish) or it was lost."""
    spare = next((c for c in reversed(copies) if c != current), None)
    if spare is None and current in copies:
        # a second copy starts as the bytes of the first (no writer touches it), then catches up
        spare = _copy_named(published, _next_number(copies))
        _lay_bytes(current, spare)
        copies.append(spare)
    return spare


def _lay_bytes(source: Path, target: Path) -> None:
    """``target`` as the bytes of ``source``, under a ``.partial`` name until complete.

    A copy cut short (a killed run, a full disk) must never pass for a spare: the next publish would
    add rows to half a file and publish it. What is left under the other name goes at the next publish.
    """
    building = target.with_name(target.name + ".partial")
    shutil.copyfile(source, building)
    os.replace(building, target)


def _copies(published: Path) -> list[Path]:
    pattern = re.compile(rf"^{re.escape(published.stem)}\.(\d+)\.duckdb$")
    return [p for p in published.parent.iterdir() if pattern.match(p.name)]


def _copy_named(published: Path, number: int) -> Path:
    """Copy ``number`` beside the published link: ``published.N.duckdb``."""
    return published.with_name(f"{published.stem}.{number}.duckdb")


def _number(path: Path) -> int:
    return int(path.name.split(".")[-2])


def _next_number(copies: list[Path]) -> int:
    return max((_number(c) for c in copies), default=0) + 1


def _attach(con: duckdb.DuckDBPyConnection, path: Path, new: bool) -> None:
    con.execute(f"set disabled_compression_methods = '{UNUSED_COMPRESSION}'")
    option = f" (storage_version '{PUBLISHED_STORAGE_VERSION}')" if new else ""
    con.execute(f"attach {quote_literal(str(path))} as {ALIAS}{option}")


def _update(con: duckdb.DuckDBPyConnection, copy: Path, open_run: str | None = None,
            rows_in: _Checkpoint | None = None) -> bool:
    """Add to ``copy`` only what it lacks; False when a reader holds it or its tables are not the warehouse's.

    The run-log rows of ``open_run`` wait: a copy takes a run's rows once, all together.
    """
    try:
        _attach(con, copy, new=False)
    except (duckdb.IOException, duckdb.ResourceInUseException):  # a reader holds it (the lock)
        return False
    if _columns(con, _current(con)) != _columns(con, ALIAS) or _keyed(con, ALIAS, _UNKEYED):
        # made before an upgrade changed the tables (a column added): rows cannot be added to it;
        # or made with keys on a table that takes appends without them
        con.execute(f"detach {ALIAS}")
        return False
    new_documents = [r[0] for r in con.execute(
        f"select document_id from dim_document except select document_id from {ALIAS}.dim_document").fetchall()]
    # dim_document last, and all in one transaction: a copy never holds half a document
    tables = sorted(table_sql(), key=lambda t: t == "dim_document")
    try:
        con.begin()
        for table in tables:
            if table in _SHARED:
                con.execute(f"insert or replace into {ALIAS}.{table} by name select * from {table}")
            elif table in _PER_RUN:
                con.execute(f"""insert into {ALIAS}.{table} by name select * from {table}
                                where run_id not in (select distinct run_id from {ALIAS}.{table})
                                and run_id is distinct from ?""", [open_run])
            elif table in _MIRRORED:
                con.execute(f"delete from {ALIAS}.{table}")
                con.execute(f"insert into {ALIAS}.{table} by name select * from {table}")
            elif not new_documents:
                continue
            elif table == "fact_sentence_gram":  # the index knows a report by its number
                con.execute(f"""insert into {ALIAS}.{table} by name select * from {table}
                                where document_key in (select {document_key_sql('unnest(?::varchar[])')})""",
                            [new_documents])
            else:
                # a semi-join: with a list filter instead DuckDB read every report's text for dim_document
                con.execute(f"""insert into {ALIAS}.{table} by name select * from {table}
                                where document_id in (select unnest(?::varchar[]))""", [new_documents])
        _create_views(con)
        con.commit()
        if rows_in is not None:
            rows_in.start()
        con.execute(f"checkpoint {ALIAS}")
    except BaseException:
        rollback(con)
        with contextlib.suppress(duckdb.Error):  # the error that brought us here is the one to report
            con.execute(f"detach {ALIAS}")
        raise
    con.execute(f"detach {ALIAS}")
    return True


def _current(con: duckdb.DuckDBPyConnection) -> str:
    """The name of the database ``con`` works in: the warehouse."""
    return con.execute("select current_database()").fetchall()[0][0]


def _columns(con: duckdb.DuckDBPyConnection, database: str) -> list[tuple[str, str, str]]:
    """(table, column, type) of every warehouse table in ``database``, in order."""
    return con.execute(
        "select table_name, column_name, data_type from duckdb_columns() "
        "where database_name = ? and list_contains(?::varchar[], table_name) order by table_name, column_index",
        [database, list(table_sql())]).fetchall()


def _keyed(con: duckdb.DuckDBPyConnection, database: str, tables: tuple[str, ...]) -> bool:
    """Whether any of ``tables`` in ``database`` has a primary key or a unique constraint."""
    return con.execute(
        "select count(*) from duckdb_constraints() where database_name = ? and list_contains(?::varchar[], table_name) "
        "and constraint_type in ('PRIMARY KEY', 'UNIQUE')", [database, list(tables)]).fetchall()[0][0] > 0


def _building(target: Path) -> Path:
    """The ``.partial`` name a full copy of ``target`` is built under, cleared of what a cut-short one left."""
    building = target.with_name(target.name + ".partial")
    for leftover in (target, building, building.with_name(building.name + ".wal")):
        leftover.unlink(missing_ok=True)
    return building


def _lay_warehouse(con: duckdb.DuckDBPyConnection, target: Path, open_run: str | None = None) -> bool:
    """``target`` as the warehouse's own bytes, made a copy; False when it cannot be laid so.

    The warehouse is checkpointed first, so its file holds every committed row. That takes what
    a full copy would write row by row in a file copy: a warehouse in the published storage
    version only (older warehouses were made in a newer one), and only when its WAL is empty just
    after the checkpoint (a checkpoint held back, or a commit that came in between, would leave a
    committed row outside the file). Commits during the file copy itself (the checks across
    documents record theirs) reach only the WAL: the copy holds what the checkpoint left. Under a
    ``.partial`` name until complete, as a full copy. The run-log rows of ``open_run`` are taken
    out of the copy, to be added all together by the publish that ends the run.
    """
    if not in_published_version(con):
        return False
    source = _current(con)
    try:
        con.execute(f'checkpoint "{source}"')
    except duckdb.Error:
        return False
    path = Path(con.execute("select path from duckdb_databases() where database_name = ?", [source]).fetchall()[0][0])
    wal = path.with_name(path.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        return False
    building = _building(target)
    try:
        shutil.copyfile(path, building)
    except OSError:
        building.unlink(missing_ok=True)  # a full disk: the room goes back at once
        raise
    # Made a copy in a database instance of its own, not attached to the warehouse's: DuckDB's memory
    # cap is an instance's, and the checks across documents, run beside the lay at the end of a
    # large first load, need all of the warehouse's. Attached, the two ran out of memory together.
    copy = duckdb.connect(str(building), config={"memory_limit": WRITER_MEMORY})
    try:
        copy.execute(f"set disabled_compression_methods = '{UNUSED_COMPRESSION}'")
        copy.begin()
        for table in _UNKEYED:  # the same columns and rows, without the keys
            copy.execute(f"create table {table}_unkeyed as select * from {table}")
            copy.execute(f"drop table {table}")
            copy.execute(f"alter table {table}_unkeyed rename to {table}")
        for table in _PER_RUN:
            copy.execute(f"delete from {table} where run_id = ?", [open_run])
        _create_views(copy, attached=False)
        copy.commit()
        copy.execute("checkpoint")
    except BaseException:
        rollback(copy)
        raise
    finally:
        copy.close()
    os.replace(building, target)
    return True


def _full_copy(con: duckdb.DuckDBPyConnection, target: Path, open_run: str | None = None,
               rows_in: _Checkpoint | None = None) -> None:
    """Copy the whole warehouse to ``target``, under another name until it is complete.

    A copy cut short (a full disk, a killed run) must never pass for a spare that only lacks some
    documents: the next publish would add those and never the rest of a table that was cut.
    """
    building = _building(target)
    source = _current(con)
    _attach(con, building, new=True)
    try:
        con.execute(f'copy from database "{source}" to {ALIAS} (schema)')
        for table in _UNKEYED:  # the same columns, without the keys
            con.execute(f"drop table {ALIAS}.{table}")
            con.execute(f'create table {ALIAS}.{table} as select * from "{source}".{table} limit 0')
        _copy_tables(con, source, open_run)
        _create_views(con)
        if rows_in is not None:
            rows_in.start()
        con.execute(f"checkpoint {ALIAS}")
    finally:
        con.execute(f"detach {ALIAS}")
    os.replace(building, target)


def _copy_tables(con: duckdb.DuckDBPyConnection, source: str, open_run: str | None = None) -> None:
    """Copy every table's rows into the attached copy.

    With no run under way, nothing commits meanwhile: several tables are copied at once, largest
    first (one statement copies one table on about one core), each committing on its own, as no
    reader opens the copy before it is complete. While a run is under way (``open_run``, whose
    run-log rows are left out) its batches may commit meanwhile: the tables are then copied in one
    transaction, so that they all hold the same documents.
    """
    tables = [r[0] for r in con.execute(
        "select table_name from duckdb_tables() where database_name = ? order by estimated_size desc, table_name",
        [source]).fetchall()]

    def rows_of(table: str) -> str:
        run = " where run_id is distinct from $open_run" if table in _PER_RUN else ""
        return f'insert into {ALIAS}.{table} select * from "{source}".{table}{run}'

    if open_run is not None:
        con.begin()
        try:
            for table in tables:
                con.execute(rows_of(table), {"open_run": open_run} if table in _PER_RUN else None)
            con.commit()
        except BaseException:
            rollback(con)
            raise
        return
    threads = max(1, min(len(tables), int(con.execute("select current_setting('threads')").fetchall()[0][0])))

    def copy(table: str) -> None:
        cursor = con.cursor()
        try:
            cursor.execute(rows_of(table), {"open_run": None} if table in _PER_RUN else None)
        finally:
            cursor.close()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(copy, tables))  # raises the first error


def _create_views(con: duckdb.DuckDBPyConnection, attached: bool = True) -> None:
    """Create every view inside the copy, so that its names resolve there: the copy attached to
    ``con`` as ALIAS, or (``attached`` False) the copy ``con`` itself opened."""
    if not attached:
        create_views(con)
        comment_views(con)
        return
    home = _current(con)
    con.execute(f"use {ALIAS}")
    try:
        create_views(con)
        comment_views(con)
    finally:
        con.execute(f'use "{home}"')


class _Checkpoint:
    """The warehouse's checkpoint, on a connection of its own, in a thread, from ``start`` to ``join``.

    DuckDB checkpoints two attached databases at once. A checkpoint that fails here (another
    connection's transaction is open) is left to the warehouse's close, which checkpoints it as before.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._con = con
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._checkpoint, name="warehouse-checkpoint")
            self._thread.start()

    def _checkpoint(self) -> None:
        cursor = self._con.cursor()
        try:
            cursor.execute(f'checkpoint "{_current(cursor)}"')
        except duckdb.Error:
            pass
        finally:
            cursor.close()

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()


def _point(published: Path, target: Path) -> None:
    """Swap the link readers open to ``target``, atomically."""
    with open(target, "rb") as fh:
        os.fsync(fh.fileno())
    link = published.with_name(published.name + ".link")
    link.unlink(missing_ok=True)
    os.symlink(target.name, link)
    os.replace(link, published)
