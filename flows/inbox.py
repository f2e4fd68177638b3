"""Moving files between inbox, processing, archive and quarantine.

A file is always in exactly one of these folders. Claiming moves it out of the
inbox (an atomic rename within the home), so a second run never sees it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from baogao.home import Home

# Names of files still being written or that are not reports.
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".swp")
SIDE_CAR = ".reason.json"


class IngestBusy(RuntimeError):
    """Another ingest holds the home's lock."""


@dataclass(frozen=True)
class SourceFile:
    name: str
    path: Path
    data: bytes
    sha256: str


def is_candidate(path: Path) -> bool:
    """A regular file with a finished name: not hidden, not a temporary or lock file."""
    name = path.name
    return (path.is_file() and not path.is_symlink() and not name.startswith((".", "~$"))
            and not name.lower().endswith(PARTIAL_SUFFIXES))


@contextmanager
def ingest_lock(home: Home):
    """Hold the home's ingest lock; raise IngestBusy when another run holds it."""
    home.lock.parent.mkdir(parents=True, exist_ok=True)
    with open(home.lock, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IngestBusy(
                f"another ingest is running on {home.root}; it will load the inbox, try again when it ends"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def recover(home: Home) -> list[Path]:
    """Put files a dead run left in processing/ back into the inbox (call with the lock held)."""
    moved = []
    for path in sorted(home.processing.iterdir()):
        if path.is_file():
            moved.append(_move(path, home.inbox))
    return moved


def claim(home: Home, limit: int | None = None) -> list[Path]:
    """Move every finished file of the inbox into processing/, oldest first."""
    candidates = sorted((p for p in home.inbox.iterdir() if is_candidate(p)), key=lambda p: (p.stat().st_mtime, p.name))
    return [_move(p, home.processing) for p in candidates[:limit]]


def read(path: Path) -> SourceFile:
    data = path.read_bytes()
    return SourceFile(path.name, path, data, hashlib.sha256(data).hexdigest())


def archive(home: Home, path: Path) -> Path:
    return _move(path, home.archive)


def quarantine(home: Home, path: Path, reason: str, sha256: str | None, run_id: str) -> dict:
    """Move a file to quarantine/ with a sidecar saying why; returns the fact_quarantine row."""
    target = _move(path, home.quarantine)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    row = {"run_id": run_id, "quarantined_at": now, "file_name": path.name, "sha256": sha256,
           "quarantine_path": str(target), "reason": reason}
    sidecar = target.with_name(target.name + SIDE_CAR)
    sidecar.write_text(json.dumps({**row, "quarantined_at": now.isoformat()}, ensure_ascii=False, indent=2),
                       encoding="utf-8")
    return row


def _move(path: Path, folder: Path) -> Path:
    """Rename ``path`` into ``folder``, never overwriting: a taken name gets a counter."""
    target = folder / path.name
    n = 1
    while target.exists():
        target = folder / f"{path.stem}.{n}{path.suffix}"
        n += 1
    os.replace(path, target)
    return target
