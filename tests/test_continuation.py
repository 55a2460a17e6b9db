"""Text continued on a 附页: cut where it still fits, marked, and put back together exactly when read."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.continuation import (
    annex_label,
    continuation_mark,
    label_number,
    read_annex,
    rejoin,
    rejoin_rows,
    split_mark,
)
from exporters.annex import Annex, cut_point
from exporters.text_fit import fits, lines_height, text_height

SIZE = 10.5
# What offices type: Chinese, figures, Latin names, marks that may not start or end a line, spaces, lines.
CHARS = st.sampled_from(list("科技创新高新企业研发投入平台，。；、：（）“”《》0123456789.%ABCRD& \n"))
TEXTS = st.text(CHARS, min_size=1, max_size=400).map(str.strip).filter(bool)


def height(lines: int) -> float:
    return lines_height(lines, lines, SIZE)


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.floats(min_value=4, max_value=40), st.integers(min_value=1, max_value=12))
def test_a_cut_cell_fits_its_row_and_the_annex_gives_the_rest_back(text, width, lines):
    annex = Annex()
    shown = annex.fit(text, width, SIZE, height(lines), "序号1（细化任务序号(1)）工作进展")
    if shown == text:
        # Whole: it fits, or it has no place to cut that a reader trimming cells would not lose a space at.
        assert not annex.items
        gaps_at_spaces = all(text[i - 1].isspace() or text[i].isspace() for i in range(1, len(text)))
        assert fits(text, width, SIZE, height(lines)) or gaps_at_spaces
        return
    [item] = annex.items
    assert shown.endswith(continuation_mark(1))
    head, number = split_mark(shown)
    assert number == 1 and head and head == head.strip() and item.text == item.text.strip()
    # Read back as readers read cells (trimmed): nothing lost, nothing added.
    assert rejoin(shown.strip(), {1: item.text}) == text


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.floats(min_value=4, max_value=40), st.integers(min_value=1, max_value=6))
def test_pieces_of_a_long_rest_join_back_exactly(text, width, lines):
    pieces, rest = [], text
    while rest:
        piece = rest
        if not fits(rest, width, SIZE, height(lines)):
            piece = rest[: cut_point(rest, width, SIZE, height(lines))]
        pieces.append(piece)
        rest = rest[len(piece) :]
    assert "".join(pieces) == text
    assert all(p == p.strip() for p in pieces)  # a trimming reader loses nothing at a cut
    cells = ["附页", annex_label(3, "序号2（细化任务序号(7)）存在问题"), *pieces]
    assert read_annex(cells) == {3: text}


@given(TEXTS, TEXTS)
def test_a_longer_text_never_needs_fewer_lines(head, more):
    for width in (5, 8, 15, 30):
        assert text_height(head, width, SIZE) <= text_height(head + more, width, SIZE)


def test_a_long_chinese_text_is_cut_to_its_row_at_a_pause():
    text = "围绕重点产业链，持续培育认定一批自治区企业技术中心。" * 40
    annex = Annex()
    shown = annex.fit(text, 22, SIZE, height(10), "序号1（细化任务序号(237)）工作进展")
    assert fits(shown, 22, SIZE, height(10)) and shown.endswith("（续见附页1）")
    assert split_mark(shown)[0][-1] in "，。" and split_mark(shown)[0] + annex.items[0].text == text


def test_marks_labels_and_rows_of_a_printed_table():
    assert split_mark("新认定3家（续见附页12）") == ("新认定3家", 12)
    assert split_mark("新认定3家（续见附页）") == ("新认定3家（续见附页）", None)
    assert label_number("附页2　序号3（细化任务序号(237)）工作进展（接上表）") == 2
    assert label_number("附页") is None and label_number("附页说明") is None
    rows = [
        ["序号", "任务"],
        ["1", "甲（续见附页1）"],
        ["1", "……（接上页）"],
        ["附页", "附页"],
        [annex_label(1, "序号1（细化任务序号(1)）任务"), None],
        ["乙丙", "乙丙"],
    ]
    assert rejoin_rows(rows) == [["序号", "任务"], ["1", "甲乙丙"], ["1", "甲乙丙"], [], [], []]
    plain = [["序号", "任务"], ["1", "附页"]]  # a cell that merely says 附页 beside a number is a task's
    assert rejoin_rows(plain) == plain
