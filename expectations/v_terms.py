"""Suite v_terms: one row per document, term and part of speech; counts are positive."""

from baogao.expectations.common import E, critical, key, suite


def build():
    return suite("v_terms", [
        *key("document_id", "term", "pos"),
        critical(E.ExpectColumnValuesToBeBetween(column="occurrences", min_value=1)),
    ])
