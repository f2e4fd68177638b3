"""Indicators by the labelling rules, on snippets written in the genre's style, and against the gold sample."""

import pytest

from baogao.transforms.indicators import extract
from baogao.transforms.text import normalise


def one(text):
    found = extract(normalise(text).text)
    assert len(found) == 1, found
    i = found[0]
    return (i.raw_text, i.value, i.scale, i.normalized_value, i.unit, i.qualifier, i.kind)


def raws(text):
    return [i.raw_text for i in extract(normalise(text).text)]


@pytest.mark.parametrize("text,expected", [
    ("累计接待游客815.33万人次。", ("815.33万人次", 815.33, 10**4, 8153300, "人次", "累计", "count")),
    ("注册资本近2.6亿元。", ("近2.6亿元", 2.6, 10**8, 260000000, "元", "近", "money")),
    ("帮扶对口地区款物1000余万元。", ("1000余万元", 1000, 10**4, 10000000, "元", "余", "money")),
    ("同比增长１９４．６％。", ("194.6%", 194.6, 1, 194.6, "%", None, "growth_rate")),
    ("覆盖率较上年提高5个百分点。", ("5个百分点", 5, 1, 5, "百分点", None, "growth_rate")),
    ("发展目标为增长5.5%左右。", ("5.5%左右", 5.5, 1, 5.5, "%", "左右", "growth_rate")),
    ("优良天数比例达10.0%以上。", ("10.0%以上", 10, 1, 10, "%", "以上", "percent")),
    ("开展为期7天的读书班。", ("7天", 7, 1, 7, "天", None, "duration")),
    ("全年培训两千余人。", ("两千余人", 2000, 1, 2000, "人", "余", "count")),
    ("实施八百三十二个项目。", ("八百三十二个", 832, 1, 832, "个", None, "count")),
    ("国内生产总值达五十四万亿元。", ("五十四万亿元", 54, 10**12, 54 * 10**12, "元", None, "money")),
    ("奖励三万九千八百元。", ("三万九千八百元", 39800, 1, 39800, "元", None, "money")),
    ("居民收入占比达到百分之十八点五。", ("百分之十八点五", 18.5, 1, 18.5, "%", None, "percent")),
    ("单位产值能耗下降七点二个百分点。", ("七点二个百分点", 7.2, 1, 7.2, "百分点", None, "growth_rate")),
    ("新增产能超过300万吨/年。", ("超过300万吨/年", 300, 10**4, 3000000, "吨/年", "超", "ratio")),
    ("组织活动30多场。", ("30多场", 30, 1, 30, "场", "余", "count")),
    ("发放补贴突破5000万元。", ("5000万元", 5000, 10**4, 50000000, "元", "超", "money")),
    ("累计阅读量近700万次。", ("近700万次", 700, 10**4, 7000000, "次", "近", "count")),
    ("召开专题会议三次。", ("三次", 3, 1, 3, "次", None, "count")),
    ("新建社区公园4个“口袋公园”。", ("4个", 4, 1, 4, "个", None, "count")),
    ("日处理生活垃圾约1200吨/日。", ("约1200吨/日", 1200, 1, 1200, "吨/日", "约", "ratio")),
    ("粮食产量1.37万亿斤。", ("1.37万亿斤", 1.37, 10**12, 1_370_000_000_000, "斤", None, "other")),
    ("局机关连续八年获评先进单位。", ("八年", 8, 1, 8, "年", None, "duration")),
    ("近1亿农村贫困人口实现脱贫。", ("近1亿", 1, 10**8, 100_000_000, None, "近", "other")),
])
def test_indicator_values(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize("text", [
    "2023年，全区2022年度考核结束。",                # years
    "11月20日召开会议。",                            # dates
    "第三届论坛、十一届市委第九轮巡视。",            # ordinals
    "综合排名全市第1位。",                           # rankings
    "坚决做到“两个维护”，落实“民营经济34条”。",      # slogans and quoted nicknames
    "深入贯彻中央八项规定精神，纠治四风。",          # fixed phrases
    "印发《三年行动方案（2023—2025年）》。",         # numbers inside titles
    "建成三级医院，健全区、街、社区三级联席机制。",  # tier labels
    "推进5亿元以上项目建设，打造千亿级产业链。",     # size-class thresholds
    "实施十大民生实事，涵盖9大类。",                 # N大X
    "启动三年行动和五年工作计划。",                  # plan names
    "每10万人口拥有医生数增加。",                    # scope labels
    "重点做好以下八个方面工作。",                    # enumeration counts
    "深化“督责守航”“赋能助航”“纠偏护航”三项行动。",  # restates the list
    "过去五年，十年来，成立75周年。",                # time frames, anniversaries
    "选派一批干部到一线，多次研究，实现两位数增长。",  # vague quantifiers
    "健全“1＋9＋6”组织机构。",                       # formula slogans
    "下面，从四个方面报告工作。",                    # the report's own plan of parts
    "对甲局、乙局、丙局等3家单位开展巡察，对丁局、戊公司2家单位开展检查。",  # counts restating a list
])
def test_not_indicators(text):
    assert raws(text) == []


def test_a_list_count_that_is_not_the_list_length_stays():
    assert raws("组织全区82个机关企事业单位、125个党委、74个党总支和1466个党支部。") == ["82个", "125个", "74个", "1466个"]


def test_a_number_opening_the_text_is_read():
    assert raws("两项指标全部完成。") == ["两项"]


def test_a_count_that_adds_information_stays():
    assert raws("出台《条例》，实施四项重点工程。") == ["四项"]


def test_distributive_qualifier_applies_to_every_item():
    found = extract(normalise("游客人次和旅游收入分别突破100万人次、50亿元。").text)
    assert [(i.raw_text, i.qualifier) for i in found] == [("100万人次", "超"), ("50亿元", "超")]


def test_attached_qualifier_wins_over_cumulative():
    found = extract(normalise("公众号累计发布稿件约5000条，累计阅读量近700万次。").text)
    assert [i.qualifier for i in found] == ["约", "近"]


def test_context_names_what_is_measured():
    (i,) = extract(normalise("聚焦招商引资，全区统战系统共引入落地企业（含中介组织）74家。").text)
    assert "引入落地企业" in i.context and i.raw_text in i.context and len(i.context) <= 30


def test_gold_sample_precision_and_recall(sample_text, gold_indicators):
    nt = normalise(sample_text)
    found = extract(nt.text)
    gold = {(g["offset"], g["normalized"], g["unit"]) for g in gold_indicators}
    mine = set()
    for i in found:
        start, end = nt.to_source(i.char_start, i.char_end)
        mine.add((start, i.normalized_value, i.unit))
        # offsets trace back to the exact source text
        assert normalise(sample_text[start:end]).text == i.raw_text
    hits = len(gold & mine)
    precision, recall = hits / len(mine), hits / len(gold)
    print(f"indicator precision {precision:.4f} recall {recall:.4f} ({hits} of {len(gold)} gold, {len(mine)} found)")
    assert precision >= 0.97 and recall >= 0.97


def test_gold_sample_fields(sample_text, gold_indicators):
    nt = normalise(sample_text)
    by_offset = {nt.to_source(i.char_start, i.char_end)[0]: i for i in extract(nt.text)}
    g = next(g for g in gold_indicators if g["raw"] == "815.33万人次")
    i = by_offset[g["offset"]]
    assert (i.value, i.scale, i.normalized_value, i.unit, i.qualifier, i.kind) == (815.33, 10000, 8153300, "人次", "累计", "count")
    agree = sum(
        1 for g in gold_indicators if g["offset"] in by_offset
        and (by_offset[g["offset"]].qualifier, by_offset[g["offset"]].kind, by_offset[g["offset"]].scale)
        == (g["qualifier"], g["kind"], g["scale"])
    )
    assert agree / len(gold_indicators) >= 0.97


def test_measure_is_the_context_without_figures_dates_and_qualifiers():
    found = extract(normalise("2023年，累计接待游客815.33万人次、同比增长194.6％。").text)
    assert [(i.raw_text, i.measure) for i in found] == [("815.33万人次", "接待游客#"), ("194.6%", "接待游客增长#")]
    (i,) = extract(normalise("全年接待游客超901万人次。").text)
    assert i.measure == "接待游客#"


# Rules read off real reports (self-written snippets in their constructions).
@pytest.mark.parametrize("text,expected", [
    ("全年客运量突破120万人次。", ("120万人次", 120, 10**4, 1_200_000, "人次", "超", "count")),
    ("空气优良率接近85%。", ("85%", 85, 1, 85, "%", "近", "percent")),
    ("带动就业十亿四千万人。", ("十亿四千万人", 1_040_000_000, 1, 1_040_000_000, "人", None, "count")),
    ("地区生产总值跨上一万亿元台阶。", ("一万亿元", 1, 10**12, 10**12, "元", None, "money")),
    ("引进600个以上亿元级工业项目。", ("600个以上", 600, 1, 600, "个", "以上", "count")),
    ("人均预期寿命达到七十八点二岁。", ("七十八点二岁", 78.2, 1, 78.2, "岁", None, "other")),
    ("集装箱吞吐量达15万标箱以上。", ("15万标箱以上", 15, 10**4, 150_000, "标箱", "以上", "other")),
    ("园区入驻率超八成。", ("超八成", 80, 1, 80, "%", "超", "percent")),
    ("财政支出的六成以上用于民生。", ("六成以上", 60, 1, 60, "%", "以上", "percent")),
    ("约占全国人口的三分之一。", ("三分之一", 0.3333, 1, 0.3333, None, None, "ratio")),
    ("力争实现国民生产总值翻两番。", ("两番", 2, 1, 2, "番", None, "growth_rate")),
    ("相继开放十几个港口城市。", ("十几个", 10, 1, 10, "个", "余", "count")),
    ("推动近万项审批事项网上办理。", ("近万项", 1, 10**4, 10_000, "项", "近", "count")),
    ("日均通关车辆1.2万辆次。", ("1.2万辆次", 1.2, 10**4, 12_000, "辆次", None, "count")),
    ("新增专项债85%以上安排用于基础设施。", ("85%以上", 85, 1, 85, "%", "以上", "percent")),
    ("用三年时间完成改造。", ("三年", 3, 1, 3, "年", None, "duration")),
])
def test_real_report_constructions(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize("text", [
    "地铁三期工程开工建设。", "城际铁路二期建成通车。", "贯彻省委十三届七次全会精神。",
    "召开市二届人大二次会议。", "汽车零部件产业加快集聚。", "坚持四项基本原则。", "用好两个市场两种资源。",
    "打造百亿级产业集群。", "培育50亿级龙头企业。", "建成500千伏变电站。", "重点抓好八个方面工作：",
    "下面，我分三个部分报告工作。",
    "完成十件民生实事。", "他是全省唯一一个获奖者。", "三次产业结构持续优化。", "这两条经验要长期坚持。",
    "力争引进5亿元以上项目。",
])
def test_real_report_numerals_that_are_not_figures(text):
    assert raws(text) == []


def test_sessions_of_a_course_are_counted_where_phases_are_not():
    assert raws("举办干部培训班12期，港区二期投入使用。") == ["12期"]


def test_aspects_count_when_a_count_of_items_follows():
    assert raws("整改反馈的5方面27项问题。") == ["5方面", "27项"]


@pytest.mark.parametrize("text,raw,low,high,normalized_high,unit", [
    ("经济增长4.5-5%。", "4.5-5%", 4.5, 5, 5, "%"),
    ("增长目标为8%-8.5%。", "8%-8.5%", 8, 8.5, 8.5, "%"),
    ("居民收入增长5%—5.5%。", "5%—5.5%", 5, 5.5, 5.5, "%"),
    ("每年新增5-8家上市企业。", "5-8家", 5, 8, 8, "家"),
    ("计划投资1～2亿元。", "1～2亿元", 1, 2, 2 * 10**8, "元"),
    ("用3至5年时间基本建成。", "3至5年", 3, 5, 5, "年"),
    ("比重提高4 - 5个百分点。", "4 - 5个百分点", 4, 5, 5, "百分点"),
])
def test_a_range_is_one_figure_from_its_low_to_its_high_end(text, raw, low, high, normalized_high, unit):
    [found] = extract(normalise(text).text)
    assert (found.raw_text, found.value, found.value_high, found.normalized_high, found.unit) == (
        raw, low, high, normalized_high, unit)


def test_a_structure_ratio_gives_each_part_as_a_figure_and_a_clock_time_gives_none():
    found = extract(normalise("三次产业结构调整为9.2∶48.4∶42.4，会议10:30开始。").text)
    assert [(i.raw_text, i.value, i.unit, i.kind) for i in found] == [
        ("9.2", 9.2, None, "ratio"), ("48.4", 48.4, None, "ratio"), ("42.4", 42.4, None, "ratio")]


def test_people_as_a_noun_is_no_unit():
    assert one("十一亿人民的温饱问题基本解决。")[:5] == ("十一亿", 11, 10**8, 1_100_000_000, None)
