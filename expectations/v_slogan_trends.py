"""Suite v_slogan_trends: one row per slogan and year; first seen no later than any year it appears."""

from expectations.common import E, critical, suite


def build():
    return suite("v_slogan_trends", [
        critical(E.ExpectColumnValuesToNotBeNull(column="slogan")),
        critical(E.ExpectCompoundColumnsToBeUnique(column_list=["slogan", "report_year"], ignore_row_if="never")),
        critical(E.ExpectColumnValuesToBeBetween(column="documents", min_value=1)),
        critical(E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="report_year", column_B="first_seen_year",
                                                           or_equal=True)),
    ])
