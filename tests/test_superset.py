"""Superset, the open-source BI standard, charts a published view (scripts/superset_check.sh, for real)."""

import os
import subprocess

import pytest

from baogao.expectations import SUITES
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_superset_registers_the_published_database_lists_the_views_and_charts_one(published_home, tmp_path):
    # BAOGAO_SUPERSET_WORK reuses an installed Superset between local runs; CI installs a fresh one
    work = os.environ.get("BAOGAO_SUPERSET_WORK") or str(tmp_path / "superset")
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "superset_check.sh"), str(published_home.published), work],
                          capture_output=True, text=True, timeout=1500, check=False)
    print(proc.stdout)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    listed = next(line for line in proc.stdout.splitlines() if line.startswith("views: "))
    assert set(listed.removeprefix("views: ").split(", ")) == set(SUITES)
    assert f"{len(SUITES)} datasets" in proc.stdout
    assert "row: {'issuer': '云溪区委', 'kind': 'count', 'count': 31}" in proc.stdout
