"""Numerals as tables write them: 18, 1.5, and the Chinese 十二, 一百零一, 两千, 三点五."""

from __future__ import annotations

_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3,
    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_SMALL = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": 10_000, "亿": 100_000_000}


def chinese_to_number(text: str) -> float | None:
    """The value of a Chinese numeral, or None if `text` is not one."""
    text = text.strip()
    if not text:
        return None
    if "点" in text:
        whole, _, frac = text.partition("点")
        head = chinese_to_number(whole) if whole else 0
        if head is None or not frac or any(ch not in _DIGITS for ch in frac):
            return None
        return float(f"{int(head)}.{''.join(str(_DIGITS[c]) for c in frac)}")
    if any(ch not in _DIGITS and ch not in _SMALL and ch not in _LARGE for ch in text):
        return None
    total = 0
    section = 0
    digit: int | None = None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[ch]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * _LARGE[ch]
            section = 0
            digit = None
    return float(total + section + (digit or 0))


def read_numeral(text: str) -> float | None:
    """A numeral as written in a table, Arabic or Chinese (18, 1.5, 十二, 一百零一), or None if it is none."""
    try:
        return float(text)
    except ValueError:
        return chinese_to_number(text)


def number_text(value: float) -> str:
    """A number as a message shows it to people: 1200000 → "1,200,000", 0.35 → "0.35", 12.0 → "12".

    Never an exponent ("1.2e+06" means nothing to a county clerk); six decimals at most.
    """
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
