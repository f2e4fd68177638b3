"""Suite v_indicator_series: each current figure once, in a named series."""

from expectations.common import E, critical, key, suite


def build():
    return suite("v_indicator_series", [
        *key("indicator_id"),
        critical(E.ExpectColumnValuesToNotBeNull(column="series_key")),
        critical(E.ExpectColumnValuesToNotBeNull(column="normalized_value")),
        critical(E.ExpectColumnValuesToNotBeNull(column="report_year")),
    ])
