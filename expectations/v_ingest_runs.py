"""Suite v_ingest_runs: the run's own row; every file seen is accounted for."""

from baogao.expectations.common import E, key, suite

STATUSES = ["running", "succeeded", "quarantined", "dq_failed", "failed"]


def build():
    return suite("v_ingest_runs", [
        *key("run_id"),
        E.ExpectColumnValuesToBeInSet(column="status", value_set=STATUSES),
        E.ExpectColumnPairValuesToBeEqual(column_A="files_seen", column_B="files_accounted"),
    ])
