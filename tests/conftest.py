"""Shared fixtures: the labelled sample beside the repository, a Prefect test server, home folders."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BAOGAO_SHARED", ROOT.parent / "shared"))
SAMPLE = SHARED / "samples" / "xx_district_party_committee_2023.txt"
GOLD = SHARED / "gold"
DEMO = ROOT / "baogao" / "demo" / "yunxi_district_work_report_2024.txt"
# Reports written for the tests, each of another kind, place and year (tests/fixtures/corpus): what
# tests of several reports load, rather than one report with a word replaced.
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
DIFFERENT_REPORTS = [CORPUS / name for name in (
    "nanling_city_government_2024.txt", "qingchuan_district_rule_of_law_2022.txt",
    "dongjiang_province_discipline_2021.txt", "hexi_county_party_congress.txt",
    "party_building_summary_undated.txt", "xinhe_development_zone_page.txt")]

# Prefect, Great Expectations and the dictionary caches keep their state in a throwaway folder, never
# in ~/.prefect or ~/.cache; it goes when the tests end.
_STATE = Path(tempfile.mkdtemp(prefix="baogao-test-state-"))
atexit.register(shutil.rmtree, _STATE, ignore_errors=True)
os.environ["PREFECT_HOME"] = str(_STATE / "prefect")
os.environ["BAOGAO_CACHE"] = str(_STATE / "cache")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
os.environ["GX_ANALYTICS_ENABLED"] = "False"


def _need_shared():
    if not SAMPLE.exists():
        pytest.skip(f"labelled sample not found at {SAMPLE}: the gold tests need ../shared beside the "
                    f"repository (or BAOGAO_SHARED pointing at it)")


@pytest.fixture(scope="session")
def sample_bytes() -> bytes:
    _need_shared()
    return SAMPLE.read_bytes()


@pytest.fixture(scope="session")
def sample_text(sample_bytes) -> str:
    return sample_bytes.decode("utf-8")


@pytest.fixture(scope="session")
def gold_indicators() -> list[dict]:
    _need_shared()
    path = GOLD / "xx_district_party_committee_2023.indicators.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def gold_sections() -> list[dict]:
    _need_shared()
    return json.loads((GOLD / "xx_district_party_committee_2023.sections.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def gold_points() -> list[dict]:
    _need_shared()
    return json.loads((GOLD / "xx_district_party_committee_2023.points.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def jieba_ready(tmp_path_factory):
    """The segmenter loaded, and jieba itself too: the reference the segmenter's words are checked against."""
    from baogao.transforms import tokens

    cache = str(tmp_path_factory.mktemp("jieba"))
    tokens.init(cache)
    tokens.load_jieba(cache)


@pytest.fixture(scope="session")
def prefect_server():
    """One real Prefect API for the whole session; yields its URL for subprocesses."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield PREFECT_API_URL.value()


@pytest.fixture
def home(tmp_path):
    from baogao.home import Home

    return Home(tmp_path / "home").ensure()


@pytest.fixture
def published_home(home, jieba_ready):
    """A home whose warehouse holds the demo report, published, without running a flow."""
    return _published(home, DEMO.read_bytes(), "demo.txt")


@pytest.fixture
def published_sample_home(home, jieba_ready, sample_bytes):
    """A home whose warehouse holds the labelled sample report, published, without running a flow."""
    return _published(home, sample_bytes, SAMPLE.name)


def _published(home, data: bytes, name: str):
    from datetime import datetime

    from baogao.transforms.parse import parse_report, tables
    from baogao.warehouse import db, load
    from baogao.warehouse.publish import publish

    con = db.connect(home.warehouse)
    load.insert_frames(con, tables([parse_report(data, name)]), "r1", datetime(2024, 1, 1))
    load.record_run(con, {"run_id": "r1", "started_at": datetime(2024, 1, 1), "files_seen": 1, "files_loaded": 1,
                          "files_skipped": 0, "files_quarantined": 0, "status": "succeeded"})
    publish(con, home.published)
    con.close()
    return home
