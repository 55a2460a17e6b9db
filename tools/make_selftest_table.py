"""Write resources/selftest/分工表样例.xls: the small breakdown table `selftest` imports with python-calamine.

    python tools/make_selftest_table.py        # needs LibreOffice (soffice); run once, the .xls is committed

A city's table in the old Excel format (.xls, as many cities still send them, and as WPS saves them): the
附件 label, the title, the eleven columns of 玉林市's 2022 table, and three sub-tasks whose quotas are written
inside sentences. The selftest imports it into a store of its own and checks the quotas it must give
(cli/selftest_tables.py), so that the bundle's .xls reader (calamine's Rust extension) and the quota
grammar are proven on the user's PC. LibreOffice converts the table written with openpyxl; the build never
needs this script.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "selftest" / "分工表样例.xls"
TITLE = "2022年玉林市优化营商环境创新创业指标任务分工表"
HEADER = [
    "对应市任务分解表序号", "指标名称", "自治区目标", "自治区具体任务", "我市相应的目标任务", "细化任务序号",
    "细化任务", "责任单位", "完成时限", "牵头单位", "配合单位",
]  # fmt: skip
RESPONSIBLE = "市科技局，各县（市、区）人民政府、各开发园区管委"
PARTNERS = "市财政局、税务局，各县（市、区）人民政府，各开发园区管委"
# (city serial, topic, region goal, region task, city goal, [(seq, text, deadline)])
ROWS = [
    ("164", "创新创业", "加大创新创业主体培育力度", "持续增加国家高新技术企业、国家科技型中小企业入库数。",
     "国家高新技术企业保有量不低于101家，国家科技型中小企业入库数242家", [
        ("(237)", "高新技术企业保有量不低于101家：北流不低于18家，容县不低于14家，陆川不低于11家，博白不低于4家，"
         "兴业不低于8家，玉州区不低于17家，玉东不低于9家，福绵不低于9家，玉柴工业园不低于10家，"
         "玉林健康产业园不低于1家，龙潭产业园不低于1家。", "2022年12月31日"),
        ("(238)", "国家科技型中小企业入库数（242家），北流40家、容县33家、陆川40家、博白21家、兴业21家、玉州32家、"
         "玉东18家、福绵20家、玉柴工业园10家、龙潭产业园4家、玉林健康产业园3家。", "2022年12月31日"),
    ]),
    ("170", "创新创业", "推动创新要素配置", "优化科技企业孵化器、众创空间动态管理。",
     "组织申报自治区级及以上创新平台10家以上。", [
        ("(245)", "将组织申报创新平台任务分解下达至各县（市、区）、各开发园区（北流1家、容县1家、陆川1家、博白1家、"
         "兴业1家、玉州1家、福绵1家、玉东1家，玉柴工业园区、龙潭产业园区、健康产业园区各1家）。", "2022年11月30日"),
    ]),
]  # fmt: skip


def sample_cells(rows: list = ROWS) -> list[list[object]]:
    """The sample's rows as written (merged city cells hold their value in the first row only)."""
    cells: list[list[object]] = [["附件"], [TITLE], list(HEADER)]
    for city_seq, topic, region_goal, region_task, city_goal, subs in rows:
        for number, (seq, text, deadline) in enumerate(subs):
            head = [int(city_seq), topic, region_goal, region_task, city_goal] if number == 0 else [None] * 5
            cells.append([*head, seq, text, RESPONSIBLE, deadline, "市科技局", PARTNERS])
    return cells


def write_xlsx(path: Path, rows: list = ROWS) -> Path:
    """The sample (or other `rows` in its shape) as .xlsx, city cells merged over their sub-tasks."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in sample_cells(rows):
        ws.append(row)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADER))
    ws["A2"].alignment = Alignment(horizontal="center")
    start = 4
    for *_city, subs in rows:
        end = start + len(subs) - 1
        if end > start:
            for col in range(1, 6):
                ws.merge_cells(start_row=start, start_column=col, end_row=end, end_column=col)
        start = end + 1
    for col in range(1, len(HEADER) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14
    wb.save(path)
    return path


def convert_to_xls(xlsx: Path, out_dir: Path) -> Path:
    """LibreOffice headless, with a profile of its own in a temp folder."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to write the .xls")
    profile = out_dir / "lo_profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xls",
         "--outdir", str(out_dir), str(xlsx)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(out_dir)},
    )  # fmt: skip
    return out_dir / f"{xlsx.stem}.xls"


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        xls = convert_to_xls(write_xlsx(folder / SAMPLE.with_suffix(".xlsx").name), folder)
        SAMPLE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(xls, SAMPLE)
    print(f"wrote {SAMPLE.relative_to(ROOT)} ({SAMPLE.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
