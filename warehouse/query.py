"""Ad-hoc read-only queries on the published views: bounded in time and rows, stoppable with Ctrl-C."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import duckdb


class QueryStopped(RuntimeError):
    """The query ran past its time limit or was interrupted; the message says which and what to do."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple] = field(default_factory=list)
    cut: bool = False  # more rows than max_rows: only the first max_rows are here


def run(con: duckdb.DuckDBPyConnection, query: str, timeout: float | None, max_rows: int | None) -> QueryResult:
    """Run ``query``, fetching at most ``max_rows`` rows (None: all), stopped after ``timeout`` seconds.

    The query runs in a thread while this one waits, so that Ctrl-C reaches Python and interrupts
    DuckDB (a query blocked inside DuckDB would otherwise not see it until it ends).

    Raises:
        QueryStopped: the time limit passed or the user interrupted.
        duckdb.Error: the query failed.
    """
    outcome: dict = {}

    def work() -> None:
        try:
            cursor = con.execute(query)
            columns = [d[0] for d in cursor.description] if cursor.description else []
            if not columns:
                outcome["result"] = QueryResult(columns)
                return
            rows = cursor.fetchall() if max_rows is None else cursor.fetchmany(max_rows + 1)
            cut = max_rows is not None and len(rows) > max_rows
            outcome["result"] = QueryResult(columns, rows[:max_rows] if cut else rows, cut)
        except Exception as exc:  # noqa: BLE001  (handed to the waiting thread, which raises it)
            outcome["error"] = exc

    thread = threading.Thread(target=work, name="query", daemon=True)
    thread.start()
    try:
        thread.join(timeout)
    except KeyboardInterrupt:
        con.interrupt()
        thread.join()
        raise QueryStopped("interrupted") from None
    if thread.is_alive():
        con.interrupt()
        thread.join()
        raise QueryStopped(f"stopped after {timeout:g} s: narrow the query, or give more time with --timeout")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
