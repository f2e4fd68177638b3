"""The baogao command: read commands in-process on a real published file, ingest and demo as subprocesses."""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from baogao.cli import cli
from tests.conftest import DEMO, ROOT


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_help_lists_every_command_with_an_example():
    out = invoke("--help").output
    for command in cli.commands:
        assert f"  {command} " in out
        assert "Example:" in invoke(command, "-h").output


def test_sql_formats(published_home):
    home = str(published_home.root)
    query = "select raw_text, normalized_value, unit from v_indicators where raw_text in ('超120亿元', '94.9%') order by 1"
    table = invoke("sql", "--home", home, query)
    assert table.exit_code == 0
    lines = table.output.splitlines()
    assert lines[0].split() == ["raw_text", "normalized_value", "unit"]
    assert lines[2].split() == ["94.9%", "94.9", "%"] and lines[3].split() == ["超120亿元", "12000000000", "元"]
    assert lines[-1] == "(2 rows)"
    assert invoke("sql", "--home", home, "--format", "csv", query).output == (
        "raw_text,normalized_value,unit\n94.9%,94.9,%\n超120亿元,12000000000,元\n")
    assert json.loads(invoke("sql", "--home", home, "--format", "json", query).output) == [
        {"raw_text": "94.9%", "normalized_value": 94.9, "unit": "%"},
        {"raw_text": "超120亿元", "normalized_value": 12000000000.0, "unit": "元"},
    ]


def test_sql_is_read_only_and_errors_are_one_line_on_stderr(published_home):
    home = str(published_home.root)
    result = CliRunner().invoke(cli, ["sql", "--home", home, "delete from dim_document"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and "read-only" in result.stderr and result.stderr.count("\n") == 1
    missing = CliRunner().invoke(cli, ["sql", "--home", str(published_home.root / "nowhere"), "select 1"])
    assert missing.exit_code == 1 and "run 'baogao ingest" in missing.stderr


def test_sql_cuts_rows_with_a_note_stops_at_its_time_limit_and_reads_stdin(published_home):
    home = str(published_home.root)
    cut = CliRunner().invoke(cli, ["sql", "--home", home, "--max-rows", "3", "--format", "csv",
                                   "select range as n from range(20000000)"])
    assert cut.exit_code == 0 and cut.stdout == "n\n0\n1\n2\n"
    assert cut.stderr == "(first 3 rows shown: the query gives more; --max-rows 0 prints all)\n"
    cross_join = "select count(*) from range(200000) a, range(200000) b where a.range * b.range = 7"
    slow = CliRunner().invoke(cli, ["sql", "--home", home, "--timeout", "1", cross_join])
    assert slow.exit_code == 1 and slow.stdout == ""
    assert slow.stderr == "Error: query stopped after 1 s: narrow the query, or give more time with --timeout\n"
    piped = CliRunner().invoke(cli, ["sql", "--home", home, "--format", "csv", "-"],
                               input="select issuer, report_year from v_documents")
    assert piped.exit_code == 0 and piped.stdout == "issuer,report_year\n云溪区委,2024\n"


def test_status_json(published_home):
    report = json.loads(invoke("status", "--home", str(published_home.root), "--format", "json").output)
    assert report["views"]["v_documents"] == 1
    assert report["views"]["v_indicators"] == 43
    assert report["recent_runs"][0]["status"] == "succeeded"
    assert report["paths"]["published"] == str(published_home.published)
    assert set(report["views"]) >= {"v_documents", "v_document_text", "v_sections", "v_indicators", "v_terms",
                                    "v_keywords", "v_slogans", "v_cited_documents", "v_dq_results", "v_ingest_runs"}
    assert report["metadata"] == {"documents": 1, "without_issuer": 0, "without_year": 0, "without_type": 0}


def test_status_counts_documents_missing_metadata(home, jieba_ready):
    from tests.conftest import _published

    untitled = ("各位代表：\n现在，我向大会报告一年来的工作，请予审议。\n一、主要工作\n"
                "全年新建中小学校十二所，新增学位八千六百个，改造提升乡村学校操场和食堂二十三处，教育均衡发展持续推进。\n")
    _published(home, untitled.encode(), "untitled.txt")
    table = invoke("status", "--home", str(home.root)).output
    assert ("Metadata of 1 current document(s): 1 without issuer, 1 without year, 1 without type "
            "(baogao inspect FILE shows what was read)") in table


def test_read_commands_do_not_import_prefect_or_great_expectations(published_home):
    code = (
        "import sys\n"
        "from baogao.cli import cli\n"
        f"for args in (['sql', '--home', {str(published_home.root)!r}, 'select 1'],"
        f" ['status', '--home', {str(published_home.root)!r}]):\n"
        "    try:\n"
        "        cli(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('prefect', 'great_expectations', 'jieba', 'polars') if m in sys.modules))\n"
        f"cli(['inspect', {str(DEMO)!r}], standalone_mode=False)\n"
        "print(sorted(m for m in ('prefect', 'great_expectations', 'jieba') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    lines = out.strip().splitlines()
    assert lines[-1] == "[]" and "[]" in lines[:-1]


def _baogao(*args, api_url, cwd):
    env = {**os.environ, "PREFECT_API_URL": api_url}
    return subprocess.run([sys.executable, "-m", "baogao", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300, check=False)


@pytest.mark.slow
def test_demo_then_ingest_with_a_bad_file_from_the_command_line(prefect_server, tmp_path):
    home = tmp_path / "demo home"
    demo = _baogao("demo", "--home", str(home), api_url=prefect_server, cwd=ROOT)
    assert demo.returncode == 0, demo.stderr
    assert "files loaded:      1" in demo.stdout and "data quality:      passed" in demo.stdout
    assert f"Published views: {home / 'published.duckdb'}" in demo.stdout
    rows = json.loads(_baogao("sql", "--home", str(home), "--format", "json",
                              "select issuer, report_year, indicator_count from v_documents",
                              api_url=prefect_server, cwd=ROOT).stdout)
    assert rows == [{"issuer": "云溪区委", "report_year": 2024, "indicator_count": 43}]
    status = json.loads(_baogao("status", "--home", str(home), "--format", "json", api_url=prefect_server, cwd=ROOT).stdout)
    docs = status["data_quality"]["data_docs"]
    assert docs.startswith("file://") and docs.endswith("/index.html") and status["data_quality"]["failed"] == []

    (home / "inbox" / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n....")
    shutil.copy(DEMO, home / "inbox" / "again.txt")
    ingest = _baogao("ingest", "--home", str(home), "--settle", "0", api_url=prefect_server, cwd=ROOT)
    assert ingest.returncode == 3
    assert "already loaded:    1" in ingest.stdout and "quarantined:       1" in ingest.stdout
    assert "Quarantined scan.txt: not a report text: an image (png) has no text: run OCR first" in ingest.stderr


def test_inspect_shows_what_would_be_read_without_loading(tmp_path):
    from tests.test_transforms_genre import REPORTS

    result = invoke("inspect", str(REPORTS / "untitled_crlf_bom.txt"))
    assert result.exit_code == 0
    out = result.output
    assert "issuer           XX县纪委监委" in out and "report_type      纪委工作报告" in out
    assert "  一 强化政治监督\n    （一） 聚焦重大决策部署\n      · 开展专项监督检查\n  二 深化正风肃纪" in out
    assert "三十一起  31                起               count  全年共查处违反中央八项规定精神问题三十一起" in out
    data = json.loads(invoke("inspect", "--format", "json", str(REPORTS / "untitled_crlf_bom.txt")).output)
    assert [i["raw_text"] for i in data["indicators"]] == ["十二次", "八十三个", "七十九个", "三十一起", "四十二人", "二十六人"]
    assert data["sections"][2]["title"] == "开展专项监督检查"


def test_inspect_refuses_a_non_report_with_its_reason(tmp_path):
    junk = tmp_path / "scan.txt"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n....")
    result = CliRunner().invoke(cli, ["inspect", str(junk)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {junk}: not a report text: an image (png) has no text: run OCR first and drop the text\n"


def test_views_describes_every_published_view_and_column(published_home):
    from baogao.expectations import SUITES

    docs = json.loads(invoke("views", "--home", str(published_home.root), "--format", "json").output)
    assert sorted(d["view"] for d in docs) == sorted(SUITES)
    undocumented = [f"{d['view']}.{c['column']}" for d in docs for c in d["columns"] if not c["description"]]
    assert undocumented == []
    assert all(d["description"].startswith("One row per") for d in docs)
    text = invoke("views", "--home", str(published_home.root), "v_indicators").output
    assert text.startswith("v_indicators: One row per figure")
    assert "qualifier" in text and "余 / 近 / 超 / 约 / 累计 / 以上 / 左右" in text


def test_export_parquet_round_trips_every_view(published_home, tmp_path):
    import duckdb

    out = tmp_path / "parquet"
    result = invoke("export", "--home", str(published_home.root), "--format", "parquet", "--to", str(out))
    assert result.exit_code == 0
    con = duckdb.connect(str(published_home.published), read_only=True)
    check = duckdb.connect()
    for line in result.output.splitlines():
        view, rows = line.split("\t")
        assert int(rows.split()[0]) == con.execute(f"select count(*) from {view}").fetchone()[0]
        path = out / view
        pattern = f"{path}/**/*.parquet" if path.is_dir() else f"{path}.parquet"
        hive = ", hive_partitioning = true" if path.is_dir() else ""
        assert check.execute(f"select count(*) from read_parquet('{pattern}'{hive})").fetchone()[0] == int(rows.split()[0])
    assert (out / "v_documents" / "report_year=2024").is_dir()
    assert (out / "v_document_text.parquet").is_file()
    con.close()


def test_status_gives_up_counting_a_slow_view_and_goes_on(tmp_path):
    import time

    import duckdb

    from baogao.output import _count_rows

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create view v_quick as select * from range(5)")
    # ten billion rows: seconds to count on any machine
    con.execute("create view v_slow as select a.range from range(100000) as a, range(100000) as b")
    started = time.perf_counter()
    assert _count_rows(con, "v_slow") is None
    assert time.perf_counter() - started < 5
    assert _count_rows(con, "v_quick") == 5  # the connection still answers
    con.close()


def test_a_run_the_command_starts_sends_no_heartbeats_unless_the_environment_asks(prefect_server, monkeypatch):
    from prefect import flow
    from prefect.settings import get_current_settings

    from baogao.flows import run as run_module

    @flow
    def heartbeat_frequency():  # what Prefect's flow engine reads to start its heartbeat thread
        return get_current_settings().flows.heartbeat_frequency

    for name in run_module.HEARTBEAT_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    with run_module.no_heartbeats_unless_asked():
        assert heartbeat_frequency() is None
    assert heartbeat_frequency() is not None  # Prefect's own setting again outside
    monkeypatch.setenv("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "60")
    with run_module.no_heartbeats_unless_asked():
        assert heartbeat_frequency() is not None


def test_the_command_exits_with_its_code_and_every_line_written_through_a_pipe(published_home):
    """The process ends without the interpreter's teardown; what it wrote and its exit code arrive whole."""
    home = str(published_home.root)
    many = subprocess.run([sys.executable, "-m", "baogao", "sql", "--home", home, "--format", "csv", "--max-rows", "0",
                           "select range as n, repeat('报告', 20) as t from range(100000)"],
                          capture_output=True, text=True, check=False)
    lines = many.stdout.splitlines()
    assert many.returncode == 0 and len(lines) == 100_001 and lines[-1] == "99999," + "报告" * 20
    wrong = subprocess.run([sys.executable, "-m", "baogao", "sql", "--home", home, "select * from v_nothing"],
                           capture_output=True, text=True, check=False)
    assert wrong.returncode == 1 and wrong.stdout == "" and wrong.stderr.startswith("Error: ")
    usage = subprocess.run([sys.executable, "-m", "baogao", "sql", "--format", "xml", "select 1"],
                           capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and "Invalid value for '--format'" in usage.stderr


def test_an_ingest_freezes_what_its_imports_made_and_leaves_the_collector_as_it_found_it():
    # in a fresh interpreter: the collector's state is the process's, and other tests change it
    script = textwrap.dedent("""
        import gc
        from baogao import settings
        from baogao.flows import run as run_module

        before, frozen_before = gc.get_threshold(), gc.get_freeze_count()
        assert gc.isenabled() and frozen_before == 0
        with run_module.IngestCollector() as collector:
            assert not gc.isenabled()  # no collections while the imports run
            made = [[i] for i in range(5000)]  # what imports make: kept for the process's life
            collector.imports_done()
            assert gc.isenabled() and gc.get_threshold() == (settings.GC_THRESHOLD, *before[1:])
            assert gc.get_freeze_count() >= len(made)
            gc.collect()
            assert gc.get_freeze_count() >= len(made)  # a full collection leaves them frozen
        assert gc.isenabled() and gc.get_threshold() == before and gc.get_freeze_count() == 0
        gc.disable()
        with run_module.IngestCollector() as collector:
            collector.imports_done()
        assert not gc.isenabled()  # a caller's disabled collector stays disabled
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "ok\n"), done.stderr


def test_a_second_ingest_on_a_busy_home_exits_5_before_starting_anything(tmp_path):
    from baogao.flows.inbox import ingest_lock
    from baogao.home import Home

    home = Home(tmp_path / "home").ensure()
    shutil.copy(DEMO, home.inbox / "demo.txt")
    # no Prefect server answers here: a command that started its flow would fail, not say busy
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    with ingest_lock(home):
        done = subprocess.run([sys.executable, "-m", "baogao", "ingest", "--home", str(home.root), "--settle", "0"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 5 and done.stdout == ""
    assert done.stderr == f"Error: another ingest is running on {home.root}; it will load the inbox, try again when it ends\n"
    assert (home.inbox / "demo.txt").exists()


def test_the_command_ends_with_its_status_once_its_output_and_exit_handlers_are_done():
    # the process skips Python's teardown (the witness is never torn down), never what the command
    # printed or an exit handler it set
    code = (
        "import atexit, sys\n"
        "import click\n"
        "from baogao import cli\n"
        "class Witness:\n"
        "    def __del__(self):\n"
        "        print('torn down')\n"
        "witness = Witness()\n"
        "@cli.cli.command('probe')\n"
        "def probe():\n"
        "    atexit.register(lambda: print('exit handler ran'))\n"
        "    click.echo('result of the command')\n"
        "    click.echo('progress', err=True)\n"
        "    sys.exit(3)\n"
        "sys.argv = ['baogao', 'probe']\n"
        "cli.main()\n"
    )
    ended = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert (ended.returncode, ended.stdout, ended.stderr) == (3, "result of the command\nexit handler ran\n",
                                                              "progress\n")
    failed = subprocess.run([sys.executable, "-c", code.replace("sys.exit(3)", "raise ValueError('boom')")],
                            check=False, capture_output=True, text=True)
    assert failed.returncode == 1 and failed.stderr.rstrip().endswith("ValueError: boom")
