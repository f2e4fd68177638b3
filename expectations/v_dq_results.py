"""Suite v_dq_results: each result names a known suite and says pass or fail."""

from baogao.expectations import SUITES
from baogao.expectations.common import E, suite


def build():
    return suite("v_dq_results", [
        E.ExpectColumnValuesToNotBeNull(column="run_id"),
        E.ExpectColumnValuesToBeInSet(column="suite", value_set=list(SUITES)),
        E.ExpectColumnValuesToNotBeNull(column="success"),
        E.ExpectColumnValuesToNotBeNull(column="expectation"),
    ])
