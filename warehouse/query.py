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


def run(con: duckdb.DuckDBPyConnection, query: str, timeout: float | None, max_rows: int | None,
        params: dict | None = None) -> QueryResult:
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
            cursor = con.execute(query, params) if params else con.execute(query)
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


COUNT_BY = {"year": "report_year", "issuer": "issuer", "place": "place"}


def search_sql(issuer: str | None, years: tuple[int, int] | None, report_type: str | None, exact: bool,
               count_by: str | None, limit: int | None) -> tuple[str, dict]:
    """The query over the search macros for the filters given, and its named parameters besides ``q``."""
    args, params = [], {}
    if issuer:
        args.append("issuer_like := $issuer")
        params["issuer"] = issuer
    if years:
        args.append("from_year := $year_from, to_year := $year_to")
        params.update(year_from=years[0], year_to=years[1])
    if report_type:
        args.append("type_like := $report_type")
        params["report_type"] = report_type
    if exact:
        args.append("exact := true")
    if count_by:
        column = COUNT_BY[count_by]
        return (f"select {column}, count(*) as sentences, count(distinct document_id) as reports "
                f"from search_hits({', '.join(['$q', *args])}) group by {column} order by {column} nulls last"), params
    args.append(f"top := {int(limit)}" if limit else "top := null")
    # exact: the index's phrase match, then the text as written (a query with spaces or marks in it)
    written = "where contains(lower(sentence), lower(trim($q)))" if exact else ""
    return (f"select document_id, issuer, place, report_year, report_type, section_path, sentence, char_start, "
            f"char_end, round(score, 4) as score, has_phrase from search_sentences({', '.join(['$q', *args])}) "
            f"{written} order by has_phrase desc, score desc, document_id, char_start"), params


def kwic(sentence: str, query: str, width: int = 14) -> str:
    """The sentence around its hit: ``…context【hit】context…``; the hit is the query as written, else its
    longest part that the sentence holds."""
    at, length = sentence.find(query), len(query)
    if at < 0:
        parts = sorted({query[i:j] for i in range(len(query)) for j in range(i + 1, len(query) + 1)
                        if query[i:j].strip()}, key=len, reverse=True)
        hit = next((p for p in parts if p in sentence), "")
        at, length = (sentence.find(hit), len(hit)) if hit else (0, 0)
    before, after = sentence[max(0, at - width):at], sentence[at + length:at + length + width]
    return (("…" if at > width else "") + before + "【" + sentence[at:at + length] + "】" + after
            + ("…" if at + length + width < len(sentence) else ""))


def corpus_phrases(con: duckdb.DuckDBPyConnection, min_reports: int) -> list[str]:
    """Chinese phrases of three to twelve characters that at least ``min_reports`` reports quote as slogans in their main body: the corpus's own terms, most quoted first."""
    rows = con.execute(r"""
        select slogan from fact_slogan
        where slogan_kind = 'slogan' and not in_appendix and length(slogan) between 3 and 12
          and regexp_full_match(slogan, '[\x{4e00}-\x{9fff}]+')
        group by slogan having count(distinct document_id) >= ?
        order by count(distinct document_id) desc, slogan""", [min_reports]).fetchall()
    return [r[0] for r in rows]
