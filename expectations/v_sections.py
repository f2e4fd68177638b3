"""Suite v_sections: one row per heading, levels in range, spans inside the text and holding the title."""

from baogao.expectations.common import E, critical, key, offsets, suite


def build():
    return suite("v_sections", [
        *key("section_id"),
        critical(E.ExpectColumnValuesToNotBeNull(column="document_id")),
        critical(E.ExpectColumnValuesToBeBetween(column="level", min_value=1, max_value=7)),
        critical(E.ExpectColumnValuesToNotBeNull(column="title")),
        *offsets(),
        critical(E.ExpectColumnValuesToBeInSet(column="title_in_span", value_set=[True])),
    ])
