"""Suite v_documents: one row per file, keyed by document_id and sha256, with plausible metadata."""

from datetime import date

from baogao.expectations.common import E, critical, key, suite, warning
from baogao.transforms.decode import ENCODINGS, SOURCE_FORMATS

ADMIN_LEVELS = ["中央", "省", "市", "区", "县", "乡镇", "新区"]
# the Party's reports go back to its congresses of the 1920s, the State Council's to 1954
FIRST_YEAR = 1921
MISSING = "missing metadata"


def build():
    return suite("v_documents", [
        *key("document_id"),
        *key("sha256"),
        critical(E.ExpectColumnValuesToMatchRegex(column="sha256", regex=r"^[0-9a-f]{64}$")),
        critical(E.ExpectColumnValuesToNotBeNull(column="file_name")),
        critical(E.ExpectColumnValuesToBeBetween(column="char_count", min_value=1)),
        critical(E.ExpectColumnValuesToBeInSet(column="source_format", value_set=list(SOURCE_FORMATS))),
        critical(E.ExpectColumnValuesToNotBeNull(column="report_type")),
        critical(E.ExpectColumnValuesToBeInSet(column="encoding", value_set=list(ENCODINGS))),
        E.ExpectColumnValuesToBeInSet(column="admin_level", value_set=ADMIN_LEVELS),
        # many real reports do not say who issued them or when: worth counting, never a reason to refuse one
        warning(E.ExpectColumnValuesToBeNull(column="repeat_char_start"), "the file holds the report twice"),
        warning(E.ExpectColumnValuesToNotBeNull(column="issuer"), MISSING),
        warning(E.ExpectColumnValuesToNotBeNull(column="report_year"), MISSING),
        warning(E.ExpectColumnValuesToNotBeInSet(column="report_type", value_set=["其他"]), MISSING),
        # a year outside this range is a misread title, worth a look but not a reason to refuse the file
        E.ExpectColumnValuesToBeBetween(column="report_year", min_value=FIRST_YEAR, max_value=date.today().year + 1),
    ])
