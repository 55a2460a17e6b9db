"""科技指标任务台账: start the window, or run a command-line verb (`python main.py --help`).

cli.main() turns every error of a verb into a Chinese sentence. What fails before it can (a module of the
bundle that cannot be imported, a DLL missing on the PC, a damaged installation) is caught here: the user
reads one Chinese sentence (on the console's stderr, or in a Windows message box for the windowed exe,
which has no console and whose Qt may be what failed), never a Python traceback, and the traceback goes
to the error log. Nothing here imports more than the standard library before the program's own modules.
"""

import sys
import traceback
from pathlib import Path

EXIT_FAILED = 1
MB_OK_ICONERROR = 0x10


def start() -> int:
    """Run the program and return its exit status; a failure to start is shown in Chinese and logged."""
    try:
        from cli import main

        return main()
    except KeyboardInterrupt:
        return tell("已中断，程序没有启动")
    except Exception as exc:
        shown = f"程序无法启动：{start_failure(exc)}"
        log = write_log(shown, exc)
        where = f"详细信息已记入日志：{log}" if log else "日志也无法写入"
        return tell(f"{shown}。{where}。请重新安装本程序；仍无法启动时，请把日志文件发给技术支持")


def start_failure(exc: BaseException) -> str:
    """What failed, in one line: the component that could not be loaded, or the error's type and text."""
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    if isinstance(exc, ImportError):
        return f"程序组件 {exc.name or '（未知）'} 无法载入（{first}）"
    return f"{type(exc).__name__}：{first}".rstrip("：")


def write_log(shown: str, exc: BaseException) -> Path | None:
    """Record the failure and its traceback in the error log; its path, or None when it could not be written.

    The log module itself may be what cannot load: then a file in the temporary folder takes the entry.
    """
    try:
        from operations.error_log import log_failure, log_path

        before = _size(log_path())
        log_failure(shown, exc)
        if _size(log_path()) > before:
            return log_path()
    except Exception:
        pass
    import tempfile

    path = Path(tempfile.gettempdir()) / "STQuotaLedger-启动错误.log"
    try:
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{shown}\n命令行：{' '.join(sys.argv)}\n{''.join(traceback.format_exception(exc))}\n")
        return path
    except OSError:
        return None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def tell(message: str) -> int:
    """Show `message` as one line on stderr, or in a message box where there is none; return EXIT_FAILED."""
    stream = sys.stderr
    if stream is not None:
        try:
            # Piped or redirected, a Windows PC's code page (936, 1252) may lack a character: UTF-8 there, as
            # cli.console does; a console shows Unicode whatever its code page.
            terminal = stream.isatty()
            stream.reconfigure(errors="replace", **({} if terminal else {"encoding": "utf-8"}))
        except (AttributeError, ValueError, OSError):
            pass
        try:
            print(f"错误：{message}", file=stream, flush=True)
            return EXIT_FAILED
        except (ValueError, OSError):
            pass
    if sys.platform == "win32":  # the windowed exe: no console to print on, and Qt may be what failed
        try:
            import ctypes

            ctypes.windll.user32.MessageBoxW(None, message, _title(), MB_OK_ICONERROR)
        except Exception:
            pass
    return EXIT_FAILED


def _title() -> str:
    try:
        from version import APP_NAME

        return APP_NAME
    except Exception:
        return "科技指标任务台账"


if __name__ == "__main__":
    sys.exit(start())
