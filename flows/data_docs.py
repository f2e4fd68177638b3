"""Keeping the Data Docs folder of a home from growing for ever."""

from __future__ import annotations

import shutil
from pathlib import Path


def prune(folder: Path, runs: int, keep_run: str | None = None) -> list[str]:
    """Delete the Data Docs of all but the newest ``runs`` runs (by when each was written).

    A scheduled deployment writes a folder for every run that finds files; without this the
    folder grows for ever. The results themselves stay in the warehouse (v_dq_results).

    Returns:
        The run ids whose pages were deleted.
    """
    if not folder.is_dir():
        return []
    written = sorted((p for p in folder.iterdir() if p.is_dir()),
                     key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    dropped = [p for p in written[max(runs, 1):] if p.name != keep_run]
    for old in dropped:
        shutil.rmtree(old, ignore_errors=True)
    return [p.name for p in dropped]
