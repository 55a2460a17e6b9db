"""More tables of the corpus, in the styles a blind test of other cities' tables brought up (wording our own).

A figures column headed 具体目标 or 指标分解 beside a column of short task titles; a section row directly
under the header; units as rows under a three-row header (a group heading over 保有量 基数 / 目标 and 新增),
the city's own name as its 全市 row, 市本级, unregistered zones and a 合计 row, a note line under the table;
a bare number among %-formatted cells; "≥20" typed in a cell. The truth is written by hand in truth/*.json.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from tests.corpus.corpus_sheets import body, header, note, section, title

# ------------------------------------------------------------------ 15 北海: 工作任务 | 具体目标, sections under the header


def beihai_goals(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "分工"
    title(ws, "附件3", "北海市2024年科技创新重点工作任务分工表", 6)
    first = header(ws, [["序号", "工作任务", "具体目标", "牵头单位", "配合单位", "时间节点"]], [])
    section(ws, "（一）科技企业培育", 6)
    office, counties = "市科技局", "各县（区）人民政府"
    ws.append(["1.", "高新技术企业扩量提质", "全市新增高新技术企业16家，其中海城区6家、银海区5家、铁山港区3家、合浦县2家。",
               office, counties, "2024年12月底"])  # fmt: skip
    ws.append(["2.", "科技型中小企业评价入库",
               "科技型中小企业入库数达到260家以上：海城区100家，银海区80家，铁山港区40家，合浦县40家。",
               office, "市税务局，" + counties, "2024年12月底"])  # fmt: skip
    ws.append(["3.", "提升研发投入强度", "研发经费投入强度达到1.2%，海城区1.4%、银海区1.6%、铁山港区1.0%、合浦县0.7%。",
               office, "市统计局", "2024年12月底"])  # fmt: skip
    section(ws, "（二）成果转化与人才服务", 6)
    ws.append(["4.", "科技成果对接", "组织开展科技成果对接活动，推动一批成果在北海落地转化。", office, counties, "长期"])
    ws.append(["5.", "科技特派员服务", "各县（区）选派科技特派员分别不少于25人次。", office, counties, "2024年11月底"])
    ws.append(["6.", "星创天地建设", "合浦县新建星创天地2家，铁山港区1家。", office, "合浦县、铁山港区人民政府",
               "2024年10月底"])  # fmt: skip
    body(ws, first, {1: 5, 2: 18, 3: 56, 4: 12, 5: 22, 6: 14})
    note(ws, "备注：县（区）指海城区、银海区、铁山港区、合浦县。", 6)
    wb.save(path)


# ------------------------------------------------------------------ 16 崇左: units as rows, three header rows


def chongzuo_units(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "崇左"
    title(ws, "附件1", "崇左市2024年科技创新主要指标分解表", 8)
    first = header(ws, [
        ["序号", "县（市、区）", "高新技术企业", None, None, "科技型中小企业（家）", "规上工业企业研发经费", None],
        [None, None, "保有量（家）", None, "新增（家）", None, "2023年基数（万元）", "2024年增长目标"],
        [None, None, "基数", "目标", None, None, None, None],
    ], [(0, 1, 2, 1), (0, 2, 2, 2), (0, 3, 0, 5), (1, 3, 1, 4), (1, 5, 2, 5), (0, 6, 2, 6), (0, 7, 0, 8),
        (1, 7, 2, 7), (1, 8, 2, 8)])  # fmt: skip
    rows = [
        (None, "崇左市", 90, 105, 18, 230, 60000, 0.15),
        (1, "江州区", 30, 34, 5, 70, 20000, 0.15),
        (2, "扶绥县", 20, 24, 4, 50, 15000, 0.15),
        (3, "宁明县", 6, 7, 1, 15, 4000, 0.12),
        (4, "龙州县", 6, 7, 1, 15, 4000, 0.12),
        (5, "大新县", 8, 9, 2, 20, 6000, 0.12),
        (6, "天等县", 4, 5, 1, 10, 2000, 0.12),
        (7, "凭祥市", 10, 12, 2, 30, 6000, 0.12),
        (8, "崇左高新区", 4, 5, 1, 15, 2000, 0.2),
        (9, "凭祥综合保税区", 2, 2, 1, 5, 1000, 0.2),
        (None, "合计", 90, 105, 18, 230, 60000, "—"),
    ]
    for row in rows:
        ws.append(list(row))
        if isinstance(row[-1], float) and row[1] != "天等县":
            ws.cell(ws.max_row, 8).number_format = "0%"  # 天等县's cell was typed without the format
    body(ws, first, {1: 5, 2: 16, 3: 8, 4: 8, 5: 8, 6: 14, 7: 16, 8: 14})
    ws.append([None])
    note(ws, "注：崇左高新区、凭祥综合保税区数据单列，不含在所在县（市、区）内。", 8)
    wb.save(path)


# ------------------------------------------------------------------ 17 河池: 目标任务 titles | 指标分解 figures


def hechi_breakdown(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "河池"
    title(ws, "附件2", "河池市2024年科技创新目标任务分解表", 6)
    first = header(ws, [["序号", "目标任务", "指标分解", "责任单位", "完成时限", "备注"]], [])
    rows = [
        ("壮大高新技术企业", "高新技术企业保有量达到140家：金城江区35家，宜州区28家，南丹县20家，其余县（区）各不少于5家。"),
        ("科技型中小企业入库",
         "新增科技型中小企业入库150家，金城江区40家、宜州区30家、南丹县20家、环江县10家、都安县10家。"),
        ("技术合同成交额", "技术合同成交额达到1亿元，其中金城江区3000万元、宜州区2000万元。"),
        ("星创天地", "新增星创天地3家，巴马县、凤山县、东兰县各1家。"),
        ("加强科学普及", "组织开展科技活动周、科普日等科普活动。"),
    ]
    for number, (goal, figures) in enumerate(rows, start=1):
        ws.append([number, goal, figures, "市科技局，各县（区）人民政府", "2024年12月31日", None])
    body(ws, first, {1: 5, 2: 18, 3: 60, 4: 24, 5: 14, 6: 8})
    ws.append([None])
    note(ws, "注：“县（区）”含金城江区、宜州区及9个县。", 6)
    wb.save(path)


# ------------------------------------------------------------------ 18 百色: a section row directly under the header


def baise_sections(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "工作要点"
    title(ws, "附件", "2024年百色市科技创新工作要点分工表", 6)
    first = header(ws, [["序号", "工作要点", "主要目标", "牵头单位", "配合单位", "完成时限"]], [])
    section(ws, "一、科技企业培育", 6)
    ws.append(["①", "培育高新技术企业",
               "新增高新技术企业25家（右江区6家、田阳区4家、平果市5家、百色高新区5家、靖西市2家）。",
               "市科技局", "各县（市、区）科技局，百色高新区管委会", "2024年12月31日"])  # fmt: skip
    ws.append(["②", "科技型中小企业评价入库", "科技型中小企业入库90家，右江区、平果市各15家，田阳区、田东县各10家。",
               "市科技局", "各县（市、区）科技局", "2024年12月31日"])  # fmt: skip
    section(ws, "二、平台与人才", 6)
    ws.append(["③", "建设科技创新平台", "建设科技创新平台8个，其中右江区3个、平果市2个。",
               "市科技局", "相关县（市、区）", "2024年11月30日"])  # fmt: skip
    ws.append(["④", "选派科技特派员", "选派科技特派员300人次以上，每个县（市、区）不少于二十人次。",
               "市科技局", "各县（市、区）科技局", "2024年11月30日"])  # fmt: skip
    body(ws, first, {1: 5, 2: 18, 3: 56, 4: 12, 5: 26, 6: 14})
    wb.save(path)


# ------------------------------------------------------------------ 19 钦州: units as rows, the city's own name, % cells


def qinzhou_units(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "分解"
    title(ws, "附件1", "钦州市2024年科技创新指标分解表", 5)
    first = header(ws, [["地区", "高新技术企业（家）", "R&D经费投入强度（%）", "技术合同成交额", "备注"]], [])
    rows = [
        ("钦州市", 120, 0.010, "3亿元", None),
        ("钦南区", "≥35", 0.012, "8000万元", None),
        ("钦北区", 25, 0.8, "0.5亿元", "强度待统计部门核定"),
        ("灵山县", 20, 0.006, "4000万元", None),
        ("浦北县", "≥20", 0.005, "3000万元", None),
        ("钦州港片区", 20, 0.025, "6000万元", "自贸试验区"),
        ("市本级", None, None, "4000万元", "市直科研院所"),
        ("合计", 120, None, "3亿元", None),
    ]
    for row in rows:
        ws.append(list(row))
        if isinstance(row[2], float) and row[2] < 0.5:
            ws.cell(ws.max_row, 3).number_format = "0.0%"
    body(ws, first, {1: 14, 2: 16, 3: 18, 4: 16, 5: 20})
    wb.save(path)


MORE_TABLES = {
    "15_北海_具体目标分工.xlsx": beihai_goals,
    "16_崇左_三行表头单位行.xlsx": chongzuo_units,
    "17_河池_指标分解.xlsx": hechi_breakdown,
    "18_百色_分节主要目标.xlsx": baise_sections,
    "19_钦州_单位行百分比.xlsx": qinzhou_units,
}
