"""Docs kept honest: every published view has a suite and a README entry; CI runs README's test command."""

import importlib
import re

from baogao.expectations import SUITES
from baogao.warehouse.db import view_sql
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_view_has_a_suite_named_after_it_and_a_readme_entry():
    assert sorted(view_sql()) == sorted(SUITES)
    for view in view_sql():
        suite = importlib.import_module(f"baogao.expectations.{view}").build()
        assert suite.name == view
        assert len(suite.expectations) >= 2, view
        assert f"`{view}`" in README, f"{view} is not described in README.md"


def test_ci_runs_exactly_the_readme_test_command():
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
                if line.strip() and not re.match(r"\s*(#|set |cd |rm )", line)]
    assert ci_lines[-1] in README


def test_readme_lists_every_command():
    for command in ("baogao ingest", "baogao serve", "baogao sql", "baogao status", "baogao inspect", "baogao views", "baogao export", "baogao report", "baogao demo"):
        assert command in README
