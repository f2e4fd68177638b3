"""Suite v_sentences: one row per sentence, each inside its document."""

from baogao.expectations.common import E, critical, key, suite


def build():
    return suite("v_sentences", [
        *key("sentence_id"),
        critical(E.ExpectColumnValuesToNotBeNull(column="document_id")),
        critical(E.ExpectColumnValuesToNotBeNull(column="text")),
    ])
