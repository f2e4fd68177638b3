"""Small builders shared by the suites: a key, offsets inside the text, a closed set."""

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


def suite(name: str, expectations: list) -> gx.ExpectationSuite:
    return gx.ExpectationSuite(name=name, expectations=expectations)
