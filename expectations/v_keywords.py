"""Suite v_keywords: one row per document and term, ranks from 1, weights positive."""

from expectations.common import E, critical, key, suite


def build():
    return suite("v_keywords", [
        *key("document_id", "term"),
        critical(E.ExpectCompoundColumnsToBeUnique(column_list=["document_id", "rank"])),
        critical(E.ExpectColumnValuesToBeBetween(column="rank", min_value=1, max_value=100)),
        critical(E.ExpectColumnValuesToBeBetween(column="weight", min_value=0, strict_min=True)),
    ])
