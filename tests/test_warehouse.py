"""The warehouse layer on real DuckDB files: schema, bulk load, views, publishing under a reader."""

import os
import subprocess
import sys
import textwrap
from datetime import datetime

import duckdb
import pytest

from baogao.schema import SET_AT_LOAD
from baogao.transforms.parse import SCHEMAS, parse_report, tables
from baogao.warehouse import db, load
from baogao.warehouse import publish as publishing
from baogao.warehouse.publish import catch_up, publish
from tests.conftest import DEMO, DIFFERENT_REPORTS


@pytest.fixture
def loaded(tmp_path, jieba_ready):
    con = db.connect(tmp_path / "warehouse.duckdb")
    report = parse_report(DEMO.read_bytes(), "demo.txt")
    added = load.insert_frames(con, tables([report]), "run1", datetime(2024, 1, 1))
    yield con, report, added
    con.close()


def test_tables_match_the_frames_in_names_and_types(tmp_path):
    import polars as pl

    duckdb_type = {pl.String: "VARCHAR", pl.Int32: "INTEGER", pl.Int64: "BIGINT", pl.UInt64: "UBIGINT",
                   pl.Float64: "DOUBLE", pl.Boolean: "BOOLEAN"}
    con = db.connect(tmp_path / "w.duckdb")
    for table, schema in SCHEMAS.items():
        columns = dict(con.execute(
            "select column_name, data_type from information_schema.columns where table_name = ? "
            "order by ordinal_position", [table]).fetchall())
        assert set(columns) == set(schema) | set(SET_AT_LOAD.get(table, ())), table
        assert {c: columns[c] for c in schema} == {c: duckdb_type[t] for c, t in schema.items()}, table
    con.close()


def test_every_schema_file_opens_with_its_grain():
    for name, sql in db.table_sql().items():
        assert sql.startswith(f"-- {name}: one row per"), name
    for name, sql in db.view_sql().items():
        assert sql.startswith(f"-- {name}: one row per"), name


def test_a_held_warehouse_checkpoints_when_the_run_ends_not_when_a_task_closes(tmp_path, jieba_ready):
    path = tmp_path / "warehouse.duckdb"
    wal = tmp_path / "warehouse.duckdb.wal"
    report = parse_report(DEMO.read_bytes(), "demo.txt")
    with db.held_open(path):
        con = db.connect(path)
        load.insert_frames(con, tables([report]), "run1", datetime(2024, 1, 1))
        con.close()
        assert wal.stat().st_size > 0  # committed to the WAL, not yet checkpointed
        again = db.connect(path)  # another task of the run sees the rows at once
        assert again.execute("select count(*) from fact_sentence").fetchone()[0] == report.frames["fact_sentence"].height
        again.close()
    assert not wal.exists()  # the run's end checkpointed it
    con = db.connect(path, read_only=True)
    assert con.execute("select count(*) from dim_document").fetchone()[0] == 1
    assert con.execute("select current_setting('checkpoint_threshold')").fetchone()[0] == "16.0 MiB"  # the default again
    con.close()


def test_connections_to_a_held_warehouse_skip_the_migration_it_had_when_opened(tmp_path, monkeypatch):
    path = tmp_path / "warehouse.duckdb"
    migrated = []
    real_migrate = db.migrate
    monkeypatch.setattr(db, "migrate", lambda con: (migrated.append(con), real_migrate(con)))
    with db.held_open(path):
        for _task in range(3):
            con = db.connect(path)
            assert con.execute("select count(*) from dim_unit").fetchone()[0] > 0  # the schema the hold made
            con.close()
        with db.held_open(path):  # a hold inside a hold keeps it held when it ends
            pass
        db.connect(path).close()
        assert len(migrated) == 1
    db.connect(path).close()  # held no more: an open migrates again
    assert len(migrated) == 2


def test_a_publish_checkpoints_the_warehouse_beside_the_copy_when_asked(tmp_path, jieba_ready):
    path, published = tmp_path / "warehouse.duckdb", tmp_path / "published.duckdb"
    wal = tmp_path / "warehouse.duckdb.wal"

    def add(con, source):
        load.insert_frames(con, tables([parse_report(source.read_bytes(), source.name)]), f"run-{source.stem}",
                           datetime(2024, 1, 2))

    def copy_documents():
        c = duckdb.connect(str(published), read_only=True)
        try:
            return c.execute("select count(*) from v_documents").fetchall()[0][0]
        finally:
            c.close()

    with db.held_open(path):
        con = db.connect(path)
        add(con, DIFFERENT_REPORTS[0])
        publish(con, published)  # the first publish: the warehouse checkpointed, and its bytes the copy
        assert not wal.exists() or wal.stat().st_size == 0
        add(con, DIFFERENT_REPORTS[1])
        publish(con, published, checkpoint_warehouse=True)  # the spare copy brought up to date
        assert not wal.exists() or wal.stat().st_size == 0  # and the warehouse checkpointed meanwhile
        assert copy_documents() == 2
        add(con, DIFFERENT_REPORTS[2])
        reader = duckdb.connect(str(published.resolve().with_name("published.1.duckdb")), read_only=True)
        publish(con, published, checkpoint_warehouse=True)  # a reader holds the spare: a new full copy
        reader.close()
        assert not wal.exists() or wal.stat().st_size == 0
        assert published.resolve().name == "published.3.duckdb" and copy_documents() == 3
        con.close()


def test_load_and_views(loaded):
    con, report, added = loaded
    assert added["dim_document"] == 1 and added["fact_indicator"] == report.frames["fact_indicator"].height
    db.create_views(con, temporary=True)
    doc = con.execute("select issuer, report_year, indicator_count, has_paid_segment from v_documents").fetchone()
    assert doc == ("云溪区委", 2024, report.frames["fact_indicator"].height, True)
    row = con.execute("""
        select normalized_value, unit, unit_family, qualifier, section_path, sentence
        from v_indicators where raw_text = '3200余万元'""").fetchone()
    assert row[:4] == (32_000_000, "元", "money", "余")
    assert row[4] == "坚持固本强基，建强基层战斗堡垒 > 提升基层组织力 > 推进支部标准化建设"
    assert row[5] == "全区862个党支部全部完成达标验收，新建党群服务中心12个，累计投入资金3200余万元。"
    mismatched = con.execute("""
        select count(*) from v_indicators i join v_document_text t using (document_id)
        where substring(t.text, i.char_start + 1, i.char_end - i.char_start) <> i.raw_text""").fetchone()[0]
    assert mismatched == 0
    assert load.known_sha256(con, [report.document["sha256"], "0" * 64]) == {report.document["sha256"]}


def test_published_copy_is_readable_and_replaced_under_an_open_reader(loaded, tmp_path):
    con, _report, _ = loaded
    published = tmp_path / "published.duckdb"
    publish(con, published)
    reader = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(published)!r}, read_only=True)
            print(con.execute("select count(*) from v_documents").fetchone()[0], flush=True)
            sys.stdin.readline()
            print(con.execute("select count(*) from v_documents").fetchone()[0], flush=True)
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "1"
        # a second document arrives and is published while the reader holds the old file
        other = DIFFERENT_REPORTS[0]
        load.insert_frames(con, tables([parse_report(other.read_bytes(), other.name)]), "run2", datetime(2024, 1, 2))
        publish(con, published)
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "1"  # its complete old state
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    fresh = duckdb.connect(str(published), read_only=True)
    assert fresh.execute("select count(*) from v_documents").fetchone()[0] == 2
    version = fresh.execute("select tags['storage_version'] from duckdb_databases() where database_name = 'published'").fetchone()[0]
    assert version.startswith("v1.0.0")
    fresh.close()


def test_publish_alternates_two_copies_and_updates_the_idle_one_with_only_what_it_lacks(loaded, tmp_path):
    con, report, _ = loaded
    published = tmp_path / "published.duckdb"

    loaded_reports = [report]

    def add(source):
        parsed = parse_report(source.read_bytes(), source.name)
        load.insert_frames(con, tables([parsed]), f"run-{source.stem}", datetime(2024, 1, 2))
        loaded_reports.append(parsed)

    def documents():
        c = duckdb.connect(str(published), read_only=True)
        try:
            return c.execute("select count(*), count(distinct document_id) from v_indicators").fetchall()[0]
        finally:
            c.close()

    assert publish(con, published).name == "published.1.duckdb"  # first: a full copy, without a twin yet
    assert sorted(p.name for p in tmp_path.glob("published.*.duckdb")) == ["published.1.duckdb"]
    # the tables are copied several at a time: every one of them arrives whole
    copied = duckdb.connect(str(published), read_only=True)
    try:
        for table in db.table_sql():
            rows = con.execute(f"select count(*) from {table}").fetchall()[0][0]
            assert copied.execute(f"select count(*) from {table}").fetchall()[0][0] == rows, table
        assert copied.execute("select count(*) from fact_term").fetchall()[0][0] == report.frames["fact_term"].height
    finally:
        copied.close()
    add(DIFFERENT_REPORTS[0])
    assert publish(con, published).name == "published.2.duckdb"  # the twin: laid as its bytes, brought up to date
    assert sorted(p.name for p in tmp_path.glob("published.*.duckdb*")) == ["published.1.duckdb", "published.2.duckdb"]
    add(DIFFERENT_REPORTS[1])
    third = publish(con, published)
    assert third.name == "published.1.duckdb"  # the idle copy, brought up to date
    assert sorted(p.name for p in tmp_path.glob("published.*.duckdb")) == ["published.1.duckdb", "published.2.duckdb"]
    assert published.is_symlink() and published.resolve() == third
    indicators, docs = documents()
    assert docs == 3 and indicators == sum(r.frames["fact_indicator"].height for r in loaded_reports)
    # a reader holds the spare: a fresh copy takes its place and the reader keeps its file
    reader = duckdb.connect(str(tmp_path / "published.2.duckdb"), read_only=True)
    add(DIFFERENT_REPORTS[2])
    fourth = publish(con, published)
    assert fourth.name == "published.3.duckdb"
    assert reader.execute("select count(*) from v_documents").fetchall()[0][0] == 2
    reader.close()
    assert sorted(p.name for p in tmp_path.glob("published.*.duckdb")) == ["published.1.duckdb", "published.3.duckdb"]
    assert documents()[1] == 4


def _compressions(path) -> set[str]:
    c = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in c.execute("select table_name from duckdb_tables()").fetchall()]
        return {r[0] for t in tables for r in c.execute(f"select compression from pragma_storage_info('{t}')").fetchall()}
    finally:
        c.close()


def test_the_copies_store_no_string_as_fsst(loaded, tmp_path):
    con, _, _ = loaded
    for source in DIFFERENT_REPORTS[:3]:  # enough text that FSST pays in the copies' storage version
        load.insert_frames(con, tables([parse_report(source.read_bytes(), source.name)]), f"run-{source.stem}",
                           datetime(2024, 1, 2))
    # the same rows, written in the copies' storage version without the setting, would have some
    plain = tmp_path / "plain.duckdb"
    other = duckdb.connect()
    other.execute(f"attach '{plain}' as plain (storage_version '{db.PUBLISHED_STORAGE_VERSION}')")
    for table in ("dim_document", "fact_sentence"):
        other.register("rows_", con.sql(f"select * from {table}").to_arrow_table())
        other.execute(f"create table plain.{table} as select * from rows_")
        other.unregister("rows_")
    other.close()
    assert "FSST" in _compressions(plain)
    published = tmp_path / "published.duckdb"
    first = publish(con, published)  # a full copy
    another = DIFFERENT_REPORTS[3]
    load.insert_frames(con, tables([parse_report(another.read_bytes(), another.name)]), "run-4", datetime(2024, 1, 3))
    second = publish(con, published)  # rows added to the other
    assert first != second
    for copy in (first, second):
        assert "FSST" not in _compressions(copy), copy.name


def test_publish_replaces_a_copy_whose_tables_an_upgrade_changed(loaded, tmp_path):
    """An upgrade that adds a column to the warehouse cannot add rows to a copy made before it: a
    full copy takes that copy's place, instead of every later publish failing."""
    con, report, _ = loaded
    published = tmp_path / "published.duckdb"
    publish(con, published)  # published.1 and its twin
    con.execute("alter table fact_indicator add column added_later varchar default 'new'")
    assert publish(con, published).name == "published.3.duckdb"
    copied = duckdb.connect(str(published), read_only=True)
    try:
        assert copied.execute("select count(*), min(added_later) from fact_indicator").fetchall()[0] == (
            report.frames["fact_indicator"].height, "new")
    finally:
        copied.close()
    assert publish(con, published).name == "published.4.duckdb"  # the other copy predates the column too
    assert publish(con, published).name == "published.3.duckdb"  # and from then on, only what a copy lacks
    assert sorted(p.name for p in tmp_path.glob("published.*.duckdb")) == ["published.3.duckdb", "published.4.duckdb"]


def test_the_copies_keep_dim_document_without_keys_and_a_keyed_copy_is_replaced(loaded, tmp_path):
    """In the copies' storage version an append to a keyed table rewrites its whole last row group,
    every report's text with it: the copies' dim_document has no keys (the warehouse keeps them)."""
    con, _report, _ = loaded
    published = tmp_path / "published.duckdb"

    def add(source):
        parsed = parse_report(source.read_bytes(), source.name)
        load.insert_frames(con, tables([parsed]), f"run-{source.stem}", datetime(2024, 1, 2))

    def keys_and_documents(path):
        c = duckdb.connect(str(path), read_only=True)
        try:
            keys = c.execute("select list(constraint_type order by constraint_type) from duckdb_constraints() "
                             "where table_name = 'dim_document' and constraint_type in ('PRIMARY KEY', 'UNIQUE')")
            return keys.fetchall()[0][0] or [], c.execute("select count(*) from v_documents").fetchall()[0][0]
        finally:
            c.close()

    assert con.execute("select list(constraint_type order by constraint_type) from duckdb_constraints() "
                       "where table_name = 'dim_document' and constraint_type in ('PRIMARY KEY', 'UNIQUE')"
                       ).fetchall()[0][0] == ["PRIMARY KEY", "UNIQUE"]  # the warehouse keeps them
    publish(con, published)  # published.1
    assert keys_and_documents(tmp_path / "published.1.duckdb") == ([], 1)
    add(DIFFERENT_REPORTS[0])
    assert publish(con, published).name == "published.2.duckdb"  # its twin, laid as its bytes and brought up to date
    assert keys_and_documents(published) == ([], 2)
    # a copy made with the warehouse's keys (as before) is replaced by a full copy, once
    keyed = duckdb.connect(str(tmp_path / "published.1.duckdb"))
    keyed.execute("create table kept as select * from dim_document")
    keyed.execute("drop table dim_document")
    keyed.execute(db.table_sql()["dim_document"])
    keyed.execute("insert into dim_document select * from kept")
    keyed.execute("drop table kept")
    keyed.close()
    add(DIFFERENT_REPORTS[1])
    assert publish(con, published).name == "published.3.duckdb"
    assert keys_and_documents(published) == ([], 3)


def _dq_row(run_id: str, suite: str) -> dict:
    return {"run_id": run_id, "checked_at": datetime(2024, 1, 2), "suite": suite, "expectation": "expect_x",
            "column_name": "document_id", "is_critical": True, "success": True, "element_count": 1,
            "unexpected_count": 0, "observed_value": None}


def _run_row(run_id: str) -> dict:
    return {"run_id": run_id, "started_at": datetime(2024, 1, 2), "finished_at": datetime(2024, 1, 2),
            "files_seen": 2, "files_loaded": 2, "files_skipped": 0, "files_quarantined": 0, "status": "succeeded"}


def _counts(path) -> dict[str, int]:
    c = duckdb.connect(str(path), read_only=True)
    try:
        return {t: c.execute(f"select count(*) from {t}").fetchall()[0][0] for t in db.table_sql()}
    finally:
        c.close()


def test_catch_up_fills_the_spare_copy_ahead_and_the_publish_adds_only_the_rest(loaded, tmp_path):
    """While a run's last batch loads, the copy the publish will update takes in what is committed;
    readers see nothing of it, and the run's log reaches the copy whole, once."""
    con, _report, _ = loaded
    published = tmp_path / "published.duckdb"

    def add(source, run_id):
        load.insert_frames(con, tables([parse_report(source.read_bytes(), source.name)]), run_id, datetime(2024, 1, 2))

    load.record_dq_results(con, [_dq_row("run1", "v_documents")])  # the first batch's checks
    # no copy yet: the first copy is the warehouse's own bytes, laid once the run has loaded every report
    assert catch_up(con, published, open_run="run1") is None and list(tmp_path.glob("published*")) == []
    add(DIFFERENT_REPORTS[0], "run1")  # the last batch
    load.record_dq_results(con, [_dq_row("run1", "v_documents")])
    assert catch_up(con, published, open_run="run1", loaded=True).name == "published.1.duckdb"
    assert not published.exists()  # readers see nothing yet
    laid = _counts(tmp_path / "published.1.duckdb")
    assert laid["dim_document"] == 2 and laid["fact_dq_result"] == 0  # the open run's log waits for the publish
    load.record_dq_results(con, [_dq_row("run1", "v_sections")])  # the checks across documents, meanwhile
    load.record_run(con, _run_row("run1"))
    assert publish(con, published).name == "published.1.duckdb"
    warehouse_counts = {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in db.table_sql()}
    assert warehouse_counts["dim_document"] == 2 and warehouse_counts["fact_dq_result"] == 3
    assert _counts(published) == warehouse_counts
    assert not (tmp_path / "published.2.duckdb").exists()  # no twin yet: the next run lays it

    # the next run: its spare copy, laid as the published one's bytes, catches up while readers keep that one
    add(DIFFERENT_REPORTS[1], "run2")
    load.record_dq_results(con, [_dq_row("run2", "v_documents")])
    assert catch_up(con, published, open_run="run2").name == "published.2.duckdb"
    assert published.resolve().name == "published.1.duckdb" and _counts(published)["dim_document"] == 2
    ahead = _counts(tmp_path / "published.2.duckdb")
    assert ahead["dim_document"] == 3 and ahead["fact_dq_result"] == 3  # the open run's log waits
    add(DIFFERENT_REPORTS[2], "run2")
    load.record_run(con, _run_row("run2"))
    assert publish(con, published).name == "published.2.duckdb"  # brought up to date, not copied again
    assert _counts(published) == {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in db.table_sql()}
    assert _counts(published)["dim_document"] == 4 and _counts(published)["fact_ingest_run"] == 2
    # a reader holding the spare: catching up leaves it to the publish, which makes a fresh copy
    reader = duckdb.connect(str(tmp_path / "published.1.duckdb"), read_only=True)
    try:
        assert catch_up(con, published, open_run="run3") is None
    finally:
        reader.close()


@pytest.fixture
def newer_warehouse(tmp_path, jieba_ready):
    """A warehouse made in DuckDB's newest storage version, as baogao made them before its copies' version."""
    path = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(path), config={"storage_compatibility_version": "latest"}).close()
    con = db.connect(path)
    report = parse_report(DEMO.read_bytes(), "demo.txt")
    load.insert_frames(con, tables([report]), "run1", datetime(2024, 1, 1))
    yield con, report
    con.close()


def test_a_first_publish_lays_the_warehouse_s_own_bytes_as_the_copy(loaded, tmp_path, monkeypatch):
    con, report, _ = loaded
    assert db.in_published_version(con)  # every new warehouse is written in the copies' version

    def row_by_row(*_args, **_kwargs):
        raise AssertionError("a full copy written row by row")

    monkeypatch.setattr(publishing, "_full_copy", row_by_row)
    published = tmp_path / "published.duckdb"
    assert publish(con, published).name == "published.1.duckdb"
    assert not (tmp_path / "warehouse.duckdb.wal").exists()  # checkpointed first: the file holds every row
    c = duckdb.connect(str(published), read_only=True)
    try:
        assert c.execute("select tags['storage_version'] from duckdb_databases() "
                         "where database_name = current_database()").fetchall()[0][0] == "v1.0.0+"
        assert c.execute("select count(*) from duckdb_constraints() where table_name = 'dim_document' "
                         "and constraint_type in ('PRIMARY KEY', 'UNIQUE')").fetchall()[0][0] == 0
        assert c.execute("select count(*) from v_indicators").fetchall()[0][0] == report.frames["fact_indicator"].height
        assert c.execute("select count(*) from search_sentences('党支部')").fetchall()[0][0] > 0
    finally:
        c.close()


def test_a_warehouse_in_a_newer_storage_version_is_copied_row_by_row(newer_warehouse, tmp_path):
    con, report = newer_warehouse
    assert not db.in_published_version(con)
    published = tmp_path / "published.duckdb"
    first = catch_up(con, published, open_run="run2")  # its copy is made ahead, while a last batch loads
    assert first.name == "published.1.duckdb" and not published.exists()
    assert publish(con, published) == first
    assert _counts(published) == {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in db.table_sql()}
    c = duckdb.connect(str(published), read_only=True)
    try:
        assert c.execute("select tags['storage_version'] from duckdb_databases() "
                         "where database_name = current_database()").fetchall()[0][0] == "v1.0.0+"
        assert c.execute("select count(*) from v_indicators").fetchall()[0][0] == report.frames["fact_indicator"].height
    finally:
        c.close()


def test_a_first_publish_laid_as_bytes_holds_only_what_is_committed(loaded, tmp_path):
    con, report, _ = loaded
    other = con.cursor()
    other.execute("begin")  # another connection's load, not committed when the publish runs
    load.insert_frames(other, tables([parse_report(DIFFERENT_REPORTS[0].read_bytes(), "other.txt")]), "run2",
                       datetime(2024, 1, 2))
    try:
        published = tmp_path / "published.duckdb"
        assert publish(con, published).name == "published.1.duckdb"
    finally:
        other.execute("rollback")
        other.close()
    counts = _counts(published)
    assert counts == {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in db.table_sql()}
    assert counts["dim_document"] == 1 and counts["fact_indicator"] == report.frames["fact_indicator"].height


def test_a_full_copy_cut_short_leaves_no_copy_to_update(loaded, tmp_path, monkeypatch):
    """A copy that stopped half way must not pass for a spare lacking only some documents."""
    con, report, _ = loaded
    published = tmp_path / "published.duckdb"

    def cut_short(_con, attached=True):
        raise OSError("No space left on device")

    monkeypatch.setattr(publishing, "_create_views", cut_short)
    with pytest.raises(OSError):
        publish(con, published)
    assert list(tmp_path.glob("published.*.duckdb")) == [] and not published.exists()
    assert [p.name for p in tmp_path.glob("published.*.partial")] == ["published.1.duckdb.partial"]
    monkeypatch.undo()
    (tmp_path / "published.7.duckdb.partial").write_bytes(b"left by a killed run")
    assert publish(con, published).name == "published.1.duckdb"
    assert list(tmp_path.glob("published.*.partial*")) == []  # and what was cut short is gone
    assert _counts(published)["fact_indicator"] == report.frames["fact_indicator"].height


def test_a_second_copy_cut_short_is_never_taken_for_a_spare(loaded, tmp_path, monkeypatch):
    """A run killed while the second publish lays the second copy as the first one's bytes: the next
    publish must not update half a file and publish it."""
    con, report, _ = loaded
    published = tmp_path / "published.duckdb"
    assert publish(con, published).name == "published.1.duckdb"
    other = parse_report(DIFFERENT_REPORTS[0].read_bytes(), DIFFERENT_REPORTS[0].name)
    load.insert_frames(con, tables([other]), "run2", datetime(2024, 1, 2))

    copyfile = publishing.shutil.copyfile

    def killed_half_way(source, target):
        if not os.path.basename(source).startswith("published."):
            return copyfile(source, target)  # a first copy: the warehouse's bytes
        with open(source, "rb") as whole, open(target, "wb") as half:
            half.write(whole.read()[: os.path.getsize(source) // 2])
        raise KeyboardInterrupt  # as far as the files go, what a kill leaves

    monkeypatch.setattr(publishing.shutil, "copyfile", killed_half_way)
    with pytest.raises(KeyboardInterrupt):
        publish(con, published)
    monkeypatch.undo()
    assert published.resolve().name == "published.1.duckdb"  # readers keep the first copy
    assert [p.name for p in tmp_path.glob("published.*.duckdb")] == ["published.1.duckdb"]
    assert [p.name for p in tmp_path.glob("published.*.partial")] == ["published.2.duckdb.partial"]

    for _ in range(3):  # both copies in turn, each complete
        publish(con, published)
        assert _counts(published)["fact_indicator"] == (report.frames["fact_indicator"].height
                                                        + other.frames["fact_indicator"].height)
    assert sorted(p.name for p in tmp_path.glob("published.*.duckdb*")) == ["published.1.duckdb", "published.2.duckdb"]


def test_check_columns_read_the_text_at_each_offset(loaded):
    from baogao.warehouse import validation

    con, report, _ = loaded
    db.create_views(con, temporary=True)
    ids = [report.document_id]
    text = report.document["text"]
    figures = validation.new_rows(con, "v_indicators", ids)
    assert len(figures) == report.frames["fact_indicator"].height
    assert (figures["text_at_offsets"] == figures["raw_text"]).all()
    assert set(figures["document_char_count"]) == {len(text)}
    assert figures["normalized_error"].max() < 1e-9
    # integer columns arrive as int64, which Great Expectations compares in one vectorised step
    assert figures["char_start"].dtype == "int64"
    sections = validation.new_rows(con, "v_sections", ids)
    assert sections["title_in_span"].all()

    # a figure whose offsets slid one character reads something else there, and the check column shows it
    con.execute("update fact_indicator set char_start = char_start + 1, char_end = char_end + 1 "
                "where raw_text = '超120亿元'")
    moved = validation.new_rows(con, "v_indicators", ids).set_index("raw_text").loc["超120亿元"]
    assert moved["text_at_offsets"] == "120亿元，"


def test_checks_read_only_the_columns_their_suite_names(loaded):
    from baogao.expectations import runner
    from baogao.warehouse import validation

    con, report, _ = loaded
    db.create_views(con, temporary=True)
    assert runner.columns("v_terms") == {"document_id", "term", "pos", "occurrences"}
    terms = validation.new_rows(con, "v_terms", [report.document_id], runner.columns("v_terms"))
    assert sorted(terms.columns) == ["document_id", "occurrences", "pos", "term"]
    assert len(terms) == con.execute("select count(*) from v_terms").fetchall()[0][0]
    # a suite's check columns come with the view columns they are computed from
    figures = validation.new_rows(con, "v_indicators", [report.document_id], runner.columns("v_indicators"))
    assert {"text_at_offsets", "normalized_error", "document_char_count", "raw_text"} <= set(figures.columns)
    assert "sentence" not in figures.columns
    assert (figures["text_at_offsets"] == figures["raw_text"]).all()


def test_checks_warm_up_in_the_background_beside_a_check(loaded):
    from baogao.expectations import DATA_SUITES, runner
    from baogao.warehouse import validation

    con, report, _ = loaded
    db.create_views(con, temporary=True)
    thread = runner.warm_up(DATA_SUITES)
    # a check may start before the warm-up is done: both make batch definitions, under one lock
    frame = validation.new_rows(con, "v_documents", [report.document_id], runner.columns("v_documents"))
    checked = runner.validate("v_documents", frame, "run-warm")
    thread.join(120)
    assert not thread.is_alive()
    assert set(DATA_SUITES) <= set(runner._batches)
    assert checked.passed
    assert {r["element_count"] for r in checked.rows if r["element_count"] is not None} == {1}


def test_data_docs_pages_share_one_view_and_draw_as_a_view_of_their_own_would(loaded):
    """A new GE page view compiles every template again; baogao draws all pages through one."""
    import re

    from great_expectations.render.renderer import ValidationResultsPageRenderer
    from great_expectations.render.view import DefaultJinjaPageView

    from baogao.expectations import docs, runner
    from baogao.warehouse import validation

    con, report, _ = loaded
    db.create_views(con, temporary=True)

    def plain(page: str) -> str:  # a page carries the time it was drawn and random element ids
        page = re.sub(r"\d{8}T\d{6}\.\d+Z", "<time>", page)
        return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>", page)

    for suite in ("v_indicators", "v_sections"):
        frame = validation.new_rows(con, suite, [report.document_id], runner.columns(suite))
        checked = runner.validate(suite, frame, "run-docs")
        own = DefaultJinjaPageView().render(ValidationResultsPageRenderer().render(checked.result))
        assert plain(checked.page) == plain(docs.page(checked.result))
        assert plain(docs._REMOTE.sub("", own).replace("</head>", f"{docs.STYLE}</head>", 1)) == plain(checked.page)
        assert suite in checked.page
    assert docs._page_view() is docs._page_view()


def test_term_trends_count_each_document_once_however_many_sections_use_the_term(tmp_path, jieba_ready):
    """Two reports of one issuer and year: a term in many sections of both counts two documents."""
    con = db.connect(tmp_path / "w.duckdb")
    first = parse_report(DEMO.read_bytes(), "demo.txt")
    # the same district's second report of that year: other bytes, same issuer and year
    second = parse_report(DEMO.read_bytes() + "\n（此件公开发布）\n".encode(), "demo-public.txt")
    for report in (first, second):
        load.insert_frames(con, tables([report]), "run1", datetime(2024, 1, 1))
    db.create_views(con, temporary=True)
    term = "干部"
    sections = con.execute("select count(distinct section_id) from fact_term where term = ? and document_id = ?",
                           [term, first.document_id]).fetchone()[0]
    assert sections >= 2  # the term's rows in one document are several, one per section
    per_document = dict(con.execute("select document_id, occurrences from v_terms where term = ?", [term]).fetchall())
    chars = con.execute("select sum(char_count) from v_documents").fetchone()[0]
    row = con.execute("select issuer, report_year, documents, occurrences, per_10k_chars from v_term_trends "
                      "where term = ?", [term]).fetchone()
    total = sum(per_document.values())
    assert row == ("云溪区委", 2024, 2, total, round(total * 10000 / chars, 3))
    con.close()


def test_a_report_s_own_frames_are_refused_without_the_batch_s_dim_term(tmp_path, jieba_ready):
    report = parse_report(DEMO.read_bytes(), "demo.txt")
    con = db.connect(tmp_path / "w.duckdb")
    with pytest.raises(ValueError, match="dim_term"):
        load.insert_frames(con, report.frames, "run1", datetime(2024, 1, 1))


def test_a_warehouse_from_before_term_counts_gets_them_and_keeps_its_keywords(tmp_path, jieba_ready):
    """dim_document.term_count (v_keywords' denominator) is filled in when an older warehouse opens."""
    path = tmp_path / "w.duckdb"
    con = db.connect(path)
    first = parse_report(DEMO.read_bytes(), "demo.txt")
    second = parse_report(DEMO.read_bytes() + "\n（此件公开发布）\n".encode(), "demo-public.txt")
    load.insert_frames(con, tables([first, second]), "run1", datetime(2024, 1, 1))
    db.create_views(con, temporary=True)
    keywords = con.execute("select * from v_keywords order by document_id, rank").fetchall()
    assert len(keywords) == 40 and keywords[0][3] == 1
    counts = con.execute("select document_id, term_count from dim_document order by 1").fetchall()
    assert dict(counts)[first.document_id] == first.frames["fact_term"]["occurrences"].sum() > 100
    con.execute("alter table dim_document drop column term_count")  # as a warehouse before this column
    con.close()

    con = db.connect(path)
    assert con.execute("select document_id, term_count from dim_document order by 1").fetchall() == counts
    db.create_views(con, temporary=True)
    assert con.execute("select * from v_keywords order by document_id, rank").fetchall() == keywords
    con.close()


def test_a_search_index_keyed_by_document_id_is_renumbered_with_its_rows_and_searches_the_same(tmp_path):
    """An index from before document_key keeps every row, each report's under its id read as a number."""
    path = tmp_path / "w.duckdb"
    con = db.connect(path)
    report = parse_report(DIFFERENT_REPORTS[0].read_bytes(), DIFFERENT_REPORTS[0].name)
    load.insert_frames(con, tables([report]), "run1", datetime(2024, 1, 1))
    db.create_views(con)  # as in a published copy: the views and the search macros
    found = con.execute("select document_id, ordinal, score, has_phrase from search_hits('营商环境') order by all").fetchall()
    assert found and {r[0] for r in found} == {report.document_id}
    index = con.execute("select * exclude (document_key) from fact_sentence_gram order by all").fetchall()
    con.execute("""create table old_index as select printf('%016x', document_key) as document_id,
                   * exclude (document_key) from fact_sentence_gram""")  # as the index was: the id's text
    con.execute("drop table fact_sentence_gram")
    con.execute("alter table old_index rename to fact_sentence_gram")
    con.close()

    con = db.connect(path)
    assert db.columns_of(con, "fact_sentence_gram")[0] == "document_key"
    assert con.execute("select * exclude (document_key) from fact_sentence_gram order by all").fetchall() == index
    assert con.execute("select distinct printf('%016x', document_key) from fact_sentence_gram").fetchall() == [
        (report.document_id,)]
    assert con.execute("select document_id, ordinal, score, has_phrase from search_hits('营商环境') "
                       "order by all").fetchall() == found
    con.close()


def test_one_thread_holds_while_loading_and_gives_every_core_back(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with db.held_open(path) as held:
        cores = held.execute("select current_setting('threads')").fetchone()[0]
        with db.one_thread(held) as every_core:
            task = db.connect(path)  # a task's connection shares the held database, and its setting
            assert task.execute("select current_setting('threads')").fetchone()[0] == 1
            every_core()  # the workers are done before the run is
            assert task.execute("select current_setting('threads')").fetchone()[0] == cores
            task.close()
        assert held.execute("select current_setting('threads')").fetchone()[0] == cores


def test_rows_read_for_checks_keep_whole_integers_and_read_gaps_and_sums_as_floats():
    # pandas' NA among a failing check's values breaks Great Expectations' Data Docs; NaN does not
    from baogao.warehouse import validation

    con = duckdb.connect()
    frame = validation._frame(con, "select * from (values (1::integer, 2::smallint, 1.5::decimal(4, 1)), "
                                   "(null, 3, 2.5)) t(with_gap, whole, total)", None)
    assert [str(t) for t in frame.dtypes] == ["float64", "int64", "float64"]
    assert frame["with_gap"].tolist()[0] == 1 and frame["with_gap"].isna().tolist() == [False, True]
    assert frame["whole"].tolist() == [2, 3] and frame["total"].tolist() == [1.5, 2.5]


def test_every_view_declares_the_views_it_reads_and_no_other():
    import re

    from baogao.warehouse.db import view_dependencies, view_sql

    declared = view_dependencies()
    for view, select in view_sql().items():
        read = sorted(set(re.findall(r"\bv_[a-z_]+\b", select)) - {view})
        assert sorted(declared.get(view, [])) == read, view


def test_the_ddl_is_read_back_in_its_order_with_its_types():
    from baogao import schema

    assert schema.columns("fact_term") == {
        "document_id": "varchar", "section_id": "varchar", "term": "varchar", "pos": "varchar",
        "occurrences": "integer", "char_start": "integer", "char_end": "integer"}
    assert list(schema.columns("dim_term")) == ["term", "bundled_idf", "document_count"]
    assert list(schema.parsed_columns("dim_term")) == ["term", "bundled_idf"]
    assert "run_id" in schema.columns("dim_document") and "run_id" not in schema.parsed_columns("dim_document")
