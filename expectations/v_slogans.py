"""Suite v_slogans: one row per document and slogan; counts are positive."""

from baogao.expectations.common import E, critical, key, suite
from baogao.transforms.quotes import SLOGAN_KINDS


def build():
    return suite("v_slogans", [
        *key("document_id", "slogan"),
        critical(E.ExpectColumnValuesToBeBetween(column="occurrences", min_value=1)),
        critical(E.ExpectColumnValuesToBeInSet(column="slogan_kind", value_set=list(SLOGAN_KINDS))),
    ])
