"""Suite v_slogans: one row per document and slogan; counts are positive."""

from expectations.common import E, critical, key, suite


def build():
    return suite("v_slogans", [
        *key("document_id", "slogan"),
        critical(E.ExpectColumnValuesToBeBetween(column="occurrences", min_value=1)),
    ])
