"""The ingest flow end to end: a real Prefect flow run, real DuckDB files, real GE suites."""

import dataclasses
import importlib
import json
import os
import re
import shutil
from contextlib import closing

import duckdb
import pytest

from baogao.expectations import SUITES
from baogao.transforms import indicators
from baogao.warehouse.db import table_sql
from baogao.warehouse.load import DOCUMENT_TABLES
from tests.conftest import DEMO, DIFFERENT_REPORTS, SAMPLE

pytestmark = pytest.mark.slow


def run(home, **params):
    from baogao.flows.ingest import ingest

    return ingest(home=str(home.root), **{"settle_seconds": 0, **params})


def published(home):
    return duckdb.connect(str(home.published), read_only=True)


def counts(home):
    con = published(home)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in DOCUMENT_TABLES}
    finally:
        con.close()


def test_sample_lands_with_gold_outline_and_values_and_loads_once(
        prefect_server, home, sample_bytes, gold_sections, gold_indicators):
    (home.inbox / SAMPLE.name).write_bytes(sample_bytes)
    shutil.copy(DEMO, home.inbox / "report(3).txt")
    summary = run(home)
    assert summary["exit_code"] == 0 and summary["status"] == "succeeded"
    assert sorted(summary["files_loaded"]) == sorted([SAMPLE.name, "report(3).txt"])
    assert not summary["data_quality"]["critical_failure"]
    assert sorted(p.name for p in home.archive.iterdir()) == sorted([SAMPLE.name, "report(3).txt"])
    assert list(home.inbox.iterdir()) == [] and list(home.processing.iterdir()) == []

    con = published(home)
    doc_id = con.execute("select document_id from v_documents where file_name = ?", [SAMPLE.name]).fetchone()[0]
    sections = con.execute(
        "select level, label, title from v_sections where document_id = ? and level <= 2 order by ordinal",
        [doc_id]).fetchall()
    assert [{"level": l, "label": b, "title": t} for l, b, t in sections] == gold_sections
    assert len(sections) == 24
    rows = con.execute(
        "select source_char_start, normalized_value, unit from v_indicators where document_id = ?", [doc_id]).fetchall()
    found = {(s, v, u) for s, v, u in rows}
    gold = {(g["offset"], float(g["normalized"]), g["unit"]) for g in gold_indicators}
    assert len(found & gold) / len(gold) >= 0.97
    assert con.execute("""
        select value, scale, normalized_value, unit, qualifier, kind from v_indicators
        where document_id = ? and raw_text = '815.33万人次'""", [doc_id]).fetchone() == (
        815.33, 10000, 8153300, "人次", "累计", "count")
    assert con.execute("""
        select count(*) from v_indicators i join v_document_text t using (document_id)
        where substring(t.text, i.char_start + 1, i.char_end - i.char_start) <> i.raw_text""").fetchone()[0] == 0
    meta = con.execute("select issuer, admin_level, report_year, report_type, has_paid_segment from v_documents "
                       "where document_id = ?", [doc_id]).fetchone()
    assert meta == ("XX区委", "区", 2023, "全面从严治党主体责任", True)
    dq = con.execute("select count(*), count(*) filter (where not success and is_critical) from v_dq_results "
                     "where run_id = ?", [summary["run_id"]]).fetchone()
    every = sum(len(importlib.import_module(f"baogao.expectations.{v}").build().expectations) for v in SUITES)
    assert dq == (every, 0)  # each expectation of each suite once, none critical failing
    assert con.execute("select status, files_loaded from v_ingest_runs").fetchall() == [("succeeded", 2)]
    con.close()
    # the run's Data Docs: a Great Expectations page per suite and an index, readable offline
    docs = home.data_docs / summary["run_id"]

    assert sorted(p.stem for p in docs.glob("v_*.html")) == sorted(SUITES)
    page = (docs / "v_indicators.html").read_text(encoding="utf-8")
    assert "expect_column_pair_values_to_be_equal" in page or "raw_text" in page
    assert not re.search(r'(href|src)="https?://[^"]*\.(css|js)', page) and "<style>" in page
    assert "v_indicators</a>: passed" in (docs / "index.html").read_text(encoding="utf-8")

    before = counts(home)
    assert before["fact_indicator"] == 142 + 43  # the sample's figures and the demo's
    (home.inbox / "copy of sample.txt").write_bytes(sample_bytes)
    again = run(home)
    assert again["exit_code"] == 0
    assert again["files_loaded"] == [] and again["files_skipped"] == ["copy of sample.txt"]
    assert counts(home) == before


def test_corrupted_batch_fails_quality_and_published_views_keep_the_last_good_state(
        prefect_server, home, sample_bytes, monkeypatch):
    shutil.copy(DEMO, home.inbox / "demo.txt")
    assert run(home)["exit_code"] == 0
    good = counts(home)

    real_extract = indicators.extract

    def shifted(*args):  # a parser bug: offsets one character off
        return [dataclasses.replace(i, char_start=i.char_start + 1, char_end=i.char_end + 1)
                for i in real_extract(*args)]

    monkeypatch.setattr(indicators, "extract", shifted)
    (home.inbox / "sample.txt").write_bytes(sample_bytes)
    summary = run(home)
    assert summary["exit_code"] == 4 and summary["status"] == "dq_failed"
    assert "v_indicators.expect_column_pair_values_to_be_equal(raw_text,text_at_offsets)" in summary["data_quality"]["failed"]
    assert counts(home) == good
    assert (home.quarantine / "sample.txt").exists()
    reason = json.loads((home.quarantine / "sample.txt.reason.json").read_text(encoding="utf-8"))
    assert "v_indicators.expect_column_pair_values_to_be_equal" in reason["reason"]
    con = published(home)
    assert con.execute("select file_name from v_quarantine").fetchall() == [("sample.txt",)]
    failing = con.execute("select suite, column_name from v_dq_results where run_id = ? and not success",
                          [summary["run_id"]]).fetchall()
    assert ("v_indicators", "raw_text,text_at_offsets") in failing
    assert con.execute("select status from v_ingest_runs where run_id = ?", [summary["run_id"]]).fetchone() == ("dq_failed",)
    con.close()
    index = (home.data_docs / summary["run_id"] / "index.html").read_text(encoding="utf-8")
    assert "v_indicators</a>: FAILED" in index


def test_unreadable_files_go_to_quarantine_with_a_reason_and_the_rest_loads(prefect_server, home):
    shutil.copy(DEMO, home.inbox / "good.txt")
    (home.inbox / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (home.inbox / "empty.txt").write_bytes(b"")
    (home.inbox / "still-copying.txt.part").write_bytes(b"half")
    summary = run(home)
    assert summary["exit_code"] == 3 and summary["status"] == "quarantined"
    assert summary["files_loaded"] == ["good.txt"]
    reasons = {q["file"]: q["reason"] for q in summary["files_quarantined"]}
    assert set(reasons) == {"scan.txt", "empty.txt"}
    assert "run OCR first" in reasons["scan.txt"] and "empty" in reasons["empty.txt"]
    assert sorted(p.name for p in home.quarantine.iterdir()) == [
        "empty.txt", "empty.txt.reason.json", "scan.txt", "scan.txt.reason.json"]
    assert [p.name for p in home.inbox.iterdir()] == ["still-copying.txt.part"]
    assert counts(home)["dim_document"] == 1


def test_a_second_ingest_on_the_same_home_is_refused_while_one_runs(prefect_server, home):
    import subprocess
    import sys

    from baogao.flows.inbox import IngestBusy

    shutil.copy(DEMO, home.inbox / "demo.txt")
    # another process holds the lock (within one process a nested hold only counts)
    hold = ("import fcntl, sys; fh = open(sys.argv[1], 'a+'); fcntl.flock(fh, fcntl.LOCK_EX); "
            "print('held', flush=True); sys.stdin.readline()")
    holder = subprocess.Popen([sys.executable, "-c", hold, str(home.lock)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(IngestBusy, match="another ingest is running"):
            run(home)
    finally:
        holder.kill()
        holder.wait()
    assert (home.inbox / "demo.txt").exists()


def test_a_parser_crash_on_one_file_quarantines_it_and_the_rest_loads(prefect_server, home, monkeypatch):
    from baogao.transforms import quotes

    real_slogans = quotes.slogans

    def fragile(text):
        if "南岭" in text:  # the city report alone
            raise IndexError("list index out of range")
        return real_slogans(text)

    monkeypatch.setattr(quotes, "slogans", fragile)
    shutil.copy(DEMO, home.inbox / "good.txt")
    shutil.copy(DIFFERENT_REPORTS[0], home.inbox / "odd.txt")
    summary = run(home)
    assert summary["exit_code"] == 3 and summary["files_loaded"] == ["good.txt"]
    (odd,) = summary["files_quarantined"]
    assert odd["file"] == "odd.txt"
    assert odd["reason"].startswith("baogao failed to read this file (IndexError: list index out of range)")


def test_same_name_with_new_bytes_is_a_new_version_and_the_newest_is_current(prefect_server, home, monkeypatch):
    from baogao import settings

    monkeypatch.setattr(settings, "DATA_DOCS_RUNS", 1)
    (home.inbox / "report.txt").write_bytes(DEMO.read_bytes())
    first = run(home)
    (home.inbox / "report.txt").write_bytes(DEMO.read_bytes().replace("３２次".encode(), "３３次".encode()))
    second = run(home)
    assert second["files_loaded"] == ["report.txt"]
    # only the newest run's Data Docs are kept; the older run's results stay in the warehouse
    assert [p.name for p in home.data_docs.iterdir()] == [second["run_id"]]
    with closing(published(home)) as con:
        assert con.execute("select count(*) > 0 from v_dq_results where run_id = ?", [first["run_id"]]).fetchone()[0]
    con = published(home)
    rows = con.execute("select version, is_current from v_documents where file_name = 'report.txt' "
                       "order by version").fetchall()
    assert rows == [(1, False), (2, True)]
    current = con.execute("select raw_text from v_indicators i join v_documents d using (document_id) "
                          "where d.is_current and i.context like '%专题学习%'").fetchall()
    assert current == [("33次",)]
    con.close()
    assert sorted(p.name for p in home.archive.iterdir()) == ["report.1.txt", "report.txt"]


def test_quarantine_list_and_retry_after_a_fix(prefect_server, home):
    from click.testing import CliRunner

    from baogao.cli import cli

    (home.inbox / "report.txt").write_bytes(b"\x89PNG\r\n\x1a\n....")
    assert run(home)["exit_code"] == 3
    listed = CliRunner().invoke(cli, ["quarantine", "list", "--home", str(home.root), "--format", "json"])
    (row,) = json.loads(listed.output)
    assert row["file"] == "report.txt" and "run OCR first" in row["reason"]
    # the user puts the OCRed text in place of the scan, then retries
    (home.quarantine / "report.txt").write_bytes(DEMO.read_bytes())
    retried = CliRunner().invoke(cli, ["quarantine", "retry", "--home", str(home.root), "report.txt"])
    assert retried.exit_code == 0, retried.output
    assert "files loaded:      1" in retried.output
    assert list(home.quarantine.iterdir()) == []
    con = published(home)
    assert con.execute("select count(*) from v_quarantine").fetchone()[0] == 0
    assert con.execute("select count(*) from v_documents").fetchone()[0] == 1
    con.close()
    missing = CliRunner().invoke(cli, ["quarantine", "retry", "--home", str(home.root), "nothing.txt"])
    assert missing.exit_code == 1 and "not in quarantine: nothing.txt" in missing.stderr


def test_a_full_inbox_is_loaded_in_batches_and_accounted_as_one_run(prefect_server, home, monkeypatch):
    from baogao.flows import batches
    from baogao.flows import ingest as flow_module
    from baogao.warehouse import publish as publish_module

    monkeypatch.setattr(batches, "BATCH_FILES", 2)
    caught_up = []  # (every report loaded, the reports the spare published copy held once it had caught up)

    def catch_up(con, published, open_run, loaded):
        copy = publish_module.catch_up(con, published, open_run, loaded)
        with closing(duckdb.connect(str(copy), read_only=True)) as reader:
            caught_up.append((loaded, reader.execute("select count(*) from dim_document").fetchall()[0][0]))
        return copy

    monkeypatch.setattr(flow_module, "catch_up", catch_up)
    shutil.copy(DIFFERENT_REPORTS[4], home.inbox / "earlier.txt")
    assert run(home)["exit_code"] == 0
    assert caught_up == [(True, 1)]  # one batch: the first copy is laid once it is in, beside the checks after it
    caught_up.clear()
    for i, report in enumerate(DIFFERENT_REPORTS[:4]):
        shutil.copy(report, home.inbox / f"r{i}.txt")
    (home.inbox / "r9-scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n....")
    summary = run(home)
    # batches of 2 and 3 files: the earlier report and the first two while the last batch loads, then all five
    assert caught_up == [(False, 3), (True, 5)]
    assert summary["exit_code"] == 3
    assert sorted(summary["files_loaded"]) == ["r0.txt", "r1.txt", "r2.txt", "r3.txt"]
    assert [q["file"] for q in summary["files_quarantined"]] == ["r9-scan.txt"]
    assert summary["rows_added"]["dim_document"] == 4
    con = published(home)
    assert con.execute("select files_seen, files_loaded, files_quarantined, status from v_ingest_runs "
                       "order by started_at").fetchall() == [(1, 1, 0, "succeeded"), (5, 4, 1, "quarantined")]
    assert con.execute("select count(*) from v_documents").fetchone()[0] == 5
    in_copy = {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in table_sql()}
    con.close()
    warehouse_con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        assert in_copy == {t: warehouse_con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in table_sql()}
    finally:
        warehouse_con.close()


def test_the_workers_get_batches_ahead_until_a_full_batch_waits(prefect_server, home, monkeypatch):
    """The first loads are short of files (and the first waits for Great Expectations): the workers
    are handed the batches after it until BATCH_FILES files wait, then one batch at a time."""
    from baogao.flows import batches
    from baogao.flows import ingest as flow_module

    monkeypatch.setattr(batches, "FIRST_BATCH_FILES", 1)
    monkeypatch.setattr(batches, "BATCH_FILES", 4)
    events = []
    start_batch, ingest_batch = flow_module._start_batch, flow_module._ingest_batch

    def handed(h, claimed, *args):
        events.append(f"hand {len(claimed)}")
        return start_batch(h, claimed, *args)

    def loaded(h, batch, *args, **kwargs):
        events.append(f"load {len(batch.files)}")
        return ingest_batch(h, batch, *args, **kwargs)

    monkeypatch.setattr(flow_module, "_start_batch", handed)
    monkeypatch.setattr(flow_module, "_ingest_batch", loaded)
    for i in range(11):
        (home.inbox / f"r{i:02d}.txt").write_bytes(DEMO.read_bytes().replace("云溪".encode(), f"云{i:02d}".encode()))
    summary = run(home)
    assert summary["exit_code"] == 0 and len(summary["files_loaded"]) == 11
    # batches of 1, 2, 4 and 4 files: three handed before the first load, the last when a batch is left
    assert events == ["hand 1", "hand 2", "hand 4", "load 1", "load 2", "hand 4", "load 4", "load 4"]


def test_prefect_never_walks_a_batch_and_still_links_each_task_to_the_one_it_came_from(
        prefect_server, home, monkeypatch):
    """Prefect walks every task argument, item by item, for futures and upstream results: for a batch of
    reports that was 0.8 s of the writer's time every 2,000 reports. The batches go as opaque values."""
    import polars as pl
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.utilities import collections

    from baogao.flows.inbox import SourceFile
    from baogao.transforms.parse import ParsedReport

    walked = []
    visit = collections.visit_collection

    def counting(expr, *args, **kwargs):
        walked.append(type(expr))
        return visit(expr, *args, **kwargs)

    monkeypatch.setattr(collections, "visit_collection", counting)
    for i in range(6):
        (home.inbox / f"r{i}.txt").write_bytes(DEMO.read_bytes().replace("云溪".encode(), f"云{i}".encode()))
    summary = run(home)
    assert summary["exit_code"] == 0 and len(summary["files_loaded"]) == 6
    # Prefect looked at the tasks' arguments, and never walked into a file (its name, path, bytes), a
    # parsed report or its frames: the batches go as opaque values
    assert str in walked
    assert not {SourceFile, bytes, ParsedReport, pl.DataFrame} & set(walked)
    with closing(published(home)) as con:
        flow_run_id = con.execute("select flow_run_id from v_ingest_runs").fetchone()[0]
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    by_id = {r.id: r for r in runs}
    (loaded,) = [r for r in runs if r.name.startswith("load_and_validate")]
    assert [by_id[i.id].name.split("-")[0] for i in loaded.task_inputs["parsed"]] == ["parse_files"]


def test_work_done_meanwhile_is_waited_for_and_its_failure_only_logged():
    import logging

    from baogao.flows.ingest import _Meanwhile

    logger = logging.getLogger("test-meanwhile")
    warned = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warned.append(record.getMessage())
    logger.addHandler(handler)
    done = []

    def slow_copy(n):
        import time

        time.sleep(0.2)
        done.append(n)

    with _Meanwhile(logger) as meanwhile:
        meanwhile.start(slow_copy, 7)
    assert done == [7]  # leaving the block waited for it

    def full_disk():
        raise OSError("No space left on device")

    try:
        with _Meanwhile(logger) as meanwhile:
            meanwhile.start(full_disk)
        with pytest.raises(KeyboardInterrupt), _Meanwhile(logger) as meanwhile:  # the run itself stops
            meanwhile.start(full_disk)
            raise KeyboardInterrupt
    finally:
        logger.removeHandler(handler)
    assert warned == ["full_disk failed (OSError: No space left on device); the publish does its work instead",
                      ("full_disk failed (OSError: No space left on device); the next run's publish does its work "
                       "instead")]


def test_batches_start_small_double_up_and_end_halving():
    from baogao.flows.batches import BATCH_FILES, FIRST_BATCH_FILES, TAIL_FILES
    from baogao.flows.batches import plan as _batches

    assert (FIRST_BATCH_FILES, BATCH_FILES, TAIL_FILES) == (200, 400, (256, 128, 64))
    assert [len(b) for b in _batches(list(range(2000)))] == [200, 400, 400, 552, 256, 128, 64]
    assert [len(b) for b in _batches(list(range(2500)))] == [200, 400, 400, 400, 400, 252, 256, 128, 64]
    assert [len(b) for b in _batches(list(range(633)))] == [200, 241, 128, 64]
    # a tail batch only where a whole first batch still comes before it
    assert [len(b) for b in _batches(list(range(295)))] == [231, 64]
    assert [len(b) for b in _batches(list(range(260)))] == [260]
    assert [len(b) for b in _batches(list(range(401)))] == [209, 128, 64]
    batches = _batches(list(range(2000)))
    assert [i for b in batches for i in b] == list(range(2000))  # every file once, in order
    assert _batches(list(range(3))) == [[0, 1, 2]] and _batches([]) == [[]]
    assert [f for batch in _batches(list(range(2000))) for f in batch] == list(range(2000))


def test_a_later_batch_parsed_before_an_earlier_one_loads_still_sees_its_copies(prefect_server, home, monkeypatch):
    import os

    from baogao.flows import batches

    monkeypatch.setattr(batches, "BATCH_FILES", 2)
    scan = b"\x89PNG\r\n\x1a\n...."
    files = [("r0.txt", DEMO.read_bytes()), ("r1-scan.txt", scan), ("r2-copy.txt", DEMO.read_bytes()),
             ("r3-scan-copy.txt", scan)]
    for i, (name, data) in enumerate(files):
        path = home.inbox / name
        path.write_bytes(data)
        os.utime(path, (1_700_000_000 + i, 1_700_000_000 + i))  # claimed in this order: two batches of two
    summary = run(home)
    assert summary["files_loaded"] == ["r0.txt"] and summary["files_skipped"] == ["r2-copy.txt"]
    quarantined = {q["file"]: q["reason"] for q in summary["files_quarantined"]}
    assert sorted(quarantined) == ["r1-scan.txt", "r3-scan-copy.txt"]
    assert quarantined["r1-scan.txt"] == quarantined["r3-scan-copy.txt"]
    assert summary["rows_added"]["dim_document"] == 1
    con = published(home)
    assert con.execute("select count(*) from v_documents").fetchone()[0] == 1
    con.close()


def test_parse_stage_on_a_two_worker_dask_local_cluster(prefect_server, home):
    from distributed import Client, LocalCluster

    from baogao.flows.ingest import with_dask

    for i, report in enumerate(DIFFERENT_REPORTS[:3]):
        shutil.copy(report, home.inbox / f"r{i}.txt")
    (home.inbox / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n....")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        summary = with_dask(cluster.scheduler_address)(home=str(home.root), settle_seconds=0, distributed=True)
        # the parse stage ran as tasks on the cluster's scheduler
        prefixes = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
    assert any(p.startswith("parse_chunk") for p in prefixes), prefixes
    assert sorted(summary["files_loaded"]) == ["r0.txt", "r1.txt", "r2.txt"]
    assert [q["file"] for q in summary["files_quarantined"]] == ["scan.txt"]
    con = published(home)
    assert sorted(r[0] for r in con.execute("select issuer from v_documents").fetchall()) == [
        "东江省纪律检查委员会", "南岭市人民政府", "青川区人民政府"]
    con.close()


def test_data_docs_keep_the_newest_runs(tmp_path):
    from baogao.flows.data_docs import prune as prune_data_docs

    for age, run_id in enumerate(["newest", "middle", "oldest", "older-still"]):
        (tmp_path / run_id).mkdir()
        (tmp_path / run_id / "index.html").write_text(run_id)
        os.utime(tmp_path / run_id, (1_800_000_000 - age * 60, 1_800_000_000 - age * 60))
    (tmp_path / "notes.txt").write_text("not a run")
    assert sorted(prune_data_docs(tmp_path, 2)) == ["older-still", "oldest"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["middle", "newest", "notes.txt"]
    # the run being written is never deleted, however small the limit
    assert prune_data_docs(tmp_path, 0, keep_run="middle") == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["middle", "newest", "notes.txt"]
    assert prune_data_docs(tmp_path / "missing", 1) == []


def test_a_run_killed_after_its_load_is_in_the_log_and_the_next_run_closes_it(prefect_server, home, monkeypatch):
    from baogao.flows import ingest as ingest_module

    class Killed(BaseException):
        """Stands for SIGKILL between the load and the run's last record: nothing after it runs."""

    def killed(*args, **kwargs):
        raise Killed()

    monkeypatch.setattr(ingest_module, "record_run", killed)
    shutil.copy(DEMO, home.inbox / "demo.txt")
    with pytest.raises(Killed):
        run(home)
    with closing(duckdb.connect(str(home.warehouse), read_only=True)) as con:
        runs = con.execute("select run_id, status, files_seen, files_loaded from fact_ingest_run").fetchall()
        loaded_by = con.execute("select distinct run_id from dim_document").fetchall()
    # the documents name a run the log knows: written with the load, in its transaction
    assert [(status, seen, loaded) for _, status, seen, loaded in runs] == [("running", 1, 1)]
    assert loaded_by == [(runs[0][0],)]
    monkeypatch.undo()
    summary = run(home)
    assert summary["exit_code"] == 0 and summary["files_loaded"] == []
    with closing(duckdb.connect(str(home.warehouse), read_only=True)) as con:
        dead = con.execute("select status, files_loaded, message from fact_ingest_run where run_id = ?",
                           [runs[0][0]]).fetchone()
    assert dead[:2] == ("failed", 1) and dead[2].startswith("stopped before it finished (killed or crashed)")
