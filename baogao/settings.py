"""Defaults, each overridable by an environment variable read once at the command's edge."""

from __future__ import annotations

import os

# A file is taken only when it has not changed for this long (a copy may still be running).
SETTLE_SECONDS = float(os.environ.get("BAOGAO_SETTLE_SECONDS", "5"))
# Reports are kilobytes to a few megabytes; anything far larger is not a report.
MAX_FILE_MB = float(os.environ.get("BAOGAO_MAX_FILE_MB", "50"))
SERVE_INTERVAL_SECONDS = 60
# Data Docs pages of this many runs are kept, so the folder stops growing; every result stays in v_dq_results.
DATA_DOCS_RUNS = int(os.environ.get("BAOGAO_DATA_DOCS_RUNS", "100"))
# New container objects between collections of Python's youngest generation, in an ingest's
# processes (Python's default: 700). Parsing a report makes rows by the thousand that live until its
# frames are built, and at 700 the collector scanned them again and again while they were all still in use.
GC_THRESHOLD = 10_000
# Parse workers run this much nicer than the writer. The writer's loads and checks are one thread
# the run waits for; at the same priority the workers took two thirds of the cores from it while
# they parsed, and the writer then loaded the last batches alone. Nicer workers still get every
# cycle the writer leaves, as when it waits for them.
WORKER_NICENESS = int(os.environ.get("BAOGAO_WORKER_NICENESS", "5"))
# An ingest starts only with this much free space in the home: the warehouse and its two published
# copies each hold the text and its facts, and the run writes Data Docs and Prefect's state besides.
MIN_FREE_MB = float(os.environ.get("BAOGAO_MIN_FREE_MB", "64"))
SPACE_PER_REPORT_BYTE = 10
# A quoted phrase becomes a term of the corpus (kept whole in every later report) once this many reports quote it.
PHRASE_MIN_REPORTS = int(os.environ.get("BAOGAO_PHRASE_MIN_REPORTS", "3"))


def megabytes(mb: float) -> int:
    """``mb`` megabytes (MiB) as bytes."""
    return int(mb * 1024 * 1024)
