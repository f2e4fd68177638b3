"""A parse worker's first step, taken before Polars is imported: one Polars thread a worker.

An ingest starts one parse process per core. Polars' own thread pool in each (a thread per core
again) would only take turns with the other workers, and its threads spin awhile after each of the
many small operations a report's frames take. Polars reads the setting when it is imported, so this
module imports nothing of baogao's until it is set; a setting in the environment stays as it is.
"""

from __future__ import annotations

import os


def start(cache_dir: str, phrases: str | None = None) -> None:
    os.environ.setdefault("POLARS_MAX_THREADS", "1")
    from baogao.flows import workers

    workers.init_worker(cache_dir, phrases)
