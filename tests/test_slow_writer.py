"""A report still being written when the ingest looks is never loaded half: it waits, and loads whole."""

import hashlib
import os
import subprocess
import sys

import duckdb
import pytest

from baogao.transforms.text import normalise
from tests.conftest import DEMO, ROOT

pytestmark = pytest.mark.slow

# writes the first part, keeps the file open and waits to be told, then writes the rest and closes
WRITER = """
import sys
data = open(sys.argv[1], "rb").read()
cut = data.index(b"\\n", len(data) // 2) + 1
with open(sys.argv[2], "wb") as out:
    out.write(data[:cut]); out.flush()
    print("half", flush=True)
    sys.stdin.readline()
    out.write(data[cut:])
"""


def ingest(home, api_url):
    done = subprocess.run([sys.executable, "-m", "baogao", "ingest", "--home", str(home), "--settle", "0"],
                          cwd=ROOT, env={**os.environ, "PREFECT_API_URL": api_url}, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_file_held_open_by_its_writer_waits_and_then_loads_whole(tmp_path, prefect_server):
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    target = home / "inbox" / "slow.txt"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(DEMO), str(target)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "half\n"
        # settle time 0: only the open file tells that the writer is not done
        assert "files loaded:      0" in ingest(home, prefect_server)
        assert target.exists() and not any((home / "processing").iterdir())
        writer.stdin.write("go\n")
        writer.stdin.close()
        assert writer.wait(timeout=30) == 0
    finally:
        writer.kill()
    assert "files loaded:      1" in ingest(home, prefect_server)
    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    try:
        sha, count, chars = con.execute("select sha256, indicator_count, char_count from v_documents").fetchone()
    finally:
        con.close()
    archived = (home / "archive" / "slow.txt").read_bytes()
    assert archived == DEMO.read_bytes()
    assert sha == hashlib.sha256(archived).hexdigest()
    # every figure of the whole report, and all its text (the paywall markers are not text)
    assert count == 43 and chars == len(normalise(DEMO.read_text(encoding="utf-8")).text)


def test_a_file_that_grows_after_it_was_read_archives_the_bytes_loaded_and_goes_back_to_settle(home):
    from baogao.flows import inbox

    claimed = home.processing / "grows.txt"
    claimed.write_bytes(b"first half\n")
    source = inbox.read(claimed)
    assert not source.changed()
    with open(claimed, "ab") as fh:
        fh.write(b"second half\n")
    os.utime(claimed, ns=(source.mtime_ns + 10**9, source.mtime_ns + 10**9))
    assert source.changed()
    archived = inbox.archive(home, source)
    assert archived.read_bytes() == b"first half\n"
    assert (home.inbox / "grows.txt").read_bytes() == b"first half\nsecond half\n"
    assert not claimed.exists()
