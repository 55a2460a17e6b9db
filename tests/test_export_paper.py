"""Every kind of return printed by LibreOffice and read back from the PDF, as the city reads the paper.

One LibreOffice run renders them all (module fixture): the breakdown table (city and county), the progress
return (draft and final), a return with a 2,000-character text in every text column, a breakdown table
likewise, a return showing every status, and the 汇总表 on A4 and A3. Checked: no typed character lost
(and none printed outside its row, where a reader cannot see it), the 汇总表 at 9 pt or more, status words
printed and their fills apart in grayscale, no page starting with a continued city row without its 序号,
header rows and GB/T 9704 page numbers on every page.
"""

from __future__ import annotations

import copy
import random
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from domain.continuation import continuation_mark
from domain.plans import Indicator, IndicatorKind, Plan, Quota, Task
from exporters.breakdown_table import BREAKDOWN_SHEET, KEYS, write_breakdown_table
from exporters.progress_return import RETURN_SHEET, write_progress_return
from exporters.text_fit import text_height
from operations.bootstrap import open_with_builtin
from operations.collect import collect_returns
from operations.consolidate import export_consolidation
from storage.achievements import AchievementKey, record_achievement
from storage.plans import find_plan, load_plan, save_plan
from storage.units import get_unit
from tests.collect_support import make_city, make_counties
from tests.pdf_support import (
    BOTTOM_MARGIN,
    HAVE_TOOLS,
    TOP_MARGIN,
    Page,
    fill_gray,
    flat,
    gray_image,
    page_count,
    pages,
    render,
    sheet_frame,
)
from tests.test_export_support import EXPORTED_AT, OCTOBER, PROFILE, beiliu_rows, seed_beiliu

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not HAVE_TOOLS, reason="LibreOffice or poppler-utils missing")]

LONG = 2000  # the most a text field holds (domain.achievements.validate_text)
STATUSES = ("已完成", "正常", "滞后", "逾期", "未填报")
RETURN_TEXTS = ("progress", "problems", "next_steps", "evidence")


def long_text(tag: str, length: int = LONG) -> str:
    """A text of `length` characters as offices write them: Chinese, figures, Latin names, marks, lines."""
    rng = random.Random(tag)
    words = ["科技创新", "高新技术企业", "2022年", "R&D经费", "（一）", "研发投入", "3.5%", "，", "。", "；",
             "ABC公司", "平台建设", "“桂惠贷”", "\n", "1,200万元", "完成"]  # fmt: skip
    text = f"【{tag}】"
    while len(text) < length:
        text += rng.choice(words)
    return text[: length - len(tag) - 2] + f"〔{tag}〕"


# Long, and still naming 北流's kind of unit, so that the task (with no quota for it) is on its return.
RESPONSIBLE_6 = "各县（市、区）" + long_text("责任6", LONG - 7)


def status_plan() -> Plan:
    """北流's six kinds of line: done, on track, behind, overdue, not reported, and a task of its with no quota."""

    def task(seq: str, deadline=date(2022, 12, 31), quota: str | None = "北流市", **fields):
        quotas = [Quota(quota, 10)] if quota else []
        indicator = Indicator(f"指标{seq}", "家", IndicatorKind.STOCK, target=20, quotas=quotas)
        words = {"text": f"任务{seq}", "responsible": "各县（市、区）", **fields}
        return Task(seq=seq, city_seq="1", deadline=deadline, indicators=[indicator], **words)

    tasks = [task("1"), task("2"), task("3"), task("4", deadline=date(2022, 9, 30)), task("5"),
             task("6", quota=None, text=long_text("任务6"), responsible=RESPONSIBLE_6)]  # fmt: skip
    return Plan(title="2022年玉林市科技任务状态测试方案", year=2022, key="status-test", city="玉林市", tasks=tasks)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """Every kind of return, written by the program from real stores."""
    folder = tmp_path_factory.mktemp("paper")
    files: dict[str, Path] = {}
    store = open_with_builtin(folder / "ledger.sqlite3")
    try:
        plan = find_plan(store, "优化营商环境创新创业")
        seed_beiliu(store, plan.id)
        beiliu = get_unit(store, "北流市")
        files["breakdown_city"] = write_breakdown_table(plan, folder / "breakdown_city.xlsx")
        files["breakdown_beiliu"] = write_breakdown_table(plan, folder / "breakdown_beiliu.xlsx", beiliu)
        rows = beiliu_rows(store, plan.id)
        for final in (False, True):
            path = folder / f"progress_{'final' if final else 'draft'}.xlsx"
            write_progress_return(plan, beiliu, OCTOBER, rows, PROFILE, path, final=final, exported_at=EXPORTED_AT)
            files[path.stem] = path
        # A 2,000-character text in every text column of the breakdown table, in a city row of two
        # sub-tasks (164) and one of five (175).
        long_plan = copy.deepcopy(plan)
        for task in long_plan.tasks:
            if task.city_seq in ("164", "175"):
                for key in KEYS:
                    if key in ("topic", "region_goal", "region_task", "city_goal", "text", "responsible", "lead",
                               "partners"):  # fmt: skip
                        setattr(task, key, long_text(f"{key}{task.seq}"))
        files["breakdown_long"] = write_breakdown_table(long_plan, folder / "breakdown_long.xlsx")
        # … and in every text column of a return: 北流's own words on (237) and the table's on a task of its.
        statuses = status_plan()
        save_plan(store, statuses, "测试")
        for seq, changes in (("1", {"actual": 10}), ("2", {"actual": 9}), ("3", {"actual": 2}),
                             ("4", {"actual": 5})):  # fmt: skip
            record_achievement(store, AchievementKey(statuses.id, seq, "", "北流市", OCTOBER), changes, "测试")
        record_achievement(store, AchievementKey(statuses.id, "3", "", "北流市", OCTOBER),
                           {name: long_text(f"{name}3") for name in RETURN_TEXTS}, "测试")  # fmt: skip
        stored = load_plan(store, statuses.id)
        from domain.progress import progress_rows
        from storage.achievements import achievement_history

        rows = progress_rows(stored, "北流市", beiliu.kind, OCTOBER, achievement_history(store, stored.id, "北流市"),
                             unit_short=beiliu.short_name)  # fmt: skip
        files["progress_long"] = folder / "progress_long.xlsx"
        write_progress_return(stored, beiliu, OCTOBER, rows, PROFILE, files["progress_long"], final=True,
                              exported_at=EXPORTED_AT)  # fmt: skip
    finally:
        store.close()
    counties = make_counties(folder / "counties")
    city = make_city(folder / "city")
    try:
        report = collect_returns(city, list(counties.returns.values()), "赵明")
        plan_id = report.files[0].plan_id
        files["summary_a4"] = export_consolidation(city, plan_id, OCTOBER, folder / "summary_a4.xlsx").path
        files["summary_a3"] = export_consolidation(city, plan_id, OCTOBER, folder / "summary_a3.xlsx",
                                                   paper="A3").path  # fmt: skip
    finally:
        counties.store.close()
        city.close()
    return files


@pytest.fixture(scope="module")
def printed(made, tmp_path_factory) -> dict[str, list[Page]]:
    folder = tmp_path_factory.mktemp("pdf")
    pdfs = render(list(made.values()), folder)
    assert all(pdf.exists() for pdf in pdfs.values()), "LibreOffice did not convert every file"
    return {name: pages(pdfs[name]) for name in made} | {"_pdfs": pdfs, "_folder": folder}  # type: ignore[dict-item]


def body_words(page: Page, xlsx: Path, sheet: str):
    """The words of a page's body: below the repeated header rows (and the title on page 1), above the footer."""
    scale, heights, (first, last) = sheet_frame(xlsx, sheet)
    above = sum(heights[:last]) if page.number == 1 else sum(heights[first - 1 : last])
    top = TOP_MARGIN + above * scale - 1
    return [w for w in page.words if w.y0 >= top and w.y1 <= page.height - BOTTOM_MARGIN + 1]


def body_text(doc: list[Page], xlsx: Path, sheet: str, *, first_sheet_pages: int | None = None) -> str:
    chosen = doc[:first_sheet_pages] if first_sheet_pages else doc
    return "".join(flat(w.text) for page in chosen for w in body_words(page, xlsx, sheet))


def read_back(typed: str, body: str, where: str) -> None:
    """Find a typed text in the printed body: whole in its cell, or its head there and the rest on the 附页."""
    text = flat(typed)
    start = body.find(text[: text.index("】") + 6])  # the text's own tag, 【…】, and what follows it
    assert start >= 0, f"{where}: the beginning of the text is not printed"
    if body[start : start + len(text)] == text:
        return
    mark = re.match(r"(.*?)（续见附页(\d+)）", body[start:])
    assert mark, f"{where}: the text is cut without （续见附页N）"
    head, number = mark.group(1), int(mark.group(2))
    assert text.startswith(head), f"{where}: the printed head differs from what was typed"
    label = re.search(rf"附页{number}序号[^（]*（细化任务序号[^）]*）[^（]*（接上表）", body)
    assert label, f"{where}: 附页{number} is not printed"
    rest = text[len(head) :]
    assert body[label.end() : label.end() + len(rest)] == rest, f"{where}: the 附页 lacks part of the text"


def test_no_typed_character_is_lost_from_a_return(printed, made):
    xlsx = made["progress_long"]
    body = body_text(printed["progress_long"], xlsx, RETURN_SHEET)
    for name in RETURN_TEXTS:
        read_back(long_text(f"{name}3"), body, name)
    read_back(long_text("任务6"), body, "任务 / 指标")
    read_back(RESPONSIBLE_6, body, "责任单位")
    assert continuation_mark(1) in body and "附页1序号3（细化任务序号(3)）工作进展（接上表）" in body


def test_no_typed_character_is_lost_from_a_breakdown_table(printed, made):
    xlsx = made["breakdown_long"]
    body = body_text(printed["breakdown_long"], xlsx, BREAKDOWN_SHEET)
    seqs = {"164": ("237", "238"), "175": ("251", "252", "253", "254", "255")}
    for city_seq, subs in seqs.items():
        for key in ("topic", "region_goal", "region_task", "city_goal"):
            read_back(long_text(f"{key}{subs[0]}"), body, f"{city_seq} {key}")
        for seq in subs:
            for key in ("text", "responsible", "lead", "partners"):
                read_back(long_text(f"{key}{seq}"), body, f"({seq}) {key}")


def cell_texts(xlsx: Path, sheet: str) -> list[tuple[str, float]]:
    """Each long cell's text with the height (points, on the sheet) of the rows it is printed in."""
    ws = openpyxl.load_workbook(xlsx)[sheet]
    spans = {(m.min_row, m.min_col): m.max_row for m in ws.merged_cells.ranges}
    found = []
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and len(cell.value) >= 40:
                bottom = spans.get((cell.row, cell.column), cell.row)
                height = sum(ws.row_dimensions[r].height or 15.0 for r in range(cell.row, bottom + 1))
                found.append((cell.value, height))
    return found


@pytest.mark.parametrize("name, sheet", [("progress_long", RETURN_SHEET), ("breakdown_long", BREAKDOWN_SHEET),
                                         ("breakdown_city", BREAKDOWN_SHEET)])  # fmt: skip
def test_every_line_of_a_cell_prints_inside_its_row(printed, made, name, sheet):
    """LibreOffice draws a text taller than its row beyond the row (where the next row covers it): the lines of
    every long cell must lie within the row's printed height. Measures our row-height estimate too: a cut
    cell's text must fill at least half its row (the estimate is safe, not wasteful)."""
    xlsx = made[name]
    scale = sheet_frame(xlsx, sheet)[0]
    for text, height in cell_texts(xlsx, sheet):
        wanted = flat(text)
        for page in printed[name]:
            words = list(page.words)
            joined, owners = "", []
            for index, word in enumerate(words):
                piece = flat(word.text)
                joined += piece
                owners.extend([index] * len(piece))
            at = joined.find(wanted)
            if at < 0:
                continue
            lines = [words[i] for i in sorted(set(owners[at : at + len(wanted)]))]
            extent = max(w.y1 for w in lines) - min(w.y0 for w in lines)
            assert extent <= height * scale + 1.0, (name, text[:20], extent, height * scale)
            if text.endswith("）") and "（续见附页" in text[-10:]:
                assert extent >= 0.5 * height * scale, (name, text[:20], extent, height * scale)
            break
        else:
            pytest.fail(f"{name}: “{text[:20]}…” is not printed whole on any page")


def seq_of(word: str) -> str | None:
    found = re.fullmatch(r"\((\d+)\)", word.strip())
    return found.group(1) if found else None


@pytest.mark.parametrize("name", ["breakdown_city", "breakdown_long"])
def test_no_page_starts_with_a_continued_city_row_without_its_serial(printed, made, name):
    plan_rows = openpyxl.load_workbook(made[name])[BREAKDOWN_SHEET]
    city_of: dict[str, str] = {}
    current = ""
    for row in plan_rows.iter_rows(min_row=4, values_only=True):
        if row[0]:
            current = str(row[0])
        if row[5] and seq_of(str(row[5])):
            city_of[seq_of(str(row[5]))] = current
    pages_of: dict[str, set[int]] = {}
    for page in printed[name]:
        words = [w.text.strip() for w in page.words]
        assert "细化任务" in "".join(words), f"page {page.number} has no header row"
        seqs = {s for w in words if (s := seq_of(w))}
        for seq in seqs & set(city_of):
            assert city_of[seq] in words, f"page {page.number}: ({seq}) without its 序号 {city_of[seq]}"
            pages_of.setdefault(city_of[seq], set()).add(page.number)
    if name == "breakdown_city":
        # A city row that fits a page is never split: all of its sub-tasks are printed on one page.
        scale, heights, (first, last) = sheet_frame(made[name], BREAKDOWN_SHEET)
        room = (595.3 - TOP_MARGIN - BOTTOM_MARGIN) / scale - sum(heights[first - 1 : last])
        rows_of: dict[str, float] = {}
        for number, row in enumerate(plan_rows.iter_rows(min_row=4, values_only=True), start=4):
            if row[5] and seq_of(str(row[5])):
                key = city_of[seq_of(str(row[5]))]
                rows_of[key] = rows_of.get(key, 0.0) + heights[number - 1]
        short = {key for key, total in rows_of.items() if total <= room}
        assert short and all(len(pages_of[key]) == 1 for key in short), pages_of
    else:
        assert any(len(numbers) > 1 for numbers in pages_of.values())  # long ones must, and repeat their 序号


def test_page_numbers_at_the_outer_edge_and_header_rows_on_every_page(printed):
    for name, doc in printed.items():
        if name.startswith("_"):
            continue
        for page in doc:
            number = [w for w in page.words if w.y0 > page.height - BOTTOM_MARGIN]
            said = flat("".join(w.text for w in number))
            assert said == f"—{page.number}—", (name, page.number, said)
            outer = (number[0].x0 > page.width / 2) if page.number % 2 else (number[-1].x1 < page.width / 2)
            assert outer, (name, page.number)  # odd pages right, even pages left (GB/T 9704)
            # 4号: 14 pt printed (box 1.16 em in the fallback font), whatever the print scale.
            assert 14 * 1.1 <= number[0].height <= 14 * 1.45, (name, page.number, number[0].height)


def test_each_return_fills_the_expected_pages_and_says_draft_only_on_drafts(printed):
    # At full size (10.5 pt): about twice the pages of the 70 % prints these replaced.
    expected = {"breakdown_city": 6, "breakdown_beiliu": 5, "progress_draft": 5, "progress_final": 5}
    for name, count in expected.items():
        assert page_count(printed["_pdfs"][name]) == count, name
        assert all((round(p.width), round(p.height)) == (842, 595) for p in printed[name])  # A4 landscape
    for page in printed["progress_draft"]:
        assert "草稿（未报送）" in page.text()
    final = printed["progress_final"]
    assert all("草稿" not in page.text() for page in final)
    first = flat(final[0].text())
    assert "北流市落实《2022年玉林市优化营商环境创新创业专项实施方案》指标任务完成情况表" in first
    assert "2022年10月31日" in first and "填报人：黄小玲" in flat(final[-1].text())
    whole = "".join(flat(page.text()) for page in final)
    assert "18家" in whole and "5200万元" in whole and "增长35%" in whole  # figures with their unit


def test_status_words_print_and_their_fills_differ_in_grayscale(printed, made):
    found = {}
    for page in printed["progress_long"]:
        column = next(w for w in page.words if w.text == "状态")
        centre = (column.x0 + column.x1) / 2
        for word in page.words:
            if abs((word.x0 + word.x1) / 2 - centre) < 12 and word.text in (*STATUSES, "未分解"):
                found[word.text] = word
    assert set(found) == {*STATUSES, "未分解"}, found.keys()
    dpi = 100
    images = {}
    grays = {}
    for status, word in found.items():
        if word.page not in images:
            images[word.page] = gray_image(printed["_pdfs"]["progress_long"], word.page, dpi, printed["_folder"])
        grays[status] = fill_gray(images[word.page], word, dpi)
    assert grays["未填报"] >= 250 and grays.pop("未分解") >= 250  # nothing to judge: no fill
    levels = sorted(grays.values())
    assert all(b - a >= 20 for a, b in zip(levels, levels[1:], strict=False)), grays
    # The darker fills keep their words readable: black on no darker than a middle gray.
    assert min(levels) >= 100, grays


def test_the_summary_prints_at_9_pt_or_more_with_status_words_and_no_hashes(printed, made):
    for name in ("summary_a4", "summary_a3"):
        doc = printed[name]
        xlsx = made[name]
        scale = sheet_frame(xlsx, "汇总表")[0]
        title = next(w for w in doc[0].words if "汇总表" in w.text)
        em = title.height / (22 * scale)  # the printed box of one point of the font
        summary_pages = [p for p in doc if "报送情况" not in p.text()]
        for page in summary_pages:
            for word in body_words(page, xlsx, "汇总表"):
                if re.search(r"[\u4e00-\u9fff]", word.text):
                    assert word.height / em >= 9 - 0.2, (name, page.number, word.text, word.height / em)
            assert "###" not in page.text()
        text = "".join(p.text() for p in summary_pages)
        assert "滞后" in text and "已完成" in text and "未填报" in text and "全市合计" in text
        assert "玉林健康产业园" in text and "原文缺损" not in text
    a4 = openpyxl.load_workbook(made["summary_a4"])["汇总表"]
    assert int(a4.page_setup.scale or 100) == 100  # 10.5 pt body text printed at 10.5 pt


def test_returns_and_breakdown_tables_print_their_body_at_10_5_pt(printed, made):
    """Officials read them on paper: the body prints at full size (五号, 10.5 pt), never below 9 pt."""
    for name, sheet in (("progress_final", RETURN_SHEET), ("breakdown_city", BREAKDOWN_SHEET)):
        xlsx = made[name]
        scale = sheet_frame(xlsx, sheet)[0]
        assert scale == 1.0, name
        doc = printed[name]
        title = next(w for w in doc[0].words if re.search(r"[\u4e00-\u9fff]{4}", w.text) and w.y0 < 120)
        em = title.height / 22  # the printed box of one point of the (2号, 22 pt) title's font
        sizes = [w.height / em for page in doc for w in body_words(page, xlsx, sheet)
                 if re.fullmatch(r"[\u4e00-\u9fff]+", w.text)]  # fmt: skip
        assert sizes and min(sizes) >= 9 and abs(sorted(sizes)[len(sizes) // 2] - 10.5) < 0.5, (name, min(sizes))


def test_rows_are_as_tall_as_libreoffice_needs_for_their_text(printed, made):
    """A row of the return is sized to its tallest cell, as LibreOffice prints it: within about a line."""
    xlsx = made["progress_final"]
    ws = openpyxl.load_workbook(xlsx)[RETURN_SHEET]
    widths = {
        c: round(d.width * 7) / 7 for d in ws.column_dimensions.values() if d.min for c in range(d.min, d.max + 1)
    }
    fills = []
    for row in range(4, ws.max_row + 1):
        texts = [(text_height(v, widths[c], 10.5), v) for c in widths
                 if isinstance(v := ws.cell(row=row, column=c).value, str) and len(v) >= 12]  # fmt: skip
        if not texts or ws.row_dimensions[row].height <= 40 or not isinstance(ws.cell(row=row, column=1).value, int):
            continue  # a short row, or one of the notes under the table
        wanted = flat(max(texts)[1])
        for page in printed["progress_final"]:
            words, joined, owners = list(page.words), "", []
            for index, word in enumerate(words):
                joined += flat(word.text)
                owners.extend([index] * len(flat(word.text)))
            at = joined.find(wanted)
            if at >= 0:
                lines = [words[i] for i in sorted(set(owners[at : at + len(wanted)]))]
                fills.append((max(w.y1 for w in lines) - min(w.y0 for w in lines)) / ws.row_dimensions[row].height)
                break
    assert len(fills) >= 8
    # The lines take all of the row but a line's padding at most; earlier returns' rows were a fifth too tall.
    assert min(fills) >= 0.75 and sorted(fills)[len(fills) // 2] >= 0.9, fills


def test_no_repair_marks_on_official_returns(printed):
    for name in ("breakdown_city", "breakdown_beiliu", "progress_final", "summary_a4", "summary_a3"):
        assert all("原文缺损" not in page.text() for page in printed[name]), name


def test_a_return_without_text_to_continue_has_no_annex(printed, made):
    assert all("附页" not in page.text() for page in printed["progress_final"])
    ws = openpyxl.load_workbook(made["progress_final"])[RETURN_SHEET]
    assert not ws.row_breaks.brk
