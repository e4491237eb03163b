"""Standard output and ``--out`` targets that fail with one line, never a traceback.

A reader that stops early (``claimledger analyze ... | head -1``) closes our stdout: the
next write raises ``BrokenPipeError``. As the Python docs recommend (signal module,
"Note on SIGPIPE"), stdout is then pointed at devnull so the interpreter's final flush
does not fail again, and the command exits quietly with 141 (128 + SIGPIPE), what a
shell tool killed by SIGPIPE would. A full device (``> /dev/full``) is an error: one
line on stderr and exit 1, since the output the user asked for is lost.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from claimledger.errors import OutputError

CLOSED_PIPE_EXIT = 141  # 128 + SIGPIPE


def flush_stdout() -> None:
    """Flush now, inside the command, so a failure is ours to report (at exit it would
    be a traceback-like "Exception ignored" and exit 120)."""
    sys.stdout.flush()


def silence_stdout() -> None:
    """Point fd 1 at devnull: what is still buffered is dropped, never re-raised."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # stdout is not a real file (captured by a test harness)


def write_failure(exc: OSError) -> str | None:
    """The one-line message for a write that failed for want of space (or a device
    error), on standard output or on a named file; None for any other ``OSError``."""
    full = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    # EIO on a named file may come from reading it: only standard output's is ours.
    if not (full or (exc.errno == errno.EIO and exc.filename is None)):
        return None
    where = "standard output" if exc.filename is None else str(exc.filename)
    return f"cannot write to {where}: {os.strerror(exc.errno or 0)}"


def output_folder(path: str, *, force: bool, names: list[str]) -> Path:
    """``path`` as a folder to write ``names`` into, refused when it is an existing
    non-folder, or when it already holds one of ``names`` (unless ``force``)."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"--out {path} is an existing file, not a folder; "
                          "give a folder (it is created if missing)")
    if not force:
        present = [n for n in names if (folder / n).exists()]
        if present:
            raise OutputError(f"--out {path} already holds {', '.join(present[:3])}"
                              f"{' ...' if len(present) > 3 else ''}; pass --force to "
                              "overwrite, or choose another folder")
    return folder
