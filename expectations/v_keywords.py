"""Suite v_keywords: one row per document and term, ranks from 1, weights positive."""

from baogao.expectations.common import E, cross_document_suite, key


def build():
    return cross_document_suite("v_keywords", [
        *key("document_id", "term"),
        E.ExpectCompoundColumnsToBeUnique(column_list=["document_id", "rank"]),
        E.ExpectColumnValuesToBeBetween(column="rank", min_value=1, max_value=100),
        E.ExpectColumnValuesToBeBetween(column="weight", min_value=0, strict_min=True),
    ])
