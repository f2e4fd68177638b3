"""Docs kept honest: every published view has a suite and a README entry; CI runs README's test command."""

import importlib
import os
import re
import shlex
import subprocess
import sys

import pytest

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
    from baogao.cli import cli

    for command in cli.commands:
        assert f"`baogao {command}" in README, command


def readme_console() -> list[tuple[str, list[str]]]:
    """Each ``$ baogao …`` of README's console blocks, with the lines it shows as its output."""
    shown, block = [], None
    for line in README.splitlines():
        if line.startswith("```"):
            block = [] if line == "```console" and block is None else None
            continue
        if block is None:
            continue
        if line.startswith("$ "):
            shown.append((line[2:], []))
        elif shown and shown[-1][0].count('"') % 2:
            shown[-1] = (shown[-1][0] + "\n" + line, [])  # a quoted query goes on over lines
        elif shown:
            shown[-1][1].append(line)
    return shown


@pytest.mark.slow
def test_every_command_readme_shows_runs_as_written_and_prints_what_it_shows(prefect_server, tmp_path):
    shown = readme_console()
    assert [command.split()[1] for command, _ in shown][:2] == ["demo", "sql"]
    env = {**os.environ, "PREFECT_API_URL": prefect_server}
    for command, output in shown:
        args = shlex.split(command.replace("\n", " "))
        done = subprocess.run([sys.executable, "-m", "baogao", *args[1:]], capture_output=True, text=True,
                              env=env, cwd=tmp_path, timeout=300, check=False)
        assert done.returncode == 0, (command, done.stderr)
        printed = done.stdout.splitlines()
        if args[1] == "demo":  # a new run id and this machine's paths: the counts must match
            counts = [line for line in output if line.lstrip().startswith(("files loaded", "rows added", "data quality"))]
            assert len(counts) == 3 and all(line in printed for line in counts), printed
        else:
            assert printed == [line for line in output if line], command
