from decimal import Decimal

import pytest

from baogao.transforms.numerals import NumeralError, parse_chinese, parse_number, plain


@pytest.mark.parametrize("text,expected", [
    ("三", 3), ("十", 10), ("十五", 15), ("二十", 20), ("八百三十二", 832), ("两千", 2000),
    ("三万九千八百", 39800), ("一千零五", 1005), ("七点二", Decimal("7.2")), ("十八点五", Decimal("18.5")),
    ("五十四万亿", 54 * 10**12),
])
def test_chinese_numerals(text, expected):
    assert parse_chinese(text) == Decimal(expected)


def test_ascii_numbers_fractions_and_trailing_zeros():
    assert parse_number("1,234.50") == Decimal("1234.50")
    assert parse_number("1/4") == Decimal("0.25")
    assert plain(Decimal("6.0")) == 6 and isinstance(plain(Decimal("6.0")), int)
    assert plain(Decimal("815.33")) == 815.33


def test_not_a_numeral():
    with pytest.raises(NumeralError):
        parse_chinese("三风")


@pytest.mark.parametrize("numeral,value", [("二〇二四", 2024), ("二零二三", 2023), ("一二三", 123), ("一九九二", 1992)])
def test_digit_by_digit_numerals(numeral, value):
    assert parse_chinese(numeral) == value


def test_a_year_in_chinese_digits_is_no_figure():
    from baogao.transforms.indicators import extract

    assert [i.raw_text for i in extract("二〇二三年全市完成投资三百亿元。")] == ["三百亿元"]
