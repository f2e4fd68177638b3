"""The suites' contract: which checks may quarantine a report, and how a failure finds its report."""

import pandas as pd

from baogao.expectations import CROSS_DOCUMENT_SUITES, DOCUMENT_SUITES, runner
from baogao.expectations.common import E, critical, suite


def test_cross_document_suites_only_warn_and_document_suites_guard_their_rows():
    for name in CROSS_DOCUMENT_SUITES:
        expectations = runner.build_suite(name).expectations
        assert expectations and not [e.expectation_type for e in expectations if (e.meta or {}).get("critical")], name
    for name in DOCUMENT_SUITES:
        assert any((e.meta or {}).get("critical") for e in runner.build_suite(name).expectations), name


def test_missing_metadata_is_a_warning_on_documents():
    checks = {(e.expectation_type, e.column): e.meta for e in runner.build_suite("v_documents").expectations}
    for column in ("issuer", "report_year"):
        assert checks[("expect_column_values_to_not_be_null", column)] == {"warning": "missing metadata"}


def test_a_year_of_the_party_s_early_congresses_is_a_year_and_a_misread_one_is_not():
    (years,) = [e for e in runner.build_suite("v_documents").expectations
                if e.expectation_type == "expect_column_values_to_be_between" and e.column == "report_year"]
    frame = pd.DataFrame({"document_id": ["a", "b", "c", "d"], "report_year": [1928.0, 1945.0, 2024.0, 1899.0]})
    checked = runner.validate("v_documents", frame.assign(**{c: None for c in runner.columns("v_documents")
                                                              if c not in frame}), "run")
    (row,) = [r for r in checked.rows if r["expectation"] == years.expectation_type and r["column_name"] == "report_year"]
    assert (row["success"], row["unexpected_count"], row["observed_value"]) == (False, 1, "[1899.0]")


def test_a_failure_named_by_no_row_is_traced_by_checking_each_document_alone(monkeypatch):
    # a critical check on an aggregate (a mean) reports no failing rows: each document is checked on its own
    monkeypatch.setattr(runner, "build_suite", lambda name: suite(name, [
        critical(E.ExpectColumnMeanToBeBetween(column="occurrences", max_value=8)),
        critical(E.ExpectColumnValuesToBeBetween(column="occurrences", min_value=1)),
    ]))
    frame = pd.DataFrame({"document_id": ["a", "a", "b", "b", "c"], "occurrences": [3, 5, 40, 2, 0]})
    assert runner.failing_documents("v_terms", frame) == {
        "b": {"v_terms.expect_column_mean_to_be_between(occurrences)"},
        "c": {"v_terms.expect_column_values_to_be_between(occurrences)"},
    }
