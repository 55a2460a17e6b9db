"""Re-render the README's pictures of printed returns: `python docs/make_pictures.py` (needs LibreOffice, poppler).

Each is the first page of a return as LibreOffice prints it, at 110 dpi: 北流市's October return and its
breakdown table from the built-in plan with the tests' figures, and 玉林市's 汇总表 after collecting four
counties' returns (the collect tests' data).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporters.breakdown_table import write_breakdown_table  # noqa: E402
from exporters.progress_return import write_progress_return  # noqa: E402
from operations.bootstrap import open_with_builtin  # noqa: E402
from operations.collect import collect_returns  # noqa: E402
from operations.consolidate import export_consolidation  # noqa: E402
from storage.plans import find_plan  # noqa: E402
from storage.units import get_unit  # noqa: E402
from tests.collect_support import make_city, make_counties  # noqa: E402
from tests.test_export_support import EXPORTED_AT, OCTOBER, PROFILE, beiliu_rows, seed_beiliu  # noqa: E402

PICTURES = {"return_page": "docs/return_page.png", "breakdown_page": "docs/breakdown_page.png",
            "consolidation_page": "docs/consolidation_page.png"}  # fmt: skip


def make_returns(folder: Path) -> list[Path]:
    store = open_with_builtin(folder / "ledger.sqlite3")
    try:
        plan = find_plan(store, "优化营商环境创新创业")
        seed_beiliu(store, plan.id)
        unit = get_unit(store, "北流市")
        files = [folder / "return_page.xlsx", folder / "breakdown_page.xlsx"]
        write_progress_return(plan, unit, OCTOBER, beiliu_rows(store, plan.id), PROFILE, files[0], final=True,
                              exported_at=EXPORTED_AT)  # fmt: skip
        write_breakdown_table(plan, files[1], unit)
    finally:
        store.close()
    counties = make_counties(folder / "counties")
    city = make_city(folder / "city")
    try:
        report = collect_returns(city, list(counties.returns.values()), "赵明")
        files.append(export_consolidation(city, report.files[0].plan_id, OCTOBER,
                                          folder / "consolidation_page.xlsx").path)  # fmt: skip
    finally:
        counties.store.close()
        city.close()
    return files


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        files = make_returns(folder)
        profile = folder / f"lo_profile_{uuid.uuid4().hex[:8]}"
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
                        "--outdir", str(folder), *map(str, files)], check=True, capture_output=True)  # fmt: skip
        for stem, target in PICTURES.items():
            out = ROOT / target
            subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
                            str(folder / f"{stem}.pdf"), str(out.with_suffix(""))], check=True)  # fmt: skip
            print(f"{target}")


if __name__ == "__main__":
    main()
