"""Make the password-protected fixtures (password 1234) from a plain breakdown table, with LibreOffice.

Run with the Python that has LibreOffice's `uno` module (Debian: /usr/bin/python3 with python3-uno):
    /usr/bin/python3 tests/data/import/make_protected.py PLAIN.xlsx tests/data/import
CI does not need this: the two files it writes are committed. They exist because no package the project
installs can encrypt an Excel file, and a protected file is one of the bad files the importer must refuse.
"""

import contextlib
import subprocess
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import NamedValue, PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def named(name, value):
    p = NamedValue()
    p.Name, p.Value = name, value
    return p


source, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
office = subprocess.Popen(
    [
        "soffice",
        "-env:UserInstallation=file:///tmp/lo_profile_make_protected",
        "--headless",
        "--invisible",
        "--accept=pipe,name=make_protected;urp;StarOffice.ComponentContext",
    ]
)
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(120):
    try:
        ctx = resolver.resolve("uno:pipe,name=make_protected;urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(0.5)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(source)), "_blank", 0, (prop("Hidden", True),))
# OOXML encryption (an OLE file holding EncryptionInfo and EncryptedPackage), as Excel writes it.
key = uno.Any("[]com.sun.star.beans.NamedValue", (named("OOXPassword", "1234"), named("CryptoType", "Standard")))
uno.invoke(
    doc,
    "storeToURL",
    (
        uno.systemPathToFileUrl(str(out / "protected_1234.xlsx")),
        (prop("FilterName", "Calc Office Open XML"), prop("EncryptionData", key)),
    ),
)
# BIFF8 with a FILEPASS record (RC4), as Excel 97–2003 writes it.
doc.storeToURL(
    uno.systemPathToFileUrl(str(out / "protected_1234.xls")),
    (prop("FilterName", "MS Excel 97"), prop("Password", "1234")),
)
doc.close(True)
with contextlib.suppress(Exception):  # LibreOffice may already be gone
    desktop.terminate()
office.wait(timeout=60)
