"""Suite v_term_trends: one row per term, issuer and year; counts and rates consistent."""

from expectations.common import E, critical, suite


def build():
    return suite("v_term_trends", [
        critical(E.ExpectColumnValuesToNotBeNull(column="term")),
        critical(E.ExpectCompoundColumnsToBeUnique(column_list=["term", "issuer", "admin_level", "report_year"],
                                                   ignore_row_if="never")),
        critical(E.ExpectColumnValuesToBeBetween(column="documents", min_value=1)),
        critical(E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="occurrences", column_B="documents",
                                                           or_equal=True)),
        critical(E.ExpectColumnValuesToBeBetween(column="per_10k_chars", min_value=0, strict_min=True)),
    ])
