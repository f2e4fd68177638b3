"""Parsing a batch of files on every core: jieba and the dictionaries load once per worker process.

Kept free of Prefect so that worker processes start with only the pure transforms to import.
"""

from __future__ import annotations

import contextlib
import gc
import glob
import hashlib
import multiprocessing
import os
import pickle
import shutil
import tempfile
import threading
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Self

from baogao import settings
from baogao.flows import worker_start
from baogao.transforms import tokens
from baogao.transforms.decode import ReportReadError
from baogao.transforms.parse import ParsedReport, parse_report

# Below this many files a worker pool costs more to start than it saves.
PARALLEL_MIN_FILES = 16
CHUNK = 8


# The phrases the home's warehouse has learned (``learned_phrases.txt``), in this process; set before it parses.
_known: tokens.KnownPhrases | None = None


def read_phrases(path: str | None) -> list[str]:
    """The phrases of a learned-phrases file, one a line; none when there is no such file yet."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines() if path else []
    except OSError:  # no run has learned any yet
        return []
    return [line.strip() for line in lines if line.strip()]


def use_phrases(path: str | None) -> None:
    """Keep the phrases of the file at ``path`` whole in what this process parses."""
    global _known
    phrases = read_phrases(path)
    _known = tokens.KnownPhrases(phrases) if phrases else None


def parse_one(name: str, data: bytes, known: tokens.KnownPhrases | None = None) -> ParsedReport | str:
    """A parsed report, or the one-line reason it cannot be read; ``known``: this process's learned phrases if none."""
    try:
        return parse_report(data, name, known=known or _known)
    except ReportReadError as exc:
        return exc.reason
    except Exception as exc:  # noqa: BLE001  (a parser bug must cost one file, not the run)
        return (f"baogao failed to read this file ({type(exc).__name__}: {exc}); please report it with the "
                f"file, then 'baogao quarantine retry' after upgrading")


def parse_processes() -> int:
    """How many parse processes this machine gives an ingest: the cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _pool(cache_dir: str, processes: int | None = None, phrases: str | None = None) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(processes or parse_processes(), mp_context=context, initializer=worker_start.start,
                               initargs=(cache_dir, phrases))


def init_worker(cache_dir: str, phrases: str | None = None) -> None:
    """A parse worker's start: nicer than the writer, the segmenter loaded, and the collector set for parsing.

    What the worker has made by then (its imports, the segmenter) lives as long as it does: frozen
    out of the collector's full collections, and the youngest generation collected every
    ``settings.GC_THRESHOLD`` new objects instead of 700.
    """
    if settings.WORKER_NICENESS and hasattr(os, "nice"):
        with contextlib.suppress(OSError):  # a platform or a sandbox that refuses: the same priority, as before
            os.nice(settings.WORKER_NICENESS)
    tokens.init(cache_dir)
    use_phrases(phrases)
    gc.freeze()
    gc.set_threshold(settings.GC_THRESHOLD, *gc.get_threshold()[1:])


def _started() -> None:
    """Nothing: a task whose only use is to make a worker process start and load jieba."""


# Parsed chunks come back through files in a folder of their own, in memory where there is room.
# Through the pool's pipe a chunk's results arrive 64 KB at a time, and every piece waits for this
# process's interpreter lock: while it imports or runs the checks, the workers sat blocked on their
# pipe. A file is written at once; the pipe carries its name.
_SPILL_PREFIX = "baogao-parsed-"
_SPILL_IN_MEMORY = "/dev/shm"
_SPILL_MEMORY_NEEDED = 2 * 1024**3  # free room below which the spill folder goes to the temp folder's disk


def _spill_folder() -> str:
    """A new folder for this process's parsed chunks; folders left by processes that died go first."""
    base = _SPILL_IN_MEMORY
    try:
        room = os.statvfs(base)
        if not os.access(base, os.W_OK) or room.f_bavail * room.f_frsize < _SPILL_MEMORY_NEEDED:
            base = tempfile.gettempdir()
    except OSError:
        base = tempfile.gettempdir()
    for left in glob.glob(os.path.join(glob.escape(base), f"{_SPILL_PREFIX}*-*")):
        pid = os.path.basename(left)[len(_SPILL_PREFIX):].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(left, ignore_errors=True)
    return tempfile.mkdtemp(prefix=f"{_SPILL_PREFIX}{os.getpid()}-", dir=base)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _parse_chunk(items: list[tuple[str, bytes]], folder: str) -> str | list[ParsedReport | str]:
    """Parse in a worker; the results are written to a file in ``folder`` and its path returned.

    Where the file cannot be written (no room left) the results themselves go back.
    """
    results = [parse_one(name, data) for name, data in items]
    data = pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
    path = os.path.join(folder, f"{os.getpid()}-{uuid.uuid4().hex}.pickle")
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(path)
        return results
    return path


class _Chunk:
    """Files one worker parses together; their results, read back once when first asked for."""

    def __init__(self, future: Future):
        self.future = future
        self._results: list[ParsedReport | str] | None = None

    def result(self, index: int) -> ParsedReport | str:
        if self._results is None:
            came = self.future.result()
            if isinstance(came, str):
                with open(came, "rb") as fh:
                    data = fh.read()
                os.unlink(came)
                came = pickle.loads(data)
            self._results = came
        return self._results[index]


def _key(name: str, data: bytes) -> tuple[str, str]:
    return name, hashlib.sha256(data).hexdigest()


class _HeadStart:
    """A pool started before the flow, and the files it parses meanwhile.

    One worker fewer than the pool has parses at a time: the command keeps a core of its own to
    import Prefect and Great Expectations and open the flow run, which everything after waits for
    (with every worker busy as well, the run ended later, not earlier). A thread hands the pool the
    next chunk as one is done, until a parser takes the pool.
    """

    def __init__(self, pool: ProcessPoolExecutor, processes: int):
        self.pool = pool
        self.spill: str | None = None
        self._parsed: dict[tuple[str, str], tuple[_Chunk, int]] = {}  # of the chunks handed to the pool
        self._waiting: deque[list[tuple[str, bytes]]] = deque()
        self._lanes = max(1, processes - 1)
        self._lock = threading.Lock()

    def begin(self, items: list[tuple[str, bytes]]) -> None:
        self.spill = _spill_folder()
        self._waiting.extend(_split(items, HEAD_START_CHUNK))
        threading.Thread(target=self._feed, name="head-start", daemon=True).start()

    def _feed(self) -> None:
        running: set[Future] = set()
        while True:
            with self._lock:
                while self._waiting and len(running) < self._lanes:
                    items = self._waiting.popleft()
                    try:
                        chunk = _Chunk(self.pool.submit(_parse_chunk, items, self.spill))
                    except RuntimeError:  # the pool was shut down: no parser took it
                        return
                    running.add(chunk.future)
                    for index, (name, data) in enumerate(items):
                        self._parsed[_key(name, data)] = (chunk, index)
            if not running:
                return
            _done, running = wait(running, return_when=FIRST_COMPLETED)

    def take(self) -> dict[tuple[str, str], tuple[_Chunk, int]]:
        """Hand no more files to the pool; the chunks handed so far, by (name, sha256) of their files."""
        with self._lock:
            self._waiting.clear()
            return self._parsed

    def stop(self) -> None:
        self.take()
        self.pool.shutdown(cancel_futures=True)
        if self.spill is not None:
            shutil.rmtree(self.spill, ignore_errors=True)


_early: dict[str, _HeadStart] = {}  # started by ``prestart``, by cache folder

# Files to parse while the command starts: about what a worker parses while the command imports
# Prefect and Great Expectations and opens the flow run (the first batch and some).
HEAD_START_FILES = 400
# ... handed to the worker in chunks larger than a batch's: each hand-over waits for this process's
# interpreter lock, which the command's imports hold most of the time, and between small chunks the
# worker sat idle.
HEAD_START_CHUNK = 24


def prestart(cache_dir: str, files: int, first: list[tuple[str, bytes]] = (), phrases: str | None = None) -> bool:
    """Start the worker processes now, for an ingest about to parse about ``files`` files.

    Loading jieba keeps a worker busy a while, and this process is then busy on one core importing
    Prefect and Great Expectations and opening the flow run. Started before, the workers load jieba
    meanwhile on the other cores, and then parse ``first``: the (name, bytes) of the files the run
    is expected to take first (``inbox.peek``). A batch that holds one of
    those files, byte for byte under the same name, takes its result from here; any other is
    parsed as usual. A few files get one worker: this process then never loads jieba. The next
    ``Parser`` over the same cache folder and phrases file (``phrases``: the home's learned phrases)
    takes the pool; ``discard_prestarted`` stops one no parser took.

    Returns:
        Whether a pool was started (not without files, nor on one core).
    """
    if files < 1 or parse_processes() < 2 or (cache_dir, phrases) in _early:
        return False
    processes = parse_processes() if files >= PARALLEL_MIN_FILES else 1
    pool = _pool(cache_dir, processes, phrases)
    head = _HeadStart(pool, processes)
    try:
        for _ in range(processes):  # each task still waiting makes the pool start one more process
            pool.submit(_started)
        if first:
            head.begin(list(first))
    except Exception:  # noqa: BLE001  (a head start only: the parser starts its own pool and reports its errors)
        head.stop()
        return False
    _early[(cache_dir, phrases)] = head
    return True


def _split(items: list[tuple[str, bytes]], size: int | None = None) -> list[list[tuple[str, bytes]]]:
    """``items`` in chunks, each parsed by one worker: ``size`` files, else up to CHUNK and two chunks a worker at least."""
    size = size or max(1, min(CHUNK, len(items) // (2 * parse_processes())))
    return [items[at:at + size] for at in range(0, len(items), size)]


def _chunks(pool: ProcessPoolExecutor, items: list[tuple[str, bytes]], folder: str
            ) -> Iterator[tuple[_Chunk, list[tuple[str, bytes]]]]:
    """Hand ``items`` to the pool in chunks."""
    for chunk in _split(items):
        yield _Chunk(pool.submit(_parse_chunk, chunk, folder)), chunk


def discard_prestarted() -> None:
    """Stop the pools ``prestart`` started that no parser took."""
    while _early:
        _early.popitem()[1].stop()


class Pending:
    """A batch handed to the parser: its results, in order, when asked for."""

    def __init__(self, results: Iterable[ParsedReport | str]):
        self._results = results

    def results(self) -> list[ParsedReport | str]:
        return list(self._results)


class Parser:
    """Parses batches of files; the worker processes start at the first large batch and serve every later one.

    A pool ``prestart`` started for the same cache folder serves from the first batch on, with the
    files it has parsed already.
    """

    def __init__(self, cache_dir: str, distributed: bool = False, phrases: str | None = None):
        self.cache_dir = cache_dir
        self.phrases = phrases  # the home's learned phrases file
        self.distributed = distributed  # the flow's task runner parses, not this machine's pool
        self._pool: ProcessPoolExecutor | None = None
        self._spill: str | None = None
        self._parsed: dict[tuple[str, str], tuple[_Chunk, int]] = {}  # the head start's, until taken

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            # the workers end on their own: the run's last steps need not wait for them
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        if self._spill is not None:
            shutil.rmtree(self._spill, ignore_errors=True)
            self._spill = None

    def submit(self, items: list[tuple[str, bytes]]) -> Pending:
        """Start parsing (name, bytes) pairs and return at once; the workers go on while the caller works.

        A few files are parsed in this process when their results are asked for, unless the workers
        are already running.
        """
        if self._pool is None and (self.cache_dir, self.phrases) in _early:
            head = _early.pop((self.cache_dir, self.phrases))
            self._pool, self._spill, self._parsed = head.pool, head.spill, head.take()
        if self._pool is None and (len(items) < PARALLEL_MIN_FILES or parse_processes() < 2):
            return Pending(self._inline(items))
        if self._pool is None:
            self._pool = _pool(self.cache_dir, phrases=self.phrases)
        if self._spill is None:
            self._spill = _spill_folder()
        slots: list[tuple[_Chunk, int] | None] = [None] * len(items)
        if self._parsed:
            slots = [self._parsed.pop(_key(name, data), None) for name, data in items]
        todo = [i for i, slot in enumerate(slots) if slot is None]
        places = iter(todo)
        for chunk, taken in _chunks(self._pool, [items[i] for i in todo], self._spill):
            for index in range(len(taken)):
                slots[next(places)] = (chunk, index)
        return Pending(chunk.result(index) for chunk, index in slots)

    def _inline(self, items: list[tuple[str, bytes]]) -> Iterable[ParsedReport | str]:
        tokens.init(self.cache_dir)
        use_phrases(self.phrases)
        for name, data in items:
            yield parse_one(name, data)
