"""Suite v_indicator_series: each current figure once, in a named series.

The view holds only figures of reports whose issuer and year are known, so a null there is a
fault of the view, not of a report.
"""

from baogao.expectations.common import E, cross_document_suite, key


def build():
    return cross_document_suite("v_indicator_series", [
        *key("indicator_id"),
        E.ExpectColumnValuesToNotBeNull(column="series_key"),
        E.ExpectColumnValuesToNotBeNull(column="normalized_value"),
        E.ExpectColumnValuesToNotBeNull(column="report_year"),
    ])
