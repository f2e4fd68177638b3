"""Suite v_document_text: one text per document, never empty."""

from baogao.expectations.common import E, critical, key, suite


def build():
    # the text's length, not the text: Great Expectations reads every value of the rows it checks,
    # and a report's text is the longest value in the warehouse
    return suite("v_document_text", [
        *key("document_id"),
        critical(E.ExpectColumnValuesToNotBeNull(column="char_count")),
        critical(E.ExpectColumnValuesToBeBetween(column="char_count", min_value=1)),
    ])
