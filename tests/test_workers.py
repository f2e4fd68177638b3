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
