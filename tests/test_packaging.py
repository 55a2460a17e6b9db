"""The packaged application's configuration: build.spec, the icons, the installer script and CI.

The bundle itself is built and its frozen self-test run by .ci/run (a shell step, not a test): here we check
what decides its content without spending a build on every test run.
"""

from __future__ import annotations

import ast
import re
import struct
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

import version

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"
ISS = ROOT / "installer" / "ledger.iss"
CI = ROOT / ".ci" / "run"
OUR_PACKAGES = ("cli", "gui", "operations", "storage", "importers", "exporters", "domain")


@pytest.fixture(scope="module")
def spec() -> dict:
    """build.spec's configuration, executed as PyInstaller would, minus the build steps."""
    source = SPEC.read_text(encoding="utf-8")
    namespace: dict = {"SPECPATH": str(ROOT), "__file__": str(SPEC), "__name__": "__main__"}
    exec(compile(source, str(SPEC), "exec"), namespace)
    return namespace


def iss_sections() -> dict[str, list[str]]:
    """The installer script's lines by [Section] (preprocessor lines under the key '#')."""
    sections: dict[str, list[str]] = {"#": []}
    current = "#"
    for raw in ISS.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        match = re.fullmatch(r"\[(\w+)\]", line)
        if match:
            current = match.group(1)
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return sections


# --- build.spec -----------------------------------------------------------------------------------------


def test_spec_parses_and_takes_name_and_version_from_version_py(spec):
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    assert spec["APP_ID"] == version.APP_ID
    assert spec["APP_NAME"] == version.APP_NAME
    assert spec["APP_VERSION"] == version.__version__
    assert spec["COMPANY"] == version.ORGANIZATION
    # No second copy of the version or the names to fall out of step.
    literals = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)}
    assert not literals & {version.__version__, version.APP_ID, version.APP_NAME, version.ORGANIZATION}


def test_windows_version_resource_names_product_version_and_company(spec):
    text = spec["windows_version_info"](version.APP_ID)
    recorded: dict[str, str] = {}

    def string_struct(key: str, value: str) -> tuple[str, str]:
        recorded[key] = value
        return key, value

    def fixed(**kwargs):
        return kwargs

    # PyInstaller evaluates this text with its versioninfo classes (which need pefile, Windows only);
    # plain recorders stand in for them here to read what the text says.
    names = {
        "VSVersionInfo": lambda ffi, kids: (ffi, kids),
        "FixedFileInfo": fixed,
        "StringFileInfo": list,
        "StringTable": lambda lang, entries: (lang, entries),
        "StringStruct": string_struct,
        "VarFileInfo": list,
        "VarStruct": lambda name, values: (name, values),
    }
    ffi, _ = eval(text, names)  # our own generated text, as PyInstaller evaluates it
    numbers = tuple(int(n) for n in version.__version__.split(".")[:3])
    assert ffi["filevers"][:3] == numbers and ffi["prodvers"][:3] == numbers
    assert recorded["ProductName"] == version.APP_NAME
    assert recorded["ProductVersion"] == recorded["FileVersion"] == version.__version__
    assert recorded["CompanyName"] == version.ORGANIZATION
    assert recorded["OriginalFilename"] == f"{version.APP_ID}.exe"


@pytest.mark.parametrize("text, expected", [("0.1.0", (0, 1, 0, 0)), ("1.2.3rc1", (1, 2, 3, 1)), ("2", (2, 0, 0, 0))])
def test_version_numbers_for_windows(spec, text, expected):
    assert spec["version_tuple"](text) == expected


def qt_modules_imported_by_our_code() -> set[str]:
    found = set()
    for package in OUR_PACKAGES:
        for file in (ROOT / package).rglob("*.py"):
            found.update(re.findall(r"PySide6\.(Qt\w+)", file.read_text(encoding="utf-8")))
    return found


def test_unused_qt_modules_are_excluded_and_used_ones_are_not(spec):
    excluded = set(spec["QT_UNUSED"])
    for module in ("QtWebEngineCore", "QtWebEngineWidgets", "Qt3DCore", "QtQuick", "QtQml", "QtMultimedia",
                   "QtNetwork", "QtSql", "QtBluetooth", "QtPdf", "QtSvg", "QtTest"):  # fmt: skip
        assert module in excluded
    used = qt_modules_imported_by_our_code() | {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport"}
    assert not used & excluded, f"build.spec excludes Qt modules the code imports: {used & excluded}"


@pytest.mark.parametrize(
    "dest, kept",
    [
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/translations/qt_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qtwebengine_zh_CN.qm", False),
        ("PySide6\\translations\\qtbase_ja.qm", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/plugins/imageformats/libqico.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("libsqlite3.so.0", True),
    ],
)
def test_qt_files_kept_or_left_out(spec, dest, kept):
    assert spec["qt_file_kept"](dest) is kept


QT_LIBS = ("Core", "Gui", "Widgets", "PrintSupport", "DBus", "XcbQpa", "Quick", "Qml", "QmlModels", "QmlMeta",
           "QmlWorkerScript", "Network", "OpenGL", "VirtualKeyboard", "VirtualKeyboardQml", "Svg", "WaylandClient")  # fmt: skip


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="lists the files of PySide6's Linux wheel")
def test_trim_keeps_what_kept_modules_and_plugins_link_to_and_drops_the_rest(spec):
    """PyInstaller's collection as it looks after the Qt hooks ran, on the real PySide6 files here."""
    import PySide6

    package = Path(PySide6.__file__).parent
    toc = []

    def add(relative: str, kind: str = "BINARY") -> None:
        toc.append((f"PySide6/{relative}", str(package / relative), kind))

    for module in ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport"):
        add(f"{module}.abi3.so", "EXTENSION")
    for plugin in ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "platforms/libqwayland.so",
                   "platforminputcontexts/libqtvirtualkeyboardplugin.so", "iconengines/libqsvgicon.so"):  # fmt: skip
        add(f"Qt/plugins/{plugin}")
    for lib in QT_LIBS:
        add(f"Qt/lib/libQt6{lib}.so.6")
    for lib in ("libpyside6.abi3.so.6.12", "libshiboken6.abi3.so.6.12"):
        if (package / lib).exists():
            add(lib)
    links = [(f"libQt6{lib}.so.6", f"PySide6/Qt/lib/libQt6{lib}.so.6", "SYMLINK") for lib in ("Core", "Quick")]
    binaries, datas = spec["trim"](toc, [("resources/units.json", "units.json", "DATA"), *links])

    kept = {Path(dest).name for dest, _src, kind in binaries if kind != "SYMLINK"}
    for lib in ("Core", "Gui", "Widgets", "PrintSupport", "DBus", "XcbQpa"):
        assert f"libQt6{lib}.so.6" in kept
    for lib in ("Quick", "Qml", "QmlModels", "Network", "OpenGL", "VirtualKeyboard", "Svg", "WaylandClient"):
        assert f"libQt6{lib}.so.6" not in kept
    assert "libqxcb.so" in kept and "libqwayland.so" not in kept and "libqtvirtualkeyboardplugin.so" not in kept
    assert [d[0] for d in datas] == ["resources/units.json", "libQt6Core.so.6"]  # no link to a dropped library


def test_every_module_of_ours_is_bundled_including_verbs_imported_by_name(spec):
    from cli import VERBS

    modules = set(spec["our_modules"]())
    assert {f"cli.{verb}" for verb in VERBS if (ROOT / "cli" / f"{verb}.py").exists()} <= modules
    assert {"cli.selftest", "gui.app", "gui.main_window", "operations.upgrade", "storage.schema"} <= modules
    assert all(not m.endswith("__init__") for m in modules)


def test_resources_are_bundled_where_the_code_looks_for_them(spec):
    (source, target), *rest = spec["bundled_data"]()
    assert not rest
    assert Path(source) == ROOT / "resources" and target == "resources"
    from importers.builtin import resources_dir

    assert resources_dir() == ROOT / "resources"  # and _MEIPASS/resources when frozen
    names = {p.name for p in (ROOT / "resources").iterdir()}
    assert {"units.json", "plans", "app.ico", "app.png"} <= names
    assert len(list((ROOT / "resources" / "plans").glob("*.json"))) >= 3


def test_icons_are_a_png_and_a_multi_size_ico():
    png = (ROOT / "resources" / "app.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (256, 256)
    ico = (ROOT / "resources" / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 24, 32, 48, 256} <= sizes
    for i in range(count):
        _, _, _, _, _, bits, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * i : 22 + 16 * i])
        assert bits == 32 and offset + length <= len(ico)


def test_spec_strips_nothing_on_windows_and_never_uses_upx():
    source = SPEC.read_text(encoding="utf-8")
    assert "upx=True" not in source
    assert re.search(r"STRIP = sys\.platform != \"win32\"", source)
    assert 'console=sys.platform != "win32"' in source  # windowed on Windows


# --- the installer --------------------------------------------------------------------------------------


def test_installer_takes_its_version_from_the_build():
    sections = iss_sections()
    preprocessor = "\n".join(sections["#"])
    assert "#ifndef AppVersion" in preprocessor and "#error" in preprocessor
    setup = sections["Setup"]
    assert "AppVersion={#AppVersion}" in setup
    assert version.__version__ not in ISS.read_text(encoding="utf-8-sig")

    from tools.build_installer import command, defines

    cmd = command("ISCC.exe")
    assert f"/DAppVersion={version.__version__}" in cmd
    assert f"/DAppName={version.APP_NAME}" in cmd
    assert cmd[-1] == str(ISS)
    assert defines()["AppExeName"] == f"{version.APP_ID}.exe"


def test_installer_installs_under_program_files_with_start_menu_and_desktop_shortcuts_in_chinese():
    sections = iss_sections()
    assert "DefaultDirName={autopf}\\{#AppIdName}" in sections["Setup"]
    assert any(line.startswith("AppId={{") for line in sections["Setup"])
    icons = sections["Icons"]
    assert any(line.startswith('Name: "{group}\\{#AppName}"') for line in icons)
    assert any(line.startswith('Name: "{autodesktop}\\{#AppName}"') for line in icons)
    assert any("ChineseSimplified.isl" in line for line in sections["#"])
    assert any('MessagesFile: "{#ChineseMessages}"' in line for line in sections["Languages"])


USER_DATA_MARKERS = ("{userappdata}", "{localappdata}", "{commonappdata}", "{%APPDATA", "{#DataFolder}",
                     version.ORGANIZATION.lower(), "ledger.sqlite3")  # fmt: skip


def test_installer_never_deletes_the_user_data_folder():
    sections = iss_sections()
    for name in ("InstallDelete", "UninstallDelete"):
        for line in sections.get(name, []):
            target = re.search(r'Name:\s*"([^"]+)"', line).group(1)
            assert target.startswith("{app}\\"), line
            assert not any(marker.lower() in line.lower() for marker in USER_DATA_MARKERS), line
    code = "\n".join(sections.get("Code", []))
    for call in re.findall(r"\b(DelTree|DeleteFile|RemoveDir|DelayDeleteFile)\s*\(([^;]*)", code, re.IGNORECASE):
        pytest.fail(f"[Code] deletes something: {call}")
    # The uninstaller says where the data stays.
    assert "{userappdata}\\{#DataFolder}" in code


def test_data_folder_named_by_the_installer_is_where_the_store_lives():
    from cli.paths import user_data_dir
    from tools.build_installer import defines

    # Qt's AppDataLocation ends in <organization>/<application> on every system (%APPDATA% on Windows).
    assert tuple(PurePosixPath(user_data_dir().as_posix()).parts[-2:]) == tuple(defines()["DataFolder"].split("\\"))


def test_build_installer_refuses_without_a_bundle(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_installer.py"), "--dist", str(tmp_path / "none")],
        capture_output=True, text=True, encoding="utf-8",
    )  # fmt: skip
    assert result.returncode == 2
    assert "请先运行 pyinstaller --noconfirm build.spec" in result.stderr


# --- CI ---------------------------------------------------------------------------------------------------


def test_ci_builds_the_bundle_checks_its_size_and_runs_the_frozen_selftest():
    script = CI.read_text(encoding="utf-8")
    lines = [line.strip() for line in script.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert any(line.startswith("pyinstaller --noconfirm") and "build.spec" in line for line in lines)
    assert "du -sh dist/*" in lines
    assert "MAX_BUNDLE_MB=150" in lines
    assert any(line.endswith('"$bundle" selftest)') for line in lines)
    assert "QT_QPA_PLATFORM=offscreen" in script
    readme_test_command = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[2]
    assert readme_test_command == "pip install -r requirements-dev.txt && python -m pytest"
    assert lines[-1] == "python3 -m pip install -r requirements-dev.txt -q && python3 -m pytest -q"
