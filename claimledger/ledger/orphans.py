"""Helper processes end when the process that started them dies.

``ingest -j N`` starts a forkserver, a resource tracker and N workers. Killed with
SIGKILL or SIGTERM, the parent runs no clean-up, and the workers, blocked reading a
queue whose write end they hold themselves, would run forever, keeping hundreds of MB
and the parent's stdout/stderr (so a supervisor waiting for EOF hangs).

Two guards, because each alone has a gap:

- ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills this process when its parent
  ends. A worker's parent is the forkserver, not ingest, so this covers the chain
  ingest -> forkserver -> worker only if the forkserver has it too (``orphans_preload``).
- a daemon thread watching the ingest process itself (a pidfd, readable when that
  process ends), which calls ``os._exit``: it covers what the signal misses (no prctl
  outside Linux, a parent that is not the process to watch).

The resource tracker needs neither: it exits when every holder of its pipe is gone.
"""

from __future__ import annotations

import ctypes
import logging
import os
import select
import signal
import sys
import threading
import time

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
POLL_SECONDS = 1.0  # how often the fallback watcher checks (no pidfd)
EXIT_CODE = 70  # what an orphaned helper exits with (EX_SOFTWARE): it did not finish


def die_with_parent(watch_pid: int | None = None) -> None:
    """Make this process end soon after its parent (and ``watch_pid``) ends.

    ``watch_pid`` is the process whose death must end this one when it is not the direct
    parent (a worker started through the forkserver watches ingest). Call it first thing
    in a helper process; it is a no-op for the guards a platform lacks.
    """
    parent = exit_with_parent()
    target = watch_pid if watch_pid is not None else parent
    threading.Thread(target=_watch, args=(target,), name="claimledger-orphan-watch",
                     daemon=True).start()


def exit_with_parent() -> int:
    """Only the kernel's guard (no thread: the forkserver forks, and a forked child
    should not inherit a process with threads); returns the parent's pid."""
    parent = os.getppid()
    _set_parent_death_signal()
    # The parent may have died before the signal was armed: then we are already orphaned.
    if os.getppid() != parent:
        os._exit(EXIT_CODE)
    return parent


def _set_parent_death_signal() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
            log.debug("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
    except (OSError, AttributeError):
        log.debug("no prctl here; relying on the watcher thread")


def _watch(pid: int) -> None:
    """Return never; ``os._exit`` as soon as ``pid`` has ended."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(EXIT_CODE)  # already gone
    except (AttributeError, OSError):
        _poll(pid)  # no pidfd (old kernel, not Linux)
        return
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    while not poller.poll():  # readable exactly when the process has ended
        pass
    os._exit(EXIT_CODE)


def _poll(pid: int) -> None:
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(EXIT_CODE)
        except PermissionError:
            pass  # alive, owned by someone else
        time.sleep(POLL_SECONDS)
