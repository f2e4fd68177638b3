"""Chinese numerals and scale words (万/亿) as exact decimals."""

from __future__ import annotations

from decimal import Decimal

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10**4, "亿": 10**8}

SCALE_WORDS = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "亿": 10**8, "万": 10**4, "千": 10**3}


class NumeralError(ValueError):
    """Raised when a string is not a Chinese numeral."""


def _integer(s: str) -> int:
    if not s:
        raise NumeralError("empty numeral")
    if len(s) > 1 and all(ch in DIGITS and ch != "两" for ch in s):
        # digit by digit, as years and codes are written: 二〇二四 → 2024, 一二三 → 123
        return int("".join(str(DIGITS[ch]) for ch in s))
    total = 0
    for big_char, big in sorted(BIG_UNITS.items(), key=lambda kv: -kv[1]):
        if big_char in s:
            head, _, s = s.partition(big_char)
            # 万亿 is 10^12: the head may itself carry a smaller big unit.
            total += (_integer(head) if head else 1) * big
    return total + _below_wan(s)


def _below_wan(s: str) -> int:
    total, digit = 0, None
    for ch in s:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            total += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            raise NumeralError(f"not a numeral character: {ch!r}")
    if digit is not None:
        total += digit
    return total


def parse_chinese(s: str) -> Decimal:
    """Convert a Chinese numeral to a Decimal.

    Args:
        s: e.g. ``八百三十二``, ``三万九千八百``, ``七点二``, ``十五``.

    Returns:
        The value, exact.

    Raises:
        NumeralError: when ``s`` is not a Chinese numeral.
    """
    whole, sep, frac = s.partition("点")
    value = Decimal(_integer(whole)) if whole else Decimal(0)
    if sep:
        if not frac or any(ch not in DIGITS for ch in frac):
            raise NumeralError(f"bad decimal part in {s!r}")
        value += Decimal("0." + "".join(str(DIGITS[ch]) for ch in frac))
    return value


def parse_number(s: str) -> Decimal:
    """Parse an ASCII number (``1,234.50``), a fraction (``1/4``) or a Chinese numeral."""
    s = s.replace(",", "")
    if "/" in s:
        num, _, den = s.partition("/")
        return Decimal(num) / Decimal(den)
    if s[:1].isdigit() or s[:1] == ".":
        return Decimal(s)
    return parse_chinese(s)


def plain(value: Decimal) -> float | int:
    """A Decimal as the smallest plain Python number: ``6.0`` → 6, ``2.50`` → 2.5."""
    if value == value.to_integral_value():
        return int(value)
    return float(value.normalize())
