"""Parsing on every core gives what parsing in-process gives, in the same order."""

import hashlib
import os
import subprocess
import time
from concurrent.futures import Future

import pytest
from polars.testing import assert_frame_equal

from baogao.flows import inbox, workers
from baogao.home import Home
from tests.conftest import DEMO

pytestmark = pytest.mark.slow


def _tag(i: int) -> str:
    """A place name for report i: its digits as the ten stems (云乙甲 for 10), as place names have no digits."""
    return "云" + "".join("甲乙丙丁戊己庚辛壬癸"[int(d)] for d in str(i))


def _report(i: int) -> bytes:
    """The demo report under another issuer, <tag>区委."""
    return DEMO.read_text(encoding="utf-8").replace("云溪", _tag(i)).encode()


def test_parallel_parse_equals_sequential(tmp_path, jieba_ready):
    items = [(f"r{i}.txt", _report(i)) for i in range(20)]
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
    assert workers.parse_processes() == len(os.sched_getaffinity(0))


def test_a_prestarted_pool_serves_the_first_batch(tmp_path, jieba_ready):
    """An ingest starts its workers before importing Prefect; the parser then takes them as they are."""
    items = [(f"r{i}.txt", _report(i)) for i in range(3)]
    assert workers.prestart(str(tmp_path), files=20)
    early = workers._early[(str(tmp_path), None)]
    assert len(early.pool._processes) == workers.parse_processes()  # started now, not at the first batch
    try:
        with workers.Parser(str(tmp_path)) as parser:
            reports = parser.submit(items).results()  # a batch this small would otherwise parse in-process
            assert parser._pool is early.pool
        assert workers._early == {}
        assert [r.document["issuer"] for r in reports] == [f"{_tag(0)}区委", f"{_tag(1)}区委", f"{_tag(2)}区委"]
    finally:
        workers.discard_prestarted()


def test_a_head_start_serves_the_files_it_parsed_byte_for_byte(tmp_path, jieba_ready):
    first = [("r0.txt", _report(0)), ("r1.txt", _report(1)), ("r2.txt", _report(2))]
    assert workers.prestart(str(tmp_path), files=20, first=first)
    head = workers._early[(str(tmp_path), None)]
    deadline = time.monotonic() + 120
    while len(head._parsed) < 3 or not all(chunk.future.done() for chunk, _ in head._parsed.values()):
        assert time.monotonic() < deadline, "the head start did not parse its three files"
        time.sleep(0.05)
    try:
        with workers.Parser(str(tmp_path)) as parser:
            # r2.txt changed after the head start read it; r3.txt was not read ahead
            batch = [("r1.txt", _report(1)), ("r2.txt", _report(9)), ("r3.txt", _report(3))]
            reports = parser.submit(batch).results()
            assert [r.document["issuer"] for r in reports] == [f"{_tag(1)}区委", f"{_tag(9)}区委", f"{_tag(3)}区委"]
            # what the head start parsed and no batch asked for waits, r1.txt was taken from it
            assert set(parser._parsed) == {("r0.txt", hashlib.sha256(_report(0)).hexdigest()),
                                           ("r2.txt", hashlib.sha256(_report(2)).hexdigest())}
            (again,) = parser.submit([("r0.txt", _report(0))]).results()
            assert again.document["issuer"] == f"{_tag(0)}区委" and len(parser._parsed) == 1
            spill = parser._spill
            assert os.path.isdir(spill)
        assert not os.path.exists(spill)  # the parser's spill folder goes with it
    finally:
        workers.discard_prestarted()


def test_parsed_chunks_come_back_through_a_file_or_inline_when_it_cannot_be_written(tmp_path, jieba_ready):
    items = [("a.txt", _report(1)), ("scan.txt", b"\x89PNG\r\n\x1a\n....")]
    path = workers._parse_chunk(items, str(tmp_path))
    assert isinstance(path, str) and os.path.dirname(path) == str(tmp_path)
    done = Future()
    done.set_result(path)
    chunk = workers._Chunk(done)
    assert chunk.result(0).document["issuer"] == f"{_tag(1)}区委"
    assert chunk.result(1).startswith("not a report text: an image (png)")
    assert not os.path.exists(path)  # read once, then removed
    inline = workers._parse_chunk(items, str(tmp_path / "gone"))  # no folder to write in: the results themselves
    assert [type(r).__name__ for r in inline] == ["ParsedReport", "str"]


def test_spill_folders_of_dead_processes_are_cleared(tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "_SPILL_IN_MEMORY", str(tmp_path))
    monkeypatch.setattr(workers, "_SPILL_MEMORY_NEEDED", 0)
    ended = subprocess.Popen(["true"])
    ended.wait()
    dead = tmp_path / f"baogao-parsed-{ended.pid}-x1"
    alive = tmp_path / f"baogao-parsed-{os.getppid()}-x2"
    for folder in (dead, alive):
        folder.mkdir()
        (folder / "chunk.pickle").write_bytes(b"...")
    made = workers._spill_folder()
    assert os.path.dirname(made) == str(tmp_path) and os.path.basename(made).startswith(f"baogao-parsed-{os.getpid()}-")
    assert not dead.exists() and alive.exists()
    monkeypatch.setattr(workers, "_SPILL_MEMORY_NEEDED", 1 << 62)  # no room in memory: the temp folder
    other = workers._spill_folder()
    assert os.path.dirname(other) != str(tmp_path)
    os.rmdir(other)


def test_peek_reads_what_claim_takes_first(tmp_path):
    home = Home(tmp_path / "home").ensure()
    for i, name in enumerate(["c.txt", "a.txt", "big.txt", ".hidden.txt", "b.txt.part", "d.txt"]):
        (home.inbox / name).write_bytes(b"x" * (2000 if name == "big.txt" else 10 + i))
        os.utime(home.inbox / name, (1_700_000_000 + i, 1_700_000_000 + i))
    (home.inbox / "link.txt").symlink_to(home.inbox / "a.txt")
    fresh = home.inbox / "fresh.txt"
    fresh.write_bytes(b"just copied")
    peeked = inbox.peek(home, 60, 1000, 2)
    assert peeked == [("c.txt", b"x" * 10), ("a.txt", b"x" * 11)]
    assert [name for name, _ in inbox.peek(home, 60, 1000, 10)] == ["c.txt", "a.txt", "d.txt"]
    assert sorted(os.listdir(home.inbox)) == sorted(  # nothing moved
        ["c.txt", "a.txt", "big.txt", ".hidden.txt", "b.txt.part", "d.txt", "link.txt", "fresh.txt"])
    claimed, refused = inbox.claim(home, 60, 1000)
    assert [p.name for p in claimed] == ["c.txt", "a.txt", "d.txt"]
    assert sorted(p.name for p in refused) == ["big.txt", "link.txt"]


def test_a_few_files_get_one_prestarted_worker_and_an_untaken_pool_is_stopped(tmp_path):
    assert not workers.prestart(str(tmp_path), files=0)
    assert workers._early == {}
    assert workers.prestart(str(tmp_path), files=1)
    assert len(workers._early[(str(tmp_path), None)].pool._processes) == 1
    assert not workers.prestart(str(tmp_path), files=workers.PARALLEL_MIN_FILES)  # one pool per cache folder
    processes = list(workers._early[(str(tmp_path), None)].pool._processes.values())
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


def test_every_home_shares_the_user_cache_and_keeps_its_own_where_none_can_be_written(tmp_path, monkeypatch):
    from baogao.home import user_cache

    try:
        monkeypatch.setenv("BAOGAO_CACHE", str(tmp_path / "shared-cache"))
        user_cache.cache_clear()
        one, two = Home(tmp_path / "one").ensure(), Home(tmp_path / "two").ensure()
        assert one.cache == two.cache == tmp_path / "shared-cache" and one.cache.is_dir()
        assert not (one.root / "cache").exists()

        monkeypatch.delenv("BAOGAO_CACHE")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        user_cache.cache_clear()
        assert Home(tmp_path / "one").cache == tmp_path / "xdg" / "baogao"

        (tmp_path / "a-file").write_text("")
        monkeypatch.setenv("BAOGAO_CACHE", str(tmp_path / "a-file" / "cache"))  # cannot be made
        user_cache.cache_clear()
        three = Home(tmp_path / "three").ensure()
        assert three.cache == three.root / "cache" and three.cache.is_dir()
    finally:
        monkeypatch.undo()
        user_cache.cache_clear()


def test_the_head_start_hands_its_worker_chunks_larger_than_a_batch_s(tmp_path, jieba_ready):
    """While the command imports, each hand-over waits for its interpreter lock: fewer, larger chunks."""
    first = [(f"r{i}.txt", _report(i)) for i in range(workers.HEAD_START_CHUNK + 6)]
    assert workers.prestart(str(tmp_path), files=len(first), first=first)
    head = workers._early[(str(tmp_path), None)]
    deadline = time.monotonic() + 120
    while len(head._parsed) < len(first) or not all(chunk.future.done() for chunk, _ in head._parsed.values()):
        assert time.monotonic() < deadline, "the head start did not parse its files"
        time.sleep(0.05)
    try:
        chunks: dict[int, list[str]] = {}
        for (name, _sha), (chunk, _index) in head._parsed.items():
            chunks.setdefault(id(chunk), []).append(name)
        assert sorted(len(names) for names in chunks.values()) == [6, workers.HEAD_START_CHUNK]
        with workers.Parser(str(tmp_path)) as parser:
            reports = parser.submit(first).results()
            assert [r.document["issuer"] for r in reports] == [f"{_tag(i)}区委" for i in range(len(first))]
            assert parser._parsed == {}  # every one taken from the head start
    finally:
        workers.discard_prestarted()


def test_a_parse_worker_collects_young_objects_every_gc_threshold_with_its_start_frozen(tmp_path, jieba_ready):
    import gc

    from baogao import settings

    pool = workers._pool(str(tmp_path), 1)
    try:
        threshold = pool.submit(gc.get_threshold).result()
        frozen = pool.submit(gc.get_freeze_count).result()
    finally:
        pool.shutdown()
    assert threshold[0] == settings.GC_THRESHOLD == 10_000 and threshold[1:] == gc.get_threshold()[1:]
    assert frozen > 10_000  # its imports and the segmenter, out of the full collections' sight


def test_a_parse_worker_runs_nicer_than_the_writer(tmp_path, jieba_ready):
    from baogao import settings

    pool = workers._pool(str(tmp_path), 1)
    try:
        niceness = pool.submit(os.nice, 0).result()
    finally:
        pool.shutdown()
    assert settings.WORKER_NICENESS == 5
    assert niceness == min(os.nice(0) + 5, 19)  # the writer keeps its own


def test_a_parse_worker_runs_polars_on_one_thread_unless_the_environment_says_otherwise(tmp_path, jieba_ready,
                                                                                         monkeypatch):
    import polars as pl

    sizes = {}
    for setting in (None, "2"):
        if setting is None:
            monkeypatch.delenv("POLARS_MAX_THREADS", raising=False)
        else:
            monkeypatch.setenv("POLARS_MAX_THREADS", setting)
        pool = workers._pool(str(tmp_path), 1)
        try:
            sizes[setting] = pool.submit(pl.thread_pool_size).result()
        finally:
            pool.shutdown()
    assert sizes == {None: 1, "2": 2}
