"""Build the Windows installer: run Inno Setup's compiler on installer/ledger.iss with the build's version.

    pyinstaller --noconfirm build.spec
    python tools/build_installer.py            # → dist/installer/STQuotaLedger-<version>-setup.exe

The name, id, publisher and version come from version.py (the one place they live) and reach the script
as /D defines, so the installer can never carry another version than the program it installs. ISCC is
looked for in the environment variable ISCC, on PATH, then in Inno Setup 6's usual install folders.
`--print` shows the command without running it (works on any system).
"""

from __future__ import annotations

import argparse
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "installer" / "ledger.iss"
ISCC_PLACES = (
    r"%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe",
    r"%ProgramFiles%\Inno Setup 6\ISCC.exe",
    r"%LOCALAPPDATA%\Programs\Inno Setup 6\ISCC.exe",
)


def read_version() -> dict[str, str]:
    """APP_NAME, APP_ID, ORGANIZATION and __version__ from version.py, without importing the project."""
    values = runpy.run_path(str(ROOT / "version.py"))
    return {key: str(values[key]) for key in ("APP_NAME", "APP_ID", "ORGANIZATION", "__version__")}


def numeric_version(version: str) -> str:
    """The x.y.z.w form Windows version resources need ('1.2.0rc1' → '1.2.0.0')."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:4]]
    return ".".join(str(n) for n in (numbers + [0, 0, 0, 0])[:4])


def defines(dist: Path | None = None, app_version: str | None = None) -> dict[str, str]:
    """The /D defines the installer script needs, all derived from version.py.

    `app_version` overrides the version only for tests (tools/build_windows.sh installs an "older version"
    first, to upgrade it); a release always takes version.py's.
    """
    v = read_version()
    app_id = v["APP_ID"]
    version = app_version or v["__version__"]
    return {
        "AppVersion": version,
        "AppVersionNumeric": numeric_version(version),
        "AppName": v["APP_NAME"],
        "AppIdName": app_id,
        "AppPublisher": v["ORGANIZATION"],
        "AppExeName": f"{app_id}.exe",
        # Where cli/paths.py keeps the database (Qt's AppDataLocation): named in the uninstall message only.
        "DataFolder": f"{v['ORGANIZATION']}\\{app_id}",
        "DistDir": str(dist or ROOT / "dist" / app_id),
        "OutputDir": str(ROOT / "dist" / "installer"),
    }


def find_iscc() -> str | None:
    """Inno Setup's command-line compiler, or None."""
    if os.environ.get("ISCC"):
        return os.environ["ISCC"]
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return found
    for place in ISCC_PLACES:
        path = Path(os.path.expandvars(place))
        if path.is_file():
            return str(path)
    return None


def command(
    iscc: str, dist: Path | None = None, app_version: str | None = None, compression: str | None = None
) -> list[str]:
    """The ISCC command line that builds the installer."""
    values = defines(dist, app_version)
    if compression:
        values["Compression"] = compression
    return [iscc, *(f"/D{key}={value}" for key, value in values.items()), str(SCRIPT)]


def main(argv: list[str] | None = None) -> int:
    """Check the bundle is there, then run ISCC (or print the command with --print)."""
    if str(ROOT) not in sys.path:  # run as `python tools/build_installer.py`
        sys.path.insert(0, str(ROOT))
    from cli.console import setup_output

    setup_output()  # the command and ISCC's paths hold Chinese: never a UnicodeEncodeError on code page 1252
    parser = argparse.ArgumentParser(description="生成 Windows 安装包（需先用 PyInstaller 打包）")
    parser.add_argument("--dist", type=Path, help="打包结果文件夹（默认 dist/<APP_ID>）")
    parser.add_argument("--print", action="store_true", help="只显示将要运行的命令")
    parser.add_argument("--app-version", help="（仅供测试）安装包标注的版本号，默认取 version.py")
    parser.add_argument("--compression", help="（仅供测试）Inno Setup 的压缩方式，默认 lzma2/max")
    args = parser.parse_args(argv)
    cmd = command(find_iscc() or "ISCC.exe", args.dist, args.app_version, args.compression)
    if args.print:
        print(subprocess.list2cmdline(cmd))
        return 0
    values = defines(args.dist)
    exe = Path(values["DistDir"]) / values["AppExeName"]
    if not exe.is_file():
        print(f"错误：找不到 {exe}，请先运行 pyinstaller --noconfirm build.spec", file=sys.stderr)
        return 2
    iscc = find_iscc()
    if iscc is None:
        print(
            "错误：找不到 Inno Setup 6 的 ISCC.exe；请安装 Inno Setup 6，或用环境变量 ISCC 指明其位置", file=sys.stderr
        )
        return 2
    return subprocess.call([iscc, *cmd[1:]])


if __name__ == "__main__":
    sys.exit(main())
