"""The rows a load added, shaped for data-quality checks: each view plus derived check columns."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

if TYPE_CHECKING:  # imported when rows are first read: an ingest imports it beside Great Expectations, off its start
    import pandas as pd


def _indicator_checks(frame: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    value, scale, normalized = frame["value"], frame["scale"], frame["normalized_value"]
    return frame.assign(
        text_at_offsets=_at_offsets(frame, texts),
        normalized_error=(normalized - value * scale).abs() / normalized.abs().clip(lower=1),
        normalized_high_error=(frame["normalized_high"] - frame["value_high"] * scale).abs()
        / frame["normalized_high"].abs().clip(lower=1),
        document_char_count=_char_counts(frame, texts),
    )


def _section_checks(frame: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    # the title is looked for inside the span where it lies, without copying the span out
    columns = ("document_id", "title", "char_start", "char_end")
    inside = [texts[d].find(t, s, e) >= 0 if whole and d in texts else None
              for whole, d, t, s, e in zip(_complete(frame, *columns), *_lists(frame, *columns))]
    return frame.assign(document_char_count=_char_counts(frame, texts), title_in_span=inside)


# Columns computed next to a view's own from the documents' texts, so a suite can compare them.
# Python slices a text by code point at once; SQL's substring walks the UTF-8 from the start for
# every row, a cost that grows with the report's length.
_CHECK_COLUMNS = {"v_indicators": _indicator_checks, "v_sections": _section_checks}
_CHECK_INPUTS = {
    "v_indicators": {"document_id", "raw_text", "value", "scale", "normalized_value", "value_high", "normalized_high",
                     "char_start", "char_end"},
    "v_sections": {"document_id", "title", "char_start", "char_end"},
}
_DERIVED = {"text_at_offsets", "normalized_error", "normalized_high_error", "document_char_count", "title_in_span"}


def _at_offsets(frame: pd.DataFrame, texts: dict[str, str]) -> list[str | None]:
    columns = ("document_id", "char_start", "char_end")
    return [texts[d][s:e] if whole and d in texts else None
            for whole, d, s, e in zip(_complete(frame, *columns), *_lists(frame, *columns))]


def _lists(frame: pd.DataFrame, *columns: str) -> list[list]:
    """Columns as Python lists: one conversion each, where iterating an Arrow-backed column costs per value."""
    return [frame[c].tolist() for c in columns]


def _complete(frame: pd.DataFrame, *columns: str) -> list[bool]:
    """For every row, whether none of ``columns`` is null: one vectorised test, not one per value."""
    return frame[list(columns)].notna().all(axis=1).tolist()


def _char_counts(frame: pd.DataFrame, texts: dict[str, str]) -> pd.Series:
    counts = frame["document_id"].map({d: len(t) for d, t in texts.items()})
    return counts.astype("Int64" if counts.isna().any() else "int64")


# A semi-join on the documents' ids, not a list filter (list_contains): a list filter reads a wide
# column, such as a report's text, once for every document listed.
_THESE_DOCUMENTS = "document_id in (select unnest($ids))"


def document_texts(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> dict[str, str]:
    """The normalised texts of the given documents, by document id."""
    return dict(con.execute(f"select document_id, text from v_document_text where {_THESE_DOCUMENTS}",
                            {"ids": document_ids}).fetchall())


def new_rows(con: duckdb.DuckDBPyConnection, view: str, document_ids: list[str],
             columns: Iterable[str] | None = None, texts: dict[str, str] | None = None) -> pd.DataFrame:
    """Rows of ``view`` for the given documents, with the view's check columns.

    Args:
        con: the warehouse, views created.
        view: the view to read.
        document_ids: the documents whose rows to read.
        columns: the columns the checks read (default: all of the view's); document_id always comes
            too, so a failing row names its document. Leaving the rest out spares reading and converting
            them, which on the term views is most of the work.
        texts: ``document_texts`` of these documents, when the caller checks several views (read here otherwise).
    """
    select = _select(view, columns)
    these = {"ids": document_ids}
    checks = _CHECK_COLUMNS.get(view)
    if checks:
        frame = _frame(con, f"select {select} from {view} where {_THESE_DOCUMENTS}", these)
        return checks(frame, document_texts(con, document_ids) if texts is None else texts)
    if view in ("v_term_trends", "v_slogan_trends"):
        # aggregates: check the groups the new documents touch; a filter on the grouping keys is
        # applied before grouping, so this costs what the new documents cost
        keys = con.execute(
            "select list(distinct coalesce(issuer, '')), list(distinct coalesce(report_year, 0)) from dim_document "
            f"where {_THESE_DOCUMENTS}", these).fetchall()[0]
        issuers, years = keys[0] or [], keys[1] or []
        issuer_filter = "and list_contains($issuers, coalesce(issuer, ''))" if view == "v_term_trends" else ""
        sql = f"select {select} from {view} where list_contains($years, coalesce(report_year, 0)) {issuer_filter}"
        params = {"years": years, **({"issuers": issuers} if issuer_filter else {})}
        return _frame(con, sql, params)
    if view == "v_indicator_series" and columns is None:
        # years_in_series counts over every series: leave it out, the rest is per figure
        select = "* exclude (years_in_series)"
    return _frame(con, f"select {select} from {view} where {_THESE_DOCUMENTS}", these)



def _select(view: str, columns: Iterable[str] | None) -> str:
    if columns is None:
        return "*"
    # the aggregates have no document_id; their rows are checked by group
    own = {"document_id"} if view not in ("v_term_trends", "v_slogan_trends") else set()
    wanted = (set(columns) | own | _CHECK_INPUTS.get(view, set())) - _DERIVED
    return ", ".join(f'"{c}"' for c in sorted(wanted))


def run_rows(con: duckdb.DuckDBPyConnection, view: str, run_id: str) -> pd.DataFrame:
    """Rows of a run-log view (v_ingest_runs, v_dq_results) for one run."""
    return _frame(con, f"select * from {view} where run_id = ?", [run_id])


_INTEGERS = (pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.uint32(), pa.uint64())


def _checked_type(type_: pa.DataType, nulls: int) -> pa.DataType:
    if pa.types.is_decimal(type_):  # sums: as Python Decimal objects they would slow every check down
        return pa.float64()
    if type_ in _INTEGERS:
        # Great Expectations checks int64 in one step, other widths value by value. With gaps (a report
        # without a year) as float64: pandas' nullable integers put NA among a failing check's values,
        # which Great Expectations' Data Docs cannot draw. Years, counts and offsets are exact in a float.
        return pa.float64() if nulls else pa.int64()
    return type_


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params) -> pd.DataFrame:
    """The query's rows as pandas, through Arrow: whole columns at once, not Python strings built row by row."""
    table = con.sql(sql, params=params).to_arrow_table()
    table = table.cast(pa.schema([f.with_type(_checked_type(f.type, table.column(f.name).null_count))
                                  for f in table.schema]))
    return table.to_pandas()
