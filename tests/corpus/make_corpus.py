"""Build the corpus of breakdown tables in the styles of Guangxi cities (python -m tests.corpus.make_corpus).

Wording follows public plans and breakdown tables of Chinese cities and counties: 附件 labels, titles
naming year and city, "单位：万元" lines, headers split over rows with merged cells (各县（市、区）分解任务,
基数 / 目标), section rows (一、科技型企业培育 merged across the table), serials as 1. / ① / （一）, quotas
inside sentences (其中：… / 各2家 / 分别为 / 其余各县 / 全市…各县…), in matrices as numbers, text
("增长15%以上", "25%左右") or numbers under a % format, cover and 填报说明 sheets, blank 完成情况 templates,
notes and signature lines under the table. Unit names are those of /work/shared/data/guangxi_units.json;
development zones the registry lacks (南宁高新区, 柳东新区 …) are written as officials write them.
The truth of each table is written by hand in truth/*.json, not derived from this script.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook

from tests.corpus.corpus_sheets import body, header, note, section, signature, title, to_xls
from tests.corpus.make_corpus_more import MORE_TABLES
from tests.corpus.make_corpus_third import THIRD_TABLES

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
# ------------------------------------------------------------------ 01 南宁: indicators × units, 全市 and 合计


NANNING_UNITS = ["兴宁区", "青秀区", "江南区", "西乡塘区", "良庆区", "邕宁区", "武鸣区", "隆安县", "马山县", "上林县",
                 "宾阳县", "横州市", "南宁高新区"]  # fmt: skip


def nanning(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "指标分解"
    width = 5 + len(NANNING_UNITS)
    title(ws, "附件1", "2023年南宁市科技创新主要指标任务分解表", width)
    head = ["序号", "指标名称", "计量\n单位", "全市\n目标", "县区\n合计", "各县（市、区）、开发区分解任务"]
    first = header(ws, [head + [None] * (len(NANNING_UNITS) - 1), [None] * 5 + NANNING_UNITS],
                    [(0, c, 1, c) for c in range(1, 6)] + [(0, 6, 0, width)])  # fmt: skip
    rows = [
        (1, "高新技术企业保有量", "家", 1800, [90, 260, 150, 230, 110, 40, 60, 15, 10, 10, 35, 40, 750]),
        (2, "新增科技型中小企业入库数", "家", 1200, [80, 160, 100, 150, 70, 30, 60, 20, 15, 15, 40, 60, 400]),
        (3, "技术合同成交额", "亿元", 150, [8, 30, 12, 20, 6, 2.5, 4, 1, 0.5, 0.5, 2, 3.5, 60]),
        (4, "全社会R&D经费投入强度", "%", 0.0194,
         [0.012, 0.021, 0.013, 0.018, 0.011, 0.008, 0.009, 0.005, 0.004, 0.004, 0.006, 0.007, 0.045]),
    ]  # fmt: skip
    for seq, name, measure, total, cells in rows:
        added = None if measure == "%" else round(sum(cells[:-1]), 2)
        ws.append([seq, name, measure, total, added, *cells])
        if measure == "%":
            for column in [4, *range(6, width + 1)]:
                ws.cell(ws.max_row, column).number_format = "0.00%"
    ws.append([5, "规上工业企业研发经费增长率", "%", "20%以上", None] + ["增长15%"] * 7 + ["增长10%"] * 5 + ["增长25%"])
    body(ws, first, {1: 5, 2: 26, 3: 6, 4: 8, 5: 8, **{c: 7 for c in range(6, width + 1)}})
    note(ws, "注：1.县区合计不含南宁高新区；2.R&D经费投入强度以统计部门公布数据为准。", width)
    wb.save(path)


# ------------------------------------------------------------------ 02 柳州: units as rows, indicators as columns


def liuzhou(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    title(ws, "附件", "柳州市2023年度科技创新重点指标任务分解表", 7)
    first = header(ws, [["序号", "县（区）", "高新技术企业数\n（家）", "新增科技型中小企业\n（家）",
                          "规上工业企业R&D经费增长\n（%）", "技术合同登记额\n（万元）", "备注"]], [])  # fmt: skip
    rows = [
        ("", "全市", 680, 300, "15%以上", 200000, ""),
        (1, "城中区", 60, 25, "增长12%", 15000, ""),
        (2, "鱼峰区", 90, 40, "15%左右", 30000, ""),
        (3, "柳南区", 110, 45, "不低于15%", 35000, ""),
        (4, "柳北区", 100, 40, "增长15%", 30000, ""),
        (5, "柳江区", 70, 30, "增长18%", 20000, ""),
        (6, "柳城县", 20, 12, "增长10%", 5000, ""),
        (7, "鹿寨县", 35, 15, "增长12%", 8000, ""),
        (8, "融安县", 10, 8, "增长8%", 3000, ""),
        (9, "融水苗族自治县", 8, 6, "增长8%", 2000, "含柳州（融水）产业园"),
        (10, "三江侗族自治县", 5, 5, "增长8%", 2000, ""),
        (11, "柳东新区", 160, 70, "增长20%", 45000, "含柳州高新区"),
        (12, "市本级", "—", "—", "—", 5000, "市直高校、科研院所"),
        ("", "合计", 668, 296, "", 200000, ""),
    ]
    for row in rows:
        ws.append(list(row))
    body(ws, first, {1: 5, 2: 16, 3: 14, 4: 16, 5: 18, 6: 14, 7: 18})
    note(ws, "说明：高新技术企业数为有效期内企业数；技术合同登记额以全国技术合同管理与服务系统登记数为准。", 7)
    wb.save(path)


# ------------------------------------------------------------------ 03 桂林: task list with sections, quotas in sentences


def guilin(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "任务分解"
    title(ws, "附件", "桂林市2023年科技工作重点任务分解表", 6)
    first = header(ws, [["序号", "重点任务", "目标任务及分解", "牵头单位", "配合单位", "完成时限"]], [])
    section(ws, "一、科技型企业培育", 6)
    ws.append([1, "高新技术企业培育",
               "全市高新技术企业保有量达到560家，其中：临桂区120家、七星区150家、秀峰区30家、叠彩区25家、象山区40家、"
               "雁山区20家、阳朔县10家、灵川县40家、全州县20家、兴安县25家、永福县15家、灌阳县8家、龙胜各族自治县5家、"
               "资源县6家、平乐县10家、恭城瑶族自治县6家、荔浦市30家。",
               "市科技局", "各县（市、区）人民政府", "2023年12月底"])  # fmt: skip
    ws.append([2, "科技型中小企业评价入库",
               "新增入库科技型中小企业300家：临桂区、七星区各50家，秀峰区、叠彩区、象山区各20家，雁山区15家，"
               "灵川县12家，荔浦市12家，阳朔县、全州县、兴安县各10家。",
               "市科技局", "市税务局，各县（市、区）人民政府", "2023年12月底"])  # fmt: skip
    section(ws, "二、创新平台建设", 6)
    ws.append([1, "自治区级以上创新平台",
               "新建自治区级以上创新平台15个，临桂区、七星区分别为4个、3个，叠彩区、象山区、灵川县各2个。",
               "市科技局", "市发展改革委，有关县（市、区）", "2023年11月30日"])  # fmt: skip
    ws.append([2, "科技成果转移转化", "组织开展科技成果转移转化对接活动，推动一批科技成果在桂落地转化。",
               "市科技局", "各县（市、区）人民政府", "长期坚持"])  # fmt: skip
    section(ws, "三、研发投入", 6)
    ws.append([1, "规上工业企业研发投入",
               "规上工业企业研发经费支出增长12%以上，其中临桂区、七星区增长15%以上。",
               "市科技局", "市统计局、市工业和信息化局", "2023年12月31日"])  # fmt: skip
    body(ws, first, {1: 5, 2: 18, 3: 60, 4: 12, 5: 22, 6: 14})
    note(ws, "注：各县（市、区）于每季度结束后5日内报送完成情况。", 6)
    wb.save(path)


# ------------------------------------------------------------------ 04 梧州: 基数 / 目标 sub-columns, saved as .xls


WUZHOU_UNITS = ["万秀区", "长洲区", "龙圩区", "苍梧县", "藤县", "蒙山县", "岑溪市"]


def wuzhou(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "梧州分解表"
    width = 4 + 2 * len(WUZHOU_UNITS)
    title(ws, "附件2", "2023年梧州市规上工业企业研发投入目标任务分解表", width, "单位：万元、%")
    top = ["序号", "指标", "全市", None]
    middle = [None, None, None, None]
    bottom = [None, None, "基数", "目标"]
    for unit in WUZHOU_UNITS:
        top += ["分解到各县（市、区）", None]
        middle += [unit, None]
        bottom += ["基数", "目标"]
    merges = [(0, 1, 2, 1), (0, 2, 2, 2), (0, 3, 1, 4), (0, 5, 0, width)]
    merges += [(1, 5 + 2 * i, 1, 6 + 2 * i) for i in range(len(WUZHOU_UNITS))]
    first = header(ws, [top, middle, bottom], merges)
    base = [52000, 18000, 6000, 9000, 15000, 3000, 21000]
    growth = [0.15, 0.18, 0.12, 0.10, 0.15, 0.08, 0.12]
    row = [1, "规上工业企业R&D经费支出", 124000, 0.13]
    for b, g in zip(base, growth, strict=True):
        row += [b, g]
    ws.append(row)
    for column in [4, *range(6, width + 1, 2)]:
        ws.cell(ws.max_row, column).number_format = "0%"
    ws.append([2, "高新技术企业数（家）", 170, 200, 40, 45, 35, 40, 25, 30, 20, 25, 18, 20, 6, 8, 26, 32])
    body(ws, first, {1: 5, 2: 24, **{c: 9 for c in range(3, width + 1)}})
    tmp = Path(tempfile.mkdtemp(prefix="corpus-xls-"))
    xlsx = tmp / (path.stem + ".xlsx")
    wb.save(xlsx)
    shutil.copy(to_xls(xlsx, tmp), path)
    shutil.rmtree(tmp, ignore_errors=True)


# ------------------------------------------------------------------ 05 北海: cover sheet, notes sheet, blank template


def beihai(path: Path) -> None:
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["B6"] = "北海市2023年科技创新目标任务分解"
    cover["B8"] = "北海市科学技术局"
    cover["B9"] = "2023年3月"
    notes = wb.create_sheet("填报说明")
    for line in ["填报说明", "一、本表分解指标为各县（区）、开发区年度目标任务。",
                 "二、各单位于每季度末5日前报送完成情况，报送表见附件2。",
                 "三、联系人：市科技局规划科，电话：0779-3200000。"]:  # fmt: skip
        notes.append([line])
    ws = wb.create_sheet("附件1 分解表")
    units = ["海城区", "银海区", "铁山港区", "合浦县", "北海高新区", "北海工业园区"]
    width = 4 + len(units)
    title(ws, "附件1", "北海市2023年科技创新目标任务分解表", width)
    first = header(ws, [["序号", "主要指标", "单位", "全市目标任务", "各县（区）、开发区目标任务", *[None] * 5],
                         [None] * 4 + units], [(0, c, 1, c) for c in range(1, 5)] + [(0, 5, 0, width)])  # fmt: skip
    ws.append([1, "高新技术企业数", "家", 260, 60, 70, 35, 30, 45, 20])
    ws.append([2, "新增科技型中小企业", "家", 150, "３０", "二十五", 20, 25, 30, 20])
    ws.append([3, "自治区级以上科技创新平台", "个", 8, 2, 2, 1, 1, 2, "—"])
    ws.append([4, "技术合同成交额", "万元", "5亿元", 8000, 12000, 6000, 4000, 15000, 5000])
    body(ws, first, {1: 5, 2: 26, 3: 6, 4: 10, **{c: 10 for c in range(5, width + 1)}})
    signature(ws)
    blank = wb.create_sheet("附件2 完成情况统计表")
    blank.append(["附件2"])
    blank.append(["北海市2023年科技创新目标任务完成情况统计表"])
    blank.append(["序号", "主要指标", "单位", "目标任务", "完成值", "完成率", "备注"])
    wb.save(path)


# ------------------------------------------------------------------ 06 钦州: task list, 1. serials, 具体任务 sentences


def qinzhou(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "分工表"
    title(ws, "附件", "钦州市2023年科技创新工作任务分工表", 5)
    first = header(ws, [["序号", "工作任务", "具体任务", "责任单位", "时间节点"]], [])
    ws.append(["1.", "培育高新技术企业",
               "新增高新技术企业20家，钦南区、钦北区各6家，灵山县、浦北县各4家。",
               "市科技局，各县（区）人民政府", "2023年12月"])  # fmt: skip
    ws.append(["2.", "科技型中小企业入库",
               "科技型中小企业入库数不少于120家，其中钦南区40家，钦北区35家，灵山县25家，浦北县20家。",
               "市科技局，各县（区）人民政府", "2023年11月底"])  # fmt: skip
    ws.append(["3.", "研发经费投入",
               "钦南区、钦北区、灵山县、浦北县规上工业企业研发经费基数分别为3200万元、2100万元、1800万元、1500万元。",
               "各县（区）人民政府", "2023年12月31日"])  # fmt: skip
    ws.append(["4.", "科技特派员",
               "选派科技特派员200人次，灵山县、浦北县各60人次，钦南区、钦北区各40人次。",
               "市科技局", "2023年10月"])  # fmt: skip
    ws.append(["5.", "农业科技园区", "推进钦州国家农业科技园区建设，争取通过科技部验收。", "市科技局、灵山县人民政府",
               "2023年12月"])  # fmt: skip
    body(ws, first, {1: 6, 2: 18, 3: 60, 4: 24, 5: 14})
    wb.save(path)


# ------------------------------------------------------------------ 07 贵港: units as rows with 基数 / 目标 pairs


def guigang(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "贵港"
    title(ws, "附件3", "贵港市2023年高新技术企业培育和研发投入目标任务分解表", 8)
    first = header(ws, [
        ["序号", "县（市、区）", "高新技术企业（家）", None, "规上工业R&D经费（万元）", None, "科技型中小企业（家）", "备注"],
        [None, None, "2022年基数", "2023年目标", "2022年基数", "2023年目标", "目标任务", None],
    ], [(0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 0, 4), (0, 5, 0, 6), (0, 8, 1, 8)])  # fmt: skip
    rows = [
        (1, "港北区", 60, 70, 21000, 24000, 45, ""),
        (2, "港南区", 35, 42, 12000, 13800, 30, ""),
        (3, "覃塘区", 25, 30, 9000, 10500, 20, ""),
        (4, "平南县", 40, 48, 15000, 17500, 35, ""),
        (5, "桂平市", 55, 65, 18000, 21000, 40, ""),
        (6, "市本级", "", "", "", "", 10, "市直属科研院所"),
    ]
    for row in rows:
        ws.append(list(row))
    ws.append(["合计", None, 215, 255, 75000, 86800, 180, None])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=2)
    body(ws, first, {1: 5, 2: 14, **{c: 12 for c in range(3, 9)}})
    wb.save(path)


# ------------------------------------------------------------------ 08 河池: percent text, doubtful cells


HECHI_UNITS = [
    "金城江区",
    "宜州区",
    "南丹县",
    "天峨县",
    "凤山县",
    "东兰县",
    "罗城县",
    "环江县",
    "巴马县",
    "都安县",
    "大化县",
]


def hechi(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "表1"
    width = 3 + len(HECHI_UNITS)
    title(ws, "附件1", "河池市2023年科技创新指标任务分解表", width)
    first = header(ws, [["序号", "指标名称", "全市目标任务", "分解任务", *[None] * (len(HECHI_UNITS) - 1)],
                         [None, None, None, *HECHI_UNITS]],
                    [(0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 1, 3), (0, 4, 0, width)])  # fmt: skip
    ws.append([1, "全社会研发经费投入增长率", "增长15%以上",
               "增长15%以上", "增长15%以上", "15%左右", "增长10%", "增长10%", "增长10%", "增长10%",
               "增长10%", "增长10%", "增长10%", "增长10%"])  # fmt: skip
    ws.append([2, "高新技术企业数（家）", 120, 35, 30, 12, "约5家", 3, 4, 6, 8, 5, 6, 5])
    ws.append([3, "新增科技型中小企业（家）", 100, 25, 20, 10, "3-5家", 5, 5, 6, 8, 6, 6, 5])
    ws.append([4, "科技特派员（人次）", 500, 40, 50, 45, 40, 40, 45, 50, 45, 50, 50, 45])
    body(ws, first, {1: 5, 2: 24, 3: 12, **{c: 8 for c in range(4, width + 1)}})
    note(ws, "注：罗城县即罗城仫佬族自治县，环江县即环江毛南族自治县，巴马县、都安县、大化县同。", width)
    wb.save(path)


# ------------------------------------------------------------------ 09 崇左: 主要指标 / 目标任务, one unit per line


def chongzuo(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    title(ws, "附件", "崇左市2023年科技创新主要指标任务分解", 5)
    first = header(ws, [["序号", "主要指标", "目标任务", "责任单位", "完成时限"]], [])
    ws.append(["（一）", "高新技术企业保有量",
               "全市力争达到90家。\n江州区：30家\n扶绥县：25家\n宁明县：8家\n龙州县：8家\n大新县：6家\n天等县：3家\n凭祥市：10家",
               "市科技局，各县（市、区）人民政府", "2023年12月31日"])  # fmt: skip
    ws.append(["（二）", "科技型中小企业入库",
               "新增入库60家。江州区15家、扶绥县15家、凭祥市10家，宁明县、龙州县、大新县、天等县各5家。",
               "市科技局，各县（市、区）人民政府", "2023年12月31日"])  # fmt: skip
    ws.append(["（三）", "技术合同成交额", "技术合同成交额达到3亿元，其中江州区8000万元、扶绥县1亿元、凭祥市5000万元。",
               "市科技局", "2023年12月31日"])  # fmt: skip
    ws.append(
        ["（四）", "科普工作", "开展科技活动周、全国科普日等科普活动，提升公民科学素质。", "市科协、市科技局", "全年"]
    )
    body(ws, first, {1: 6, 2: 18, 3: 56, 4: 24, 5: 14})
    wb.save(path)


# ------------------------------------------------------------------ 10 防城港: matrix with （一） sections, 1. serials


def fangchenggang(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "分解表"
    units = ["港口区", "防城区", "上思县", "东兴市"]
    width = 4 + len(units)
    title(ws, "附件1", "防城港市2023年科技创新目标任务分解表", width)
    first = header(ws, [["序号", "指标", "计量单位", "全市目标", "各县（市、区）", None, None, None],
                         [None, None, None, None, *units]],
                    [(0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 1, 3), (0, 4, 1, 4), (0, 5, 0, 8)])  # fmt: skip
    section(ws, "（一）创新主体培育", width)
    ws.append(["1.", "高新技术企业数", "家", 85, 30, 25, 10, 20])
    ws.append(["2.", "科技型中小企业入库数", "家", 70, 25, 20, 10, 15])
    section(ws, "（二）创新投入与产出", width)
    ws.append(["1.", "技术合同成交额", "万元", 30000, 12000, 8000, 3000, 7000])
    ws.append(["2.", "有效发明专利", "件", 600, 260, 180, 60, 100])
    body(ws, first, {1: 5, 2: 22, 3: 8, 4: 10, **{c: 10 for c in range(5, width + 1)}})
    wb.save(path)


# ------------------------------------------------------------------ 11 来宾: 合计 only, no 全市 column


def laibin(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "来宾"
    units = ["兴宾区", "忻城县", "象州县", "武宣县", "金秀瑶族自治县", "合山市"]
    width = 3 + len(units) + 1
    title(ws, "附件", "来宾市2023年科技创新指标任务分解表", width, "单位：家")
    first = header(ws, [["序号", "指标名称", "合计", *units, "备注"]], [])
    ws.append([1, "高新技术企业", 95, 40, 8, 12, 15, 5, 15, ""])
    ws.append([2, "科技型中小企业", 80, 30, 8, 12, 12, 6, 12, ""])
    ws.append([3, "自治区级以上星创天地", 6, 2, 1, 1, 1, None, 1, "金秀县不作要求"])
    body(ws, first, {1: 5, 2: 22, **{c: 10 for c in range(3, width + 1)}})
    wb.save(path)


# ------------------------------------------------------------------ 12 贺州: units as rows, % formats, a bare fraction


def hezhou(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "指标分解"
    title(ws, "附件2", "贺州市2023年科技创新指标目标任务分解表", 6)
    first = header(ws, [["序号", "单位", "R&D经费投入强度（%）", "高新技术企业数（家）", "技术合同成交额（万元）",
                          "科技支出占一般公共预算支出比重（%）"]], [])  # fmt: skip
    rows = [
        ("", "全市", 0.008, 110, "2亿元", 0.012),
        ("1", "八步区", 0.007, 40, 6000, 0.011),
        ("2", "平桂区", 0.009, 35, 6000, 0.011),
        ("3", "昭平县", 0.004, 10, 2000, 0.010),
        ("4", "钟山县", 0.006, 15, 3000, 0.3),
        ("5", "富川瑶族自治县", 0.005, 10, "2000", 0.010),
    ]
    for seq, name, intensity, hitech, contracts, spending in rows:
        ws.append([seq, name, intensity, hitech, contracts, spending])
        ws.cell(ws.max_row, 3).number_format = "0.0%"
        if spending < 0.1:
            ws.cell(ws.max_row, 6).number_format = "0.0%"
    body(ws, first, {1: 5, 2: 16, 3: 16, 4: 14, 5: 16, 6: 22})
    note(ws, "注：钟山县科技支出占比按县财政局意见另行确定。", 6)
    wb.save(path)


# ------------------------------------------------------------------ 13 百色: 指标名称 / 目标任务 / 分解任务 columns


def baise(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "附件"
    title(ws, "附件", "百色市2023年科技创新目标任务分解表", 6)
    first = header(ws, [["序号", "指标名称", "目标任务", "任务分解", "责任单位", "完成时间"]], [])
    ws.append(["①", "新培育高新技术企业", "新培育高新技术企业30家",
               "右江区8家、田阳区6家、田东县5家、平果市5家、德保县2家、靖西市2家、百色高新区2家。",
               "市科技局、各县（市、区）人民政府", "2023年12月底"])  # fmt: skip
    ws.append(["②", "瞪羚企业", "培育瞪羚企业2家", "右江区、平果市各1家。", "市科技局", "2023年12月底"])
    ws.append(["③", "科技特派员", "选派科技特派员400人次", "各县（市、区）分别按不少于30人次选派。",
               "市科技局", "2023年12月底"])  # fmt: skip
    body(ws, first, {1: 5, 2: 20, 3: 24, 4: 50, 5: 22, 6: 12})
    wb.save(path)


# ------------------------------------------------------------------ 14 南宁: 工作要点 with scoped sentences


def nanning_points(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "任务清单"
    title(ws, "附件2", "南宁市2023年科技工作要点任务分解表", 5)
    first = header(ws, [["序号", "工作要点", "目标任务", "责任单位", "完成时间"]], [])
    texts = [
        ("提升研发投入强度", "全市全社会研发经费投入强度达到2.1%，各县（区）研发经费投入增长15%以上。"),
        ("加大财政科技投入", "市本级科技支出占一般公共预算支出比重不低于2%，各县（市、区）不低于1%。"),
        ("培育科技型中小企业", "新增科技型中小企业30家，青秀区、西乡塘区各5家，其余各县（区）各2家。"),
        ("科技特派员", "青秀区、西乡塘区、江南区分别按不少于20人次、15人次、10人次选派科技特派员。"),
        ("高新技术企业", "兴宁区：新增高企5家；\n良庆区：新增高企3家；\n武鸣区：新增2家。"),
        ("技术合同", "全市技术合同成交额150亿元，其中青秀区30亿元、西乡塘区20亿元、江南区1.2亿元，南宁高新区60亿元。"),
        ("星创天地", "每个县（区）至少建成1家星创天地。"),
        (
            "企业研发投入",
            "规上工业企业研发经费增长12%，其中兴宁区、青秀区、江南区增长15%，上林县、马山县、隆安县增长8‰。",
        ),
    ]
    for number, (point, goal) in enumerate(texts, start=1):
        ws.append([number, point, goal, "市科技局，各县（区）人民政府", "2023年12月底"])
    body(ws, first, {1: 5, 2: 18, 3: 60, 4: 24, 5: 14})
    note(ws, "注：“各县（区）”含横州市。", 5)
    wb.save(path)


TABLES = {
    "01_南宁_主要指标分解.xlsx": nanning,
    "02_柳州_单位指标矩阵.xlsx": liuzhou,
    "03_桂林_重点任务分解.xlsx": guilin,
    "04_梧州_研发投入基数目标.xls": wuzhou,
    "05_北海_封面说明模板.xlsx": beihai,
    "06_钦州_工作任务分工.xlsx": qinzhou,
    "07_贵港_基数目标单位行.xlsx": guigang,
    "08_河池_百分比文字.xlsx": hechi,
    "09_崇左_主要指标逐行.xlsx": chongzuo,
    "10_防城港_分节矩阵.xlsx": fangchenggang,
    "11_来宾_只有合计.xlsx": laibin,
    "12_贺州_百分比格式.xlsx": hezhou,
    "13_百色_任务分解列.xlsx": baise,
    "14_南宁_工作要点.xlsx": nanning_points,
    **MORE_TABLES,
    **THIRD_TABLES,
}


def build(folder: Path = FILES) -> list[Path]:
    """Write every table of the corpus into `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in TABLES.items():
        path = folder / name
        make(path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in build(Path(sys.argv[1]) if len(sys.argv) > 1 else FILES):
        print(written)
