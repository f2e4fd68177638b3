"""Phrases the corpus quotes become its terms: learned at the end of a run, kept whole by the next."""

import duckdb
import pytest

from baogao.transforms.parse import parse_report
from baogao.transforms.tokens import KnownPhrases

# Three reports of our own quote “数智赋能” and “一码通办”; a fourth says both without quotation marks.
QUOTING = {
    "east_gov_2023.txt": """东湖区人民政府工作报告
各位代表：现在，我代表区人民政府向大会报告工作，请予审议。
一、2023年工作回顾
全区推进“数智赋能”行动，建成社区服务站四十个，群众办事平均时间缩短一半。
推行“一码通办”，市场主体开办一天办结。
""",
    "west_county_2022.txt": """西山县人民政府工作报告
各位代表：现在，我代表县人民政府向大会报告工作，请予审议。
一、2022年工作回顾
我们以“数智赋能”改造传统产业，规模以上工业企业数字化改造完成八成以上。
乡镇便民中心全部实现“一码通办”，群众满意度持续提升。
""",
    "north_discipline_2023.txt": """北城区纪委监委2023年工作报告
一、强化政治监督
聚焦“数智赋能”建设监督平台，归集数据三百万条，发现问题线索四十二条。
对“一码通办”落实情况开展专项检查，督促整改问题十五个，推动完善制度八项。
""",
}
PLAIN = """南岭市人民政府工作报告
各位代表：现在，我代表市人民政府向大会报告工作，请予审议。
一、2024年工作回顾
全市持续推进数智赋能，新增智能工厂十二家；一码通办覆盖全部政务服务事项，群众少跑腿。
"""


def terms(report) -> dict[str, str]:
    frame = report.frames["fact_term"]
    return dict(zip(frame["term"].to_list(), frame["pos"].to_list(), strict=True))


def test_known_phrases_are_found_longest_first_outside_the_reports_own_spans():
    known = KnownPhrases(["放管服", "一网通办", "十四五规划", "十四五", "5G网络", "建设"])
    text = "深化放管服改革，推进一网通办，落实十四五规划和十四五目标。"
    assert [text[s:e] for s, e in known.spans(text)] == ["放管服", "一网通办", "十四五规划", "十四五"]
    assert len(known) == 4  # not 5G网络 (not Chinese alone) nor 建设 (two characters)
    assert [text[s:e] for s, e in known.spans(text, [(2, 5)])] == ["一网通办", "十四五规划", "十四五"]


def test_a_known_phrase_stays_one_term_where_the_report_does_not_quote_it(jieba_ready):
    alone = terms(parse_report(PLAIN.encode(), "plain.txt"))
    assert "数智赋能" not in alone and "一码通办" not in alone
    known = terms(parse_report(PLAIN.encode(), "plain.txt", known=KnownPhrases(["数智赋能", "一码通办"])))
    assert known["数智赋能"] == "nz" and known["一码通办"] == "nz"


@pytest.mark.slow
def test_a_run_learns_what_several_reports_quote_and_the_next_run_keeps_it_whole(prefect_server, home):
    from baogao.flows.ingest import ingest

    for name, text in QUOTING.items():
        (home.inbox / name).write_text(text, encoding="utf-8")
    assert ingest(home=str(home.root), settle_seconds=0)["exit_code"] == 0
    assert home.learned_phrases.read_text(encoding="utf-8").splitlines() == ["一码通办", "数智赋能"]

    (home.inbox / "nanling_city_2024.txt").write_text(PLAIN, encoding="utf-8")
    assert ingest(home=str(home.root), settle_seconds=0)["exit_code"] == 0
    con = duckdb.connect(str(home.published), read_only=True)
    try:
        found = con.execute("select t.term, sum(t.occurrences) from v_terms t join v_documents d using (document_id) "
                            "where d.file_name = 'nanling_city_2024.txt' and t.term in ('数智赋能', '一码通办') "
                            "group by all order by 1").fetchall()
    finally:
        con.close()
    assert found == [("一码通办", 1), ("数智赋能", 1)]
