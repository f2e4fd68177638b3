"""Suite v_sentences: one row per sentence, each of a document.

The text is not read back for the checks (the table does not take a null text, and sentences are
many): the suite names only the keys.
"""

from baogao.expectations.common import E, critical, key, suite


def build():
    return suite("v_sentences", [
        *key("sentence_id"),
        critical(E.ExpectColumnValuesToNotBeNull(column="document_id")),
    ])
