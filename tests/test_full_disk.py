"""A full disk: the ingest says so in one line before it starts, and a publish that runs out of room
reports the disk's own error, never a secondary one."""

import os
import shutil
import subprocess
import sys
import uuid

import duckdb
import pytest

from tests.conftest import DEMO, DIFFERENT_REPORTS, ROOT

pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path):
    """A 24 MB tmpfs mounted for the test; skipped, saying why, where mounting is not permitted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here ({done.stderr.strip() or 'mount failed'})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk, leave_mb: float):
    """Fill the disk until about ``leave_mb`` MB are free."""
    free = shutil.disk_usage(disk).free
    with open(disk / f"filler-{uuid.uuid4().hex}", "wb") as fh:
        fh.write(b"\0" * max(0, free - int(leave_mb * 1024 * 1024)))


def test_too_little_space_stops_the_ingest_before_it_starts_with_one_line(small_disk, prefect_server):
    from baogao.home import Home

    home = Home(small_disk / "home").ensure()
    shutil.copy(DEMO, home.inbox / "demo.txt")
    fill(small_disk, 2)
    done = subprocess.run([sys.executable, "-m", "baogao", "ingest", "--home", str(home.root), "--settle", "0"],
                          cwd=ROOT, env={**os.environ, "PREFECT_API_URL": prefect_server}, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: not enough free space for an ingest in {home.root}: ")
    assert " MB free, about 64 MB needed for 0.0 MB of reports waiting; free some space" in lines[0]
    assert (home.inbox / "demo.txt").exists() and not home.warehouse.exists()


def test_a_publish_onto_a_full_disk_reports_the_disk_s_own_error(small_disk, tmp_path, jieba_ready):
    from datetime import datetime

    from baogao.transforms.parse import parse_report, tables
    from baogao.warehouse import db, load
    from baogao.warehouse.publish import publish

    con = db.connect(tmp_path / "warehouse.duckdb")
    load.insert_frames(con, tables([parse_report(DEMO.read_bytes(), "demo.txt")]), "r1", datetime(2024, 1, 1))
    fill(small_disk, 0.2)
    with pytest.raises((duckdb.Error, OSError)) as failed:  # the copy laid as the warehouse's bytes, or written
        publish(con, small_disk / "published.duckdb")
    assert "No space left on device" in str(failed.value)
    assert "no transaction is active" not in str(failed.value)
    assert list(small_disk.glob("published*")) == []  # nothing half written left to take the room
    con.close()


@pytest.mark.parametrize("leave_mb", [1, 6])
def test_a_disk_filling_during_a_run_is_reported_as_such_and_the_next_run_with_room_loads_all(
        small_disk, prefect_server, leave_mb):
    from baogao.home import Home

    home = Home(small_disk / "home").ensure()
    for i, report in enumerate(DIFFERENT_REPORTS[:3]):
        shutil.copy(report, home.inbox / f"r{i}.txt")
    fill(small_disk, leave_mb)
    # past the start's own check, which would refuse this little room
    env = {**os.environ, "PREFECT_API_URL": prefect_server, "BAOGAO_MIN_FREE_MB": "0"}
    args = [sys.executable, "-m", "baogao", "ingest", "--home", str(home.root), "--settle", "0"]
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    # one line (the progress line aside), naming the disk's own error, not what failed after it
    lines = [line for line in done.stderr.splitlines() if line.strip() and line.strip() != "loading"]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("Error: ingest failed: the disk is full (No space left on device: ")
    assert str(home.root) in lines[0]
    for filler in small_disk.glob("filler-*"):
        filler.unlink()
    again = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    con = duckdb.connect(str(home.published), read_only=True)
    try:
        assert con.execute("select count(*) from v_documents").fetchone()[0] == 3
        assert con.execute("select count(*) from v_ingest_runs where status = 'running'").fetchone()[0] == 0
    finally:
        con.close()
    assert sorted(p.name for p in home.archive.iterdir()) == ["r0.txt", "r1.txt", "r2.txt"]


def test_runs_failing_on_a_full_disk_do_not_fill_it_further(small_disk, prefect_server):
    from baogao.home import Home

    home = Home(small_disk / "home").ensure()
    shutil.copy(DEMO, home.inbox / "demo.txt")
    fill(small_disk, 6)  # room to load, not to publish
    env = {**os.environ, "PREFECT_API_URL": prefect_server, "BAOGAO_MIN_FREE_MB": "0"}
    args = [sys.executable, "-m", "baogao", "ingest", "--home", str(home.root), "--settle", "0"]
    free = []
    for _ in range(3):
        done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 1 and "the disk is full" in done.stderr, done.stderr
        free.append(shutil.disk_usage(small_disk).free)
    # the second and third runs leave as much room as the first did: no pages, logs or copies pile up
    assert free[2] >= free[0] - 64 * 1024 and free[1] >= free[0] - 64 * 1024, free
