"""The ingest flow: inbox → read → parse → normalise (Polars) → load → validate (GE) → publish.

Tasks are thin: each calls into ``transforms`` (pure), ``warehouse`` (SQL and
the database) or ``expectations`` (suites). A batch is loaded in one DuckDB
transaction and checked with the document suites; when a critical expectation
fails on a report's own rows the transaction is rolled back, that report goes
to quarantine with the failing expectations named, and the rest of the batch
is loaded again. The cross-document views are checked once per run, after the
batches, as warnings.

A batch goes to a task ``opaque``: Prefect links the task to the one whose result it is, without
walking the batch's files and reports item by item for futures: work on the writer that grows with
every report.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import queue
import signal
import threading
import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Self

import duckdb
import polars as pl
from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NONE
from prefect.runtime import flow_run
from prefect.utilities.annotations import opaque

from baogao import settings
from baogao.expectations import CROSS_DOCUMENT_SUITES, DATA_SUITES, DOCUMENT_SUITES, RUN_SUITES, runner
from baogao.expectations.runner import Validation
from baogao.flows import batches as batch_plan
from baogao.flows import data_docs, inbox, workers
from baogao.flows.inbox import SourceFile
from baogao.flows.progress import Progress
from baogao.home import Home, resolve
from baogao.transforms import manifest, search_index, tokens
from baogao.transforms.parse import ParsedReport, tables
from baogao.warehouse import load as wload
from baogao.warehouse import query, validation
from baogao.warehouse.db import connect, create_views, held_open, one_thread
from baogao.warehouse.publish import catch_up, publish

EXIT_OK = 0
EXIT_QUARANTINED = 3
EXIT_DQ_FAILED = 4
# a batch is loaded again without its failing reports; a third failure means the tracing itself is wrong
MAX_LOAD_ATTEMPTS = 3


@dataclass
class LoadOutcome:
    loaded: list[str] = field(default_factory=list)  # document ids
    rejected: dict[str, str] = field(default_factory=dict)  # document id -> reason
    rows_added: dict[str, int] = field(default_factory=dict)
    dq_rows: list[dict] = field(default_factory=list)
    pages: dict[str, Validation] = field(default_factory=dict)  # suite -> the validation its Data Docs page shows


def _keep_page(pages: dict, suite: str, checked: Validation) -> None:
    """Keep one validation per suite for a run's Data Docs: a failing one wins over a passing one."""
    if suite not in pages or checked.passed <= pages[suite].passed:
        pages[suite] = checked


# Crash tests name a stage in BAOGAO_FAULT_AT and the run kills its process group (SIGKILL, as
# `kill -9` of the job would, parse workers included) on reaching it: the guarantees (no file lost,
# each document once, a complete run log) must hold whichever stage a kill hits.
FAULT_STAGES = ("claim", "parse", "validate", "load", "record", "publish")


def _reached(stage: str) -> None:
    if os.environ.get("BAOGAO_FAULT_AT") == stage:
        os.killpg(os.getpgid(0), signal.SIGKILL)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@task(cache_policy=NONE)
def claim_inbox(home: Home, settle_seconds: float, max_file_bytes: int) -> tuple[list, dict]:
    """Return files a dead run left behind to the inbox, then claim every settled inbox file."""
    if inbox.recover(home) or home.warehouse.exists():
        close_dead_runs(home)
    return inbox.claim(home, settle_seconds, max_file_bytes)


def close_dead_runs(home: Home) -> None:
    """A run still marked running was killed or crashed (the lock is ours now): it is logged as failed,
    with what its committed batches loaded, which stays."""
    con = connect(home.warehouse)
    try:
        con.execute("update fact_ingest_run set status = 'failed', finished_at = coalesce(finished_at, ?), "
                    "message = 'stopped before it finished (killed or crashed); the batches it committed are kept, "
                    "its other files went back to the inbox' where status = 'running'", [_now()])
    finally:
        con.close()


@task(retries=2, retry_delay_seconds=[1, 5], cache_policy=NONE)
def read_batch(home: Home, paths: list, in_flight: set[str] = frozenset()) -> tuple[list[SourceFile], list[SourceFile]]:
    """The batch's files read, and those of them not loaded yet (the parser's work).

    A file is already loaded when the warehouse holds its bytes (by their sha256), or an earlier
    file of this batch or of the run's earlier batches (``in_flight``) has them.
    """
    files = [inbox.read(p) for p in paths]
    con = connect(home.warehouse)
    try:
        known = wload.known_sha256(con, [f.sha256 for f in files])
    finally:
        con.close()
    new, seen = [], set(known) | set(in_flight)
    for f in files:
        if f.sha256 not in seen:
            new.append(f)
        seen.add(f.sha256)
    return files, new


@task(cache_policy=NONE)
def parse_chunk(items: list[tuple[str, bytes]], cache_dir: str, phrases: list[str]) -> list:
    """Parse a chunk of files where the task runner puts it (a Dask worker); the segmenter loads once per worker.

    It loads from the dictionary caches of the worker's own machine, the home's where it has none.
    The home's learned phrases travel with the chunk: the worker may not see the home.
    """
    from baogao.home import user_cache
    from baogao.transforms import tokens

    own = user_cache()
    tokens.init(str(own) if own else cache_dir)
    known = tokens.KnownPhrases(phrases) if phrases else None
    return [workers.parse_one(name, data, known) for name, data in items]


def submit_parse(files: list[SourceFile], parser: workers.Parser) -> workers.Pending:
    """Hand a batch to the workers (this machine's, or the flow's task runner's) and return at once."""
    items = [(f.name, f.data) for f in files]
    if parser.distributed and items:
        chunks = [items[i:i + workers.CHUNK] for i in range(0, len(items), workers.CHUNK)]
        phrases = workers.read_phrases(parser.phrases)
        futures = parse_chunk.map(chunks, cache_dir=parser.cache_dir, phrases=unmapped(phrases))
        return workers.Pending(r for future in futures for r in future.result())
    return parser.submit(items)


@task(cache_policy=NONE)
def parse_files(home: Home, files: list[SourceFile], new: list[SourceFile], pending: workers.Pending
                ) -> tuple[list[ParsedReport], dict[str, str], set]:
    """The batch, parsed: (reports, reasons of the files that cannot be read, by sha256, files still being written).

    A file that changed since it was read, or that a writer holds open, was taken mid-write: it
    goes back to the inbox to settle, and what was read of it is not returned. Looked for once
    the parse is done, which is what a write under way had to finish in.
    """
    parsed, rejected = [], {}
    for f, result in zip(new, pending.results()):
        if isinstance(result, str):
            rejected[f.sha256] = result
        else:
            parsed.append(result)
    unsettled = {f.path for f in files if f.changed()}
    unsettled |= inbox.open_for_writing([f.path for f in files if f.path not in unsettled])
    for path in unsettled:
        if path.exists():
            inbox.unclaim(home, path)
    if unsettled:
        kept = {f.sha256 for f in new if f.path not in unsettled}
        parsed = [p for p in parsed if p.document["sha256"] in kept]
    return parsed, rejected, unsettled


def combine(parsed: list[ParsedReport]) -> dict[str, pl.DataFrame]:
    """One frame per warehouse table for the whole batch, but the search index (``load_and_validate`` makes it)."""
    return tables(parsed, search=False)


@task(cache_policy=NONE)
def load_and_validate(home: Home, parsed: list[ParsedReport], run_id: str, run: dict | None = None) -> LoadOutcome:
    """Load the batch in one transaction, validate what it added, commit only what passes.

    A critical failure is traced to the documents whose own rows fail; the transaction is rolled
    back and the batch loaded again without them, so a bad report never holds back a good one.
    The run's row (``run``, status running) is written in the same transaction: a run killed
    after a load leaves no fact naming a run the log does not know.
    """
    outcome = LoadOutcome()
    batch = list(parsed)
    con = connect(home.warehouse)
    indexer = ThreadPoolExecutor(1, thread_name_prefix="search-index")
    try:
        for _attempt in range(MAX_LOAD_ATTEMPTS):
            if not batch:
                break
            frames = combine(batch)
            ids = [p.document_id for p in batch]
            # The search index has no checks: it is worked out on a thread while the other tables are
            # inserted and their rows checked, and goes into the same transaction once those rows are
            # read, while Great Expectations still checks them.
            postings = indexer.submit(search_index.postings, frames["fact_sentence"])
            con.begin()
            rows = wload.insert_frames(con, frames, run_id, _now())
            create_views(con, temporary=True)

            def index(rows=rows, postings=postings) -> None:
                rows["fact_sentence_gram"] = wload.insert_search_index(con, postings.result())

            dq_rows, bad, pages = _validate(con, ids, run_id, then=index)
            for suite, checked in pages.items():
                _keep_page(outcome.pages, suite, checked)
            failed = [r for r in dq_rows if r["is_critical"] and not r["success"]]
            _reached("validate")
            if not failed:
                if run:  # the files loaded before this batch, and this batch's
                    wload.record_run(con, {**run, "files_loaded": run.get("files_loaded", 0) + len(ids)})
                con.commit()
                outcome.loaded, outcome.rows_added = ids, rows
                outcome.dq_rows.extend(dq_rows)
                break
            con.rollback()
            outcome.dq_rows.extend(dq_rows)
            if not bad:  # rows of several documents that fail only together: none of them can be trusted
                names = {f"{r['suite']}.{r['expectation']}({r['column_name']})" for r in failed}
                bad = dict.fromkeys(ids, names)
            for doc_id, names in bad.items():
                outcome.rejected[doc_id] = _dq_reason(names)
            batch = [p for p in batch if p.document_id not in bad]
        else:
            for p in batch:
                outcome.rejected.setdefault(p.document_id, "failed data-quality checks again after its batch was "
                                                           "reloaded without the failing reports")
        wload.record_dq_results(con, outcome.dq_rows)
    finally:
        indexer.shutdown(cancel_futures=True)
        con.close()
    return outcome


def _dq_reason(names: set[str]) -> str:
    return (f"failed data-quality checks: {', '.join(sorted(names))}; the parser produced rows that do not hold "
            f"up, report it with this file and drop the file again after upgrading baogao")


def _validate(con, ids: list[str], run_id: str, then=None
              ) -> tuple[list[dict], dict[str, set[str]], dict[str, Validation]]:
    """Check the rows these documents added; which documents' own rows fail critical expectations, and why.

    ``then`` runs on the connection once every suite's rows are read, while they are still checked.
    """
    rows, bad, pages = [], {}, {}
    texts = None  # the documents' texts, which the offsets of later views are checked against

    def rows_of(suite: str):
        nonlocal texts  # one reading thread, suite after suite: the texts are read before the views that need them
        if suite == "v_document_text":
            texts = validation.document_texts(con, ids)
        return validation.new_rows(con, suite, ids, runner.columns(suite), texts)

    with _read_ahead(DOCUMENT_SUITES, rows_of, then) as read:
        for suite, frame in read:
            checked = runner.validate(suite, frame, run_id)
            rows.extend(checked.rows)
            pages[suite] = checked
            if checked.critical_failed:
                for doc_id, names in runner.failing_documents(suite, frame).items():
                    bad.setdefault(doc_id, set()).update(names)
            del frame  # a view's rows can be large: gone once checked, not when the next arrive
    return rows, bad, pages


@contextlib.contextmanager
def _read_ahead(suites, rows_of, then=None) -> Iterator[Iterator[tuple[str, object]]]:
    """Each suite with ``rows_of(suite)``, in order; the rows read a suite ahead, on a thread of their own.

    DuckDB reads the next view's rows without the interpreter lock while Great Expectations checks
    the current one's with it. Only that thread queries the connection ``rows_of`` reads until the
    block ends; rows not yet read then are not read. ``then``, if given, runs on that thread after
    the last read; the block ends once it has, raising its error.
    """
    reader = ThreadPoolExecutor(1, thread_name_prefix="dq-rows")
    try:
        read = reader.map(rows_of, suites)
        after = reader.submit(then) if then is not None else None
        yield zip(suites, read)
        if after is not None:
            after.result()
    finally:
        reader.shutdown(cancel_futures=True)  # and waits for a read under way, before the connection is used again


@task(cache_policy=NONE)
def check_across_documents(home: Home, document_ids: list[str], run_id: str) -> tuple[list[dict], dict[str, Validation]]:
    """Check the cross-document views where the run's documents count, once per run; results are warnings.

    Their rows are aggregates over many reports: a failing one can hold no report back, so they
    are checked after the batches are committed, not inside each batch's transaction.
    """
    con = connect(home.warehouse)
    try:
        create_views(con, temporary=True)
        return _check_and_record(con, CROSS_DOCUMENT_SUITES, run_id,
                                 lambda suite: validation.new_rows(con, suite, document_ids, runner.columns(suite)))
    finally:
        con.close()


def _check_and_record(con, suites, run_id: str, rows_of) -> tuple[list[dict], dict[str, Validation]]:
    """Validate ``rows_of(suite)`` with each suite, read ahead, and record the results: (result rows, Data Docs pages)."""
    rows, pages = [], {}
    with _read_ahead(suites, rows_of) as read:
        for suite, frame in read:
            checked = runner.validate(suite, frame, run_id)
            del frame
            rows.extend(checked.rows)
            pages[suite] = checked
    wload.record_dq_results(con, rows)
    return rows, pages


@task(cache_policy=NONE)
def record_run(home: Home, run: dict) -> tuple[list[dict], dict[str, Validation]]:
    """Write the run log, then check the run's own rows with the run-log suites; rows and Data Docs pages."""
    con = connect(home.warehouse)
    try:
        wload.record_run(con, run)
        create_views(con, temporary=True)

        def rows_of(suite: str):
            frame = validation.run_rows(con, suite, run["run_id"])
            if suite == "v_ingest_runs":
                frame["files_accounted"] = frame["files_loaded"] + frame["files_skipped"] + frame["files_quarantined"]
            return frame

        return _check_and_record(con, RUN_SUITES, run["run_id"], rows_of)
    finally:
        con.close()


@task(cache_policy=NONE)
def write_data_docs(home: Home, run_id: str, pages: dict[str, Validation]) -> str:
    """Keep the run's Great Expectations Data Docs under the home: a page per suite and an index."""
    from baogao.expectations import docs

    folder = home.data_docs / run_id
    folder.mkdir(parents=True, exist_ok=True)
    for suite, checked in pages.items():
        (folder / f"{suite}.html").write_text(checked.page, encoding="utf-8")
    (folder / "index.html").write_text(docs.index(run_id, {s: c.passed for s, c in pages.items()}), encoding="utf-8")
    data_docs.prune(home.data_docs, settings.DATA_DOCS_RUNS, keep_run=run_id)
    return str(folder / "index.html")


@task(cache_policy=NONE)
def publish_warehouse(home: Home) -> str:
    _reached("publish")
    con = connect(home.warehouse)
    try:
        publish(con, home.published, checkpoint_warehouse=True)  # the run's last: nothing is written after it
    finally:
        con.close()
    return str(home.published)


@task(cache_policy=NONE)
def learn_phrases(home: Home) -> int:
    """Write the phrases several reports quote to the home, for the next run's parse to keep whole.

    A file the next run reads before its workers start, so the phrases reach them without the
    warehouse; losing it costs nothing but those terms, so a write that fails only warns.
    """
    con = connect(home.warehouse)
    try:
        phrases = query.corpus_phrases(con, settings.PHRASE_MIN_REPORTS)
    finally:
        con.close()
    partial = home.learned_phrases.with_name(home.learned_phrases.name + ".partial")
    try:
        partial.write_text("".join(f"{p}\n" for p in phrases), encoding="utf-8")
        os.replace(partial, home.learned_phrases)
    except OSError as exc:
        get_run_logger().warning(f"{home.learned_phrases}: not written ({exc}); the next run keeps the phrases it has")
        return 0
    return len(phrases)


@task(cache_policy=NONE)
def catch_up_published(home: Home, run_id: str, loaded: bool = False) -> str | None:
    """Bring the spare published copy up to date with what the run has committed so far; readers see no change."""
    con = connect(home.warehouse)
    try:
        caught_up = catch_up(con, home.published, open_run=run_id, loaded=loaded)
    finally:
        con.close()
    return str(caught_up) if caught_up else None


class _Meanwhile:
    """Runs tasks one after another in a thread beside the flow's own work; leaving the block waits for them.

    A failure is logged, not raised: what they do ahead of time is done again where it belongs.
    """

    def __init__(self, logger):
        self.logger, self._thread, self._errors = logger, None, []
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()

    def __enter__(self) -> Self:
        return self

    def start(self, task_, *args) -> None:
        # in the flow run's context as it is now, so that each is one of the flow's tasks
        self._tasks.put((task_, args, contextvars.copy_context()))
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="meanwhile")
            self._thread.start()

    def wait(self) -> None:
        """Return once the tasks started so far are done."""
        if self._thread is not None:
            done = threading.Event()
            self._tasks.put((done.set, (), contextvars.copy_context()))
            done.wait()

    def _run(self) -> None:
        while (item := self._tasks.get()) is not None:
            task_, args, context = item
            try:
                context.run(task_, *args)
            except Exception as exc:  # noqa: BLE001
                self._errors.append((task_.__name__, exc))

    def __exit__(self, exc_type, *exc) -> None:
        if self._thread is not None:
            self._tasks.put(None)
            self._thread.join()
            after = "the next run's publish" if exc_type else "the publish"
            for name, error in self._errors:
                self.logger.warning("%s failed (%s: %s); %s does its work instead", name,
                                    type(error).__name__, error, after)


@flow(name="baogao-ingest")
def ingest(home: str | None = None, settle_seconds: float = settings.SETTLE_SECONDS,
           max_file_mb: float = settings.MAX_FILE_MB, distributed: bool = False) -> dict:
    """Load every settled file of the inbox into the warehouse and publish the views.

    Args:
        home: the home folder (default: $BAOGAO_HOME, else ~/baogao).
        settle_seconds: a file is taken once it has not changed for this long.
        max_file_mb: larger files are quarantined unread.
        distributed: parse through the flow's task runner (a Dask cluster, see ``with_dask``) instead of
            this machine's worker processes; the single DuckDB writer stays here.

    Returns:
        The run summary: files loaded, skipped and quarantined, rows added, data quality, exit code.
    """
    h = resolve(home).ensure()
    logger = get_run_logger()
    with inbox.ingest_lock(h):
        run_id = uuid.uuid4().hex[:12]
        started = _now()
        try:
            return _ingest(h, run_id, started, logger, settle_seconds, settings.megabytes(max_file_mb), distributed)
        except inbox.NotEnoughSpace:
            raise  # refused before it began: nothing to record, and no room to record it
        except Exception as exc:
            _record_failure(h, run_id, started, exc)
            raise


def _record_failure(h: Home, run_id: str, started: datetime, exc: Exception) -> None:
    """Leave a trace of a run that died, keeping what its committed batches loaded; its unsettled files
    stay in processing/ and go back to the inbox next run."""
    try:
        con = connect(h.warehouse)
    except duckdb.Error:
        return  # a warehouse that cannot be opened (a full disk) keeps the failure's own error the one reported
    try:
        so_far = con.execute("select files_seen, files_loaded, files_skipped, files_quarantined, rows_added "
                             "from fact_ingest_run where run_id = ?", [run_id]).fetchone()
        seen, loaded, skipped, quarantined, rows = so_far or (0, 0, 0, 0, None)
        wload.record_run(con, {"run_id": run_id, "started_at": started, "finished_at": _now(), "files_seen": seen,
                               "files_loaded": loaded, "files_skipped": skipped, "files_quarantined": quarantined,
                               "rows_added": json.loads(rows) if rows else {},
                               "status": "failed", "message": f"{type(exc).__name__}: {exc}"})
    except duckdb.Error:
        pass  # likewise: the run's own error is what the user is told
    finally:
        con.close()


@dataclass
class _Totals:
    """What the batches of one run add up to."""

    loaded: list[str] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)  # of the documents loaded
    skipped: list[str] = field(default_factory=list)
    quarantined: list[dict] = field(default_factory=list)
    rows_added: dict[str, int] = field(default_factory=dict)
    dq_rows: list[dict] = field(default_factory=list)
    dq_failed: bool = False
    taken: set = field(default_factory=set)  # quarantine names planned in this run
    pages: dict[str, Validation] = field(default_factory=dict)  # suite -> the validation its Data Docs page shows
    in_flight: set[str] = field(default_factory=set)  # sha256 of the files handed to the parser
    failed: dict[str, str] = field(default_factory=dict)  # sha256 -> why that file was quarantined
    run: dict = field(default_factory=dict)  # the run's row as it stands, written with every batch's load


@dataclass
class _Batch:
    files: list[SourceFile]
    new: list[SourceFile]
    pending: workers.Pending


def _ingest(h: Home, run_id: str, started: datetime, logger, settle_seconds: float, max_file_bytes: int,
            distributed: bool = False) -> dict:
    inbox.check_free_space(h, settings.MIN_FREE_MB, settings.SPACE_PER_REPORT_BYTE)
    corrected, warnings = apply_manifest(h)
    for warning in warnings:
        logger.warning("%s", warning)
    claimed, refused = claim_inbox(h, settle_seconds, max_file_bytes)
    _reached("claim")
    if not claimed and not refused:
        if corrected or _stale(h):
            publish_warehouse(h)
        return {**_summary(run_id, "succeeded", [], [], [], {}, [], str(h.published)), "warnings": warnings}
    if claimed:
        # while the first batch parses: Great Expectations, and the IDF table each batch's dim_term reads
        runner.warm_up(DATA_SUITES + RUN_SUITES)
        threading.Thread(target=tokens.bundled_idf, name="idf-warm-up", daemon=True).start()
    with held_open(h.warehouse) as held:  # checkpointed as WAL gathers and at the end, not after every batch
        return {**_load(h, held, run_id, started, logger, claimed, refused, distributed), "warnings": warnings}


@task(cache_policy=NONE)
def apply_manifest(home: Home) -> tuple[bool, list[str]]:
    """Bring the metadata corrections in the inbox's metadata.csv into the warehouse.

    Returns whether they changed, and a one-line warning for each value left out. Without the file
    there are no corrections: removing it undoes them.
    """
    path = home.inbox / manifest.NAME
    read = manifest.read(path.read_bytes()) if path.is_file() else manifest.Manifest([], [])
    con = connect(home.warehouse)
    try:
        changed = wload.replace_overrides(con, read.rows, _now())
    finally:
        con.close()
    return changed, read.errors


def _load(h: Home, held: duckdb.DuckDBPyConnection, run_id: str, started: datetime, logger, claimed: list, refused: dict,
          distributed: bool) -> dict:
    totals = _Totals(run={"run_id": run_id, "flow_run_id": str(flow_run.get_id() or ""), "started_at": started,
                          "files_seen": len(claimed) + len(refused), "status": "running"})
    batches = batch_plan.plan(claimed)
    with _Meanwhile(logger) as meanwhile:
        with Progress(len(claimed), "loading") as advance, \
                workers.Parser(str(h.cache), distributed, str(h.learned_phrases)) as parser, \
                one_thread(held) as every_core:  # the parse workers have the other cores
            handed = deque([_start_batch(h, batches[0], parser, totals)])  # batches the workers have
            to_hand = deque(batches[1:])
            for number, batch in enumerate(batches):
                current = handed.popleft()
                # the workers parse ahead while this batch loads and validates: the next batch, and
                # more while fewer than BATCH_FILES files wait (the first loads are short of files)
                while to_hand and (not handed or sum(len(b.files) for b in handed) < batch_plan.BATCH_FILES):
                    handed.append(_start_batch(h, to_hand.popleft(), parser, totals))
                if number and not handed:
                    # the workers are done: their cores go to DuckDB, and on them the spare published copy
                    # takes in the earlier batches while the last one loads, so that the publish adds that one alone
                    every_core()
                    meanwhile.start(catch_up_published, h, run_id)
                _ingest_batch(h, current, refused if number == 0 else {}, run_id, totals, logger, first=number == 0)
                advance(len(batch))
        # every report is in: the spare copy takes in the last batch (or, at a first publish, the
        # warehouse's bytes are laid as a copy) beside the checks across documents
        meanwhile.start(catch_up_published, h, run_id, True)
        if totals.document_ids:
            cross_rows, cross_pages = _check_across(h, totals.document_ids, run_id, meanwhile, logger)
            totals.dq_rows.extend(cross_rows)
            for suite, checked in cross_pages.items():
                _keep_page(totals.pages, suite, checked)
        status = "dq_failed" if totals.dq_failed else "quarantined" if totals.quarantined else "succeeded"
        run = {
            "run_id": run_id, "flow_run_id": str(flow_run.get_id() or ""), "started_at": started,
            "finished_at": _now(), "files_seen": len(claimed) + len(refused), "files_loaded": len(totals.loaded),
            "files_skipped": len(totals.skipped), "files_quarantined": len(totals.quarantined),
            "rows_added": totals.rows_added, "status": status,
            "message": "; ".join(f"{q['file_name']}: {q['reason']}" for q in totals.quarantined) or None,
        }
        _reached("record")
        run_rows, run_pages = record_run(h, run)
        dq_rows = totals.dq_rows + run_rows
    # the Data Docs drawn and the phrases learned on a thread while the publish copies, in DuckDB
    # for the most part, without the interpreter lock; neither reads the copies
    with ThreadPoolExecutor(1, thread_name_prefix="beside-publish") as beside:
        drawn = beside.submit(contextvars.copy_context().run, write_data_docs, h, run_id,
                              opaque({**totals.pages, **run_pages}))
        learned = beside.submit(contextvars.copy_context().run, learn_phrases, h)
        published = publish_warehouse(h)
        drawn.result()  # their errors, raised here as the run's own
        learned.result()
    return _summary(run_id, status, totals.loaded, totals.skipped, totals.quarantined, totals.rows_added, dq_rows,
                    published)


def _check_across(h: Home, document_ids: list[str], run_id: str, meanwhile: _Meanwhile, logger
                  ) -> tuple[list[dict], dict[str, Validation]]:
    """The checks across documents, beside the work done meanwhile; alone if together they run out of memory.

    DuckDB's memory cap is the warehouse's, shared by every connection: on a large first load the
    warehouse's checkpoint, which lays the spare copy meanwhile, can take what a check's aggregate
    needs. The check is then run again once that work is done. Its results are warnings: where it
    still cannot run, the run's reports stay loaded and are published without them.
    """
    try:
        return check_across_documents(h, opaque(document_ids), run_id)
    except duckdb.OutOfMemoryException:
        meanwhile.wait()
    try:
        return check_across_documents(h, opaque(document_ids), run_id)
    except duckdb.OutOfMemoryException as exc:
        logger.warning("the checks across documents ran out of memory (%s); the reports are loaded and published "
                       "without them: set BAOGAO_DUCKDB_MEMORY higher to have them", str(exc).splitlines()[0])
        return [], {}


def _start_batch(h: Home, claimed: list, parser: workers.Parser, totals: _Totals) -> _Batch:
    """Read a batch, set aside what is already loaded, and hand the rest to the parser."""
    files, new = read_batch(h, opaque(claimed), opaque(totals.in_flight))
    totals.in_flight.update(f.sha256 for f in new)
    return _Batch(files, new, submit_parse(new, parser))


def _ingest_batch(h: Home, batch: _Batch, refused: dict, run_id: str, totals: _Totals, logger,
                  first: bool = True) -> None:
    files, new = batch.files, batch.new
    parsed, unreadable, unsettled = parse_files(h, opaque(files), opaque(new), batch.pending)
    _reached("parse")
    totals.run.update(files_loaded=len(totals.loaded), files_skipped=len(totals.skipped),
                      files_quarantined=len(totals.quarantined), rows_added=totals.rows_added)
    if unsettled:
        files = [f for f in files if f.path not in unsettled]
        new = [f for f in new if f.path not in unsettled]
        for path in unsettled:
            logger.info("%s changed while it was read: back to the inbox to settle", path.name)
    outcome = load_and_validate(h, opaque(parsed), run_id, opaque(totals.run))
    _reached("load")

    by_doc = {p.document_id: p for p in parsed}
    loaded_sha = {by_doc[d].document["sha256"] for d in outcome.loaded}
    totals.document_ids.extend(outcome.loaded)
    reasons = dict(unreadable)
    reasons.update({by_doc[d].document["sha256"]: r for d, r in outcome.rejected.items()})
    totals.failed.update(reasons)
    reasons = totals.failed  # a copy of a file an earlier batch quarantined goes the same way
    new_paths = {f.path for f in new}
    # decide every file's place, record it, and only then move: a kill leaves nothing unrecorded
    quarantined = [inbox.plan_quarantine(h, path, reason, None, run_id, totals.taken)
                   for path, reason in refused.items()]
    to_archive = []
    for f in files:
        if f.sha256 in reasons:
            # the file failed, or it repeats in this batch the bytes of one that failed
            quarantined.append(inbox.plan_quarantine(h, f.path, reasons[f.sha256], f.sha256, run_id, totals.taken))
            continue
        to_archive.append(f)
        if f.path in new_paths and f.sha256 in loaded_sha:
            totals.loaded.append(f.name)
        else:
            totals.skipped.append(f.name)
    record = bool(quarantined) or first  # the first batch also forgets files taken out of quarantine since the last run
    if record:
        totals.run.update(files_quarantined=len(totals.quarantined) + len(quarantined))
    place_files(h, opaque(to_archive), opaque(quarantined), opaque(totals.run) if record else None)
    for q in quarantined:
        logger.warning("quarantined %s: %s", q["file_name"], q["reason"])
    totals.quarantined.extend(quarantined)
    for table, n in outcome.rows_added.items():
        totals.rows_added[table] = totals.rows_added.get(table, 0) + n
    totals.dq_rows.extend(outcome.dq_rows)
    for suite, checked in outcome.pages.items():
        _keep_page(totals.pages, suite, checked)
    totals.dq_failed = totals.dq_failed or bool(outcome.rejected)


@task(cache_policy=NONE)
def place_files(home: Home, to_archive: list[SourceFile], quarantined: list[dict], run: dict | None = None) -> None:
    """Move loaded and skipped files to archive/ (the bytes loaded), refused ones to quarantine/ with their sidecars.

    With ``run`` (the run's row as it stands), the quarantine list is written first as it will be once
    the files have moved, with that row: a run killed while they move leaves nothing unrecorded.
    """
    if run is not None:
        con = connect(home.warehouse)
        try:
            present = [r["path_text"] for r in inbox.quarantined(home)]
            wload.record_quarantine(con, quarantined, present + [q["quarantine_path"] for q in quarantined], run)
        finally:
            con.close()
    for source in to_archive:
        inbox.archive(home, source)
    for row in quarantined:
        inbox.quarantine(row)


def _stale(h: Home) -> bool:
    """The published copy is missing or older than the warehouse (a run died before publishing)."""
    if not h.published.exists():
        return True
    return h.warehouse.exists() and h.warehouse.stat().st_mtime > h.published.stat().st_mtime


def _summary(run_id, status, loaded, skipped, quarantined, rows_added, dq_rows, published) -> dict:
    failed = [f"{r['suite']}.{r['expectation']}({r['column_name']})" for r in dq_rows if not r["success"]]
    critical = any(r["is_critical"] and not r["success"] for r in dq_rows)
    exit_code = EXIT_DQ_FAILED if critical else EXIT_QUARANTINED if quarantined else EXIT_OK
    return {
        "run_id": run_id,
        "status": status,
        "files_loaded": loaded,
        "files_skipped": skipped,
        "files_quarantined": [{"file": q["file_name"], "reason": q["reason"], "path": q["quarantine_path"]}
                              for q in quarantined],
        "rows_added": rows_added,
        "data_quality": {"expectations": len(dq_rows), "failed": failed, "critical_failure": critical},
        "published": published,
        "exit_code": exit_code,
    }


def with_dask(address: str | None = None, n_workers: int = 2):
    """The ingest flow with its parse stage on Dask: the cluster at ``address``, else a LocalCluster."""
    from prefect_dask import DaskTaskRunner

    runner = (DaskTaskRunner(address=address) if address else
              DaskTaskRunner(cluster_kwargs={"n_workers": n_workers, "threads_per_worker": 1, "processes": True}))
    return ingest.with_options(task_runner=runner)
