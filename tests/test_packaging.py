"""The packaged application's configuration: build.spec, the icons, the installer script and CI.

The bundle itself is built and its frozen self-test run by .ci/run (a shell step, not a test): here we check
what decides its content without spending a build on every test run.
"""

from __future__ import annotations

import ast
import re
import shutil
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
    assert {"units.json", "plans", "app.ico", "app.png", "selftest"} <= names
    from cli.selftest_tables import sample_table

    assert sample_table().is_file() and sample_table().parent == ROOT / "resources" / "selftest"  # selftest's .xls
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
    # The CI's upgrade test labels the same bundle as an older version, compressed quickly.
    older = command("ISCC.exe", app_version="0.0.1", compression="zip")
    assert {"/DAppVersion=0.0.1", "/DAppVersionNumeric=0.0.1.0", "/DCompression=zip"} <= set(older)
    assert "Compression={#Compression}" in setup and '#define Compression "lzma2/max"' in preprocessor


def test_installer_installs_under_program_files_with_start_menu_and_desktop_shortcuts_in_chinese():
    sections = iss_sections()
    assert "DefaultDirName={autopf}\\{#AppIdName}" in sections["Setup"]
    assert any(line.startswith("AppId={{") for line in sections["Setup"])
    icons = sections["Icons"]
    assert any(line.startswith('Name: "{group}\\{#AppName}"') for line in icons)
    assert any(line.startswith('Name: "{autodesktop}\\{#AppName}"') for line in icons)
    assert sections["Languages"] == ['Name: "chinesesimplified"; MessagesFile: "zh_CN.isl"']
    # The compiler needs nothing that Inno Setup 6 lacks: no ChineseSimplified.isl, no compiler: language.
    text = ISS.read_text(encoding="utf-8-sig")
    assert "ChineseSimplified.isl" not in text and "compiler:Languages" not in text
    from tools.build_installer import defines

    assert defines()["AppName"] == "科技指标任务台账"  # the shortcuts' name
    # Windows 10 1809: what the bundled Qt 6 supports.
    assert "MinVersion=10.0.17763" in sections["Setup"]


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
    # The Windows build runs on every change, and an i386 index out of step never stops CI.
    assert "bash tools/build_windows.sh" in lines
    assert all(line.endswith("|| echo \"apt-get update reported errors (continuing)\"")
               for line in lines if "apt-get update" in line and not line.startswith("#"))  # fmt: skip
    readme_test_command = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[2]
    assert readme_test_command == "pip install -r requirements-dev.txt && python -m pytest"
    assert lines[-1] == "python3 -m pip install -r requirements-dev.txt -q && python3 -m pytest -q"


# --- Windows: every copy of a library, every DLL the bundle imports --------------------------------------


def make_pe(imports: tuple[str, ...] = (), delay: tuple[str, ...] = ()) -> bytes:
    """A minimal but well-formed 64-bit PE image (a DLL) whose import tables name `imports` and `delay`.

    One section holds the import descriptors, each with a one-entry thunk table (an import by ordinal), the
    delay-load descriptors and the names: what Windows' loader, objdump and tools/dll_check.py read.
    """
    rva, raw_at = 0x1000, 0x200
    names = [*imports, *delay]
    descriptors_size = 20 * (len(imports) + 1)
    delay_at = descriptors_size
    delay_size = 32 * (len(delay) + 1) if delay else 0
    thunks_at = delay_at + delay_size
    names_at = thunks_at + 16 * len(names)
    name_blob = b""
    name_rvas = []
    for name in names:
        name_rvas.append(rva + names_at + len(name_blob))
        name_blob += name.encode("ascii") + b"\0"
    body = b""
    for i, _name in enumerate(imports):
        thunk = rva + thunks_at + 16 * i
        body += struct.pack("<IIIII", thunk, 0, 0, name_rvas[i], thunk)
    body += bytes(20)
    for j, _name in enumerate(delay, start=len(imports)):
        thunk = rva + thunks_at + 16 * j
        body += struct.pack("<IIIIIIII", 1, name_rvas[j], 0, thunk, thunk, 0, 0, 0)
    if delay:
        body += bytes(32)
    body += struct.pack("<QQ", 0x8000000000000001, 0) * len(names) + name_blob
    size = (len(body) + 0x1FF) // 0x200 * 0x200
    directories = [(0, 0)] * 16
    if imports:
        directories[1] = (rva, descriptors_size)
    if delay:
        directories[13] = (rva + delay_at, delay_size)
    optional = struct.pack(
        "<HBBIIIIIQIIHHHHHHIIIIHHQQQQII", 0x20B, 14, 0, 0, size, 0, 0, rva, 0x180000000, 0x1000, 0x200,
        6, 0, 0, 0, 6, 0, 0, rva + 0x1000, 0x200, 0, 2, 0x160, 0x100000, 0x1000, 0x100000, 0x1000, 0, 16,
    ) + b"".join(struct.pack("<II", *d) for d in directories)  # fmt: skip
    coff = struct.pack("<HHIIIHH", 0x8664, 1, 0, 0, 0, len(optional), 0x2022)
    section = struct.pack("<8sIIIIIIHHI", b".idata", len(body), rva, size, raw_at, 0, 0, 0, 0, 0xC0000040)
    dos = b"MZ" + bytes(0x3A) + struct.pack("<I", 0x40)
    headers = dos + b"PE\0\0" + coff + optional + section
    return headers.ljust(raw_at, b"\0") + body.ljust(size, b"\0")


def pe_names(src: str) -> list[str]:
    from tools.dll_check import pe_imports

    return pe_imports(Path(src).read_bytes())


def test_pe_reader_reads_the_import_and_delay_load_tables():
    from tools.dll_check import NotPE, pe_imports

    image = make_pe(("python311.dll", "VCRUNTIME140.dll", "KERNEL32.dll"), delay=("dwmapi.dll",))
    assert pe_imports(image) == ["python311.dll", "VCRUNTIME140.dll", "KERNEL32.dll", "dwmapi.dll"]
    assert pe_imports(make_pe()) == []
    with pytest.raises(NotPE):
        pe_imports(b"\x7fELF" + bytes(100))


@pytest.mark.skipif(shutil.which("objdump") is None, reason="binutils' objdump is the independent PE reader")
def test_pe_reader_agrees_with_objdump_on_a_generated_and_a_real_windows_binary(tmp_path):
    from tools.dll_check import pe_imports

    generated = tmp_path / "generated.dll"
    generated.write_bytes(make_pe(("python311.dll", "VCRUNTIME140.dll", "KERNEL32.dll")))
    binaries = [generated]
    # A real Windows executable that every Python installation carries: pip's script launcher.
    import pip

    binaries += sorted(Path(pip.__file__).parent.glob("_vendor/distlib/[tw]64.exe"))[:1]
    for binary in binaries:
        dump = subprocess.run(["objdump", "-p", str(binary)], capture_output=True, text=True, check=True).stdout
        assert pe_imports(binary.read_bytes()) == re.findall(r"DLL Name: (\S+)", dump), binary.name
    assert len(binaries) == 2, "pip carries no Windows launcher to compare with"


def test_trim_keeps_every_copy_of_the_vc_runtime_on_windows(spec, tmp_path):
    """The Windows layout that lost VCRUNTIME140.dll beside python311.dll: one copy per folder, same name."""
    files = {
        "python311.dll": ("VCRUNTIME140.dll", "KERNEL32.dll"),
        "VCRUNTIME140.dll": ("KERNEL32.dll",),
        "VCRUNTIME140_1.dll": ("VCRUNTIME140.dll",),
        "PySide6/QtCore.pyd": (
            "Qt6Core.dll",
            "pyside6.abi3.dll",
            "shiboken6.abi3.dll",
            "VCRUNTIME140.dll",
            "MSVCP140.dll",
            "python3.dll",
        ),  # fmt: skip
        "PySide6/pyside6.abi3.dll": ("Qt6Core.dll", "shiboken6.abi3.dll", "VCRUNTIME140.dll", "MSVCP140.dll"),
        "PySide6/Qt6Core.dll": ("VCRUNTIME140.dll", "VCRUNTIME140_1.dll", "MSVCP140.dll", "icuuc.dll"),
        "PySide6/VCRUNTIME140.dll": ("KERNEL32.dll",),
        "PySide6/VCRUNTIME140_1.dll": ("VCRUNTIME140.dll",),
        "PySide6/MSVCP140.dll": ("VCRUNTIME140.dll",),
        "PySide6/Qt6Quick.dll": ("Qt6Core.dll", "MSVCP140.dll"),  # only an unused plugin needs it
        "PySide6/plugins/platforms/qwindows.dll": ("Qt6Core.dll", "VCRUNTIME140.dll"),
        "PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll": ("Qt6Quick.dll",),
        "shiboken6/shiboken6.abi3.dll": ("VCRUNTIME140.dll", "MSVCP140.dll", "python3.dll"),
        "shiboken6/Shiboken.pyd": ("shiboken6.abi3.dll", "python3.dll"),
        "shiboken6/VCRUNTIME140.dll": ("KERNEL32.dll",),
        "shiboken6/MSVCP140.dll": ("VCRUNTIME140.dll",),
        "python3.dll": ("python311.dll",),
        "_sqlite3.pyd": ("sqlite3.dll", "python311.dll", "VCRUNTIME140.dll"),
        "sqlite3.dll": ("VCRUNTIME140.dll",),
    }
    toc = []
    for dest, imports in files.items():
        src = tmp_path / dest.replace("/", "__")
        src.write_bytes(make_pe(imports))
        kind = "EXTENSION" if dest.endswith(".pyd") else "BINARY"
        toc.append((dest.replace("/", "\\"), str(src), kind))
    binaries, _ = spec["trim"](toc, [], imports=pe_names)
    kept = {dest.replace("\\", "/") for dest, _src, _kind in binaries}
    for folder in ("", "PySide6/", "shiboken6/"):
        assert f"{folder}VCRUNTIME140.dll" in kept, f"{folder or 'top-level '}VCRUNTIME140.dll dropped"
    assert {"VCRUNTIME140_1.dll", "PySide6/MSVCP140.dll", "shiboken6/MSVCP140.dll", "sqlite3.dll"} <= kept
    assert "PySide6/Qt6Quick.dll" not in kept and not any("virtualkeyboard" in dest for dest in kept)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="links the files of PySide6's Linux wheel")
def test_trim_keeps_every_copy_of_a_library_on_linux(spec):
    """Two copies of libpyside6 (as PyInstaller lays out a package's library and its link at the top)."""
    import PySide6

    package = Path(PySide6.__file__).parent
    libpyside = next(package.glob("libpyside6.abi3.so.*"))
    toc = [
        ("PySide6/QtCore.abi3.so", str(package / "QtCore.abi3.so"), "EXTENSION"),
        (f"PySide6/{libpyside.name}", str(libpyside), "BINARY"),
        (libpyside.name, str(libpyside), "BINARY"),
    ]
    binaries, _ = spec["trim"](toc, [])
    kept = {dest for dest, _src, _kind in binaries}
    assert {f"PySide6/{libpyside.name}", libpyside.name} <= kept


def test_dll_check_names_each_missing_dll_and_who_imports_it(tmp_path):
    from tools.dll_check import main, missing_dlls

    bundle = tmp_path / "STQuotaLedger"
    (bundle / "_internal" / "PySide6" / "plugins" / "platforms").mkdir(parents=True)
    (bundle / "STQuotaLedger.exe").write_bytes(make_pe(("python311.dll", "KERNEL32.dll")))
    (bundle / "_internal" / "python311.dll").write_bytes(
        make_pe(("VCRUNTIME140.dll", "api-ms-win-crt-runtime-l1-1-0.dll", "ADVAPI32.dll"), delay=("WINMM.dll",))
    )
    (bundle / "_internal" / "PySide6" / "plugins" / "platforms" / "qwindows.dll").write_bytes(
        make_pe(("Qt6Gui.dll", "icuuc.dll", "UIAutomationCore.DLL"), delay=("MSVCP140.dll",))
    )
    (bundle / "_internal" / "PySide6" / "Qt6Gui.dll").write_bytes(make_pe(("dwrite.dll", "d3d11.dll")))
    (bundle / "_internal" / "base_library.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    assert missing_dlls(bundle) == {
        "VCRUNTIME140.dll": ["_internal/python311.dll"],
        "MSVCP140.dll": ["_internal/PySide6/plugins/platforms/qwindows.dll"],  # delay-loaded counts too
    }
    assert main([str(bundle)]) == 1
    (bundle / "_internal" / "VCRUNTIME140.dll").write_bytes(make_pe(("KERNEL32.dll",)))
    (bundle / "_internal" / "PySide6" / "msvcp140.dll").write_bytes(make_pe(("vcruntime140.dll",)))
    assert missing_dlls(bundle) == {}
    assert main([str(bundle)]) == 0


def test_the_system_dll_list_never_excuses_what_the_bundle_must_carry():
    from tools.dll_check import WINDOWS_SYSTEM_DLLS, is_system_dll

    for name in ("VCRUNTIME140.dll", "VCRUNTIME140_1.dll", "MSVCP140.dll", "MSVCP140_1.dll", "concrt140.dll",
                 "python311.dll", "python3.dll", "Qt6Core.dll", "pyside6.abi3.dll", "sqlite3.dll", "libffi-8.dll"):  # fmt: skip
        assert not is_system_dll(name), name
    assert is_system_dll("KERNEL32.dll") and is_system_dll("api-ms-win-crt-heap-l1-1-0.dll")
    assert all(name == name.lower() and name.endswith((".dll", ".drv")) for name in WINDOWS_SYSTEM_DLLS)


# --- the installer's Chinese messages ---------------------------------------------------------------------

DEFAULT_ISL = ROOT / "tests" / "data" / "inno" / "Default.isl"  # Inno Setup 6.4.1's, as npm's innosetup ships it
CHINESE_ISL = ROOT / "installer" / "zh_CN.isl"
PLACEHOLDER = re.compile(r"%\d|\[(?:name|name/ver|mb|gb)\]")


def isl_entries(path: Path) -> dict[str, list[tuple[str, str]]]:
    """(key, value) pairs of an .isl file by section, in file order."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: Inno Setup reads an .isl as UTF-8 only with a BOM"
    sections: dict[str, list[tuple[str, str]]] = {}
    current = ""
    for line in raw.decode("utf-8-sig").splitlines():
        if not line.strip() or line.lstrip().startswith(";"):
            continue
        match = re.fullmatch(r"\[(\w+)\]", line.strip())
        if match:
            current = match.group(1)
            sections[current] = []
        else:
            key, _, value = line.partition("=")
            sections[current].append((key.strip(), value))
    return sections


def test_chinese_messages_translate_every_message_of_inno_setup_6_4_1():
    english, chinese = isl_entries(DEFAULT_ISL), isl_entries(CHINESE_ISL)
    for section in ("Messages", "CustomMessages"):
        assert [k for k, _ in chinese[section]] == [k for k, _ in english[section]], section
        zh = dict(chinese[section])
        for key, value in english[section]:
            translated = zh[key]
            # Same placeholders, so Setup fills in the same names, sizes and paths.
            assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(value)), key
            words = re.findall(r"[A-Za-z]{3,}", PLACEHOLDER.sub("", value).replace("%n", " "))
            if words and key not in ("ErrorRestartReplace", "ErrorRegSvr32Failed"):
                assert re.search(r"[\u4e00-\u9fff]", translated), f"{key} is not translated: {translated}"
            # No full stop added where Setup adds its own.
            if not value.rstrip().endswith((".", "?", ":", "!")) and value:
                assert not translated.rstrip().endswith(("。", "．")), key
            # Every accelerator kept (one & in, one & out).
            assert value.count("&") == translated.count("&"), key
    langs = dict(chinese["LangOptions"])
    assert langs["LanguageID"] == "$0804" and langs["LanguageCodePage"] == "936"
    assert langs["LanguageName"] == "简体中文"
    assert "台账数据库不会被删除" in dict(chinese["Messages"])["ConfirmUninstall"]


def test_the_reference_default_isl_is_inno_setup_6_4():
    text = DEFAULT_ISL.read_text(encoding="utf-8-sig")
    assert text.startswith("; *** Inno Setup version 6.4.0+ English messages ***")
    script = (ROOT / "tools" / "build_windows.sh").read_text(encoding="utf-8")
    assert "INNO_NPM=innosetup@6.4.1" in script and "tests/data/inno/Default.isl" in script


def test_the_windows_build_checks_size_dlls_vc_runtime_code_page_and_upgrade():
    """tools/build_windows.sh is run by CI (it needs wine): here, that it keeps the checks it exists for."""
    script = (ROOT / "tools" / "build_windows.sh").read_text(encoding="utf-8")
    assert "MAX_BUNDLE_MB=100" in script
    assert 'python3 "$HERE/dll_check.py" "$DIST"' in script
    # The VC++ runtime only from the bundle (wine's builtin copies disabled), as on a PC without the redist.
    assert re.search(r"WINEDLLOVERRIDES=\"[^\"]*vcruntime140,vcruntime140_1,msvcp140[^\"]*=n", script)
    assert "LC_ALL=zh_CN.UTF-8" in script and "en_US.UTF-8" in script  # code pages 936 and 1252
    # Every apt-get update tolerates the i386 index being out of step.
    updates = [line for line in script.splitlines() if re.match(r"\s*apt-get .*\bupdate\b", line)]
    assert updates and all('|| echo "apt-get update reported errors (continuing)"' in line for line in updates)
    # Test-only stand-ins go into the wine prefix; neither the bundle nor the installed program carries them.
    assert "the test-only stand-in $dll is in the bundle" in script
    assert "the installer installed the test-only stand-in $dll" in script
    for step in ("silent install of $OLD_VERSION", "silent install of $APP_VERSION over it", "silent uninstall"):
        assert step in script


# --- test-only stand-ins for Windows' own DLLs that wine 8.0 lacks -----------------------------------------

STUBS = ROOT / "tools" / "windows_stubs"


def stub_dlls() -> list[str]:
    script = (ROOT / "tools" / "build_windows.sh").read_text(encoding="utf-8")
    [names] = re.findall(r'^STUB_DLLS="([^"]+)"$', script, re.MULTILINE)
    return names.split()


def test_every_stand_in_is_for_a_windows_system_dll_and_kept_out_of_bundle_and_install():
    """A stand-in excuses nothing: it replaces only what Windows itself has, so the bundle must not carry it."""
    from tools.dll_check import is_system_dll

    script = (ROOT / "tools" / "build_windows.sh").read_text(encoding="utf-8")
    names = stub_dlls()
    assert {"icuuc.dll", "mscms.dll", "bcryptprimitives.dll"} <= set(names)
    for name in names:
        assert is_system_dll(name), name
        stem = name.removesuffix(".dll")
        assert (STUBS / f"{stem}_stub.c").is_file(), name
        assert (
            f'"$HERE/windows_stubs/{stem}_stub.c"' in script
            and f'"$WINEPREFIX/drive_c/windows/system32/{name}"' in script
        )
    assert sorted(f"{name}_stub.c" for name in (n.removesuffix(".dll") for n in names)) == sorted(
        p.name for p in STUBS.glob("*.c")
    )
    # The loops that check the bundle and the installed folder go over every stand-in.
    assert script.count("for dll in $STUB_DLLS; do") == 2


MINGW = shutil.which("x86_64-w64-mingw32-gcc")


@pytest.mark.skipif(MINGW is None, reason="mingw-w64 (installed by tools/build_windows.sh) compiles the stand-ins")
def test_the_bcryptprimitives_stand_in_exports_processprng_on_wines_own_random_source(tmp_path):
    """What Rust's std (python-calamine's .pyd) imports from bcryptprimitives.dll, built as the script builds it."""
    from tools.dll_check import pe_imports

    dll = tmp_path / "bcryptprimitives.dll"
    subprocess.run([MINGW, "-O2", "-shared", "-o", str(dll), str(STUBS / "bcryptprimitives_stub.c"), "-ladvapi32"],
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    dump = subprocess.run(["objdump", "-p", str(dll)], capture_output=True, text=True, check=True).stdout
    exports = dump[dump.index("[Ordinal/Name Pointer] Table") :].split("\n\n")[0]
    assert re.findall(r"^\s*\[\s*\d+\]\s+(\w+)$", exports, re.MULTILINE) == ["ProcessPrng"]
    assert "ADVAPI32.dll" in pe_imports(dll.read_bytes()) and "SystemFunction036" in dump
