"""Which rows go on which printed page (gui.print_pages): whole rows, and a row taller than a page cut between
its lines, every line printed once — checked on any sizes, without a printer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gui.print_pages import RowShape, paginate

LINE = 10.0


def shape(lines_per_cell: list[int]) -> RowShape:
    return RowShape(tuple(tuple(LINE * (i + 1) for i in range(n)) for n in lines_per_cell), 4.0)


rows = st.lists(st.lists(st.integers(0, 40), min_size=3, max_size=3), min_size=0, max_size=25)


@given(rows, st.sampled_from([60.0, 100.0, 250.0]), st.sampled_from([100.0, 250.0]))
def test_rows_are_whole_on_one_page_unless_taller_than_a_page(cells, first_room, room):
    shapes = [shape(c) for c in cells]
    pages = paginate(shapes, first_room, room)
    pieces = [p for page in pages for p in page]
    assert [p.row for p in pieces] == sorted(p.row for p in pieces)  # the table's order
    assert {p.row for p in pieces} == set(range(len(shapes)))  # every row printed
    for index, s in enumerate(shapes):
        own = [p for p in pieces if p.row == index]
        if s.height <= room:
            assert len(own) == 1 and own[0].whole  # never split
        else:
            assert own[0].first and not any(p.first for p in own[1:])
            homes = [n for n, page in enumerate(pages) if any(p.row == index for p in page)]
            assert homes == list(range(homes[0], homes[0] + len(own)))  # one piece a page, consecutive pages
            for cell, lines in enumerate(s.lines):  # each line once, never cut through
                bounds = [0.0, *[p.ends[cell] for p in own]]
                assert [p.starts[cell] for p in own] == bounds[:-1]
                assert all(b == 0.0 or b in lines for b in bounds)
                assert bounds[-1] == (lines[-1] if lines else 0.0)
    for number, page in enumerate(pages):
        limit = first_room if number == 0 else room
        if len(page) > 1 or page and page[0].whole:
            assert sum(p.height for p in page) <= limit + 1e-9  # nothing runs off the page


def test_the_testers_return_a_row_that_does_not_fit_goes_whole_to_the_next_page():
    # Page 1 had room for 2.5 rows: the third row used to start on page 1 and end on page 2 ("日" left over).
    shapes = [shape([3, 5, 1]), shape([3, 5, 1]), shape([3, 5, 1])]
    pages = paginate(shapes, 135.0, 200.0)
    assert [[p.row for p in page] for page in pages] == [[0, 1], [2]]
    assert all(p.whole for page in pages for p in page)


def test_a_row_taller_than_a_page_starts_where_there_is_room_and_the_next_row_follows_its_last_piece():
    shapes = [shape([1, 1, 1]), shape([2, 45, 1]), shape([2, 2, 2])]
    pages = paginate(shapes, 200.0, 200.0)
    assert [[(p.row, p.first) for p in page] for page in pages] == [[(0, True), (1, True)], [(1, False)],
                                                                    [(1, False), (2, True)]]  # fmt: skip
    tall = [p for page in pages for p in page if p.row == 1]
    assert [p.ends[1] for p in tall] == [180.0, 370.0, 450.0]  # cut between lines: 18, then 19, then 8 lines
