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
    calls = []
    parallel = list(workers.parse_all(items, str(tmp_path), calls.append))
    assert len(calls) == len(items)
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
    (report,) = workers.parse_all(items, str(tmp_path))
    assert report.document["issuer"] == "云溪区委"
    assert workers.workers() == len(os.sched_getaffinity(0))


def test_workers_warmed_up_early_serve_the_parser_and_are_stopped_when_unused(tmp_path, jieba_ready):
    if workers.workers() < 2:
        pytest.skip("one core: no worker processes to warm up")
    workers.warm_up(str(tmp_path))
    try:
        warm = workers._warm[1]
        pids = {warm.submit(os.getpid).result() for _ in range(8)}
        assert len(pids) >= 1 and os.getpid() not in pids
        with workers.Parser(str(tmp_path)) as parser:
            (report,) = parser.submit([("a.txt", DEMO.read_bytes())]).results()  # one file, on the warm workers
            assert parser._pool is warm and workers._warm is None
        assert report.document["issuer"] == "云溪区委"
        # warmed up for another home's cache, or never taken over: stopped by cool_down
        workers.warm_up(str(tmp_path / "other"))
        with workers.Parser(str(tmp_path)) as parser:
            parser.submit([("a.txt", DEMO.read_bytes())]).results()
            assert parser._pool is None
        unused = workers._warm[1]
    finally:
        workers.cool_down()
    assert workers._warm is None
    with pytest.raises(RuntimeError):
        unused.submit(os.getpid)  # shut down
