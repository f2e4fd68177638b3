"""`baogao serve` for real: it starts a Prefect server, serves the deployment, and a scheduled run loads the inbox."""

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import DEMO, ROOT

pytestmark = pytest.mark.slow


def test_serve_loads_a_dropped_file_on_schedule_and_stops_its_server(tmp_path):
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "baogao", "serve", "--home", str(home), "--interval", "5", "--settle", "0",
         "--port", "4387"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 150
        while not (home / "inbox").exists() and time.monotonic() < deadline:
            time.sleep(0.5)
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

    from baogao.home import Home
    from flows.serve import prefect_server

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    home = Home(tmp_path / "home").ensure()
    with prefect_server(home, 4391, echo=lambda message: None) as api_url:
        base = api_url.removesuffix("/api")
        assert not base.endswith(":4200")
        with urllib.request.urlopen(f"{base}/ui-settings", timeout=10) as response:
            settings = json.loads(response.read())
    assert settings["api_url"] == api_url
