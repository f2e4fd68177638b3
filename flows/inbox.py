"""Moving files between inbox, processing, archive and quarantine.

A file is always in exactly one of these folders. Claiming moves it out of the
inbox (an atomic rename within the home), so a second run never sees it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from baogao.home import Home
from baogao.transforms import manifest

# Names of files still being written or that are not reports.
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".swp")
SIDE_CAR = ".reason.json"


class IngestBusy(RuntimeError):
    """Another ingest holds the home's lock."""


class NotEnoughSpace(RuntimeError):
    """The home's disk has too little free space for the files waiting; the message says how much."""


def check_free_space(home: Home, min_free_mb: float, per_byte: int) -> None:
    """Refuse to start while the disk holding the home has less room than the waiting files need.

    Raises:
        NotEnoughSpace: naming the path, the space free and the space needed.
    """
    waiting = sum(p.stat().st_size for p in home.inbox.iterdir() if p.is_file() and not p.is_symlink())
    need = min_free_mb * 1024 * 1024 + waiting * per_byte
    free = shutil.disk_usage(home.root).free
    if free < need:
        mb = 1024 * 1024
        raise NotEnoughSpace(
            f"not enough free space for an ingest in {home.root}: {free / mb:.0f} MB free, about {need / mb:.0f} MB "
            f"needed for {waiting / mb:.1f} MB of reports waiting; free some space and run again (the files stay "
            f"in the inbox)")


@dataclass(frozen=True)
class SourceFile:
    name: str  # printable: bytes that are not UTF-8 become U+FFFD
    path: Path
    data: bytes
    sha256: str
    size: int = -1  # size and mtime when read: a file that differs later was still being written
    mtime_ns: int = -1

    def changed(self) -> bool:
        """The file in processing/ is no longer what was read (a writer went on), or is gone."""
        try:
            stat = self.path.stat()
        except OSError:
            return True
        return (stat.st_size, stat.st_mtime_ns) != (self.size, self.mtime_ns)


def display_name(path: Path) -> str:
    """A file name safe to store and print: undecodable bytes replaced, never raising."""
    return os.fsencode(path.name).decode("utf-8", "replace")


_held: dict[Path, int] = {}  # locks this process holds, by path: a nested hold (the CLI's, then the flow's) is free


@contextmanager
def ingest_lock(home: Home):
    """Hold the home's ingest lock; raise IngestBusy when another process holds it.

    The CLI takes it before anything slow (Prefect's start), so a second ingest exits at once; the
    flow takes it again, which within the same process only counts.
    """
    if _held.get(home.lock):
        _held[home.lock] += 1
        try:
            yield
        finally:
            _held[home.lock] -= 1
        return
    home.lock.parent.mkdir(parents=True, exist_ok=True)
    with open(home.lock, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IngestBusy(
                f"another ingest is running on {home.root}; it will load the inbox, try again when it ends"
            ) from None
        _held[home.lock] = 1
        try:
            yield
        finally:
            del _held[home.lock]
            fcntl.flock(fh, fcntl.LOCK_UN)


def recover(home: Home) -> list[Path]:
    """Put files a dead run left in processing/ back into the inbox (call with the lock held)."""
    moved = []
    for path in sorted(home.processing.iterdir()):
        if path.is_file():
            moved.append(_move(path, home.inbox))
    return moved


def claim(home: Home, settle_seconds: float, max_bytes: int) -> tuple[list[Path], dict[Path, str]]:
    """Move every settled file of the inbox into processing/, oldest first.

    Links and files over ``max_bytes`` are left where they are, unread, with the reason to refuse them.

    Returns:
        The claimed paths, and the refused paths with their reasons.
    """
    claimed, refused = [], {}
    for path, refusal in _settled(home, settle_seconds, max_bytes):
        if refusal:
            refused[path] = refusal
        else:
            claimed.append(_move(path, home.processing))
    return claimed, refused


def peek(home: Home, settle_seconds: float, max_bytes: int, count: int) -> list[tuple[str, bytes]]:
    """The names and bytes of the first ``count`` files ``claim`` would take now, read where they lie.

    A file that cannot be read is left out: this is a look ahead, ``claim`` decides.
    """
    found = []
    for path, refusal in _settled(home, settle_seconds, max_bytes):
        if len(found) == count:
            break
        if refusal is None:
            try:
                found.append((display_name(path), path.read_bytes()))
            except OSError:
                continue
    return found


def _settled(home: Home, settle_seconds: float, max_bytes: int) -> Iterator[tuple[Path, str | None]]:
    """The inbox's settled files, oldest first, each with the reason to refuse it (None to take it)."""
    now = time.time()
    entries = sorted(home.inbox.iterdir(), key=lambda p: (p.lstat().st_mtime, p.name))
    writing = open_for_writing([p for p in entries if p.is_file() and not p.is_symlink()])
    for path in entries:
        name = path.name
        if name.startswith((".", "~$")) or name.lower().endswith(PARTIAL_SUFFIXES) or name == manifest.NAME:
            continue  # metadata.csv stays: it is read each run, not loaded as a report
        if path.is_symlink():
            yield path, "a link, not a file: baogao does not follow links; copy the report itself into the inbox"
            continue
        if not path.is_file():
            continue
        stat = path.stat()
        if now - stat.st_mtime < settle_seconds or path in writing:
            continue  # still being written, or just finished: next run
        if stat.st_size > max_bytes:
            yield path, (f"{stat.st_size} bytes is over the {max_bytes}-byte limit for a report: split it, "
                         f"or raise BAOGAO_MAX_FILE_MB")
            continue
        yield path, None


def open_for_writing(paths: list[Path]) -> set[Path]:
    """Those of ``paths`` another process holds open for writing.

    Linux tells through /proc (the processes of this user, or all for root); elsewhere nothing can
    be told and the settle time alone decides. A download or network copy that pauses longer than
    the settle time keeps its file open, so it is not taken half-written.
    """
    wanted = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        wanted[(stat.st_dev, stat.st_ino)] = path
    if not wanted or not os.path.isdir("/proc/self/fdinfo"):
        return set()
    found, me = set(), str(os.getpid())
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or pid == me:
            continue
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue  # gone, or another user's
        for fd in fds:
            try:
                stat = os.stat(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            path = wanted.get((stat.st_dev, stat.st_ino))
            if path is None or path in found:
                continue
            try:
                with open(f"/proc/{pid}/fdinfo/{fd}") as info:
                    flags = int(next(line for line in info if line.startswith("flags:")).split()[1], 8)
            except (OSError, StopIteration, ValueError):
                continue
            if flags & (os.O_WRONLY | os.O_RDWR):
                found.add(path)
    return found


def read(path: Path) -> SourceFile:
    with open(path, "rb") as fh:
        stat = os.fstat(fh.fileno())
        data = fh.read()
    return SourceFile(display_name(path), path, data, hashlib.sha256(data).hexdigest(), stat.st_size, stat.st_mtime_ns)


def unclaim(home: Home, path: Path) -> Path:
    """Put a claimed file back into the inbox, to settle again."""
    return _move(path, home.inbox)


def archive(home: Home, source: SourceFile) -> Path:
    """Move a loaded file to archive/, exactly the bytes that were loaded.

    When the file changed after it was read (a writer went on past the checks), the bytes that were
    loaded are written to archive/ and the changed file goes back to the inbox to be loaded anew.
    """
    if not source.changed():
        return _move(source.path, home.archive)
    target = _free_name(source.path, home.archive)
    tmp = target.with_name(f".{target.name}.part")
    tmp.write_bytes(source.data)
    os.replace(tmp, target)
    if source.path.exists():
        unclaim(home, source.path)
    return target


def plan_quarantine(home: Home, path: Path, reason: str, sha256: str | None, run_id: str,
                    taken: set[Path]) -> dict:
    """The fact_quarantine row for moving ``path`` to quarantine/, with the place it will take there.

    ``taken`` holds the places already planned in this run; the new one is added to it.
    """
    target = _free_name(path, home.quarantine, taken)
    taken.add(target)
    return {"run_id": run_id, "quarantined_at": datetime.now(UTC).replace(tzinfo=None),
            "file_name": display_name(path), "sha256": sha256,
            "quarantine_path": os.fsencode(target).decode("utf-8", "replace"), "reason": reason,
            "_source": path, "_target": target}


def quarantine(row: dict) -> Path:
    """Carry out a planned quarantine: the move, then the sidecar saying why."""
    os.replace(row["_source"], row["_target"])
    sidecar = row["_target"].with_name(row["_target"].name + SIDE_CAR)
    public = {k: v for k, v in row.items() if not k.startswith("_")}
    sidecar.write_text(json.dumps({**public, "quarantined_at": row["quarantined_at"].isoformat()},
                                  ensure_ascii=False, indent=2), encoding="utf-8")
    return row["_target"]


def quarantined(home: Home) -> list[dict]:
    """Every file in quarantine/ with its sidecar's reason, oldest first."""
    rows = []
    for path in sorted(home.quarantine.iterdir(), key=lambda p: p.lstat().st_mtime):
        if path.name.endswith(SIDE_CAR) or not (path.is_file() or path.is_symlink()):
            continue
        sidecar = path.with_name(path.name + SIDE_CAR)
        info = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
        rows.append({"file": display_name(path), "path": path,
                     "path_text": os.fsencode(path).decode("utf-8", "replace"),
                     "reason": info.get("reason", "(no sidecar)"),
                     "quarantined_at": info.get("quarantined_at"), "sha256": info.get("sha256")})
    return rows


def release(home: Home, path: Path) -> Path:
    """Move a quarantined file back into the inbox for another try, dropping its sidecar."""
    path.with_name(path.name + SIDE_CAR).unlink(missing_ok=True)
    return _move(path, home.inbox)


def _free_name(path: Path, folder: Path, taken: set[Path] = frozenset()) -> Path:
    """``folder / path.name``, or with a counter when that name is taken."""
    target = folder / path.name
    n = 1
    while target.exists() or target.is_symlink() or target in taken:
        target = folder / f"{path.stem}.{n}{path.suffix}"
        n += 1
    return target


def _move(path: Path, folder: Path) -> Path:
    """Rename ``path`` into ``folder``, never overwriting."""
    target = _free_name(path, folder)
    os.replace(path, target)
    return target
