"""Reports of different kinds, places and years dropped in together load in one run.

The corpus in tests/fixtures/corpus is written for these tests: a city government work report, a
district 法治政府建设 report, a provincial 纪委 report, a county Party congress report without a
year, a 党建 summary with neither issuer nor year, a 管委会 report saved as a web page, a download
holding its report twice, and a saved page with navigation only.
"""

import dataclasses
import json
import shutil
from contextlib import closing
from pathlib import Path

import duckdb
import pytest

from baogao.transforms import indicators

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
SHELL = "navigation_only_page.txt"
REPORTS = sorted(p.name for p in CORPUS.glob("*.txt") if p.name != SHELL)


def fill(home, names):
    for name in names:
        shutil.copy(CORPUS / name, home.inbox / name)


def run(home):
    from baogao.flows.ingest import ingest

    return ingest(home=str(home.root), settle_seconds=0)


def test_a_batch_of_different_reports_loads_whole_in_one_run(prefect_server, home):
    fill(home, REPORTS + [SHELL])
    summary = run(home)
    assert sorted(summary["files_loaded"]) == REPORTS
    assert [q["file"] for q in summary["files_quarantined"]] == [SHELL]
    (shell,) = summary["files_quarantined"]
    assert shell["reason"].startswith("no report text: 0 paragraphs of prose after page chrome")
    assert summary["exit_code"] == 3 and not summary["data_quality"]["critical_failure"]
    assert (home.quarantine / SHELL).exists() and not (home.archive / SHELL).exists()

    with closing(duckdb.connect(str(home.published), read_only=True)) as con:
        years = dict(con.execute("select file_name, report_year from v_documents").fetchall())
        assert years["hexi_county_party_congress.txt"] is None
        assert years["party_building_summary_undated.txt"] is None
        assert con.execute("select count(*) filter (where issuer is null), count(*) filter (where report_year is null) "
                           "from v_documents").fetchone() == (1, 2)
        # a slogan shared across years and across reports without a year: one row per year, null years apart
        trend = con.execute("select report_year, documents, occurrences, first_seen_year from v_slogan_trends "
                            "where slogan = '三不腐' order by report_year nulls last").fetchall()
        assert trend == [(years["dongjiang_province_discipline_2021.txt"], 1, 2, 2021), (None, 1, 1, 2021)]
        shared = con.execute("select count(distinct report_year), sum(documents) from v_slogan_trends "
                             "where slogan = '放管服'").fetchone()
        assert shared == (3, 4)  # 2019, 2022 (the 法治政府建设 and the 管委会 reports) and 2023
        # missing metadata is reported as a warning, never as a failure
        warned = con.execute("""
            select column_name, unexpected_count, is_critical from v_dq_results
            where run_id = ? and suite = 'v_documents' and not success order by 1""", [summary["run_id"]]).fetchall()
        assert ("issuer", 1, False) in warned and ("report_year", 2, False) in warned
        assert ("repeat_char_start", 1, False) in warned
        assert con.execute("select count(*) from v_dq_results where run_id = ? and is_critical and not success",
                           [summary["run_id"]]).fetchone() == (0,)


def test_a_file_holding_its_report_twice_loads_once(prefect_server, home):
    doubled = "hubin_district_government_2020_doubled.txt"
    text = (CORPUS / doubled).read_text(encoding="utf-8")
    once = text[: text.index("打印本页")].rstrip() + "\n"
    (home.inbox / "hubin_once.txt").write_text(once, encoding="utf-8")
    fill(home, [doubled])
    assert run(home)["exit_code"] == 0
    with closing(duckdb.connect(str(home.published), read_only=True)) as con:
        rows = {name: (repeat, figures, sections) for name, repeat, figures, sections in con.execute(
            "select file_name, repeat_char_start, indicator_count, section_count from v_documents").fetchall()}
        assert rows["hubin_once.txt"][0] is None
        assert rows[doubled][0] == text.index(text[:20], 1)
        assert rows[doubled][1:] == rows["hubin_once.txt"][1:] == (8, 2)
        slogans = con.execute("select file_name, occurrences from v_slogans join v_documents using (document_id) "
                              "where slogan = '放管服' order by 1").fetchall()
        assert slogans == [(doubled, 1), ("hubin_once.txt", 1)]


def test_a_fault_in_one_reports_rows_quarantines_that_report_alone(prefect_server, home, monkeypatch):
    real_extract = indicators.extract

    def shifted(text, *args):  # a parser bug in one report only: its figures' offsets one character off
        found = real_extract(text, *args)
        if "青川区" not in text:
            return found
        return [dataclasses.replace(i, char_start=i.char_start + 1, char_end=i.char_end + 1) for i in found]

    monkeypatch.setattr(indicators, "extract", shifted)
    from baogao.flows.workers import PARALLEL_MIN_FILES

    assert len(REPORTS) < PARALLEL_MIN_FILES  # parsed in this process, where the fault is injected
    fill(home, REPORTS)
    summary = run(home)
    bad = "qingchuan_district_rule_of_law_2022.txt"
    assert summary["exit_code"] == 4 and summary["status"] == "dq_failed"
    assert [q["file"] for q in summary["files_quarantined"]] == [bad]
    assert sorted(summary["files_loaded"]) == sorted(set(REPORTS) - {bad})
    reason = json.loads((home.quarantine / f"{bad}.reason.json").read_text(encoding="utf-8"))["reason"]
    assert reason.startswith("failed data-quality checks: "
                             "v_indicators.expect_column_pair_values_to_be_equal(raw_text,text_at_offsets);")
    with closing(duckdb.connect(str(home.published), read_only=True)) as con:
        assert sorted(r[0] for r in con.execute("select file_name from v_documents").fetchall()) == \
            sorted(set(REPORTS) - {bad})
        assert con.execute("select count(*) from v_indicators i join v_document_text t using (document_id) "
                           "where substring(t.text, i.char_start + 1, i.char_end - i.char_start) <> i.raw_text"
                           ).fetchone() == (0,)
        # the search index went in and out with its batch: it holds the loaded reports, all of them, alone
        indexed = {key for (key,) in con.execute("select distinct document_key from fact_sentence_gram").fetchall()}
        assert indexed == {int(d, 16) for (d,) in con.execute("select document_id from v_documents").fetchall()}
        assert con.execute("select count(*) from fact_sentence_gram").fetchone()[0] == \
            summary["rows_added"]["fact_sentence_gram"] > 0


def test_a_report_without_a_year_sharing_a_slogan_with_an_earlier_run_loads(prefect_server, home):
    fill(home, ["dongjiang_province_discipline_2021.txt"])
    assert run(home)["exit_code"] == 0
    fill(home, ["party_building_summary_undated.txt"])
    second = run(home)
    assert second["exit_code"] == 0 and second["files_loaded"] == ["party_building_summary_undated.txt"]
    with closing(duckdb.connect(str(home.published), read_only=True)) as con:
        assert con.execute("select report_year, documents, first_seen_year from v_slogan_trends where slogan = '三不腐' "
                           "order by report_year nulls last").fetchall() == [(2021, 1, 2021), (None, 1, 2021)]


def test_metadata_csv_corrects_a_loaded_report_and_names_a_bad_value(prefect_server, home):
    fill(home, ["party_building_summary_undated.txt", "nanling_city_government_2024.txt"])
    assert run(home)["exit_code"] == 0
    (home.inbox / "metadata.csv").write_text(
        "file_name,issuer,place,report_year\n"
        "party_building_summary_undated.txt,中共青岚区委,青岚区,2022\n"
        "nanling_city_government_2024.txt,,,twenty\n", encoding="utf-8")
    corrected = run(home)  # nothing new in the inbox: the corrections alone are published
    assert corrected["files_loaded"] == [] and corrected["exit_code"] == 0
    assert corrected["warnings"] == [("metadata.csv line 3 (nanling_city_government_2024.txt): report_year 'twenty' "
                                      "is not a year; the year read from the text stays")]
    assert (home.inbox / "metadata.csv").exists()  # read every run, never loaded as a report
    query = ("select file_name, issuer, place, admin_level, report_year, json_extract_string(metadata_source, '$.issuer') "
             "from v_documents order by file_name")
    with closing(duckdb.connect(str(home.published), read_only=True)) as con:
        assert con.execute(query).fetchall() == [
            ("nanling_city_government_2024.txt", "南岭市人民政府", "南岭市", "市", 2023, "opening"),
            ("party_building_summary_undated.txt", "中共青岚区委", "青岚区", "区", 2022, "manifest"),
        ]
    (home.inbox / "metadata.csv").unlink()
    assert run(home)["exit_code"] == 0  # without the file, what the text says again
    with closing(duckdb.connect(str(home.published), read_only=True)) as con:
        assert con.execute("select issuer, report_year from v_documents where file_name like 'party%'").fetchall() == [
            (None, None)]


@pytest.mark.parametrize("failures", [1, 2])
def test_checks_across_documents_that_run_out_of_memory_never_cost_the_load(prefect_server, home, monkeypatch,
                                                                            caplog, failures):
    """DuckDB's memory cap is shared by the checks and the copy laid beside them: a check that runs out
    of memory runs again alone; where it still cannot, the reports are loaded and published without it."""
    from baogao.expectations import runner
    from baogao.warehouse import validation

    real_rows, refused = validation.new_rows, []

    def short_of_memory(con, view, *args, **kwargs):
        if view == "v_keywords" and len(refused) < failures:
            refused.append(view)
            raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block of size 256.0 KiB")
        return real_rows(con, view, *args, **kwargs)

    monkeypatch.setattr(validation, "new_rows", short_of_memory)
    names = ["dongjiang_province_discipline_2021.txt", "nanling_city_government_2024.txt"]
    fill(home, names)
    summary = run(home)
    assert summary["exit_code"] == 0 and sorted(summary["files_loaded"]) == names and refused == ["v_keywords"] * failures
    with closing(duckdb.connect(str(home.published), read_only=True)) as con:
        assert con.execute("select count(*) from v_documents").fetchone() == (2,)
        checked = con.execute("select count(*) from v_dq_results where run_id = ? and suite = 'v_keywords'",
                              [summary["run_id"]]).fetchone()[0]
    if failures == 1:  # run again once the copy was laid: every expectation of the suite has its result
        assert checked == len(runner.build_suite("v_keywords").expectations)
    else:
        assert checked == 0
        assert any("the checks across documents ran out of memory" in r.getMessage() for r in caplog.records)
