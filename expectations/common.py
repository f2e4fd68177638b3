"""Small builders shared by the suites: a key, offsets inside the text, a closed set.

Two kinds of suite. A document suite checks rows that one report's parse produced on its own
(keys, offsets that give back the text, scaled values, closed sets): a critical failure there
means the parser made wrong rows for that report, and that report alone is quarantined. A
cross-document suite checks rows that many reports make together (trends, series, TF-IDF
keywords); a failing aggregate row names no report to blame, so its results are warnings kept in
v_dq_results and never hold a report back.
"""

from __future__ import annotations

import great_expectations as gx

E = gx.expectations


def critical(expectation):
    expectation.meta = {**(expectation.meta or {}), "critical": True}
    return expectation


def key(*columns: str) -> list:
    """Not null and unique, together: the grain of the view."""
    checks = [critical(E.ExpectColumnValuesToNotBeNull(column=c)) for c in columns]
    if len(columns) == 1:
        checks.append(critical(E.ExpectColumnValuesToBeUnique(column=columns[0])))
    else:
        checks.append(critical(E.ExpectCompoundColumnsToBeUnique(column_list=list(columns))))
    return checks


def offsets(text_length_column: str = "document_char_count") -> list:
    """0 <= char_start < char_end <= length of the document text."""
    return [
        critical(E.ExpectColumnValuesToBeBetween(column="char_start", min_value=0)),
        critical(E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="char_end", column_B="char_start")),
        critical(E.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=text_length_column, column_B="char_end", or_equal=True)),
    ]


def warning(expectation, why: str):
    """An expectation whose failure is reported, never a reason to quarantine: ``why`` says what it flags."""
    expectation.meta = {**{k: v for k, v in (expectation.meta or {}).items() if k != "critical"}, "warning": why}
    return expectation


def suite(name: str, expectations: list) -> gx.ExpectationSuite:
    return gx.ExpectationSuite(name=name, expectations=expectations)


def cross_document_suite(name: str, expectations: list) -> gx.ExpectationSuite:
    """A suite over rows that several reports make together: every expectation in it is a warning."""
    return suite(name, [warning(e, "cross-document") for e in expectations])
