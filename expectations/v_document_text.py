"""Suite v_document_text: one text per document, never empty."""

from baogao.expectations.common import E, critical, key, suite


def build():
    return suite("v_document_text", [
        *key("document_id"),
        critical(E.ExpectColumnValuesToNotBeNull(column="text")),
    ])
