"""Suite v_slogan_trends: one row per slogan and year; first seen no later than any year it appears.

A slogan of reports without a readable year has a row with a null year; a null year is no earlier
or later than any other, so the ordering check passes over it.
"""

from baogao.expectations.common import E, cross_document_suite


def build():
    return cross_document_suite("v_slogan_trends", [
        E.ExpectColumnValuesToNotBeNull(column="slogan"),
        E.ExpectCompoundColumnsToBeUnique(column_list=["slogan", "report_year"], ignore_row_if="never"),
        E.ExpectColumnValuesToBeBetween(column="documents", min_value=1),
        E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="report_year", column_B="first_seen_year", or_equal=True,
                                                  ignore_row_if="either_value_is_missing"),
    ])
