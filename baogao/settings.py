"""Defaults, each overridable by an environment variable read once at the command's edge."""

from __future__ import annotations

import os

# A file is taken only when it has not changed for this long (a copy may still be running).
SETTLE_SECONDS = float(os.environ.get("BAOGAO_SETTLE_SECONDS", "5"))
# Reports are kilobytes to a few megabytes; anything far larger is not a report.
MAX_FILE_MB = float(os.environ.get("BAOGAO_MAX_FILE_MB", "50"))
SERVE_INTERVAL_SECONDS = 60
# Data Docs pages of this many runs are kept (about 0.4 MB a run); every result stays in v_dq_results.
DATA_DOCS_RUNS = int(os.environ.get("BAOGAO_DATA_DOCS_RUNS", "100"))


def megabytes(mb: float) -> int:
    """``mb`` megabytes (MiB) as bytes."""
    return int(mb * 1024 * 1024)
