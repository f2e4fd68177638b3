"""The published file read the way BI tools read it: SQLAlchemy + duckdb-engine, and the DuckDB 1.5 CLI."""

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from baogao.expectations import SUITES


def view_counts(path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {v: con.execute(f"select count(*) from {v}").fetchone()[0] for v in SUITES}
    finally:
        con.close()


def test_every_view_through_sqlalchemy_and_duckdb_engine(published_home):
    sqlalchemy = pytest.importorskip("sqlalchemy")
    engine = sqlalchemy.create_engine(f"duckdb:///{published_home.published}?access_mode=read_only")
    expected = view_counts(published_home.published)
    with engine.connect() as con:
        assert set(sqlalchemy.inspect(con).get_view_names()) >= set(SUITES)
        for view in SUITES:
            rows = con.execute(sqlalchemy.text(f"select * from {view}")).fetchall()
            assert len(rows) == expected[view], view
        figure = con.execute(sqlalchemy.text(
            "select normalized_value, unit from v_indicators where raw_text = '超120亿元'")).one()
        assert tuple(figure) == (12_000_000_000, "元")
    engine.dispose()


def cli_binary() -> str:
    beside = Path(sys.executable).with_name("duckdb")
    found = str(beside) if beside.exists() else shutil.which("duckdb")
    if not found:
        pytest.skip("the duckdb CLI (PyPI package duckdb-cli) is not installed: pip install -e '.[test]'")
    return found


def test_every_view_with_the_duckdb_1_5_cli(published_home):
    binary = cli_binary()
    version = subprocess.run([binary, "-version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("v1.")
    expected = view_counts(published_home.published)
    query = " union all ".join(f"select '{v}', count(*) from {v}" for v in SUITES)
    out = subprocess.run([binary, "-readonly", "-csv", "-noheader", str(published_home.published), "-c", query],
                         capture_output=True, text=True, check=True).stdout
    got = {line.split(",")[0]: int(line.split(",")[1]) for line in out.strip().splitlines()}
    assert got == expected
