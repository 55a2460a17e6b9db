"""A third set of corpus tables, in the layouts a second blind test brought up (wording our own).

Hidden columns of last year's actuals and hidden or cancelled rows; 城区 / 县（市） subtotal columns and a
2024年全市目标 header; units as rows under a three-row header with a 2023年基数（万元）| 增幅（%） pair and a
hidden row (saved as .xls); 上年基数 / 本年目标 / 增长 under every unit; one figure merged over two units;
a workbook of two data sheets; a note under the table giving the units' measure, and a column whose figures
are in another measure with no note; a 序号 written twice and a sub-item without one. The truth is written
by hand in truth/*.json.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from openpyxl import Workbook

from tests.corpus.corpus_sheets import body, header, note, title, to_xls

# ------------------------------------------------------------------ 20 防城港: hidden actuals, subtotals, cancelled rows


def fangchenggang_hidden(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "考核指标"
    width = 14
    title(ws, "附件1", "防城港市2024年度科技创新考核指标分解表", width)
    first = header(ws, [
        ["序号", "指标名称", "计量单位", "2023年完成", "2024年全市目标", "城区", None, "城区小计", "县（市）", None,
         "县（市）小计", "开发区", "合计", "备注"],
        [None, None, None, None, None, "港口区", "防城区", None, "上思县", "东兴市", None, "防城港高新区", None, None],
    ], [(0, c, 1, c) for c in (1, 2, 3, 4, 5, 8, 11, 13, 14)] + [(0, 6, 0, 7), (0, 9, 0, 10)])  # fmt: skip
    ws.append([1, "高新技术企业保有量", "家", 88, 100, 32, 28, 60, 12, 18, 30, 10, 100, None])
    ws.append([2, "新增科技型中小企业", "家", 70, 80, 25, 20, 45, 10, 15, 25, 10, 80, None])
    ws.append([None, "科技企业孵化器", "个", 2, 3, 1, 1, 2, 0, 1, 1, 0, 3, "已调整至表二"])
    ws.row_dimensions[ws.max_row].hidden = True
    ws.append([3, "技术合同成交额", "万元", 42000, 50000, 20000, 15000, 35000, 5000, "6000（2023年：5200）", 11000,
               4000, 50000, None])  # fmt: skip
    ws.append([None, "众创空间（调整至表二）", "个", 4, 5, 2, 1, 3, 1, 1, 2, 0, 5, None])
    ws.append([4, "全社会研发经费投入强度", "%", "0.9%", "1.0%", "1.2%", "0.9%", "—", "0.5%", "0.8%", "—", "2.5%",
               "—", None])  # fmt: skip
    ws.append([5, "科技特派员服务", "人次", 300, 320, 60, 70, 130, 90, 80, 170, 20, 320, None])
    ws.column_dimensions["D"].hidden = True
    body(ws, first, {1: 5, 2: 22, 3: 8, 4: 9, 5: 10, **{c: 8 for c in range(6, 14)}, 14: 12})
    note(ws, "注：1.“合计”栏仅供核对，以“全市目标”为准。2.城区小计、县（市）小计为各组之和。", width)
    wb.save(path)


# ------------------------------------------------------------------ 21 柳州: units as rows, 基数 | 增幅, .xls


def liuzhou_growth(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "分解表"
    title(ws, "附件", "柳州市2024年科技创新主要指标分解表", 8)
    first = header(ws, [
        ["序号", "县（区）", "高新技术企业（家）", None, None, "科技型中小企业（家）", "规上工业企业研发经费", None],
        [None, None, "保有量", None, "新增", None, "2023年基数（万元）", "增幅（%）"],
        [None, None, "基数", "目标", None, None, None, None],
    ], [(0, 1, 2, 1), (0, 2, 2, 2), (0, 3, 0, 5), (1, 3, 1, 4), (1, 5, 2, 5), (0, 6, 2, 6), (0, 7, 0, 8),
        (1, 7, 2, 7), (1, 8, 2, 8)])  # fmt: skip
    rows = [
        (1, "城中区", 38, 43, 6, 62, 13000, 0.10), (2, "鱼峰区", 50, 57, 8, 85, 26000, 0.12),
        (3, "柳南区", 62, 71, 10, 105, 41000, 0.12), (4, "柳北区", 57, 64, 8, 95, 32000, 0.10),
        (5, "柳江区", 42, 48, 7, 72, 21000, 0.15), (None, "城区小计", 249, 283, 39, 419, 133000, "—"),
        (6, "柳城县", 11, 13, 3, 26, 3200, 0.08), (7, "鹿寨县", 16, 19, 4, 31, 5300, 0.10),
        (8, "融安县", 7, 8, 1, 16, 1600, 0.08), (9, "融水县", 5, 6, 1, 15, 1300, 0.08),
        (10, "三江县", 4, 5, 1, "十二", 900, 0.08), (11, "柳东新区", 31, 36, 6, 52, 21000, 0.15),
        (None, "全市", 323, 370, 55, 571, 166300, 0.12),
    ]  # fmt: skip
    for row in rows:
        ws.append(list(row))
        if isinstance(row[-1], float):
            ws.cell(ws.max_row, 8).number_format = "0%"
        if row[1] == "柳东新区":
            ws.row_dimensions[ws.max_row].hidden = True
    body(ws, first, {1: 5, 2: 12, 3: 8, 4: 8, 5: 8, 6: 14, 7: 16, 8: 10})
    note(ws, "注：增幅指2024年规上工业企业研发经费较2023年增长。", 8)
    tmp = Path(tempfile.mkdtemp(prefix="corpus-xls-"))
    xlsx = tmp / (path.stem + ".xlsx")
    wb.save(xlsx)
    shutil.copy(to_xls(xlsx, tmp), path)
    shutil.rmtree(tmp, ignore_errors=True)


# ------------------------------------------------------------------ 22 北海: 上年基数 / 本年目标 / 增长 under every unit


def beihai_growth(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "指标分解"
    units = ["全市", "海城区", "银海区", "铁山港区", "合浦县"]
    width = 2 + 3 * len(units)
    title(ws, "附件2", "北海市2024年创新驱动发展主要指标分解表", width, "单位：家、万元、%")
    first = header(ws, [
        ["序号", "指标", *[x for unit in units for x in (unit, None, None)]],
        [None, None, *["上年基数", "本年目标", "增长"] * len(units)],
    ], [(0, 1, 1, 1), (0, 2, 1, 2)] + [(0, 3 + 3 * n, 0, 5 + 3 * n) for n in range(len(units))])  # fmt: skip
    ws.append([1, "高新技术企业数（家）", 190, 220, "15.8%", 75, 86, "14.7%", 62, 72, "16.1%", 25, 30, "20%",
               28, 32, "14.3%"])  # fmt: skip
    ws.append([2, "规上工业企业研发经费（万元）", 95000, 110000, 0.158, 32000, 36800, 0.15, 26000, 30000, 0.154,
               21000, 24000, 0.143, 16000, 19200, 0.2])  # fmt: skip
    for column in range(5, width + 1, 3):
        ws.cell(ws.max_row, column).number_format = "0.0%"
    ws.append([3, "研发投入强度（%）", "1.1%", "1.2%", "提高0.1个百分点", "1.0%", "1.1%", "提高0.1个百分点",
               "1.6%", "1.8%", "提高0.1个百分点", "0.8%", "0.9%", "提高0.1个百分点", "0.4%", "0.5%",
               "提高0.1个百分点"])  # fmt: skip
    ws.append([4, "科技型中小企业（家）", "—", 280, "—", "—", 95, "—", "—", "90（2023年：72）", "—", "—", 45, "—",
               "—", 50, "—"])  # fmt: skip
    body(ws, first, {1: 5, 2: 26, **{c: 9 for c in range(3, width + 1)}})
    note(ws, "注：增长＝（本年目标－上年基数）÷上年基数；研发投入强度的增长为百分点。", width)
    wb.save(path)


# ------------------------------------------------------------------ 23 钦州: units as rows, a figure merged over two units


def qinzhou_joint(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "分县区"
    title(ws, "附件", "钦州市2023年科技创新指标分县区分解表", 8)
    first = header(ws, [
        ["县（区）", "高新技术企业（家）", None, "科技型中小企业（家）", "研发经费增长（%）", "2022年研发经费（万元）",
         "技术合同成交额（万元）", "备注"],
        [None, "2022年基数", "2023年目标", None, None, None, None, None],
    ], [(0, 1, 1, 1), (0, 2, 0, 3), (0, 4, 1, 4), (0, 5, 1, 5), (0, 6, 1, 6), (0, 7, 1, 7), (0, 8, 1, 8)])  # fmt: skip
    rows = [
        ("钦南区", 42, 50, 65, 0.15, 54000, 9000, "两区合并下达"),
        ("钦北区", 27, 32, 42, 0.12, 33000, None, None),
        ("灵山县", 22, 26, 38, 0.12, 19000, 3500, None),
        ("浦北县", 16, 19, 32, "10%", 13000, 2500, None),
        ("三娘湾管理区", 3, 4, 6, 0.2, 1000, 500, "未单列统计"),
        ("全市合计", 110, 131, 183, 0.13, 120000, 15500, None),
    ]
    for row in rows:
        ws.append(list(row))
        if isinstance(row[4], float):
            ws.cell(ws.max_row, 5).number_format = "0%"
    ws.merge_cells(start_row=first + 2, start_column=7, end_row=first + 3, end_column=7)
    ws.column_dimensions["F"].hidden = True
    body(ws, first, {1: 14, 2: 10, 3: 10, 4: 14, 5: 12, 6: 14, 7: 14, 8: 14})
    wb.save(path)


# ------------------------------------------------------------------ 24 来宾: two data sheets, a cover and a template


def laibin_sheets(path: Path) -> None:
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["B4"] = "来宾市科学技术局"
    cover["B6"] = "来宾市2023年科技创新目标任务分解"
    cover["B8"] = "表一 指标分解；表二 工作任务"
    ws = wb.create_sheet("表一 指标分解")
    title(ws, "附件1", "来宾市2023年科技创新主要指标分解表", 11)
    first = header(ws, [["序号", "指标名称", "计量单位", "上年实际", "2023年全市目标", "兴宾区", "忻城县", "象州县",
                         "武宣县", "金秀县", "合山市"]], [])  # fmt: skip
    ws.append([1, "高新技术企业保有量", "家", 82, 100, 50, 9, 13, 13, 5, 10])
    ws.append([2, "技术合同成交额", "万元", 9000, 12000, 6000, 1000, 1200, 1500, 800, 1500])
    body(ws, first, {1: 5, 2: 22, 3: 8, 4: 10, 5: 12, **{c: 8 for c in range(6, 12)}})
    tasks = wb.create_sheet("表二 工作任务")
    title(tasks, "附件2", "来宾市2023年科技创新工作任务分解表", 4)
    first = header(tasks, [["序号", "工作任务", "牵头单位", "完成时限"]], [])
    tasks.append([1, "兴宾区、象州县各新建众创空间1家。", "市科技局", "2023年11月"])
    tasks.append([2, "金秀县、忻城县选派科技特派员分别不少于30人次、20人次。", "市科技局", "2023年10月"])
    tasks.append([3, "组织开展科技活动周系列活动。", "市科协", "2023年6月"])
    body(tasks, first, {1: 5, 2: 60, 3: 14, 4: 12})
    template = wb.create_sheet("完成情况统计")
    template.append(["序号", "指标名称", "目标", "完成值", "完成率", "备注"])
    wb.save(path)


# ------------------------------------------------------------------ 25 梧州: the units' measure in a note, and one without


def wuzhou_note(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "分解表"
    units = ["万秀区", "长洲区", "龙圩区", "苍梧县", "藤县", "蒙山县", "岑溪市"]
    title(ws, "附件3", "梧州市2024年科技创新考核指标分解表", 4 + len(units))
    first = header(ws, [["序号", "指标名称", "计量单位", "全市目标", *units]], [])
    ws.append([1, "技术合同成交额", "亿元", 15, 35000, 30000, 10000, 8000, 25000, 5000, 37000])
    ws.append([2, "财政科技支出", "亿元", 2, 5200, 4800, 2000, 1800, 2600, 1200, 2400])
    ws.append([3, "高新技术企业保有量", "家", 320, 85, 75, 38, 32, 42, 16, 32])
    body(ws, first, {1: 5, 2: 20, 3: 8, 4: 10, **{c: 9 for c in range(5, 5 + len(units))}})
    note(ws, "注：各县（市、区）技术合同成交额以万元为单位填列。", 4 + len(units))
    wb.save(path)


# ------------------------------------------------------------------ 26 贺州: a 序号 twice, a sub-item without one


def hezhou_serials(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "考核"
    units = ["八步区", "平桂区", "昭平县", "钟山县", "富川县"]
    width = 5 + len(units)
    title(ws, "附件", "贺州市2024年科技创新目标考核分解表", width)
    first = header(ws, [["序号", "考核指标", "计量单位", "全市目标", *units, "备注"]], [])
    ws.append([1, "高新技术企业保有量", "家", 110, 38, 32, 10, 14, 8, None])
    ws.append([2, "新增科技型中小企业", "家", 180, 55, 48, 22, 27, 18, None])
    ws.append([None, "其中：农业科技型企业", "家", 30, 10, 8, 4, 5, 3, None])
    ws.append([2, "技术合同成交额", "万元", 6000, 1500, 1600, 400, 700, 400, None])
    ws.append([3, "转化科技成果", "项", 25, 7, 6, 3, 4, 3, None])
    ws.append([None, "科技企业孵化器", "个", 2, 1, 1, 0, 0, 0, "已取消"])
    body(ws, first, {1: 5, 2: 22, 3: 8, 4: 10, **{c: 8 for c in range(5, 5 + len(units))}, width: 10})
    wb.save(path)


THIRD_TABLES = {
    "20_防城港_隐藏列已取消行.xlsx": fangchenggang_hidden,
    "21_柳州_基数增幅单位行.xls": liuzhou_growth,
    "22_北海_基数目标增长.xlsx": beihai_growth,
    "23_钦州_合并格单位行.xlsx": qinzhou_joint,
    "24_来宾_两张数据表.xlsx": laibin_sheets,
    "25_梧州_表注计量单位.xlsx": wuzhou_note,
    "26_贺州_序号重复.xlsx": hezhou_serials,
}
