"""`baogao serve` for real: it starts a Prefect server, serves the deployment, and a scheduled run loads the inbox."""

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import DEMO, ROOT

pytestmark = pytest.mark.slow


def start_serve(home, interval: int, port: int) -> tuple[subprocess.Popen, float]:
    """``baogao serve`` in a session of its own, starting its own Prefect server; returns once its inbox exists."""
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "baogao", "serve", "--home", str(home), "--interval", str(interval), "--settle", "0",
         "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 150
    while not (home / "inbox").exists() and time.monotonic() < deadline:
        time.sleep(0.3)
    return proc, deadline


def test_serve_loads_a_dropped_file_on_schedule_and_stops_its_server(tmp_path):
    home = tmp_path / "home"
    proc, deadline = start_serve(home, 5, 4387)
    try:
        (home / "inbox" / "dropped.txt").write_bytes(DEMO.read_bytes())
        while not (home / "archive" / "dropped.txt").exists():
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "no scheduled run loaded the file in time"
            time.sleep(1)
        while not (home / "published.duckdb").exists() and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert "Started a Prefect server: UI at http://127.0.0.1:" in err
    assert "Serving deployment baogao-ingest/inbox" in err
    # the server it started is gone with it
    time.sleep(1)
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    assert f"--home {home}" not in ps and not any(
        "prefect server start" in line and "4387" in line for line in ps.splitlines())
    import duckdb

    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    assert con.execute("select file_name from v_documents").fetchall() == [("dropped.txt",)]
    con.close()


def test_the_ui_of_a_server_on_another_port_calls_that_port(tmp_path, monkeypatch):
    """The Prefect UI reads its API address from /ui-settings; on any port but 4200 it must name its own."""
    import json
    import urllib.request

    from baogao.flows.serve import prefect_server
    from baogao.home import Home

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    home = Home(tmp_path / "home").ensure()
    with prefect_server(home, 4391, echo=lambda message: None) as api_url:
        base = api_url.removesuffix("/api")
        assert not base.endswith(":4200")
        with urllib.request.urlopen(f"{base}/ui-settings", timeout=10) as response:
            settings = json.loads(response.read())
    assert settings["api_url"] == api_url


def test_ctrl_c_to_the_whole_group_mid_run_stops_serve_and_the_next_run_loads_everything(tmp_path, prefect_server):
    """A terminal sends SIGINT to serve's whole process group: the run in progress, the server, serve."""
    from tests.conftest import DEMO

    home = tmp_path / "home"
    proc, deadline = start_serve(home, 3, 4388)
    try:
        text = DEMO.read_text(encoding="utf-8")
        for i in range(20):
            (home / "inbox" / f"r{i:02d}.txt").write_text(text.replace("云溪", f"第{i}号"), encoding="utf-8")
        while not any((home / "processing").iterdir()):
            assert time.monotonic() < deadline, "no run claimed the files in time"
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 0 and err.rstrip().endswith("Stopped.")
    time.sleep(1)
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    assert not any(str(home) in line or ("prefect server start" in line and "4388" in line)
                   for line in ps.splitlines())
    # whatever the run had not finished goes back to the inbox and loads next time
    done = subprocess.run([sys.executable, "-m", "baogao", "ingest", "--home", str(home), "--settle", "0"],
                          cwd=ROOT, env={**os.environ, "PREFECT_API_URL": prefect_server}, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    import duckdb

    con = duckdb.connect(str(home / "published.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from v_documents").fetchone()[0] == 20
        statuses = {row[0] for row in con.execute("select status from v_ingest_runs").fetchall()}
    finally:
        con.close()
    assert "running" not in statuses
    assert sorted(p.name for p in (home / "archive").iterdir()) == [f"r{i:02d}.txt" for i in range(20)]
