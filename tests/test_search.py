"""Searching every sentence: ranked in SQL (search_sentences) and from the command (baogao search)."""

import json
from datetime import datetime

import duckdb
import pytest
from click.testing import CliRunner

from baogao.cli import cli

# Three reports of our own: different issuers, years and kinds, sharing some phrases.
REPORTS = {
    "east_gov_2023.txt": """东湖区人民政府工作报告
——2024年1月在东湖区人民代表大会上
各位代表：现在，我代表区人民政府向大会报告工作，请予审议。
一、2023年工作回顾
全区持续优化营商环境，新设市场主体一万二千户。
营商环境评价位列全市第一，企业开办压缩到一天以内。
我们推进“放管服”改革，政务服务事项全部网上可办。
建成5G基站860个，“十四五”规划中期目标全面完成。
二、2024年工作安排
今年将围绕优化营商环境、扩大有效投资、保障改善民生三个重点，统筹做好稳增长、促改革、调结构、惠民生、防风险各项工作，全力以赴推动高质量发展再上新台阶。
""",
    "west_gov_2021.txt": """西山县人民政府工作报告
——2022年1月在西山县人民代表大会上
各位代表：现在，我代表县人民政府向大会报告工作，请予审议。
一、2021年工作回顾
县域营商条件逐步改善，新引进项目四十个。
全县落实“放管服”改革要求，审批时限压缩一半。
我们坚持廉洁从政，干部作风明显好转，群众满意度持续提升。
""",
    "north_discipline_2023.txt": """北城区纪委监委2023年工作报告
一、强化政治监督
区纪委监委聚焦优化营商环境开展专项监督，查处损害营商环境问题二十三个。
全区巡察整改持续深化，推动解决群众急难愁盼问题一百余件。
坚持以廉为本，严肃查处违反中央八项规定精神问题，营造风清气正的政治生态和发展环境。
附件
名词解释
1.数据要素监督：对公共数据授权运营中的权力运行开展的监督。
""",
}


@pytest.fixture(scope="module")
def published(tmp_path_factory, jieba_ready):
    from baogao.transforms.parse import parse_report, tables
    from baogao.warehouse import db, load
    from baogao.warehouse.publish import publish

    root = tmp_path_factory.mktemp("search")
    con = db.connect(root / "warehouse.duckdb")
    reports = [parse_report(text.encode(), name) for name, text in REPORTS.items()]
    load.insert_frames(con, tables(reports), "r1", datetime(2024, 1, 1))
    load.record_run(con, {"run_id": "r1", "started_at": datetime(2024, 1, 1), "files_seen": 3, "files_loaded": 3,
                          "files_skipped": 0, "files_quarantined": 0, "status": "succeeded"})
    publish(con, root / "published.duckdb")
    con.close()
    return root


def ranked(root, query, where=""):
    con = duckdb.connect(str(root / "published.duckdb"), read_only=True)
    try:
        return [r[0] for r in con.execute(
            f"select sentence from search_sentences(?) {where} order by has_phrase desc, score desc",
            [query]).fetchall()]
    finally:
        con.close()


def test_a_sentence_with_the_whole_phrase_ranks_above_one_with_part_of_it(published):
    found = ranked(published, "优化营商环境")
    whole = [s for s in found if "优化营商环境" in s]
    partial = [s for s in found if "优化营商环境" not in s]
    assert len(whole) == 3 and partial
    assert found[:3] == whole  # every sentence with the phrase comes before every one with a piece of it
    assert "县域营商条件逐步改善，新引进项目四十个。" in partial


def test_a_short_sentence_with_the_phrase_ranks_above_a_long_one_with_it_once(published):
    found = ranked(published, "优化营商环境")
    short = "全区持续优化营商环境，新设市场主体一万二千户。"
    long = next(s for s in found if s.startswith("今年将围绕优化营商环境"))
    assert found.index(short) < found.index(long)


def test_filters_and_exact_return_exactly_the_expected_sentences(published):
    home = str(published)
    out = CliRunner().invoke(cli, ["search", "--home", home, "--format", "json", "--exact", "--type", "纪委",
                                   "营商环境"])
    assert out.exit_code == 0, out.output
    assert [r["sentence"] for r in json.loads(out.output)] == [
        "区纪委监委聚焦优化营商环境开展专项监督，查处损害营商环境问题二十三个。"]
    out = CliRunner().invoke(cli, ["search", "--home", home, "--format", "json", "--exact", "--year", "2020-2022",
                                   "放管服"])
    assert [(r["issuer"], r["report_year"], r["sentence"]) for r in json.loads(out.output)] == [
        ("西山县人民政府", 2021, "全县落实“放管服”改革要求，审批时限压缩一半。")]
    out = CliRunner().invoke(cli, ["search", "--home", home, "--format", "csv", "--exact", "--count-by", "year",
                                   "放管服"])
    assert out.output == "report_year,sentences,reports\n2021,1,1\n2023,1,1\n"


def test_a_one_character_query_and_queries_mixing_chinese_and_digits(published):
    assert set(ranked(published, "廉")) == {
        "我们坚持廉洁从政，干部作风明显好转，群众满意度持续提升。",
        "坚持以廉为本，严肃查处违反中央八项规定精神问题，营造风清气正的政治生态和发展环境。"}
    assert ranked(published, "5G")[0] == "建成5G基站860个，“十四五”规划中期目标全面完成。"
    assert ranked(published, "“十四五”")[0] == "建成5G基站860个，“十四五”规划中期目标全面完成。"


def test_the_command_shows_each_hit_in_its_context(published):
    out = CliRunner().invoke(cli, ["search", "--home", str(published), "--limit", "1", "巡察整改"])
    assert out.exit_code == 0
    lines = out.output.splitlines()
    assert lines[0].split() == ["score", "report", "section", "hit"]
    assert lines[2].endswith("全区【巡察整改】持续深化，推动解决群众急难愁…") and "北城区纪委监委 2023" in lines[2]
    assert lines[-1] == "(1 row)"


def rows(root, sql, params):
    con = duckdb.connect(str(root / "published.duckdb"), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def test_appendices_are_indexed_and_left_out_unless_asked_for(published):
    indexed = rows(published, "select distinct printf('%016x', document_key), ordinal from fact_sentence_gram "
                              "where in_appendix", {})
    assert sorted(indexed) == rows(published, "select document_id, ordinal from fact_sentence where in_appendix "
                                              "order by all", {}) and len(indexed) == 3
    assert rows(published, "select sentence from search_sentences($q)", {"q": "数据要素"}) == []
    assert rows(published, "select sentence, in_appendix from search_sentences($q, include_appendix := true)",
                {"q": "数据要素"}) == [("1.数据要素监督：对公共数据授权运营中的权力运行开展的监督。", True)]


def test_hits_count_every_sentence_the_best_rows_are_cut_from(published):
    every = rows(published, "select document_id, char_start from search_sentences($q, top := null)", {"q": "营商环境"})
    assert rows(published, "select count(*) from search_hits($q)", {"q": "营商环境"})[0][0] == len(every) == 6
    assert len(rows(published, "select * from search_sentences($q, top := 2)", {"q": "营商环境"})) == 2
    assert rows(published, "select report_year, count(*) from search_hits($q, exact := true) group by all order by 1",
                {"q": "营商环境"}) == [(2023, 4)]
