"""The folder a benchmark writes its corpus, homes and warehouses in."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def work_folder(given: Path | None, keep: bool, prefix: str) -> Iterator[Path]:
    """``given``, else a new temporary folder, which goes when the block ends unless ``keep``.

    A run writes several hundred MB of corpus and warehouses: a folder nobody asked for does not stay.
    """
    work = given or Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield work
    finally:
        if given is None and not keep:
            shutil.rmtree(work, ignore_errors=True)
