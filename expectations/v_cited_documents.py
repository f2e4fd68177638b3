"""Suite v_cited_documents: one row per document and cited title; counts are positive."""

from baogao.expectations.common import E, critical, key, suite
from baogao.transforms.quotes import CITATION_KINDS


def build():
    return suite("v_cited_documents", [
        *key("document_id", "cited_title"),
        critical(E.ExpectColumnValuesToBeBetween(column="occurrences", min_value=1)),
        critical(E.ExpectColumnValuesToBeInSet(column="citation_kind", value_set=list(CITATION_KINDS))),
    ])
