import pytest

from transforms.metadata import extract


@pytest.mark.parametrize("text,issuer,level,org,year,kind", [
    ("XX区委2023年落实全面从严治党主体责任情况报告\n正文。", "XX区委", "区", "党委", 2023, "全面从严治党主体责任"),
    ("深圳市人民政府2024年政府工作报告\n正文。", "深圳市人民政府", "市", "政府", 2024, "政府工作报告"),
    ("2023年XX市政府工作报告\n正文。", "XX市政府", "市", "政府", 2023, "政府工作报告"),
    ("XX新区管委会2022年法治政府建设情况报告\n正文。", "XX新区管委会", "新区", "管委会", 2022, "法治政府建设"),
    ("中共XX县纪律检查委员会工作报告\n2023年，县纪委监委坚持……", "中共XX县纪律检查委员会", "县", "纪委", 2023, "纪委工作报告"),
])
def test_metadata_from_the_title(text, issuer, level, org, year, kind):
    m = extract(text)
    assert (m.issuer, m.admin_level, m.org_type, m.report_year, m.report_type) == (issuer, level, org, year, kind)


def test_without_a_title_the_signature_names_the_issuer():
    text = "2023年，XX镇党委坚持以习近平新时代中国特色社会主义思想为指导。现将有关情况报告如下：\n一、主要工作\n正文。\nXX镇党委\n2024年1月10日"
    m = extract(text)
    assert m.title is None
    assert (m.issuer, m.admin_level, m.report_year, m.report_type) == ("XX镇党委", "乡镇", 2023, "工作报告")
    assert m.is_anonymised is True


def test_file_name_plays_no_part():
    assert extract("这不是标题，只是一句话。").issuer is None
