"""Imported by the forkserver of ``ingest -j N`` (``set_forkserver_preload``), it makes
the forkserver exit when ingest dies (see ``orphans``).

Importing it anywhere else does nothing: it acts only when the import runs inside
``multiprocessing.forkserver.main``, so no ordinary process is tied to its parent.
"""

from __future__ import annotations

import sys


def _in_forkserver() -> bool:
    from multiprocessing import forkserver

    frame = sys._getframe()
    while frame is not None:
        if frame.f_code is forkserver.main.__code__:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


if _in_forkserver():
    from claimledger.ledger.orphans import exit_with_parent

    exit_with_parent()
