"""One ingest run in this process, started as the ``baogao`` command starts it.

The command parses its arguments and prints; what makes its run quick lives here: the parse
workers start (and load jieba) while Prefect is imported and the flow run starts, Great
Expectations is imported meanwhile, the garbage collector leaves alone what those imports made,
and a run the command waits for sends no heartbeats.
"""

from __future__ import annotations

import contextlib
import gc
import os
from typing import Self

from baogao import settings
from baogao.home import Home, configure_prefect


def ingest_once(h: Home, verbose: bool, settle: float, max_file_mb: float, task_runner: str = "processes",
                dask_address: str | None = None) -> dict:
    """Run the ingest flow once on ``h`` in this process and return its summary.

    Args:
        h: the home (its lock already held by the caller).
        verbose: let Prefect's log lines reach the console.
        settle, max_file_mb: the flow's parameters.
        task_runner: ``processes`` (this machine's workers) or ``dask``.
        dask_address: the Dask scheduler for ``dask`` (a LocalCluster when None).

    Raises:
        Exception: whatever ended the flow run; it has logged its traceback.
    """
    with IngestCollector() as collector:
        configure_prefect(h, quiet=not verbose)
        if not verbose:  # the caller prints the run's outcome itself: a failure is one line, its traceback --verbose
            os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
        from baogao.flows import inbox, workers

        waiting = waiting_files(h)
        if task_runner == "processes" and waiting:
            # the parse workers load jieba while Prefect is imported and the flow run starts, then
            # parse the files the run will take first
            first = inbox.peek(h, settle, settings.megabytes(max_file_mb), workers.HEAD_START_FILES)
            workers.prestart(str(h.cache), waiting, first, str(h.learned_phrases))
        if waiting:
            from baogao.expectations import DATA_SUITES, RUN_SUITES, runner

            runner.warm_up(DATA_SUITES + RUN_SUITES)  # and Great Expectations is imported meanwhile too
        from baogao.flows.ingest import ingest as ingest_flow
        from baogao.flows.ingest import with_dask

        flow_to_run = with_dask(dask_address) if task_runner == "dask" else ingest_flow
        collector.imports_done()
        try:
            with no_heartbeats_unless_asked():
                return flow_to_run(home=str(h.root), settle_seconds=settle, max_file_mb=max_file_mb,
                                   distributed=task_runner == "dask")
        finally:
            workers.discard_prestarted()


class IngestCollector:
    """The garbage collector's settings while this process runs an ingest; as they were again after.

    Importing Prefect and Great Expectations makes a great many objects that live as long as the
    process, and every full collection walked them all again, to free none of them. The imports run
    with the collector off (they leave next to no garbage), ``imports_done`` then freezes what they
    made out of its sight (``gc.freeze``: refcounting still frees any of it) and has the youngest
    generation collected every ``settings.GC_THRESHOLD`` new objects instead of 700, as in the parse
    workers. Leaving undoes both, for a process that goes on
    (what its caller had frozen before stays frozen: ``gc.unfreeze`` cannot tell the two apart).
    """

    def __enter__(self) -> Self:
        self._threshold, self._enabled = gc.get_threshold(), gc.isenabled()
        self._frozen_before = gc.get_freeze_count() > 0
        gc.disable()
        return self

    def imports_done(self) -> None:
        gc.freeze()
        gc.set_threshold(settings.GC_THRESHOLD, *self._threshold[1:])
        gc.enable()

    def __exit__(self, *exc) -> None:
        if not self._frozen_before:
            gc.unfreeze()
        gc.set_threshold(*self._threshold)
        if self._enabled:
            gc.enable()
        else:
            gc.disable()


HEARTBEAT_SETTINGS = ("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "PREFECT_RUNNER_HEARTBEAT_FREQUENCY")


def no_heartbeats_unless_asked():
    """Prefect settings for a run this command starts and waits for: no heartbeats, unless the environment sets them.

    Heartbeats let an automation on the Prefect server mark a run whose process died as crashed;
    this command reports its own failure, and the next run takes back the files a dead one left.
    Prefect's heartbeat thread sleeps a second at a time and every run's end waits for it to wake.
    Setting PREFECT_FLOWS_HEARTBEAT_FREQUENCY keeps them.
    """
    if any(os.environ.get(name) for name in HEARTBEAT_SETTINGS):
        return contextlib.nullcontext()
    from prefect.settings import temporary_settings

    return temporary_settings(updates={"flows.heartbeat_frequency": None})


def waiting_files(h: Home, enough: int = 64) -> int:
    """How many files wait in the inbox (and in processing/, from a run that died), counted up to ``enough``."""
    count = 0
    for folder in (h.inbox, h.processing):
        for _root, _dirs, files in os.walk(folder):
            count += len(files)
            if count >= enough:
                return count
    return count
