"""Suite v_indicators: each figure reads back from the text at its offsets and is scaled right."""

from baogao.expectations.common import E, critical, key, offsets, suite
from baogao.transforms.units import KINDS, QUALIFIERS

SCALES = [1, 10**3, 10**4, 10**6, 10**7, 10**8, 10**12]


def build():
    return suite("v_indicators", [
        *key("indicator_id"),
        critical(E.ExpectColumnValuesToNotBeNull(column="document_id")),
        *offsets(),
        critical(E.ExpectColumnPairValuesToBeEqual(column_A="raw_text", column_B="text_at_offsets")),
        critical(E.ExpectColumnValuesToBeBetween(column="normalized_error", max_value=1e-9)),
        # a range reads low to high, and its high end is scaled like its low end
        critical(E.ExpectColumnValuesToBeBetween(column="normalized_high_error", max_value=1e-9)),
        critical(E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="value_high", column_B="value",
                                                           ignore_row_if="either_value_is_missing")),
        critical(E.ExpectColumnValuesToBeInSet(column="kind", value_set=list(KINDS))),
        critical(E.ExpectColumnValuesToBeInSet(column="qualifier", value_set=list(QUALIFIERS))),
        critical(E.ExpectColumnValuesToBeInSet(column="scale", value_set=SCALES)),
        critical(E.ExpectColumnValuesToBeBetween(column="value", min_value=0)),
        critical(E.ExpectColumnValuesToNotBeNull(column="context")),
    ])
