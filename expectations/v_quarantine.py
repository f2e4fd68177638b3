"""Suite v_quarantine: every quarantined file has a place and a reason."""

from baogao.expectations.common import E, suite


def build():
    return suite("v_quarantine", [
        E.ExpectColumnValuesToNotBeNull(column="file_name"),
        E.ExpectColumnValuesToNotBeNull(column="quarantine_path"),
        E.ExpectColumnValuesToNotBeNull(column="reason"),
    ])
