"""Suite v_term_trends: one row per term, issuer and year; counts and rates consistent."""

from baogao.expectations.common import E, cross_document_suite


def build():
    return cross_document_suite("v_term_trends", [
        E.ExpectColumnValuesToNotBeNull(column="term"),
        E.ExpectCompoundColumnsToBeUnique(column_list=["term", "issuer", "admin_level", "report_year"],
                                          ignore_row_if="never"),
        E.ExpectColumnValuesToBeBetween(column="documents", min_value=1),
        E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="occurrences", column_B="documents", or_equal=True),
        E.ExpectColumnValuesToBeBetween(column="per_10k_chars", min_value=0, strict_min=True),
    ])
