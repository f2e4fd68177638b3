"""Serve the ingest flow as a scheduled Prefect deployment.

Schedules need a real Prefect server. When PREFECT_API_URL is not set, one is
started here on 127.0.0.1 (state in the home's prefect/ folder) and stopped on
exit; when it is set, that server is used.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

from baogao.home import Home

DEPLOYMENT = "inbox"
SERVER_START_TIMEOUT = 120


def _free_port(preferred: int) -> int:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


@contextmanager
def prefect_server(home: Home, port: int, echo):
    """Start ``prefect server start`` on 127.0.0.1 unless PREFECT_API_URL is set; stop it on exit."""
    if os.environ.get("PREFECT_API_URL"):
        echo(f"Using the Prefect server at {os.environ['PREFECT_API_URL']}")
        yield os.environ["PREFECT_API_URL"]
        return
    port = _free_port(port)
    api_url = f"http://127.0.0.1:{port}/api"
    log = open(home.prefect / "server.log", "ab")  # noqa: SIM115  (the server writes to it until stopped)
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        # the UI asks the server which API to call; unset, it answers with port 4200 whatever port the server has
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PREFECT_HOME": str(home.prefect),
                                                   "PREFECT_UI_API_URL": api_url, "PREFECT_SERVER_API_PORT": str(port)},
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not _healthy(api_url):
            if proc.poll() is not None:
                raise RuntimeError(f"the Prefect server exited at start; see {home.prefect / 'server.log'}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Prefect server did not answer in {SERVER_START_TIMEOUT} s; "
                                   f"see {home.prefect / 'server.log'}")
            time.sleep(0.5)
        os.environ["PREFECT_API_URL"] = api_url
        echo(f"Started a Prefect server: UI at http://127.0.0.1:{port} (stopped when serve exits)")
        yield api_url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def serve_inbox(home: Home, interval: float | None, cron: str | None, port: int, parameters: dict, echo) -> None:
    """Serve the ingest flow for ``home`` until interrupted.

    Args:
        home: the home folder whose inbox is loaded.
        interval: seconds between runs (ignored when ``cron`` is given).
        cron: a cron expression.
        port: preferred port for a server started here.
        parameters: ingest flow parameters besides the home (settle_seconds, max_file_mb).
        echo: where to say what happens (stderr in the CLI).
    """
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    with prefect_server(home, port, echo):
        # prefect reads PREFECT_API_URL when imported: import it only now
        from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

        from baogao.flows.ingest import ingest

        schedule = {"cron": cron} if cron else {"interval": interval}
        echo(f"Serving deployment baogao-ingest/{DEPLOYMENT} for {home.inbox} "
             f"({'cron ' + cron if cron else f'every {interval:g} s'}); Ctrl-C stops.")
        try:
            # a run still going when the next is due makes the next one cancel, not pile up
            one_at_a_time = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW)
            ingest.serve(name=DEPLOYMENT, parameters={"home": str(home.root), **parameters}, print_starting_message=False,
                         global_limit=one_at_a_time, **schedule)
        except KeyboardInterrupt:
            pass  # Ctrl-C or SIGTERM: the runner may also take it itself and return
    echo("Stopped.")
