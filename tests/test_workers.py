"""Parsing on every core gives what parsing in-process gives, in the same order."""

import os

import pytest
from polars.testing import assert_frame_equal

from flows import workers
from tests.conftest import DEMO

pytestmark = pytest.mark.slow


def test_parallel_parse_equals_sequential(tmp_path, jieba_ready):
    text = DEMO.read_text(encoding="utf-8")
    items = [(f"r{i}.txt", text.replace("云溪", f"云{i}").encode()) for i in range(20)]
    items.insert(7, ("scan.txt", b"\x89PNG\r\n\x1a\n...."))
    with workers.Parser(str(tmp_path)) as parser:
        parallel = parser.submit(items).results()
    assert len(parallel) == len(items)
    assert parallel[7] == "not a report text: an image (png) has no text: run OCR first and drop the text"
    for (name, data), got in zip(items, parallel):
        if name == "scan.txt":
            continue
        want = workers.parse_one(name, data)
        for table, frame in want.frames.items():
            assert_frame_equal(got.frames[table], frame, check_row_order=True)


def test_small_batches_stay_in_process(tmp_path, jieba_ready, monkeypatch):
    monkeypatch.setattr(workers, "ProcessPoolExecutor", None)  # would fail if a pool were started
    items = [("a.txt", DEMO.read_bytes())]
    with workers.Parser(str(tmp_path)) as parser:
        (report,) = parser.submit(items).results()
    assert report.document["issuer"] == "云溪区委"
    assert workers.workers() == len(os.sched_getaffinity(0))


def test_a_prestarted_pool_serves_the_first_batch(tmp_path, jieba_ready):
    """An ingest starts its workers before importing Prefect; the parser then takes them as they are."""
    items = [(f"r{i}.txt", DEMO.read_text(encoding="utf-8").replace("云溪", f"云{i}").encode()) for i in range(3)]
    assert workers.prestart(str(tmp_path), files=20)
    early = workers._early[str(tmp_path)]
    assert len(early._processes) == workers.workers()  # started now, not at the first batch
    try:
        with workers.Parser(str(tmp_path)) as parser:
            reports = parser.submit(items).results()  # a batch this small would otherwise parse in-process
            assert parser._pool is early
        assert workers._early == {}
        assert [r.document["issuer"] for r in reports] == ["云0区委", "云1区委", "云2区委"]
    finally:
        workers.discard_prestarted()


def test_a_few_files_get_one_prestarted_worker_and_an_untaken_pool_is_stopped(tmp_path):
    assert not workers.prestart(str(tmp_path), files=0)
    assert workers._early == {}
    assert workers.prestart(str(tmp_path), files=1)
    assert len(workers._early[str(tmp_path)]._processes) == 1
    assert not workers.prestart(str(tmp_path), files=workers.PARALLEL_MIN_FILES)  # one pool per cache folder
    processes = list(workers._early[str(tmp_path)]._processes.values())
    workers.discard_prestarted()
    assert workers._early == {}
    for process in processes:
        process.join(timeout=30)
        assert not process.is_alive()


def test_a_pool_that_cannot_start_is_no_head_start(tmp_path, monkeypatch):
    class Refused:
        def __init__(self, *args, **kwargs):
            pass

        def submit(self, fn):
            raise OSError("no more processes")

        def shutdown(self, cancel_futures=False):
            pass

    monkeypatch.setattr(workers, "ProcessPoolExecutor", Refused)
    assert not workers.prestart(str(tmp_path), files=100)
    assert workers._early == {}
