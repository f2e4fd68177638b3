"""Who, where, when and what kind: read from self-written title blocks and openings of each convention."""

import json

import pytest

from baogao.transforms import manifest
from baogao.transforms.metadata import extract, valid_issuer

FIELDS = ("issuer", "place", "admin_level", "report_type", "report_year", "delivered_year")


def read(text: str, file_name: str | None = None) -> tuple:
    m = extract(text, file_name)
    return tuple(getattr(m, f) for f in FIELDS)


DISTRICT = """政府工作报告
——2024年1月9日在青岚区第三届人民代表大会第四次会议上
青岚区人民政府区长 韩立
各位代表：
现在，我代表青岚区人民政府向大会报告工作，请予审议。
一、2023年工作回顾
全区地区生产总值完成412.6亿元，增长5.2%。
二、2024年工作安排
"""

CITY_PAGE = """下载
打印
全屏
【字号：
加大
】
2025年临川市政府工作报告
——2025年1月14日在临川市第十六届人民代表大会第五次会议上
来源：临川日报
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员提出意见。
一、2024年工作回顾
"""

PROVINCE = """（2026年1月26日在东岳省第十四届人民代表大会第四次会议上）
省长 顾明远
各位代表：
现在，我代表省人民政府向大会报告工作，请予审议。
过去五年工作回顾
东岳五年来地区生产总值年均增长5.6%。
"""

STATE_COUNCIL = """各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。
一、过去一年工作回顾
2022年，我们坚持稳中求进工作总基调。
二、2023年经济社会发展总体要求和政策取向
"""

NEW_TERM_NATIONAL = """各位代表：
现在，我代表国务院，向大会报告过去五年的政府工作，请予审议。
一、过去五年工作回顾
第十二届全国人民代表大会第一次会议以来的五年，我国经济实力跃上新台阶。
"""

ZONE = """首页 > 信息公开 > 工作报告
发布时间：2023-02-10 10:20
新河经济开发区管理委员会2023年工作报告
各位代表：
现在，我代表新河经济开发区管理委员会，向大会作工作报告，请予审议。
一、2022年主要工作
"""

PARTY_CONGRESS = """坚定信心 团结奋斗
——在中国共产党第二十次全国代表大会上的报告
同志们：
现在，我代表第十九届中央委员会向大会作报告。
"""

COUNTY_CONGRESS = """在中国共产党河西县第十三次代表大会上的报告
同志们：
现在，我代表中国共产党河西县第十二届委员会向大会作报告。
一、过去五年的工作回顾
"""

DISCIPLINE = """中共南屏市纪律检查委员会工作报告
2023年，市纪委监委坚持严的主基调，立案审查调查612件。
一、2023年主要工作
"""

RULE_OF_LAW = """关于2022年法治政府建设情况的报告
2022年，我区坚持依法行政，现将有关情况报告如下。
一、主要工作
清理规范性文件236件。
青川区人民政府
2022年12月20日
"""

CHINESE_NUMERALS = """南湖区委二〇二三年落实全面从严治党主体责任情况报告
二〇二三年，区委坚决扛起管党治党政治责任，现将有关情况报告如下。
"""


@pytest.mark.parametrize("text,expected", [
    (DISTRICT, ("青岚区人民政府", "青岚区", "区", "政府工作报告", 2023, 2024)),
    (CITY_PAGE, ("临川市人民政府", "临川市", "市", "政府工作报告", 2024, 2025)),
    (PROVINCE, ("东岳省人民政府", "东岳省", "省", "政府工作报告", 2025, 2026)),
    (STATE_COUNCIL, ("国务院", "全国", "中央", "政府工作报告", 2022, 2023)),
    (NEW_TERM_NATIONAL, ("国务院", "全国", "中央", "政府工作报告", 2017, 2018)),
    (ZONE, ("新河经济开发区管理委员会", "新河经济开发区", "新区", "管委会工作报告", 2022, 2023)),
    (PARTY_CONGRESS, ("中国共产党第十九届中央委员会", "全国", "中央", "党代会报告", 2022, 2022)),
    (COUNTY_CONGRESS, ("中国共产党河西县第十二届委员会", "河西县", "县", "党代会报告", None, None)),
    (DISCIPLINE, ("中共南屏市纪律检查委员会", "南屏市", "市", "纪委工作报告", 2023, 2023)),
    (RULE_OF_LAW, ("青川区人民政府", "青川区", "区", "法治政府建设", 2022, 2022)),
    (CHINESE_NUMERALS, ("南湖区委", "南湖区", "区", "全面从严治党主体责任", 2023, 2023)),
], ids=["district", "city page", "province", "state council", "new term", "zone", "party congress",
        "county congress", "discipline", "rule of law", "chinese numerals"])
def test_each_convention_reads_exactly(text, expected):
    assert read(text) == expected


def test_where_each_value_came_from_is_recorded():
    source = extract(CITY_PAGE).source
    assert source["issuer"] == "opening" and source["place"] == "title"
    assert source["delivered_year"] == "title" and source["report_year"] == "review_heading"
    assert extract(RULE_OF_LAW).source["delivered_year"] == "signature"


def test_a_mention_of_another_meeting_in_the_opening_lines_does_not_set_the_type():
    text = ("各位代表：\n现在，我代表市人民政府向大会报告政府工作，请予审议。\n"
            "一、2023年工作回顾\n我们认真落实市第十三次党代会部署，党代会报告确定的任务全面完成。\n")
    assert extract(text).report_type == "政府工作报告"


def test_a_year_inside_a_sentence_of_the_body_is_no_report_year():
    text = ("各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、主要工作\n"
            "2009年6月30日，坪山新区挂牌成立，此后累计完成投资800亿元。\n")
    assert (extract(text).report_year, extract(text).delivered_year) == (None, None)


@pytest.mark.parametrize("fragment", ["按照“五位一体”总体布局", "五是政府", "妇联、总工会、团区委", "陕西省2026年政府",
                                      "区政府", "政府", "全市人民政府"])
def test_a_sentence_fragment_is_no_issuer(fragment):
    assert valid_issuer(fragment) is None


def test_the_file_name_answers_only_what_the_text_leaves_open():
    untitled = "各位代表：\n现在，我代表区人民政府向大会报告工作，请予审议。\n一、主要工作\n"
    m = extract(untitled, "龙岗区2020年政府工作报告.txt")
    assert (m.place, m.issuer, m.report_year, m.delivered_year) == ("龙岗区", "龙岗区人民政府", 2019, 2020)
    assert m.source["place"] == m.source["delivered_year"] == "file_name"
    assert extract(DISTRICT, "其他区2019年政府工作报告.txt").place == "青岚区"  # the text wins
    assert extract(untitled, "report(3).txt").place is None


def test_the_manifest_overrides_listed_files_and_names_bad_rows():
    data = ("file_name,issuer,place,report_year,report_type\n"
            "a.txt,大鹏新区管理委员会,大鹏新区,2021,管委会工作报告\n"
            "b.txt,,,二〇一九,\n"
            "c.txt,,,next year,\n"
            ",青岚区人民政府,,,\n").encode("utf-8-sig")
    read_ = manifest.read(data)
    rows = {r["file_name"]: r for r in read_.rows}
    assert rows["a.txt"]["admin_level"] == "新区" and rows["a.txt"]["report_year"] == 2021
    assert json.loads(rows["a.txt"]["metadata_source"]) == {
        "admin_level": "manifest", "issuer": "manifest", "place": "manifest", "report_type": "manifest",
        "report_year": "manifest"}
    assert rows["b.txt"]["report_year"] == 2019
    assert rows["c.txt"]["report_year"] is None
    assert read_.errors == [
        "metadata.csv line 4 (c.txt): report_year 'next year' is not a year; the year read from the text stays",
        "metadata.csv line 5: no file_name; row ignored",
    ]
    assert manifest.read(b"name,year\nx.txt,2020\n").errors == [(
        "metadata.csv: no file_name column (found: name, year); the first line names the columns, "
        "e.g. file_name,issuer,report_year; nothing applied")]
