"""Parsing a batch of files on every core: jieba and the dictionaries load once per worker process.

Kept free of Prefect so that worker processes start with only the pure transforms to import.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Self

from transforms import tokens
from transforms.decode import ReportReadError
from transforms.report import ParsedReport, parse_report

# Below this many files a worker pool costs more to start than it saves.
PARALLEL_MIN_FILES = 16
CHUNK = 8


def parse_one(name: str, data: bytes) -> ParsedReport | str:
    """A parsed report, or the one-line reason it cannot be read."""
    try:
        return parse_report(data, name)
    except ReportReadError as exc:
        return exc.reason
    except Exception as exc:  # noqa: BLE001  (a parser bug must cost one file, not the run)
        return (f"baogao failed to read this file ({type(exc).__name__}: {exc}); please report it with the "
                f"file, then 'baogao quarantine retry' after upgrading")


def _parse_pair(pair: tuple[str, bytes]) -> ParsedReport | str:
    return parse_one(*pair)


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _pool(cache_dir: str, processes: int | None = None) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(processes or workers(), mp_context=context, initializer=tokens.init,
                               initargs=(cache_dir,))


def _started() -> None:
    """Nothing: a task whose only use is to make a worker process start and load jieba."""


_early: dict[str, ProcessPoolExecutor] = {}  # pools started by ``prestart``, by cache folder


def prestart(cache_dir: str, files: int) -> bool:
    """Start the worker processes now, for an ingest about to parse about ``files`` files.

    Loading jieba takes a worker about a second. Started before this process imports Prefect
    and Great Expectations and opens the flow run (a few seconds on one core), the workers load
    it meanwhile on the other cores, and the first batch parses at once. A few files get one
    worker: this process then never loads jieba. The next ``Parser`` over the same cache folder
    takes the pool; ``discard_prestarted`` stops one no parser took.

    Returns:
        Whether a pool was started (not without files, nor on one core).
    """
    if files < 1 or workers() < 2 or cache_dir in _early:
        return False
    processes = workers() if files >= PARALLEL_MIN_FILES else 1
    pool = _pool(cache_dir, processes)
    try:
        for _ in range(processes):  # each task still waiting makes the pool start one more process
            pool.submit(_started)
    except Exception:  # noqa: BLE001  (a head start only: the parser starts its own pool and reports its errors)
        pool.shutdown(cancel_futures=True)
        return False
    _early[cache_dir] = pool
    return True


def discard_prestarted() -> None:
    """Stop the pools ``prestart`` started that no parser took."""
    while _early:
        _early.popitem()[1].shutdown(cancel_futures=True)


class Pending:
    """A batch handed to the parser: its results, in order, when asked for."""

    def __init__(self, results: Iterable[ParsedReport | str]):
        self._results = results

    def results(self) -> list[ParsedReport | str]:
        return list(self._results)


class Parser:
    """Parses batches of files; the worker processes start at the first large batch and serve every later one.

    A pool ``prestart`` started for the same cache folder serves from the first batch on.
    """

    def __init__(self, cache_dir: str, distributed: bool = False):
        self.cache_dir = cache_dir
        self.distributed = distributed  # the flow's task runner parses, not this machine's pool
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def submit(self, items: list[tuple[str, bytes]]) -> Pending:
        """Start parsing (name, bytes) pairs and return at once; the workers go on while the caller works.

        A few files are parsed in this process when their results are asked for, unless the workers
        are already running.
        """
        if self._pool is None:
            self._pool = _early.pop(self.cache_dir, None)
        if self._pool is None and (len(items) < PARALLEL_MIN_FILES or workers() < 2):
            return Pending(self._inline(items))
        if self._pool is None:
            self._pool = _pool(self.cache_dir)
        chunk = max(1, min(CHUNK, len(items) // (2 * workers())))
        return Pending(self._pool.map(_parse_pair, items, chunksize=chunk))  # submits every chunk now

    def _inline(self, items: list[tuple[str, bytes]]) -> Iterable[ParsedReport | str]:
        tokens.init(self.cache_dir)
        for pair in items:
            yield _parse_pair(pair)
