"""Check a Windows bundle: every DLL that its exe, DLLs and .pyd files import is in the bundle or is Windows'.

    python tools/dll_check.py dist/STQuotaLedger          # exit 1 and a list when something is missing

A PC without the VC++ redistributable (or without some other library) then starts the program all the same.
The import tables are read with a small PE reader (standard library only), so the check runs on Linux CI
after the wine build and in the unit tests, without pefile. Delay-loaded imports count too: Windows loads
them on first use, and a missing one fails then.
"""

from __future__ import annotations

import argparse
import re
import struct
import sys
from collections.abc import Iterable
from pathlib import Path

# DLLs that Windows 10 (1809 or later, the installer's MinVersion) has in System32 and the bundle's binaries
# import: exactly the ones they import today, so that a new one is looked at before it is accepted.
# Deliberately not here: the VC++ runtime (vcruntime140*.dll, msvcp140*.dll, concrt140.dll), python3*.dll,
# Qt's DLLs: the bundle must carry those.
WINDOWS_SYSTEM_DLLS = frozenset(
    (
        # the Win32 core, shell and common dialogs
        "kernel32.dll", "ntdll.dll", "user32.dll", "gdi32.dll", "advapi32.dll", "shell32.dll", "shlwapi.dll",
        "ole32.dll", "oleaut32.dll", "comctl32.dll", "comdlg32.dll", "imm32.dll", "uxtheme.dll", "dwmapi.dll",
        "version.dll", "winmm.dll", "winspool.drv", "setupapi.dll", "userenv.dll", "wtsapi32.dll", "rpcrt4.dll",
        "uiautomationcore.dll", "ucrtbase.dll",
        # security, network (Python's _socket, Qt's host lookups)
        "authz.dll", "bcrypt.dll", "ws2_32.dll", "iphlpapi.dll", "mpr.dll", "netapi32.dll",
        # ProcessPrng, which Rust's std (python-calamine's .pyd) imports: Windows 8 and later, per Microsoft's
        # reference page for ProcessPrng (learn.microsoft.com/windows/win32/seccng/processprng: "DLL
        # BCryptPrimitives.dll", minimum client Windows 8). wine 8.0 lacks it: tools/windows_stubs/.
        "bcryptprimitives.dll",
        # graphics: Direct3D, DirectWrite, colour profiles (Qt's windows platform)
        "d3d9.dll", "d3d11.dll", "d3d12.dll", "dxgi.dll", "dwrite.dll", "mscms.dll",
        # Windows' own ICU (Windows 10 1703 and later), which Qt >= 6.10's Qt6Core.dll imports
        "icuuc.dll",
    )
)  # fmt: skip
# API sets (api-ms-win-crt-runtime-l1-1-0.dll …) are names Windows resolves itself (the Universal CRT is
# part of Windows 10).
API_SET = re.compile(r"(api|ext)-ms-win-[a-z0-9-]+\.dll")
BINARY_SUFFIXES = (".exe", ".dll", ".pyd")


class NotPE(ValueError):
    """The file is not a Windows PE image (or its headers are damaged)."""


def _sections(data: bytes, pe: int, count: int, optional_size: int) -> list[tuple[int, int, int, int]]:
    """(virtual address, virtual size, raw offset, raw size) of each section."""
    table = pe + 24 + optional_size
    out = []
    for i in range(count):
        vsize, vaddr, rsize, roff = struct.unpack_from("<IIII", data, table + 40 * i + 8)
        out.append((vaddr, max(vsize, rsize), roff, rsize))
    return out


def _offset(sections: list[tuple[int, int, int, int]], rva: int) -> int:
    for vaddr, size, roff, rsize in sections:
        if vaddr <= rva < vaddr + size and rva - vaddr < rsize:
            return roff + rva - vaddr
    raise NotPE(f"RVA {rva:#x} is in no section")


def _name(data: bytes, at: int) -> str:
    end = data.index(b"\0", at)
    return data[at:end].decode("ascii", "replace")


def pe_imports(data: bytes) -> list[str]:
    """The DLL names a PE image imports (normal and delay-load), in table order."""
    if data[:2] != b"MZ" or len(data) < 64:
        raise NotPE("no MZ header")
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe : pe + 4] != b"PE\0\0":
        raise NotPE("no PE signature")
    count, optional_size = struct.unpack_from("<H", data, pe + 6)[0], struct.unpack_from("<H", data, pe + 20)[0]
    optional = pe + 24
    magic = struct.unpack_from("<H", data, optional)[0]
    directories = optional + {0x10B: 96, 0x20B: 112}.get(magic, -1)
    if directories < optional:
        raise NotPE(f"unknown optional header {magic:#x}")
    directory_count = struct.unpack_from("<I", data, directories - 4)[0]
    sections = _sections(data, pe, count, optional_size)
    names: list[str] = []
    # Data directory 1: the import table, 20-byte descriptors with the name's RVA at +12.
    # Data directory 13: delay-load descriptors, 32 bytes with the name's RVA at +4.
    for index, size, name_at in ((1, 20, 12), (13, 32, 4)):
        if index >= directory_count:
            continue
        rva, length = struct.unpack_from("<II", data, directories + 8 * index)
        if not rva or not length:
            continue
        at = _offset(sections, rva)
        while at + size <= len(data):
            descriptor = data[at : at + size]
            if not any(descriptor):
                break
            name_rva = struct.unpack_from("<I", descriptor, name_at)[0]
            if name_rva:
                names.append(_name(data, _offset(sections, name_rva)))
            at += size
    return names


def is_system_dll(name: str) -> bool:
    """Whether Windows itself provides a DLL of this name (listed explicitly, or an API set)."""
    lower = name.lower()
    return lower in WINDOWS_SYSTEM_DLLS or API_SET.fullmatch(lower) is not None


def bundle_binaries(folder: Path) -> Iterable[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in BINARY_SUFFIXES)


def missing_dlls(folder: Path) -> dict[str, list[str]]:
    """{DLL name: [files of the bundle that import it]} for each import that neither the bundle nor Windows has."""
    present = {p.name.lower() for p in folder.rglob("*") if p.is_file()}
    missing: dict[str, list[str]] = {}
    for binary in bundle_binaries(folder):
        try:
            imports = pe_imports(binary.read_bytes())
        except (NotPE, struct.error, ValueError) as exc:
            missing.setdefault(f"(unreadable: {exc})", []).append(binary.relative_to(folder).as_posix())
            continue
        for name in imports:
            if name.lower() not in present and not is_system_dll(name):
                missing.setdefault(name, []).append(binary.relative_to(folder).as_posix())
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="DLLs a Windows bundle imports but does not carry")
    parser.add_argument("bundle", type=Path, help="the one-folder bundle (dist/<APP_ID>)")
    args = parser.parse_args(argv)
    binaries = list(bundle_binaries(args.bundle))
    if not binaries:
        print(f"no .exe/.dll/.pyd under {args.bundle}", file=sys.stderr)
        return 1
    missing = missing_dlls(args.bundle)
    for name, importers in sorted(missing.items()):
        shown = ", ".join(importers[:4]) + (f" (+{len(importers) - 4})" if len(importers) > 4 else "")
        print(f"missing {name}: imported by {shown}", file=sys.stderr)
    if missing:
        return 1
    print(f"dll_check: the {len(binaries)} binaries import only bundled DLLs and Windows' own")
    return 0


if __name__ == "__main__":
    sys.exit(main())
