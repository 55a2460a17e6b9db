"""Text that a return can hold: characters XML 1.0 (hence .xlsx) cannot store are refused on entry.

A character such as U+FFFE or a control character typed or pasted into a cell would be stored, then make
every later export of that return fail. Line breaks of every kind become a plain newline instead, since
Word and WPS paste them as vertical tab or U+2028 and the user meant a new line.
"""

from __future__ import annotations

# Person names on a return's footer (单位负责人、审核人、填报人) and the audit's "who": long enough for
# minority names written in full with 「·」, short enough to fit the footer line.
NAME_MAX = 30
PHONE_MAX = 40

_BREAKS = {"\r\n": "\n", "\r": "\n", "\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n"}


class UnsafeText(ValueError):
    """A text with a character no Excel file can hold, or a name that is too long; the message is Chinese."""


def is_xml_char(ch: str) -> bool:
    """True for a character XML 1.0 allows (tab, newline, carriage return and the Char ranges)."""
    code = ord(ch)
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def unify_line_breaks(text: str) -> str:
    """CR LF, CR, vertical tab, form feed, U+2028 and U+2029 all become one newline."""
    for old, new in _BREAKS.items():
        text = text.replace(old, new)
    return text


def unsafe_characters(text: str) -> list[tuple[int, str]]:
    """(1-based position, character) of each character XML cannot hold, after line breaks are unified."""
    return [(i, ch) for i, ch in enumerate(text, start=1) if not is_xml_char(ch)]


def char_name(ch: str) -> str:
    """How a user is told which character it is: U+FFFE, 控制字符 U+0007."""
    code = ord(ch)
    kind = "控制字符 " if code < 0x20 or 0x7F <= code <= 0x9F else ""
    return f"{kind}U+{code:04X}"


def safe_text(label: str, text: str) -> str:
    """The text with line breaks unified; UnsafeText naming the first bad character and its position."""
    text = unify_line_breaks(text)
    bad = unsafe_characters(text)
    if bad:
        position, ch = bad[0]
        more = f"等 {len(bad)} 个" if len(bad) > 1 else ""
        raise UnsafeText(
            f"{label}含有 Excel 报表无法保存的字符（第 {position} 个字为 {char_name(ch)}{more}），"
            "请删除后重新输入（常见于从网页或其他软件复制的文字）"
        )
    return text


def safe_name(label: str, text: str, limit: int = NAME_MAX) -> str:
    """A person's name or a short field: trimmed, one line, XML-safe and at most `limit` characters."""
    value = safe_text(label, text).strip()
    if "\n" in value or "\t" in value:
        raise UnsafeText(f"{label}只能写一行，不能有换行或制表符")
    if len(value) > limit:
        raise UnsafeText(f"{label}过长（{len(value)} 字），最多 {limit} 字")
    return value
