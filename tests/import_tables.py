"""Breakdown tables as cities send them, built with openpyxl for the import tests (and .xls copies).

The long shape follows seed 000's attachment: 附件 label, title, the eleven columns, city rows merged over
their sub-tasks, quotas inside the sub-task text in the seed's own wording. The matrix shape has one row
per indicator and one column per unit, 全市 first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

SEED_TITLE = "2022年玉林市优化营商环境创新创业指标任务分工表"
SEED_HEADER = [
    "对应市任务分解表序号", "指标名称", "自治区目标", "自治区具体任务", "我市相应的目标任务", "细化任务序号",
    "细化任务", "责任单位", "完成时限", "牵头单位", "配合单位",
]  # fmt: skip
RESP = "市科技局，各县（市、区）人民政府、各开发园区管委"
PARTNERS = "市财政局、税务局，各县（市、区）人民政府，各开发园区管委"
GOAL_164 = "国家高新技术企业保有量不低于101家，保持持续增加 国家科技型中小企业入库数242家"
TEXT_237 = (
    "高新技术企业保有量不低于101家：北流不低于18家，容县不低于14家，陆川不低于11家，博白不低于4家，兴业不低于8家，"
    "玉州区不低于17家，玉东不低于9家，福绵不低于9家，玉柴工业园不低于10家，玉林健康产业园不低于1家，龙潭产业园不低于1家。"
)
TEXT_238 = (
    "国家科技型中小企业入库数（242家），北流40家、容县33家、陆川40家、博白21家、兴业21家、玉州32家、玉东18家、"
    "福绵20家、玉柴工业园10家、龙潭产业园4家、玉林健康产业园 3 家。"
)
TEXT_245 = (
    "将组织申报创新平台任务分解下达至各县（市、区）、各开发园区（北流1家、容县1家、陆川1家、博白1家、兴业1家、"
    "玉州1家、福绵1家、玉东1家，玉柴工业园区、龙潭产业园区、健康产业园区各1家）。"
)
TEXT_252 = (
    "各县（市、区）规上工业R&D经费支出较上年增长35%以上。由于兴业县、玉东新区没有2020年基础数，"
    "故设兴业县、玉东新区基础数分别为800万元、1000万元。（以2021年国家反馈数据为准）。"
)
GOAL_175 = "引导全社会加大研发投入力度，研究与开发(R&D)经费投入强度力争达到0.6%。"

# (city serial, topic, region goal, region task, city goal, [(seq, text, responsible, deadline, lead, partners)])
SEED_ROWS = [
    ("164", "创新创业", "加大创新创业主体培育力度", "持续增加国家高新技术企业、国家科技型中小企业入库数。", GOAL_164, [
        ("(237)", TEXT_237, RESP, "2022年12月31日", "市科技局", PARTNERS),
        ("(238)", TEXT_238, RESP, "2022年12月31日", "市科技局", PARTNERS),
    ]),
    ("165", "创新创业", "加大创新创业主体培育力度", "推进产业链创新链融合发展。", "推进产业链创新链融合发展。", [
        ("(239)", "推进产业链创新链融合发展，围绕重点产业链持续培育认定一批自治区企业技术中心。",
         "市工业和信息化局、科技局", "2022年11月30日", "市工业和信息化局", "市科技局，各县（市、区）人民政府"),
    ]),
    ("170", "创新创业", "推动创新要素配置新高置", "优化科技企业孵化器、众创空间动态管理。",
     "组织申报自治区级及以上创新平台10家以上。", [
        ("(245)", TEXT_245, RESP, "2022年11月30日", "市科技局", "各县（市、区）人民政府、各开发园区管委"),
    ]),
    ("175", "创新创业", "加大研发投入", "引导全社会加大研发投入力度。", GOAL_175, [
        ("(251)", "市县两级财政每年安排的科技支出，占一般公共预算支出比重分别不低于2%、1%。",
         "市财政局，各县（市、区）人民政府", "2022年12月31日", "市科技局", "市财政局，各县（市、区）人民政府"),
        ("(252)", TEXT_252, "各县（市、区）人民政府", "2022年12月31日", "市科技局",
         "市财政局，各县（市、区）人民政府"),
        ("(254)", "工业企业R&D经费内部支出11.5亿元。（以2021年国家反馈数据为准）。", "市工业和信息化局",
         "2022年12月31日", "市科技局", "市财政局，各县（市、区）人民政府"),
    ]),
]  # fmt: skip

# What the seed's sentences hand each unit: (seq, unit) -> (target, baseline)
SEED_QUOTAS = {
    **{("237", u): (t, None) for u, t in [
        ("北流市", 18), ("容县", 14), ("陆川县", 11), ("博白县", 4), ("兴业县", 8), ("玉州区", 17), ("玉东新区", 9),
        ("福绵区", 9), ("玉柴工业园", 10), ("玉林健康产业园", 1), ("龙潭产业园", 1)]},
    **{("238", u): (t, None) for u, t in [
        ("北流市", 40), ("容县", 33), ("陆川县", 40), ("博白县", 21), ("兴业县", 21), ("玉州区", 32), ("玉东新区", 18),
        ("福绵区", 20), ("玉柴工业园", 10), ("龙潭产业园", 4), ("玉林健康产业园", 3)]},
    **{("245", u): (1, None) for u in [
        "北流市", "容县", "陆川县", "博白县", "兴业县", "玉州区", "福绵区", "玉东新区", "玉柴工业园", "龙潭产业园",
        "玉林健康产业园"]},
    **{("251", u): (1, None) for u in ["玉州区", "福绵区", "容县", "陆川县", "博白县", "兴业县", "北流市"]},
    **{("252", u): (35, None) for u in ["玉州区", "福绵区", "容县", "陆川县", "博白县", "北流市"]},
    ("252", "兴业县"): (35, 800),
    ("252", "玉东新区"): (35, 1000),
}  # fmt: skip


def write_long_table(
    path: Path,
    *,
    rows: list | None = None,
    merged: bool = True,
    two_row_header: bool = False,
    split_238: bool = False,
    title: str = SEED_TITLE,
    notes: bool = True,
    sheet: str = "Sheet1",
    footer: bool = False,
) -> Path:
    """Seed 000's attachment: city rows merged over their sub-tasks (or, merged=False, left blank below)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws["A1"] = "附件"
    ws["A2"] = title
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=11)
    ws["A2"].alignment = Alignment(horizontal="center")
    if two_row_header:
        top = ["对应市任务分解表序号", "指标名称", "自治区", "", "我市相应的目标任务", "细化任务", "", "责任单位",
               "完成时限", "牵头单位", "配合单位"]  # fmt: skip
        bottom = ["", "", "目标", "具体任务", "", "序号", "内容", "", "", "", ""]
        ws.append(top)
        ws.append(bottom)
        for col in (1, 2, 5, 8, 9, 10, 11):
            ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
        ws.merge_cells("C3:D3")
        ws.merge_cells("F3:G3")
    else:
        ws.append(SEED_HEADER)
    for city_seq, topic, region_goal, region_task, city_goal, subs in rows or SEED_ROWS:
        start = ws.max_row + 1
        for number, (seq, text, responsible, deadline, lead, partners) in enumerate(subs):
            head = [int(city_seq), topic, region_goal, region_task, city_goal]
            if number and not merged:
                head = [None] * 5
            if split_238 and seq == "(238)":
                cut = text.index("玉林健康") + 1
                ws.append([*head, seq, text[:cut], responsible, deadline, lead, partners])
                ws.append([None] * 6 + [text[cut:], None, None, None, None])
                continue
            ws.append([*head, seq, text, responsible, deadline, lead, partners])
        end = ws.max_row
        if merged and end > start:
            for col in range(1, 6):
                ws.merge_cells(start_row=start, start_column=col, end_row=end, end_column=col)
    if notes:
        ws.append([])
        ws.append(["注：本表由市科技局负责解释，各单位于每季度末报送完成情况。"])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=11)
    if footer:
        append_signature_line(ws, 11)
    for col in range(1, 12):
        ws.column_dimensions[get_column_letter(col)].width = 14
    wb.save(path)
    return path


MATRIX_TITLE = "2022年玉林市科技创新主要指标任务分解表"
MATRIX_UNITS = ["玉州区", "福绵区", "北流市", "容县", "陆川县", "博白县", "兴业县", "玉东新区"]
# (seq, indicator, measure, 全市, per unit cell values in MATRIX_UNITS order)
MATRIX_ROWS = [
    (1, "高新技术企业保有量", "家", 101, [17, 9, 18, 14, 11, 4, 8, 9]),
    (2, "新增国家科技型中小企业", "家", "242", ["32", "20家", "40", "33", "40", "21", "二十一", "18"]),
    (3, "技术合同成交额", "万元", "2亿元", [3000, 1000, "0.5亿元", 3000, 2000, 2000, 1000, 3000]),
    (4, "科技特派员服务", "人次", 400, [60, 40, 70, 50, 50, 60, 40, None]),
]


def write_matrix_table(
    path: Path,
    *,
    rows: list | None = None,
    units: list[str] | None = None,
    title: str = MATRIX_TITLE,
    extra_header: str = "",
    footer: bool = False,
) -> Path:
    """One row per indicator, 全市 then one column per unit under a merged 分解任务 heading (two header rows)."""
    units = units or MATRIX_UNITS
    wb = Workbook()
    ws = wb.active
    ws.title = "分解表"
    width = 4 + len(units) + 1
    ws["A1"] = "附件2"
    ws["A2"] = title
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws["A3"] = "填报说明：各县（市、区）按本表分解数落实。"
    ws.append(
        ["序号", "指标名称", "计量单位", "全市目标任务", "各县（市、区）分解任务", *[""] * (len(units) - 1), "备注"]
    )
    ws.append(["", "", "", "", *units, ""])
    for col in (1, 2, 3, 4, width):
        ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    ws.merge_cells(start_row=4, start_column=5, end_row=4, end_column=4 + len(units))
    if extra_header:
        ws.cell(row=5, column=4 + len(units)).value = extra_header
    for seq, name, measure, total, cells in rows or MATRIX_ROWS:
        ws.append([seq, name, measure, total, *cells, ""])
    if footer:
        append_signature_line(ws, width)
    else:
        ws.append(["制表：市科技局"])
    wb.save(path)
    return path


SIGNATURE = ("单位负责人：", "审核人：", "填报人：", "联系电话：", "填报日期：2022年3月1日")


def append_signature_line(ws, width: int) -> None:
    """The line a table is signed on, as returns have it: five labels spread over merged cells, values blank."""
    row = ws.max_row + 1
    step = max(1, width // len(SIGNATURE))
    for index, label in enumerate(SIGNATURE):
        first = 1 + index * step
        last = width if index == len(SIGNATURE) - 1 else first + step - 1
        ws.cell(row=row, column=first).value = label
        if last > first:
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def write_growth_matrix(path: Path) -> Path:
    """A three-row header: each unit spans 目标 and 基础数 columns (增长率 with its base-year figure)."""
    units = ["玉州区", "北流市", "兴业县"]
    wb = Workbook()
    ws = wb.active
    ws.title = "增长指标"
    ws["A1"] = "2022年玉林市规上工业R&D经费增长目标分解表"
    ws.merge_cells("A1:J1")
    ws.append(["序号", "指标", "单位", "全市", "分解到各县（市、区）", "", "", "", "", ""])
    ws.append(["", "", "", "", "玉州区", "", "北流市", "", "兴业县", ""])
    ws.append(["", "", "", "", "目标", "基础数", "目标", "基础数", "目标", "基础数"])
    for col in (1, 2, 3, 4):
        ws.merge_cells(start_row=2, start_column=col, end_row=4, end_column=col)
    ws.merge_cells("E2:J2")
    for i, _unit in enumerate(units):
        ws.merge_cells(start_row=3, start_column=5 + 2 * i, end_row=3, end_column=6 + 2 * i)
    ws.append([1, "规上工业R&D经费支出增长率", "%", "35%以上", "35%", 5200, "不低于35%", "1.2亿元", 35, 800])
    wb.save(path)
    return path


def convert_to_xls(xlsx: Path, out_dir: Path) -> Path:
    """An .xls copy made by LibreOffice headless, with its own profile so parallel runs do not clash."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed to make the .xls copy"
    profile = out_dir / f"lo_profile_{uuid.uuid4().hex}"
    env = {**os.environ, "HOME": str(out_dir)}
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xls",
         "--outdir", str(out_dir), str(xlsx)],
        check=True, capture_output=True, timeout=180, env=env,
    )  # fmt: skip
    result = out_dir / (xlsx.stem + ".xls")
    assert result.exists(), f"LibreOffice did not write {result}"
    return result


def write_baseline_matrix(path: Path, cells: dict[str, tuple[object, object]], name: str = "规上工业企业研发经费") -> Path:
    """One indicator row, each unit a 基数 | 目标 pair (units and their (基数, 目标) in `cells`)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "分解表"
    ws.append([MATRIX_TITLE])
    units = list(cells)
    ws.append(["序号", "指标名称", "计量单位", *[u for unit in units for u in (unit, None)]])
    ws.append([None, None, None, *["基数", "目标"] * len(units)])
    for number in range(len(units)):
        ws.merge_cells(start_row=2, start_column=4 + 2 * number, end_row=2, end_column=5 + 2 * number)
    ws.append([1, name, "万元", *[v for pair in cells.values() for v in pair]])
    wb.save(path)
    return path
