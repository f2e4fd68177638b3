"""Killing a real ingest at any moment loses nothing; concurrent ingests and readers do not collide."""

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from baogao.warehouse.load import DOCUMENT_TABLES
from tests.conftest import DEMO, DIFFERENT_REPORTS, ROOT

pytestmark = pytest.mark.slow

DISTRICTS = "甲乙丙丁戊己庚辛壬癸子丑"


def fill_inbox(inbox):
    names = []
    for i, tag in enumerate(DISTRICTS):
        name = f"report-{i:02d}.txt"
        (inbox / name).write_text(DEMO.read_text(encoding="utf-8").replace("云溪", tag), encoding="utf-8")
        names.append(name)
    (inbox / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    return names + ["scan.txt"]


def start_ingest(home, api_url):
    env = {**os.environ, "PREFECT_API_URL": api_url}
    return subprocess.Popen([sys.executable, "-m", "baogao", "ingest", "--home", str(home), "--settle", "0"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def ingest_to_completion(home, api_url):
    proc = start_ingest(home, api_url)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode in (0, 3), err
    return proc.returncode, out


def state(home):
    """What a clean run leaves: rows of every document table and where each file is."""
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    try:
        rows = {t: con.execute(f"select count(*), count(distinct {key}) from {t}").fetchone()
                for t, key in _keys().items()}
        docs = sorted(con.execute("select sha256, indicator_count, section_count from v_documents").fetchall())
        total = con.execute("select sum(normalized_value) from v_indicators").fetchone()[0]
        quarantined = sorted(r[0] for r in con.execute("select file_name from v_quarantine").fetchall())
    finally:
        con.close()
    folders = {f: sorted(p.name for p in (home / f).iterdir() if not p.name.endswith(".reason.json"))
               for f in ("inbox", "processing", "archive", "quarantine")}
    return {"rows": rows, "documents": docs, "indicator_total": total, "quarantined": quarantined, "folders": folders}


def _keys():
    keys = {t: "document_id" for t in DOCUMENT_TABLES}
    keys.update({"dim_section": "section_id", "fact_sentence": "sentence_id", "fact_indicator": "indicator_id",
                 "fact_slogan": "document_id || char_start", "fact_citation": "document_id || char_start",
                 "fact_term": "document_id || coalesce(section_id, '') || term || pos",
                 "dim_term": "term", "fact_sentence_gram": "(document_key, ordinal, position, gram)"})
    return keys


@pytest.fixture(scope="module")
def clean(prefect_server, tmp_path_factory):
    home = tmp_path_factory.mktemp("clean") / "home"
    (home / "inbox").mkdir(parents=True)
    names = fill_inbox(home / "inbox")
    started = time.monotonic()
    code, _ = ingest_to_completion(home, prefect_server)
    assert code == 3
    return state(home), time.monotonic() - started, names


@pytest.mark.parametrize("fraction", [0.35, 0.55, 0.7, 0.85, 0.97])
def test_sigkill_at_any_point_then_ingest_again_equals_one_clean_run(prefect_server, clean, tmp_path, fraction):
    expected, duration, names = clean
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    fill_inbox(home / "inbox")
    proc = start_ingest(home, prefect_server)
    time.sleep(duration * fraction)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
    # every file is in exactly one place, even right after the kill
    placed = [p.name for f in ("inbox", "processing", "archive", "quarantine") if (home / f).exists()
              for p in (home / f).iterdir() if not p.name.endswith(".reason.json")]
    assert sorted(placed) == sorted(names)
    ingest_to_completion(home, prefect_server)
    assert state(home) == expected


def test_two_ingests_started_together_load_each_file_once(prefect_server, clean, tmp_path):
    expected, _, _ = clean
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    fill_inbox(home / "inbox")
    first, second = start_ingest(home, prefect_server), start_ingest(home, prefect_server)
    results = [p.communicate(timeout=300) + (p.returncode,) for p in (first, second)]
    codes = sorted(r[2] for r in results)
    # one loads the inbox; the other finds the lock taken (5) or, if it came second, an empty inbox (0)
    assert codes in ([0, 3], [3, 5]), results
    busy = [r for r in results if r[2] == 5]
    assert all("another ingest is running" in r[1] for r in busy)
    assert state(home) == expected


def test_a_reader_holding_the_published_file_never_blocks_ingest_and_sees_a_complete_state(prefect_server, tmp_path):
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    (home / "inbox" / "first.txt").write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    ingest_to_completion(home, prefect_server)
    reader = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys
        con = duckdb.connect({str(home / 'published.duckdb')!r}, read_only=True)
        for line in sys.stdin:
            docs = con.execute("select count(*) from v_documents").fetchone()[0]
            with_figures = con.execute("select count(distinct document_id) from v_indicators").fetchone()[0]
            print(docs, with_figures, flush=True)
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        seen = []
        for i, report in enumerate(DIFFERENT_REPORTS[:2]):
            reader.stdin.write("\n")
            reader.stdin.flush()
            seen.append(reader.stdout.readline().split())
            shutil.copy(report, home / "inbox" / f"more-{i}.txt")
            code, out = ingest_to_completion(home, prefect_server)
            assert code == 0 and "files loaded:      1" in out
        reader.stdin.write("\n")
        reader.stdin.flush()
        seen.append(reader.stdout.readline().split())
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    # the reader keeps the complete state it opened; documents and their figures always agree
    assert seen == [["1", "1"]] * 3
    fresh = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    assert fresh.execute("select count(*) from v_documents").fetchone()[0] == 3
    fresh.close()


def test_a_kill_at_each_named_stage_loses_nothing_and_ends_as_one_clean_run(prefect_server, clean, tmp_path):
    from baogao.flows.ingest import FAULT_STAGES

    expected, _, names = clean
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    fill_inbox(home / "inbox")
    killed = []
    for stage in FAULT_STAGES:
        env = {**os.environ, "PREFECT_API_URL": prefect_server, "BAOGAO_FAULT_AT": stage}
        proc = subprocess.run([sys.executable, "-m", "baogao", "ingest", "--home", str(home), "--settle", "0"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
                              start_new_session=True)  # the kill takes the job's group, as kill -9 of a job would
        killed.append((stage, proc.returncode))
        placed = [p.name for f in ("inbox", "processing", "archive", "quarantine") if (home / f).exists()
                  for p in (home / f).iterdir() if not p.name.endswith(".reason.json")]
        assert sorted(placed) == sorted(names), stage
    # each run got as far as its stage; the last finds the inbox loaded and dies publishing
    assert killed == [(stage, -signal.SIGKILL) for stage in FAULT_STAGES]
    ingest_to_completion(home, prefect_server)
    assert state(home) == expected
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        statuses = [r[0] for r in con.execute("select status from fact_ingest_run").fetchall()]
        unknown = con.execute("""select run_id from dim_document union select run_id from fact_quarantine
                                 except select run_id from fact_ingest_run""").fetchall()
    finally:
        con.close()
    assert "running" not in statuses and unknown == []
